//! What the charts are drawn from: one athlete's computed results, and
//! the runs drawn one by one with their samples.

use crate::analyze::Analysis;
use crate::config::Config;
use crate::log::{LoggedRun, TrainingLog};
use crate::pipeline::AthleteRun;
use crate::rules::{Mark, Warning};

/// What the charts are drawn from: one athlete's computed results.
#[derive(Clone, Copy)]
pub struct ChartInput<'a> {
    pub log: &'a TrainingLog,
    pub analysis: &'a Analysis,
    /// The findings as shown: which runs get a chart of their own.
    pub findings: &'a [Warning],
    /// Every part of every finding, at its finding's tier: what the charts
    /// colour.
    pub marks: &'a [Mark],
    /// For the rules' thresholds as the runner set them (the 500 and 800 km
    /// marks, the cadence floor).
    pub config: &'a Config,
    /// The runs drawn one by one, with their samples (the log keeps none);
    /// a run missing here is drawn from the log when it holds samples.
    pub sampled: &'a [LoggedRun],
}

impl<'a> ChartInput<'a> {
    /// The charts' input for `run`; `sampled` are the runs of
    /// [`super::drawn_run_ids`] with their samples (see
    /// [`AthleteRun::runs_with_samples`]).
    pub fn of(run: &'a AthleteRun, sampled: &'a [LoggedRun]) -> ChartInput<'a> {
        ChartInput {
            log: &run.log,
            analysis: &run.analysis,
            findings: &run.evaluation.warnings,
            marks: &run.evaluation.marks,
            config: &run.config,
            sampled,
        }
    }

    /// The run of `id`, with its samples when they were read.
    pub(super) fn run(&self, id: &str) -> Option<&'a LoggedRun> {
        let sampled = self.sampled.iter().find(|r| r.activity.id == id);
        sampled.or_else(|| self.log.runs.iter().find(|r| r.activity.id == id))
    }
}
