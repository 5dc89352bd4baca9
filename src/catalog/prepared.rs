//! An activity with everything later stages measure from its samples, the
//! samples themselves released.

use serde::{Deserialize, Serialize};

use crate::analyze::features::RunFeatures;
use crate::log::RunSummary;
use crate::model::Activity;

/// What the pipeline keeps of one activity: its metadata, its totals and,
/// for a run, the per-run features the analyzers read. This is what the
/// cache stores, and a few kilobytes instead of the samples' megabytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    pub activity: Activity,
    pub summary: RunSummary,
    /// `None` for anything but a run.
    pub features: Option<RunFeatures>,
}

impl Prepared {
    /// Measures `activity` and releases its streams. Everything measured
    /// here depends on the activity alone (not on the time zone, the config
    /// or the other runs), which is what lets it be cached per file.
    pub fn of(mut activity: Activity) -> Prepared {
        let summary = RunSummary::of(&activity);
        let features = activity.is_running().then(|| RunFeatures::of(&activity));
        activity.release_streams();
        // The laps and pauses are read by the summary only; a long log
        // would hold about a kilobyte of them per run for nothing.
        activity.laps = Vec::new();
        activity.pauses = Vec::new();
        // Built up piece by piece, they carry spare room otherwise.
        activity.id.shrink_to_fit();
        activity.files.iter_mut().for_each(String::shrink_to_fit);
        Prepared {
            activity,
            summary,
            features,
        }
    }
}

impl AsRef<Activity> for Prepared {
    fn as_ref(&self) -> &Activity {
        &self.activity
    }
}

impl AsMut<Activity> for Prepared {
    fn as_mut(&mut self) -> &mut Activity {
        &mut self.activity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_activity_has_room_for_its_log_candidate() {
        // The log is made in the vector the activities were read into
        // (log::build_summarized): std reuses it only when each new
        // element fits in an old one's space and is aligned alike.
        use std::mem::{align_of, size_of};
        assert!(size_of::<Prepared>() >= size_of::<crate::log::Candidate>());
        assert_eq!(align_of::<Prepared>(), align_of::<crate::log::Candidate>());
    }
}
