//! Files to [`Activity`] values.
//!
//! One module per format (`fit`, `gpx`, `tcx`, `strava` for activities.csv),
//! plus discovery, content sniffing and transparent .gz/.zip containers.
//! Every file ends either as activities or as a [`Skipped`] entry with a
//! one-line reason: a bad file never stops the run and never panics.
//! Files are decoded in parallel; nothing is ever written.

// Importers handle bytes from anywhere: no index, unwrap or expect may
// turn a bad file into a panic.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)
)]

pub mod cadence;
mod container;
mod discover;
mod error;
pub mod fit;
pub mod gpx;
pub mod infer_sport;
mod sniff;
pub mod strava;
pub mod tcx;
mod track;
#[cfg(test)]
mod xml_corpus;
mod xml_fields;
pub mod xml_time;

pub use error::ImportError;
pub use sniff::{sniff, Content};

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Activity;
use container::Piece;
use strava::StravaIndex;

/// A file that produced no activity, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Path relative to the analyzed input folder.
    pub file: String,
    pub reason: String,
}

/// What decoding one file's bytes gives: its activities, or the reason none
/// could be read.
pub type Decoded = Result<Vec<Activity>, ImportError>;

/// Everything read from the given paths.
#[derive(Debug, Default)]
pub struct Imported {
    /// Every activity of every sport, oldest first.
    pub activities: Vec<Activity>,
    pub skipped: Vec<Skipped>,
}

/// A path the user gave that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
}

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

/// Reads every activity under `paths` (folders, files, archives).
///
/// Display paths are relative to each given path; with several paths they
/// start with the given folder's name so they stay distinct.
pub fn import_paths(paths: &[PathBuf]) -> Result<Imported, InputError> {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(InputError::Missing(missing.clone()));
    }
    let mut imported = Imported::default();
    let mut files = Vec::new();
    for root in paths {
        let found = discover::discover(root);
        let prefix = (paths.len() > 1).then(|| root_label(root));
        let with_prefix = |display: String| match &prefix {
            Some(prefix) => format!("{prefix}/{display}"),
            None => display,
        };
        imported
            .skipped
            .extend(found.skipped.into_iter().map(|s| Skipped {
                file: with_prefix(s.file),
                reason: s.reason,
            }));
        files.extend(
            found
                .files
                .into_iter()
                .map(|f| (f.path, with_prefix(f.display))),
        );
    }

    let outcomes: Vec<FileOutcome> = files
        .par_iter()
        .map(|(path, display)| read_file(path, display))
        .collect();

    let mut strava = StravaIndex::new();
    for outcome in outcomes {
        imported.activities.extend(outcome.activities);
        imported.skipped.extend(outcome.skipped);
        for (folder, bytes) in outcome.strava_csvs {
            match strava::parse(&folder, &bytes) {
                Ok(index) => strava.extend(index),
                Err(reason) => imported.skipped.push(Skipped {
                    file: join(&folder, "activities.csv"),
                    reason: format!("unreadable Strava activities.csv: {reason}"),
                }),
            }
        }
    }
    for activity in &mut imported.activities {
        if let Some(entry) = activity.files.first().and_then(|f| strava.get(f)) {
            strava::apply(entry, activity);
        }
    }
    imported
        .activities
        .sort_by(|a, b| a.start_utc.cmp(&b.start_utc).then(a.id.cmp(&b.id)));
    imported.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(imported)
}

#[derive(Default)]
struct FileOutcome {
    activities: Vec<Activity>,
    skipped: Vec<Skipped>,
    strava_csvs: Vec<(String, Vec<u8>)>,
}

fn read_file(path: &Path, display: &str) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            outcome.skipped.push(Skipped {
                file: display.to_string(),
                reason: ImportError::Io(e.to_string()).to_string(),
            });
            return outcome;
        }
    };
    if discover::is_strava_csv(display) {
        let folder = display.rsplit_once('/').map_or("", |(folder, _)| folder);
        outcome.strava_csvs.push((folder.to_string(), bytes));
        return outcome;
    }
    let mut pieces = Vec::new();
    container::open(display.to_string(), bytes, &mut pieces);
    for piece in pieces {
        match piece {
            Piece::Activity {
                display,
                bytes,
                content,
            } => match decode(content, &bytes) {
                Ok(activities) => {
                    outcome
                        .activities
                        .extend(activities.into_iter().map(|a| identify(a, &display)));
                }
                Err(error) => outcome.skipped.push(Skipped {
                    file: display,
                    reason: error.to_string(),
                }),
            },
            Piece::StravaCsv { folder, bytes } => outcome.strava_csvs.push((folder, bytes)),
            Piece::Unreadable { display, error } => outcome.skipped.push(Skipped {
                file: display,
                reason: error.to_string(),
            }),
        }
    }
    outcome
}

/// Gives a decoded activity its file and a stable id: the start time, for
/// people, plus a hash of file and session, so re-runs give the same id.
fn identify(mut activity: Activity, display: &str) -> Activity {
    let session = activity.session_index.unwrap_or(0);
    let hash = fnv1a(format!("{display}#{session}").as_bytes());
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

fn root_label(root: &Path) -> String {
    root.file_name().map_or_else(
        || root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
