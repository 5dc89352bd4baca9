//! report.json (schema_version 1, see the report contract).

use serde::Serialize;

use super::records::ActivityRecord;
use crate::import::Skipped;
use crate::log::{Duplicate, Excluded, TrainingLog};

/// What `patella import --json` prints: the import-stage keys of an
/// athlete in report.json.
#[derive(Debug, Serialize)]
pub struct ImportDocument<'a> {
    pub schema_version: u32,
    pub generator: String,
    pub timezone: &'a str,
    pub activities: Vec<ActivityRecord>,
    pub excluded: &'a [Excluded],
    pub duplicates: &'a [Duplicate],
    pub skipped: &'a [Skipped],
}

impl<'a> ImportDocument<'a> {
    pub fn new(log: &'a TrainingLog, skipped: &'a [Skipped]) -> Self {
        ImportDocument {
            schema_version: 1,
            generator: format!("patella {}", env!("CARGO_PKG_VERSION")),
            timezone: &log.timezone,
            activities: log.runs.iter().map(ActivityRecord::of).collect(),
            excluded: &log.excluded,
            duplicates: &log.duplicates,
            skipped,
        }
    }
}
