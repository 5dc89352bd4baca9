//! FIT files (Garmin, Coros, Suunto, Polar, Wahoo...) to activities.
//!
//! Decoding uses fitparser. Every session of a file becomes its own
//! activity (multisport and multi-session files), with the records, laps
//! and timer pauses that fall in its time span. Before decoding, the header
//! and CRCs are checked here because fitparser accepts some truncated
//! files; a faulty file keeps what decoded before the fault when that forms
//! a plausible activity, and says so in `Activity::salvaged`.

mod fields;
mod integrity;
mod read;
mod samples;
mod session;
#[cfg(test)]
mod tests;

pub use integrity::{crc16, header_len};

use super::{Decoded, ImportError};
use integrity::Fault;

/// Decodes one FIT file (already un-gzipped).
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    // fitparser's debug builds panic on very short input: never hand it one.
    if header_len(bytes).is_none() {
        return Err(ImportError::NotActivity("no FIT header".into()));
    }
    let integrity = integrity::check(bytes);
    let (messages, decode_fault) = read::read_messages(bytes);
    if let Some(kind) = messages
        .file_ids
        .first()
        .and_then(|id| fields::text(id, "type"))
        .filter(|kind| kind != "activity")
    {
        return Err(ImportError::NotActivity(format!("a FIT {kind} file")));
    }
    let fault_reason = match (&integrity.fault, &decode_fault) {
        (Some(fault), Some(decoding)) => Some(format!("{}; {decoding}", fault.describe())),
        (Some(fault), None) => Some(fault.describe().to_string()),
        (None, Some(decoding)) => Some(decoding.clone()),
        (None, None) => None,
    };
    let mut activities = session::assemble(&messages, fault_reason.is_some());
    match fault_reason {
        None if activities.is_empty() => Err(ImportError::NoActivity(
            "no session and no timed records".into(),
        )),
        None => Ok(activities),
        Some(reason) if activities.is_empty() => Err(match integrity.fault {
            Some(Fault::Truncated(_)) => ImportError::TruncatedFit(reason),
            _ => ImportError::CorruptFit(reason),
        }),
        Some(reason) => {
            for activity in &mut activities {
                activity.salvaged = Some(reason.clone());
            }
            Ok(activities)
        }
    }
}
