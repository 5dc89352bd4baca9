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

pub mod altimeter;
pub mod cadence;
mod container;
mod discover;
mod error;
pub mod fit;
pub mod gpx;
pub mod infer_sport;
mod load;
pub mod plausible;
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
use serde::{Deserialize, Serialize};

use crate::model::Activity;
use container::Piece;
use strava::StravaIndex;

/// A file that produced no activity, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    /// Path relative to the analyzed input folder.
    pub file: String,
    pub reason: String,
}

/// What decoding one file's bytes gives: its activities, or the reason none
/// could be read.
pub type Decoded = Result<Vec<Activity>, ImportError>;

/// Everything read from the given paths.
#[derive(Debug)]
pub struct Imported<T = Activity> {
    /// Every activity of every sport, oldest first.
    pub activities: Vec<T>,
    pub skipped: Vec<Skipped>,
}

/// An activity file found under the given paths.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as reports show it (see [`import_paths`]).
    pub display: String,
}

/// The files to read, and what was skipped while finding them.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<SourceFile>,
    pub skipped: Vec<Skipped>,
}

/// What one file gave: its activities (`T` is [`Activity`], or what a later
/// stage keeps of one), the pieces it could not read, and any Strava
/// activities.csv found inside it.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileOutcome<T = Activity> {
    pub activities: Vec<T>,
    pub skipped: Vec<Skipped>,
    /// (display folder, bytes) of each activities.csv.
    pub strava_csvs: Vec<(String, Vec<u8>)>,
}

impl<T> Default for FileOutcome<T> {
    fn default() -> Self {
        FileOutcome {
            activities: Vec::new(),
            skipped: Vec::new(),
            strava_csvs: Vec::new(),
        }
    }
}

impl<T> FileOutcome<T> {
    /// The same outcome with each activity turned into `f(activity)`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> FileOutcome<U> {
        FileOutcome {
            activities: self.activities.into_iter().map(f).collect(),
            skipped: self.skipped,
            strava_csvs: self.strava_csvs,
        }
    }
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
    import_paths_with(paths, &crate::progress::Silent)
}

/// [`import_paths`], reporting each file read to `progress`.
pub fn import_paths_with(
    paths: &[PathBuf],
    progress: &dyn crate::progress::Progress,
) -> Result<Imported, InputError> {
    let plan = plan(paths)?;
    progress.stage("reading", Some(plan.files.len() as u64));
    let outcomes: Vec<FileOutcome> = plan
        .files
        .par_iter()
        .map(|file| {
            let outcome = read_file(&file.path, &file.display);
            progress.step();
            outcome
        })
        .collect();
    Ok(assemble(outcomes, plan.skipped))
}

/// Finds every file to read under `paths`, naming each for reports.
pub fn plan(paths: &[PathBuf]) -> Result<Plan, InputError> {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(InputError::Missing(missing.clone()));
    }
    let mut plan = Plan::default();
    let several = paths.len() > 1;
    let mut seen = std::collections::HashSet::new();
    for root in paths {
        // The same folder given twice is read once.
        if !seen.insert(root.canonicalize().unwrap_or_else(|_| root.clone())) {
            continue;
        }
        let found = discover::discover(root);
        // With several paths, each file is named from the path as given,
        // so two athletes' `export/` folders stay apart.
        let label = several.then(|| given_label(root));
        let single_file = root.is_file();
        let name = |display: String| match &label {
            Some(label) if single_file => label.clone(),
            Some(label) => format!("{label}/{display}"),
            None => display,
        };
        plan.skipped
            .extend(found.skipped.into_iter().map(|s| Skipped {
                file: name(s.file),
                reason: s.reason,
            }));
        plan.files
            .extend(found.files.into_iter().map(|f| SourceFile {
                path: f.path,
                display: name(f.display),
            }));
    }
    Ok(plan)
}

/// Gathers the outcomes of every file: Strava's names and gear applied,
/// oldest first.
pub fn assemble<T: AsRef<Activity> + AsMut<Activity>>(
    outcomes: Vec<FileOutcome<T>>,
    skipped: Vec<Skipped>,
) -> Imported<T> {
    let mut imported = Imported {
        activities: Vec::new(),
        skipped,
    };
    let mut strava = StravaIndex::new();
    for outcome in outcomes {
        imported.activities.extend(outcome.activities);
        imported.skipped.extend(outcome.skipped);
        for (folder, bytes) in outcome.strava_csvs {
            match strava::parse(&folder, &bytes) {
                Ok(parsed) => {
                    strava.extend(parsed.index);
                    if let Some(first) = parsed.bad_rows.first() {
                        imported.skipped.push(Skipped {
                            file: join(&folder, "activities.csv"),
                            reason: format!(
                                "{} unreadable row(s) ignored, first {first}",
                                parsed.bad_rows.len()
                            ),
                        });
                    }
                }
                Err(reason) => imported.skipped.push(Skipped {
                    file: join(&folder, "activities.csv"),
                    reason: format!("unreadable Strava activities.csv: {reason}"),
                }),
            }
        }
    }
    for held in &mut imported.activities {
        let activity = held.as_mut();
        if let Some(entry) = activity.files.first().and_then(|f| strava.get(f)) {
            strava::apply(entry, activity);
        }
    }
    imported.activities.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        a.start_utc.cmp(&b.start_utc).then(a.id.cmp(&b.id))
    });
    imported.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    imported
}

/// Whether `display` names a Strava activities.csv rather than an
/// activity file.
pub fn is_strava_csv(display: &str) -> bool {
    discover::is_strava_csv(display)
}

/// Reads and decodes one file found by [`plan`].
pub fn read_file(path: &Path, display: &str) -> FileOutcome {
    if discover::is_strava_csv(display) {
        let mut outcome = FileOutcome::default();
        match std::fs::read(path) {
            Ok(bytes) => {
                let folder = display.rsplit_once('/').map_or("", |(folder, _)| folder);
                outcome.strava_csvs.push((folder.to_string(), bytes));
            }
            Err(e) => outcome.skipped.push(Skipped {
                file: display.to_string(),
                reason: ImportError::Io(e.to_string()).to_string(),
            }),
        }
        return outcome;
    }
    match read_bytes(path) {
        Ok(bytes) => decode_file(display, bytes, &|_| true),
        Err(error) => FileOutcome {
            skipped: vec![Skipped {
                file: display.to_string(),
                reason: error::one_line(&error.to_string()),
            }],
            ..FileOutcome::default()
        },
    }
}

/// An activity file's bytes, refusing what is too large to be one.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    load::read_candidate(path)
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
        Piece::StravaCsv { folder, bytes } => outcome.strava_csvs.push((folder, bytes)),
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

/// A path as the user gave it, with `/` separators and no `./` or trailing
/// separator.
fn given_label(root: &Path) -> String {
    let parts: Vec<String> = root
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replacen("//", "/", 1)
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
