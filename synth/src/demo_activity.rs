//! One activity of the demo export as generated: what the writers, the
//! CSV and EXPECTED.md all read, so none of them reaches back into
//! [`super::demo`].

use chrono::{NaiveDate, NaiveDateTime};

use super::activity::{SynthSport, SyntheticActivity, SyntheticSession};
use super::demo_plan::{PlannedActivity, Special};

/// Where in the record stream the broken file is cut.
pub const TRUNCATE_AT: f64 = 0.6;

/// One planned activity, generated, with where its files go.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoActivity {
    pub plan: PlannedActivity,
    pub activity: SyntheticActivity,
    pub start_local: NaiveDateTime,
    /// Monday of the local week the activity belongs to.
    pub week_start: NaiveDate,
    /// Paths relative to the export root; the first one is the main file.
    pub files: Vec<String>,
    /// Strava's id, also the main file's name.
    pub strava_id: i64,
    /// Strava's Activity Name, Activity Type and Activity Gear.
    pub strava_name: String,
    pub strava_type: &'static str,
    pub gear: &'static str,
}

impl DemoActivity {
    /// True for a running activity whose file an importer reads completely.
    pub fn is_readable_run(&self) -> bool {
        self.plan.sport == SynthSport::Running
            && matches!(self.plan.special, Special::None | Special::AlsoGpx)
    }

    /// True for the run whose file is cut but salvageable.
    pub fn is_salvaged_run(&self) -> bool {
        self.plan.sport == SynthSport::Running && self.plan.special == Special::TruncatedFit
    }

    /// True when no importer can read anything from the main file.
    pub fn is_skipped(&self) -> bool {
        matches!(self.plan.special, Special::CutGzip | Special::EmptyFile)
    }

    /// True when Strava's `activities.csv` has a row for the main file.
    pub fn in_strava_csv(&self) -> bool {
        self.plan.special != Special::EmptyFile
    }

    /// The samples an importer gets from the file: all of them, the intact
    /// records before the cut of a truncated FIT, or none when skipped.
    pub fn readable_samples(&self) -> usize {
        let n = self.activity.sample_count();
        match self.plan.special {
            Special::TruncatedFit => ((n as f64 * TRUNCATE_AT) as usize).min(n.saturating_sub(1)),
            Special::CutGzip | Special::EmptyFile => 0,
            Special::None | Special::AlsoGpx => n,
        }
    }

    /// The part of the first session an importer reads from the file: all
    /// of it, or the samples before the cut of a truncated FIT.
    pub fn readable_session(&self) -> Option<SyntheticSession> {
        let mut session = self.activity.sessions.first()?.clone();
        let keep = self.readable_samples();
        if keep == 0 {
            return None;
        }
        if keep < session.samples.len() {
            session.samples.truncate(keep);
            session.lap_ends.retain(|&end| end < keep - 1);
            session.lap_ends.push(keep - 1);
            let end_s = session.end_s();
            session.pauses.retain(|p| p.end_s <= end_s);
        }
        Some(session)
    }
}
