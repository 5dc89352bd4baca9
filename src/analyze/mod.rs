//! Analyzers: one file each, measuring the training log and never judging
//! it. Thresholds live in the rules; here every value that cannot be
//! computed is `None`.
mod baseline_window;
mod by_day;
pub mod cadence;
pub(crate) mod daily;
pub mod distribution;
pub mod downhill;
pub mod dynamics;
pub mod elevation;
pub mod features;
pub(crate) mod grade;
pub mod intensity;
pub mod load;
mod order_key;
pub(crate) mod packed_seconds;
pub(crate) mod percentile;
pub mod recovery;
pub(crate) mod run_totals;
pub(crate) mod sample_speed;
pub mod shoes;
#[cfg(test)]
mod shoes_tests;
pub(crate) mod steady;
#[cfg(test)]
pub(crate) mod test_runs;
pub mod trimp;

use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::TrainingLog;

/// Everything the analyzers measured on one training log.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub week_start: WeekStart,
    pub load: load::LoadMetrics,
    pub recovery: recovery::RecoveryMetrics,
    pub downhill: downhill::DownhillMetrics,
    pub cadence: Vec<cadence::RunCadence>,
    pub shoes: shoes::ShoeMetrics,
    pub intensity: intensity::IntensityMetrics,
    pub dynamics: Vec<dynamics::RunBalance>,
    /// Each run's training load (minutes or TRIMP), in the log's order.
    pub loads: trimp::RunLoads,
}

/// Runs every analyzer over the log's runs.
/// Weeks start on the config's `[athlete] week_start`; shoes come from
/// its `[[shoes]]` and `[[shoe_overrides]]`.
pub fn analyze_log(log: &TrainingLog, config: &Config) -> Analysis {
    analyze_features(log, config, &features::extract(&log.runs))
}

/// [`analyze_log`] over features already measured (`features[i]` belongs
/// to `log.runs[i]`): the cross-run analyses, which read no samples.
pub(crate) fn analyze_features(
    log: &TrainingLog,
    config: &Config,
    features: &[features::RunFeatures],
) -> Analysis {
    let runs = &log.runs;
    let week_start = config.athlete.week_start;
    let downhill_measured: Vec<downhill::DownhillSamples> =
        features.iter().map(|f| f.downhill.clone()).collect();
    let cadence_measured: Vec<Option<cadence::CadenceSamples>> =
        features.iter().map(|f| f.cadence.clone()).collect();
    let balance_measured: Vec<Option<dynamics::BalanceSamples>> =
        features.iter().map(|f| f.balance).collect();
    // Borrowed: ten years of runs' tables are megabytes, and the features
    // outlive the analysis.
    let heart_rate: Vec<Option<&distribution::HeartRateTime>> =
        features.iter().map(|f| f.heart_rate.as_ref()).collect();
    let speed: Vec<Option<&distribution::SpeedTime>> =
        features.iter().map(|f| f.speed.as_ref()).collect();
    let loads = trimp::training_loads_measured(runs, &heart_rate, config.athlete.max_hr);
    let downhill = downhill::analyze_measured(runs, week_start, &downhill_measured);
    Analysis {
        week_start,
        load: load::analyze(runs, week_start),
        recovery: recovery::analyze_loaded(runs, week_start, &loads),
        shoes: shoes::analyze(log, config, week_start, &downhill),
        downhill,
        cadence: cadence::analyze_measured(runs, &cadence_measured),
        intensity: intensity::analyze_measured(
            runs,
            week_start,
            intensity::threshold_hr(config.athlete.threshold_hr, config.athlete.max_hr),
            &heart_rate,
            &speed,
        ),
        dynamics: dynamics::analyze_measured(runs, &balance_measured),
        loads,
    }
}

#[cfg(test)]
mod tests;
