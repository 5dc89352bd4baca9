//! Analyzers: one file each, measuring the training log and never judging
//! it. Thresholds live in the rules; here every value that cannot be
//! computed is `None`.
pub mod cadence;
pub mod daily;
pub mod downhill;
pub mod elevation;
pub mod grade;
pub mod load;
pub mod recovery;

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
}

/// Runs every analyzer over the log's runs.
pub fn analyze_log(log: &TrainingLog, week_start: WeekStart) -> Analysis {
    let runs = &log.runs;
    Analysis {
        week_start,
        load: load::analyze(runs, week_start),
        recovery: recovery::analyze(runs, week_start),
        downhill: downhill::analyze(runs, week_start),
        // Per-sample grades for the flat-running filter are not wired yet:
        // cadence is measured on all steady running for now.
        cadence: cadence::analyze(runs, &[]),
    }
}
