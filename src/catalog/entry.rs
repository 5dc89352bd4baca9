//! One file's prepared outcome as the cache stores it.
//!
//! Display paths depend on how patella was called (`patella analyze ~/runs`
//! names a file `2024/a.fit`, `patella analyze ~` names it
//! `runs/2024/a.fit`), so entries store them relative to the file's own
//! display path and get them back under the display of this call.

use super::Prepared;
use crate::import::FileOutcome;

/// Bump when anything stored changes shape or meaning (the model, the
/// summary, the features, how they are measured) between two releases.
const LAYOUT_REVISION: u32 = 9;

/// The layout the cache is told: the patella version, then
/// `LAYOUT_REVISION` (0.1.0 revision 1 is 10_001), so that every
/// release measures afresh and a newer patella's cache reads as newer.
pub const LAYOUT: u32 = version_number() * 100 + LAYOUT_REVISION;

const fn version_number() -> u32 {
    let (major, minor, patch) = (
        parse(env!("CARGO_PKG_VERSION_MAJOR")),
        parse(env!("CARGO_PKG_VERSION_MINOR")),
        parse(env!("CARGO_PKG_VERSION_PATCH")),
    );
    major * 10_000 + minor * 100 + patch
}

const fn parse(digits: &str) -> u32 {
    let bytes = digits.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        value = value * 10 + (bytes[i] - b'0') as u32;
        i += 1;
    }
    value
}

/// The entry's bytes, in postcard (a compact binary serde format): a warm
/// run reads thousands of entries, and JSON's number parsing was a quarter
/// of its time. Postcard does not name fields, hence the layout above.
pub fn encode(outcome: &mut FileOutcome<Prepared>, display: &str) -> Option<Vec<u8>> {
    rebase(outcome, display, "");
    let bytes = postcard::to_stdvec(outcome).ok();
    rebase(outcome, "", display);
    bytes
}

/// The outcome stored in `bytes`, its paths under `display`; `None` when
/// the bytes do not read as one.
pub fn decode(bytes: &[u8], display: &str) -> Option<FileOutcome<Prepared>> {
    let mut outcome: FileOutcome<Prepared> = postcard::from_bytes(bytes).ok()?;
    rebase(&mut outcome, "", display);
    Some(outcome)
}

/// Replaces the prefix `from` of every display path with `to`.
fn rebase(outcome: &mut FileOutcome<Prepared>, from: &str, to: &str) {
    let swap = |path: &mut String| {
        if let Some(rest) = path.strip_prefix(from) {
            *path = format!("{to}{rest}");
        }
    };
    for prepared in &mut outcome.activities {
        prepared.activity.files.iter_mut().for_each(swap);
    }
    outcome.skipped.iter_mut().for_each(|s| swap(&mut s.file));
    outcome
        .sidecars
        .iter_mut()
        .for_each(|sidecar| swap(&mut sidecar.display));
}
