//! A file's bytes to activities: containers opened, each piece decoded by
//! its format's importer, and each activity given its file and a stable id.

use super::container::{self, Piece};
use super::error::{self, ImportError};
use super::sniff::Content;
use super::{fit, gpx, tcx, Decoded, FileOutcome, Skipped};
use crate::model::Activity;

/// Decodes one activity file's bytes, whose format was sniffed.
pub fn decode(content: Content, bytes: &[u8]) -> Decoded {
    match content {
        Content::Fit => fit::decode(bytes),
        Content::Gpx => gpx::decode(bytes),
        Content::Tcx => tcx::decode(bytes),
        Content::Gzip | Content::Zip => {
            Err(ImportError::NotActivity("container left unopened".into()))
        }
        Content::Other(what) => Err(ImportError::NotActivity(what.into())),
    }
}

/// Decodes a file's bytes and every container inside them. Only the
/// pieces whose display path `wanted` accepts are decoded (all, to import;
/// a few, to read one run's samples again).
pub fn decode_file(display: &str, bytes: Vec<u8>, wanted: &dyn Fn(&str) -> bool) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    container::open(display.to_string(), bytes, &mut |piece| match piece {
        Piece::Activity {
            display,
            bytes,
            content,
        } => {
            if !wanted(&display) {
                return;
            }
            match decode(content, &bytes) {
                Ok(activities) => {
                    let fingerprint = fingerprint(&bytes);
                    outcome.activities.extend(
                        activities
                            .into_iter()
                            .map(|a| identify(a, &display, fingerprint)),
                    );
                }
                Err(error) => outcome.skipped.push(Skipped {
                    file: display,
                    reason: error::one_line(&error.to_string()),
                }),
            }
        }
        Piece::Sidecar(sidecar) => outcome.sidecars.push(sidecar),
        Piece::Unreadable { display, error } => outcome.skipped.push(Skipped {
            file: display,
            reason: error::one_line(&error.to_string()),
        }),
    });
    outcome
}

/// A hash of a file's content (its length, head and tail), so an id does
/// not change when the file is moved or the command is given another path.
fn fingerprint(bytes: &[u8]) -> u64 {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or_default();
    let tail = bytes
        .get(bytes.len().saturating_sub(4096)..)
        .unwrap_or_default();
    let length = (bytes.len() as u64).to_le_bytes();
    fnv1a(&[&length[..], head, tail].concat())
}

/// Gives a decoded activity its file and a stable id: the start time, for
/// people, plus a hash of the file's content and the session, so the same
/// run keeps its id across runs of patella wherever its file lies.
fn identify(mut activity: Activity, display: &str, fingerprint: u64) -> Activity {
    let session = activity.session_index.unwrap_or(0) as u64;
    let hash = fnv1a(&(fingerprint ^ session.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes());
    activity.id = format!(
        "{}-{:06x}",
        activity.start_utc.format("%Y%m%dT%H%M%SZ"),
        hash & 0xFF_FFFF
    );
    activity.files = vec![display.to_string()];
    activity
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
