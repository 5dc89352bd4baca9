//! One file's prepared outcome as the cache stores it.
//!
//! Display paths depend on how patella was called (`patella analyze ~/runs`
//! names a file `2024/a.fit`, `patella analyze ~` names it
//! `runs/2024/a.fit`), so entries store them relative to the file's own
//! display path and get them back under the display of this call.

use super::Prepared;
use crate::import::FileOutcome;

/// Bump when anything stored changes shape or meaning (the model, the
/// summary, the features, how they are measured): older entries are then
/// dropped with the whole cache, never misread.
pub const LAYOUT: u32 = 1;

/// The entry's bytes: JSON, which names every field, so an entry that does
/// not match the structs fails to read (and is decoded again) instead of
/// being misread.
pub fn encode(outcome: &mut FileOutcome<Prepared>, display: &str) -> Option<Vec<u8>> {
    rebase(outcome, display, "");
    let bytes = serde_json::to_vec(outcome).ok();
    rebase(outcome, "", display);
    bytes
}

/// The outcome stored in `bytes`, its paths under `display`; `None` when
/// the bytes do not read as one.
pub fn decode(bytes: &[u8], display: &str) -> Option<FileOutcome<Prepared>> {
    let mut outcome: FileOutcome<Prepared> = serde_json::from_slice(bytes).ok()?;
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
        .strava_csvs
        .iter_mut()
        .for_each(|(folder, _)| swap(folder));
}
