//! report.json (schema_version 1, see the report contract).

use serde::Serialize;

use super::measures::{by_basis, AnalyzedActivity, LoadFigures, RunMeasures};
use super::records::{round, ActivityRecord};
use crate::analyze::Analysis;
use crate::import::Skipped;
use crate::log::{Duplicate, Excluded, TrainingLog};
use crate::rules::{InsufficientHistory, Warning};

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

/// One week as report.json lists it under `weeks`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekRecord {
    pub week_start: String,
    pub days_observed: u32,
    pub runs: u32,
    pub distance_km: f64,
    pub moving_s: f64,
    pub longest_run_km: Option<f64>,
    pub descent_m: Option<f64>,
    pub change_vs_prev_pct: Option<f64>,
    pub change_vs_3wk_mean_pct: Option<f64>,
    pub acwr: Option<f64>,
    pub acwr_ewma: Option<f64>,
    pub rest_days: Option<u32>,
    pub monotony: Option<f64>,
    /// The week's training load (minutes or TRIMP: the athlete's
    /// `load.load_basis`) and Foster's strain, load x monotony.
    pub load_min: Option<f64>,
    pub load_trimp: Option<f64>,
    pub strain_min: Option<f64>,
    pub strain_trimp: Option<f64>,
    /// Minutes at or above the threshold (heart rate or pace).
    pub intensity_min: Option<f64>,
    /// Distance at smoothed grade <= -5%.
    pub downhill_le_minus_5pct_km: Option<f64>,
}

impl WeekRecord {
    /// Rounded once here; the terminal prints these same numbers.
    pub fn of(week: &crate::analyze::load::WeekLoad, analysis: &Analysis) -> Self {
        let recovery = analysis
            .recovery
            .weeks
            .iter()
            .find(|r| r.week_start == week.week_start);
        let intensity = analysis
            .intensity
            .weeks
            .iter()
            .find(|w| w.week_start == week.week_start);
        let downhill = analysis
            .downhill
            .weeks
            .iter()
            .find(|w| w.week_start == week.week_start);
        let basis = analysis.recovery.load_basis;
        // A week whose runs all lack a time has no load, not a zero one.
        let timed = week.runs == 0 || week.moving_s > 0.0;
        let load = by_basis(
            basis,
            recovery
                .filter(|_| timed)
                .and_then(|r| round(Some(r.load), 0)),
        );
        let strain = by_basis(basis, recovery.and_then(|r| round(r.strain, 0)));
        WeekRecord {
            week_start: week.week_start.to_string(),
            days_observed: week.days_observed,
            runs: week.runs,
            distance_km: round(Some(week.distance_km), 1).unwrap_or(0.0),
            moving_s: week.moving_s.round(),
            longest_run_km: round(week.longest_run_km, 1),
            // The smoothed descent the downhill rules judge and quote, and
            // the downhill chart draws: one figure for the week everywhere.
            descent_m: round(downhill.and_then(|w| w.descent_m), 0),
            change_vs_prev_pct: round(week.change_vs_prev_pct, 0),
            change_vs_3wk_mean_pct: round(week.change_vs_3wk_mean_pct, 0),
            acwr: round(week.acwr, 2),
            acwr_ewma: round(week.acwr_ewma, 2),
            rest_days: recovery.map(|r| r.rest_days),
            monotony: recovery.and_then(|r| round(r.monotony, 2)),
            load_min: load.0,
            load_trimp: load.1,
            strain_min: strain.0,
            strain_trimp: strain.1,
            intensity_min: intensity.and_then(|w| round(w.minutes, 1)),
            downhill_le_minus_5pct_km: downhill
                .and_then(|w| round(w.distance_m.le_minus_5pct.map(|m| m / 1000.0), 2)),
        }
    }
}

/// One pair of shoes as report.json lists it under `shoes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShoeRecord {
    pub name: String,
    /// Starting km included.
    pub distance_km: f64,
    pub runs: u32,
    pub first_used: String,
    pub last_used: String,
    pub retire_km: f64,
    pub projected_retirement: Option<String>,
    /// Distance on the pair before its first run in the data.
    pub initial_km: f64,
    /// Its distance at smoothed grade <= -5%; `None` when none of its runs
    /// had an elevation profile.
    pub downhill_km: Option<f64>,
    /// km per day over the last 8 weeks, behind `projected_retirement`.
    pub recent_km_per_day: Option<f64>,
    /// Listed in patella.toml (otherwise known from Strava's gear only).
    pub configured: bool,
}

impl ShoeRecord {
    /// Rounded once here; the terminal prints these same numbers.
    pub fn of(shoe: &crate::analyze::shoes::ShoeWear) -> Self {
        ShoeRecord {
            name: shoe.name.clone(),
            distance_km: round(Some(shoe.distance_km), 1).unwrap_or(0.0),
            runs: shoe.runs,
            first_used: shoe.first_used.to_string(),
            last_used: shoe.last_used.to_string(),
            retire_km: round(Some(shoe.retire_km), 1).unwrap_or(0.0),
            projected_retirement: shoe.projected_retirement.map(|d| d.to_string()),
            initial_km: round(Some(shoe.initial_km), 1).unwrap_or(0.0),
            downhill_km: round(shoe.downhill_km, 1),
            recent_km_per_day: round(shoe.recent_km_per_day, 2),
            configured: shoe.configured,
        }
    }
}

/// One athlete in report.json.
#[derive(Debug, Serialize)]
pub struct AthleteReport<'a> {
    pub name: String,
    pub timezone: &'a str,
    pub activities: Vec<AnalyzedActivity>,
    pub excluded: &'a [Excluded],
    pub duplicates: &'a [Duplicate],
    pub skipped: &'a [Skipped],
    /// Load basis, heart-rate references and the runs load could not use.
    pub load: LoadFigures,
    pub weeks: Vec<WeekRecord>,
    pub shoes: Vec<ShoeRecord>,
    pub warnings: &'a [Warning],
    pub insufficient_history: &'a [InsufficientHistory],
}

/// report.json, schema_version 1.
#[derive(Debug, Serialize)]
pub struct ReportDocument<'a> {
    pub schema_version: u32,
    pub generator: String,
    pub notice: &'static str,
    pub athletes: Vec<AthleteReport<'a>>,
    pub charts: Vec<String>,
}

/// The sentence every report carries.
pub const NOT_MEDICAL_ADVICE: &str = "patella is not medical advice: its warnings name risk factors that studies associate with knee pain in runners; they cannot diagnose or predict an injury. See a physiotherapist or doctor about pain.";

impl<'a> ReportDocument<'a> {
    /// One athlete, no charts (`--json` without a report folder).
    pub fn single(athlete: AthleteReport<'a>) -> Self {
        Self::new(vec![athlete], Vec::new())
    }

    /// `charts` are relative to the report folder.
    pub fn new(athletes: Vec<AthleteReport<'a>>, charts: Vec<String>) -> Self {
        ReportDocument {
            schema_version: 1,
            generator: format!("patella {}", env!("CARGO_PKG_VERSION")),
            notice: NOT_MEDICAL_ADVICE,
            athletes,
            charts,
        }
    }
}

impl<'a> AthleteReport<'a> {
    /// The athlete's part of report.json, from one pipeline run.
    pub fn of(run: &'a crate::pipeline::AthleteRun) -> Self {
        AthleteReport {
            name: run.name.clone(),
            timezone: &run.log.timezone,
            activities: activities_with_shoes(run),
            excluded: &run.log.excluded,
            duplicates: &run.log.duplicates,
            skipped: &run.skipped,
            load: LoadFigures::of(&run.analysis),
            weeks: run
                .analysis
                .load
                .weeks
                .iter()
                .map(|week| WeekRecord::of(week, &run.analysis))
                .collect(),
            shoes: run
                .analysis
                .shoes
                .shoes
                .iter()
                .map(ShoeRecord::of)
                .collect(),
            warnings: &run.evaluation.warnings,
            insufficient_history: &run.evaluation.insufficient_history,
        }
    }
}

impl AthleteReport<'_> {
    /// "81 runs from 2026-02-02 to 2026-05-24", or "1 run on 2026-02-02";
    /// `None` without a run.
    pub(crate) fn span(&self) -> Option<String> {
        let first = &self.activities.first()?.record.local_date;
        let last = &self.activities.last()?.record.local_date;
        Some(match self.activities.len() {
            1 => format!("1 run on {first}"),
            count => format!("{count} runs from {first} to {last}"),
        })
    }
}

/// The runs with the shoe the analysis resolved (config override, Strava
/// gear or config dates), not only Strava's gear column, and what the
/// analyzers measured on each.
fn activities_with_shoes(run: &crate::pipeline::AthleteRun) -> Vec<AnalyzedActivity> {
    let mut measures = RunMeasures::by_id(&run.analysis, &run.log.runs);
    let resolved: std::collections::HashMap<&str, Option<&String>> = run
        .analysis
        .shoes
        .runs
        .iter()
        .map(|r| (r.activity_id.as_str(), r.shoe.as_ref()))
        .collect();
    run.log
        .runs
        .iter()
        .map(|logged| {
            let mut record = ActivityRecord::of(logged);
            if let Some(shoe) = resolved.get(logged.activity.id.as_str()) {
                record.shoe = shoe.cloned();
            }
            AnalyzedActivity {
                measures: measures
                    .remove(&logged.activity.id)
                    .unwrap_or_else(RunMeasures::empty),
                record,
            }
        })
        .collect()
}
