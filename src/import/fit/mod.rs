//! FIT files (Garmin, Coros, Suunto, Polar, Wahoo...) to activities.
//!
//! The bytes become patella's typed messages (`messages`) by one of two
//! producers: the fast decoder (`fast`) first, and fitparser (`read`)
//! for the files the fast decoder declines (it says which and why); both
//! give the same messages, which the tests check field by field. Every
//! session of a file becomes its own activity (multisport and
//! multi-session files), with the records, laps and timer pauses that fall
//! in its time span. Before decoding, the header and CRCs are checked here
//! because fitparser accepts some truncated files; a faulty file keeps what
//! decoded before the fault when that forms a plausible activity, and says
//! so in `Activity::salvaged`.

mod fast;
mod fields;
mod integrity;
mod messages;
mod read;
mod samples;
mod session;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fast;
#[cfg(test)]
mod tests_producers;

pub use fast::Unsupported;
pub use integrity::{crc16, header_len};
pub use messages::{
    DecodeFault, FitActivity, FitDeviceInfo, FitEvent, FitFileId, FitLap, FitMessages, FitRecord,
    FitSession, FitSport, Num,
};

use super::{Decoded, ImportError};
use integrity::Fault;

/// Which producer turns a file's bytes into messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Producer {
    /// The fast decoder, handing what it declines to fitparser.
    Fast,
    /// fitparser alone (the oracle, and for measuring).
    Fitparser,
}

/// The fast decoder alone: the messages, or what it declined.
pub fn read_fast(bytes: &[u8]) -> Result<FitMessages, Unsupported> {
    match header_len(bytes) {
        Some(_) => fast::read(bytes),
        None => Err(Unsupported {
            at: 0,
            what: "no FIT header",
        }),
    }
}

/// fitparser alone, through the adapter to patella's messages.
pub fn read_fitparser(bytes: &[u8]) -> FitMessages {
    match header_len(bytes) {
        Some(_) => read::read_messages(bytes),
        // fitparser's debug builds panic on very short input.
        None => FitMessages::default(),
    }
}

/// Decodes one FIT file (already un-gzipped).
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with(bytes, Producer::Fast)
}

/// Decodes one FIT file with the given producer; the activities are the
/// same whichever it is.
pub fn decode_with(bytes: &[u8], producer: Producer) -> Decoded {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    // fitparser's debug builds panic on very short input: never hand it one.
    if header_len(bytes).is_none() {
        return Err(ImportError::NotActivity("no FIT header".into()));
    }
    let messages = match producer {
        // The fast decoder declines what it does not reproduce of
        // fitparser (see `fast`'s documentation: odd chained headers,
        // arrays or text where a number is read, developer fields fitparser
        // would misread...); fitparser decodes those files.
        Producer::Fast => fast::read(bytes).unwrap_or_else(|_| read::read_messages(bytes)),
        Producer::Fitparser => read::read_messages(bytes),
    };
    activities_from(bytes, messages)
}

/// The activities of a FIT file (whose header was checked) from its
/// decoded messages.
pub(crate) fn activities_from(bytes: &[u8], messages: FitMessages) -> Decoded {
    let integrity = integrity::check(bytes);
    if let Some(kind) = messages
        .file_ids
        .first()
        .and_then(|id| id.kind.as_deref())
        .filter(|kind| *kind != "activity")
    {
        return Err(ImportError::NotActivity(format!("a FIT {kind} file")));
    }
    let decode_fault = messages.fault.as_ref().map(DecodeFault::describe);
    let fault_reason = match (&integrity.fault, &decode_fault) {
        (Some(fault), Some(decoding)) => Some(format!("{}; {decoding}", fault.describe())),
        (Some(fault), None) => Some(fault.describe().to_string()),
        (None, Some(decoding)) => Some(decoding.clone()),
        (None, None) => None,
    };
    let mut activities = session::assemble(messages, fault_reason.is_some());
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
