//! PNG charts of the report, one file per chart, drawn with plotters and
//! the DejaVu Sans font embedded in the binary (no system font or library).
//!
//! [`render_all`] draws every chart into a folder and says, for each, either
//! which file holds it or, in a sentence, why it could not be drawn: a
//! chart never comes out as an empty frame. [`chart_for_warning`] tells the
//! HTML page which chart shows a warning.
//!
//! Charts draw the computed values only (`Analysis` and the warnings);
//! where a value is `None` nothing is drawn, never a zero.

mod axis;
mod cadence;
mod calendar;
mod downhill;
mod font;
mod frame;
mod marks;
mod palette;
mod recovery;
mod render;
mod run;
mod run_spikes;
mod run_traces;
mod shoes;
mod size;
mod weekly_distance;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_data;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::analyze::Analysis;
use crate::config::Config;
use crate::log::TrainingLog;
use crate::pipeline::AthleteRun;
use crate::rules::{RuleId, Warning};
use render::Chart;
pub use size::{ChartSize, ChartSizeError};

/// What the charts are drawn from: one athlete's computed results.
#[derive(Clone, Copy)]
pub struct ChartInput<'a> {
    pub log: &'a TrainingLog,
    pub analysis: &'a Analysis,
    pub warnings: &'a [Warning],
    /// For the rules' thresholds as the runner set them (the 500 and 800 km
    /// marks, the cadence floor).
    pub config: &'a Config,
}

impl<'a> ChartInput<'a> {
    pub fn of(run: &'a AthleteRun) -> ChartInput<'a> {
        ChartInput {
            log: &run.log,
            analysis: &run.analysis,
            warnings: &run.evaluation.warnings,
            config: &run.config,
        }
    }
}

/// What became of one chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartOutcome {
    /// `file` is relative to the output folder (`weekly_distance.png`).
    Drawn {
        key: String,
        file: String,
        title: String,
        /// What the chart shows, in a sentence (alt text, caption).
        about: Option<String>,
    },
    /// Why there is no chart, as a sentence to print in its place.
    NotDrawn {
        key: String,
        title: String,
        reason: String,
    },
}

impl ChartOutcome {
    pub fn key(&self) -> &str {
        match self {
            ChartOutcome::Drawn { key, .. } | ChartOutcome::NotDrawn { key, .. } => key,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            ChartOutcome::Drawn { title, .. } | ChartOutcome::NotDrawn { title, .. } => title,
        }
    }

    /// The PNG's file name, when the chart was drawn.
    pub fn file(&self) -> Option<&str> {
        match self {
            ChartOutcome::Drawn { file, .. } => Some(file),
            ChartOutcome::NotDrawn { .. } => None,
        }
    }
}

/// The key of the chart of the whole log.
pub const WEEKLY_DISTANCE: &str = "weekly_distance";
pub const RUN_SPIKES: &str = "run_spikes";
pub const CADENCE: &str = "cadence";
pub const DOWNHILL: &str = "downhill";
pub const SHOES: &str = "shoes";
pub const RECOVERY: &str = "recovery";

/// The key (and file name without `.png`) of the chart of one run:
/// `run-YYYY-MM-DD-xxxxxxxx`, the run's local date and 8 hex digits of a
/// hash of its id (ids start with their UTC start time, so their first
/// characters would not tell two runs of one day apart).
pub fn run_chart_key(local_date: NaiveDate, activity_id: &str) -> String {
    let hash = activity_id.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("run-{}-{hash:08x}", local_date.format("%Y-%m-%d"))
}

/// The run chart of the run a warning names, if it names one.
pub fn run_chart_for_warning(warning: &Warning) -> Option<String> {
    warning
        .activity_id
        .as_deref()
        .map(|id| run_chart_key(warning.date, id))
}

/// The key of the chart that best shows a warning: the run's own chart for
/// what happened within one run (steep descents, late form drift, stance
/// balance, one run's intensity), otherwise the chart of its rule's measure.
pub fn chart_for_warning(warning: &Warning) -> String {
    let run_chart = run_chart_for_warning(warning);
    let main = match RuleId::from_name(warning.rule) {
        Some(RuleId::SessionDistanceSpike) => RUN_SPIKES,
        Some(RuleId::WeeklyDistanceJump | RuleId::Acwr) => WEEKLY_DISTANCE,
        Some(RuleId::IntensitySpike) => match run_chart {
            Some(run) => return run,
            None => WEEKLY_DISTANCE,
        },
        Some(RuleId::CadenceLowVsBaseline | RuleId::CadenceLowAbsolute) => CADENCE,
        Some(RuleId::FormFatigueDrift | RuleId::GctBalanceAsymmetry) => match run_chart {
            Some(run) => return run,
            None => CADENCE,
        },
        Some(RuleId::DescentSessionSpike) => DOWNHILL,
        Some(RuleId::SteepDescentExposure) => match run_chart {
            Some(run) => return run,
            None => DOWNHILL,
        },
        Some(RuleId::ShoeMileage | RuleId::ShoeRotation) => SHOES,
        Some(RuleId::RecoveryStreak | RuleId::TrainingMonotony) => RECOVERY,
        None => match run_chart {
            Some(run) => return run,
            None => WEEKLY_DISTANCE,
        },
    };
    main.to_string()
}

/// The outcome of the chart that shows `warning`, among `outcomes`.
pub fn outcome_for_warning<'o>(
    outcomes: &'o [ChartOutcome],
    warning: &Warning,
) -> Option<&'o ChartOutcome> {
    let key = chart_for_warning(warning);
    outcomes.iter().find(|o| o.key() == key)
}

/// Every chart to draw for `input`: the six of the whole log, then one per
/// run that a warning names, oldest first.
fn charts(input: &ChartInput) -> Vec<Box<dyn Chart>> {
    let mut charts: Vec<Box<dyn Chart>> = vec![
        Box::new(weekly_distance::WeeklyDistance),
        Box::new(run_spikes::RunSpikes),
        Box::new(cadence::Cadence),
        Box::new(downhill::Downhill),
        Box::new(shoes::Shoes),
        Box::new(recovery::Recovery),
    ];
    let mut runs: BTreeMap<(NaiveDate, &str), ()> = BTreeMap::new();
    for warning in input.warnings {
        if let Some(id) = warning.activity_id.as_deref() {
            runs.insert((warning.date, id), ());
        }
    }
    // One chart per run, keyed by the warning's date (the run's local date).
    let mut seen = std::collections::HashSet::new();
    for (date, id) in runs.into_keys() {
        if seen.insert(id) {
            charts.push(Box::new(run::RunChart::new(id, date)));
        }
    }
    charts
}

/// Draws every chart of `input` into `dir` as `<key>.png` and reports what
/// became of each. Each PNG is drawn and encoded in memory and then written
/// through a temporary file and a rename, so no partial PNG ever carries a
/// chart's name.
pub fn render_all(input: &ChartInput, dir: &Path, size: ChartSize) -> Vec<ChartOutcome> {
    charts(input)
        .par_iter()
        .map(|chart| {
            let (key, title) = (chart.key(), chart.title());
            match render::render(chart.as_ref(), input, size) {
                Ok(rendered) => {
                    let file = format!("{key}.png");
                    match super::write_atomically(&dir.join(&file), &rendered.png) {
                        Ok(()) => ChartOutcome::Drawn {
                            key,
                            file,
                            title,
                            about: Some(rendered.about),
                        },
                        Err(error) => ChartOutcome::NotDrawn {
                            key,
                            title,
                            reason: format!("The chart could not be written to {file} ({error})."),
                        },
                    }
                }
                Err(skip) => ChartOutcome::NotDrawn {
                    key,
                    title,
                    reason: skip.0,
                },
            }
        })
        .collect()
}
