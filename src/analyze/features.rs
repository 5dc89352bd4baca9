//! What each run's own samples give the analyzers, measured once per run:
//! the downhill bands of its elevation profile, its flat-running cadence
//! and stance balance, and its time at each heart rate and speed. Everything after this reads these few numbers, not
//! the samples, so a run's streams are walked once, in parallel, and the
//! per-run part can be kept (and cached) without them.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distribution::{HeartRateTime, SpeedTime};
use super::elevation::profile_of;
use super::{cadence, downhill, dynamics};
use crate::log::LoggedRun;
use crate::model::Activity;

/// One run's measures that depend on its samples only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFeatures {
    pub downhill: downhill::DownhillSamples,
    pub cadence: Option<cadence::CadenceSamples>,
    pub balance: Option<dynamics::BalanceSamples>,
    pub heart_rate: Option<HeartRateTime>,
    pub speed: Option<SpeedTime>,
}

impl RunFeatures {
    /// Measures one run. Its elevation profile is built once: downhill
    /// reads its bands, cadence and balance its per-sample grade, so that
    /// only flat running counts.
    pub fn of(activity: &Activity) -> RunFeatures {
        let profile = profile_of(activity);
        let grade = profile.as_ref().map(|p| p.sample_grade.as_slice());
        RunFeatures {
            downhill: downhill::measure_run(activity, profile.as_ref()),
            cadence: cadence::measure_run(activity, grade),
            balance: dynamics::measure_run(activity, grade),
            heart_rate: HeartRateTime::of(&activity.streams),
            speed: SpeedTime::of(&activity.streams),
        }
    }
}

/// Every run's features, in the log's order.
pub fn extract(runs: &[LoggedRun]) -> Vec<RunFeatures> {
    runs.par_iter()
        .map(|run| RunFeatures::of(&run.activity))
        .collect()
}
