//! PNG charts of the report, one file per chart, drawn with plotters and
//! the DejaVu Sans font embedded in the binary (no system font or library).
//!
//! [`render_all`] draws every chart into a folder and says, for each, either
//! which file holds it or, in a sentence, why it could not be drawn: a
//! chart never comes out as an empty frame. The page, report.json and the
//! folder's listing show those outcomes in that order. [`chart_for_warning`]
//! tells the HTML page which chart shows a warning.
//!
//! Each chart is a file implementing `chart::Chart`; `chart_table!`
//! below lists the charts of the whole log, so a new chart is a file and a
//! line there. Run charts are a family apart: one per run the findings
//! name (at most [`MAX_RUN_CHARTS`]), keyed by the run, read back with
//! their samples.
//!
//! Charts draw the computed values only (`Analysis` and the warnings);
//! where a value is `None` nothing is drawn, never a zero.

mod axis;
mod calendar;
mod chart;
mod font;
mod frame;
mod input;
mod marks;
mod palette;
mod render;
pub(crate) mod reuse;
mod run;
mod run_traces;
mod size;

/// Declares the charts of the whole log: each `Type => file` line is a
/// chart's module (a unit struct implementing [`Chart`]) and its place in
/// [`CHARTS`], the order of the page. A new chart is a file and a line
/// here.
macro_rules! chart_table {
    ($($chart:ident => $file:ident),+ $(,)?) => {
        $(mod $file;)+

        /// Every chart of the whole log, drawn and shown in this order,
        /// before the run charts.
        const CHARTS: &[&dyn Chart] = &[$(&$file::$chart),+];
    };
}

chart_table! {
    WeeklyDistance => weekly_distance,
    RunSpikes => run_spikes,
    Cadence => cadence,
    Downhill => downhill,
    Shoes => shoes,
    Recovery => recovery,
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bands;
#[cfg(test)]
mod tests_data;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::rules::{RuleId, Tier, Warning};
use chart::Chart;
pub use input::ChartInput;
pub use run::run_chart_key;
pub use size::{ChartSize, ChartSizeError};

/// The runs that get a chart of their own: those the warnings name, at most
/// [`MAX_RUN_CHARTS`].
pub fn drawn_run_ids(warnings: &[Warning]) -> Vec<&str> {
    chosen_runs(warnings)
        .into_iter()
        .map(|(_, id)| id)
        .collect()
}

/// What became of one chart.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// The run chart of the run a warning names, if it names one.
pub fn run_chart_for_warning(warning: &Warning) -> Option<String> {
    warning
        .activity_id
        .as_deref()
        .map(|id| run_chart_key(warning.date, id))
}

/// The chart of the whole log that shows a warning's rule (the first of
/// `CHARTS` whose `Chart::shows` names it, else the first of all),
/// whether or not the warning names a run.
pub fn overview_chart_for_warning(warning: &Warning) -> String {
    let rule = RuleId::from_name(warning.rule);
    let shows_it = |chart: &&&dyn Chart| rule.is_some_and(|r| chart.shows().contains(&r));
    CHARTS
        .iter()
        .find(shows_it)
        .or(CHARTS.first())
        .map_or_else(String::new, |chart| chart.key())
}

/// Whether a warning is best shown on its run's own chart: a rule the run
/// chart shows, or one this module does not know.
fn shown_on_its_run(warning: &Warning) -> bool {
    RuleId::from_name(warning.rule).is_none_or(|rule| run::SHOWS.contains(&rule))
}

/// The key of the chart that best shows a warning: the run's own chart for
/// what happened within one run (steep descents, late form drift, stance
/// balance, one run's intensity), otherwise the chart of its rule's measure.
/// Only the [`MAX_RUN_CHARTS`] chosen runs get a chart: the HTML page links
/// through [`outcome_for_warning`], which falls back to
/// [`overview_chart_for_warning`] for the others.
pub fn chart_for_warning(warning: &Warning) -> String {
    match run_chart_for_warning(warning) {
        Some(run) if shown_on_its_run(warning) => run,
        _ => overview_chart_for_warning(warning),
    }
}

/// The outcome of the chart that shows `warning`, among `outcomes`: the
/// chart of [`chart_for_warning`] when it was drawn, else the rule's
/// overview chart when that was drawn (a run beyond the cap of run charts
/// has no chart of its own), else whichever of the two is present, so the
/// page shows the reason it was not drawn.
pub fn outcome_for_warning<'o>(
    outcomes: &'o [ChartOutcome],
    warning: &Warning,
) -> Option<&'o ChartOutcome> {
    let best = chart_for_warning(warning);
    let overview = overview_chart_for_warning(warning);
    let find = |key: &str| outcomes.iter().find(|o| o.key() == key);
    let candidates = [find(&best), find(&overview)];
    candidates
        .iter()
        .flatten()
        .find(|o| o.file().is_some())
        .or_else(|| candidates.iter().flatten().next())
        .copied()
}

/// At most this many runs get a chart of their own: a long log with many
/// warned runs would otherwise draw (and the page show) hundreds.
pub const MAX_RUN_CHARTS: usize = 40;

/// The runs that get a chart, oldest first: every run a warning names, or
/// when more than [`MAX_RUN_CHARTS`] do, those with the highest tier, the
/// most recent first among the same tier.
fn chosen_runs(warnings: &[Warning]) -> Vec<(NaiveDate, &str)> {
    // Per run: its date (the warnings' date, the run's local date; the
    // earliest should they differ) and the highest tier they give it.
    let mut runs: BTreeMap<&str, (NaiveDate, Tier)> = BTreeMap::new();
    for warning in warnings {
        if let Some(id) = warning.activity_id.as_deref() {
            let run = runs.entry(id).or_insert((warning.date, warning.tier));
            *run = (run.0.min(warning.date), run.1.max(warning.tier));
        }
    }
    let mut ranked: Vec<(Tier, NaiveDate, &str)> = runs
        .into_iter()
        .map(|(id, (date, tier))| (tier, date, id))
        .collect();
    ranked.sort_by(|a, b| b.cmp(a));
    ranked.truncate(MAX_RUN_CHARTS);
    let mut chosen: Vec<(NaiveDate, &str)> =
        ranked.into_iter().map(|(_, date, id)| (date, id)).collect();
    chosen.sort();
    chosen
}

/// Draws every chart of `input` that applies to it into `dir` and reports
/// what became of each: the charts of `CHARTS`, then one per run that a
/// warning names (at most [`MAX_RUN_CHARTS`]), oldest first. Each PNG is
/// drawn and encoded in memory and then written through a temporary file
/// and a rename, so no partial PNG ever carries a chart's name.
pub fn render_all(input: &ChartInput, dir: &Path, size: ChartSize) -> Vec<ChartOutcome> {
    let runs: Vec<run::RunChart> = chosen_runs(input.findings)
        .into_iter()
        .map(|(date, id)| run::RunChart::new(id, date))
        .collect();
    let charts: Vec<&dyn Chart> = CHARTS
        .iter()
        .copied()
        .chain(runs.iter().map(|run| run as &dyn Chart))
        .filter(|chart| chart.applies(input))
        .collect();
    charts
        .par_iter()
        .map(|chart| {
            let (key, title) = (chart.key(), chart.title());
            match render::render(*chart, input, size) {
                Ok(rendered) => {
                    let file = chart.file();
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

#[cfg(test)]
mod table_tests {
    use std::collections::HashSet;

    use super::CHARTS;

    #[test]
    fn the_table_names_each_chart_and_each_rule_once() {
        let keys: HashSet<String> = CHARTS.iter().map(|c| c.key()).collect();
        assert_eq!(keys.len(), CHARTS.len(), "two charts share a key");
        let shown: Vec<_> = CHARTS.iter().flat_map(|c| c.shows()).collect();
        let distinct: HashSet<_> = shown.iter().collect();
        assert_eq!(distinct.len(), shown.len(), "a rule is shown by two charts");
    }
}
