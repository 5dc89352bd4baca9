//! The import stage: the paths a user gives (folders, files, archives) to
//! [`Imported`], every activity found, oldest first, and every file that
//! gave none as a [`Skipped`] with a one-line reason. A bad file never
//! stops the run and never panics; nothing is ever written.
//!
//! [`import_paths`] runs the stage in one call. The pipeline's catalog runs
//! the same steps itself, to keep each file's outcome in its cache:
//! - `plan.rs`: which files to read ([`SourceFile`]), each named as reports
//!   show it;
//! - `read.rs`: one file's bytes, a file that is no activity turned away
//!   after its first bytes;
//! - `decode.rs`: those bytes, every container inside opened and each piece
//!   decoded by its format ([`decode`]), to one [`FileOutcome`];
//! - `assemble.rs`: the outcomes gathered, the sidecars (Strava's
//!   activities.csv, Garmin's summarized activities and gear) applied,
//!   sorted.
//!
//! The formats have a module each (`fit`, `gpx`, `tcx`; `strava` for
//! activities.csv and `garmin` for the JSON of Garmin's account export);
//! `sniff.rs` tells them apart by content, and `container.rs` opens .gz
//! and .zip in memory.

// Importers handle bytes from anywhere: no index, unwrap or expect may
// turn a bad file into a panic.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)
)]

pub(crate) mod altimeter;
pub mod apple;
mod assemble;
pub(crate) mod cadence;
mod container;
mod decode;
mod discover;
mod error;
pub mod fit;
pub mod garmin;
pub mod gpx;
pub(crate) mod infer_sport;
mod plan;
pub(crate) mod plausible;
mod read;
mod sniff;
pub mod strava;
pub mod tcx;
mod track;
#[cfg(test)]
mod xml_corpus;
mod xml_fields;
pub(crate) mod xml_time;

pub(crate) use assemble::assemble;
pub use decode::{decode, decode_file};
pub(crate) use decode::{decode_export_file, hash_file};
pub use error::ImportError;
pub(crate) use plan::plan;
pub use plan::{InputError, SourceFile};
pub use read::{import_paths, import_paths_with};
pub(crate) use read::{open, Opened};
pub use sniff::{sniff, Content};

use serde::{Deserialize, Serialize};

use crate::model::{Activity, ExportShoe};

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
    /// The shoes the exports list (Garmin's gear), by name: what the runner
    /// set in the app, for the shoes patella.toml says nothing of.
    pub export_shoes: Vec<ExportShoe>,
}

/// A file that describes the activities of other files rather than
/// holding one, recognized by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SidecarKind {
    /// Strava's `activities.csv`: names, types and gear by file.
    StravaCsv,
    /// Garmin's `*_summarizedActivities.json`: names and types by start.
    GarminActivities,
    /// Garmin's `*_gear.json`: the shoes and which activities wore them.
    GarminGear,
}

/// A sidecar file's bytes, kept for the assembly step, which applies them once
/// every file is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    pub kind: SidecarKind,
    /// The file's display path.
    pub display: String,
    pub bytes: Vec<u8>,
}

impl Sidecar {
    /// The display path of the folder holding the file ("" at the root).
    pub fn folder(&self) -> &str {
        self.display
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
    }
}

/// What one file gave: its activities (`T` is [`Activity`], or what a later
/// stage keeps of one), the pieces it could not read, and the sidecars
/// (Strava's activities.csv, Garmin's JSON) found inside it.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileOutcome<T = Activity> {
    pub activities: Vec<T>,
    pub skipped: Vec<Skipped>,
    pub sidecars: Vec<Sidecar>,
}

impl<T> Default for FileOutcome<T> {
    fn default() -> Self {
        FileOutcome {
            activities: Vec::new(),
            skipped: Vec::new(),
            sidecars: Vec::new(),
        }
    }
}

impl<T> FileOutcome<T> {
    /// The same outcome with each activity turned into `f(activity)`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> FileOutcome<U> {
        FileOutcome {
            activities: self.activities.into_iter().map(f).collect(),
            skipped: self.skipped,
            sidecars: self.sidecars,
        }
    }
}
