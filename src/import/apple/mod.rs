//! Apple Health's "Export All Health Data": `export.xml` (its name is
//! localized: `exportar.xml` in Spanish) beside `workout-routes/*.gpx`,
//! loose or in `export.zip`.
//!
//! - [`scan`] reads the XML in one pass over any `BufRead` (an export is
//!   gigabytes; nothing but the workouts and the records a run needs is
//!   kept), [`Scan::build`] makes one activity per workout.
//! - A running workout (`HKWorkoutActivityTypeRunning`) takes its totals
//!   from the attributes (iOS 15 and before) or its `WorkoutStatistics`,
//!   its pauses from `WorkoutEvent`, its local time from `HKTimeZone` or
//!   the dates' own offset, `HKIndoorWorkout` as a treadmill run; its
//!   track from the route GPX it names, when that can be read, and heart
//!   rate, step cadence and running dynamics from the records within its
//!   span, of the workout's own source when it has any there (the Watch,
//!   not the phone).
//! - Other workouts come with their sport, for the log to leave out.
//! - A file cut short keeps the workouts read before the cut, each marked
//!   salvaged with where the file stopped.

mod build;
mod dates;
mod records;
mod scan;
mod workouts;

pub use build::Export;
pub use scan::{scan, Scan};

use super::Decoded;

/// The root element an export is known by.
pub const ROOT: &str = "HealthData";

/// The folder beside export.xml (in a folder or a zip) that holds the
/// route files its `FileReference`s name.
pub(crate) const ROUTES_FOLDER: &str = "workout-routes";

/// A route GPX is small; one past this is not read.
pub(crate) const MAX_ROUTE_BYTES: u64 = 64 << 20;

/// The file name a `FileReference` path points at in [`ROUTES_FOLDER`]:
/// the name alone, so that a path in the file never leads out of the
/// export's own routes; `None` for an empty name or `..`.
pub(crate) fn route_file_name(reference: &str) -> Option<&str> {
    reference
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty() && *name != "..")
}

/// Decodes an export.xml held in memory, its routes unread.
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Err(super::ImportError::Empty);
    }
    scan(bytes).build(&|_| None).map(|export| export.activities)
}

#[cfg(test)]
mod tests;
