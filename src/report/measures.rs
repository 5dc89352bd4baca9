//! What the analyzers measured, as report.json adds it to each activity
//! and to the athlete: the figures behind the warnings, so a coach can
//! check a warning against its numbers, and a warning's absence too.
//! Rounded once here, like the rest of the report.

use std::collections::HashMap;

use serde::Serialize;

use super::records::{round, ActivityRecord};
use crate::analyze::intensity::IntensityBasis;
use crate::analyze::shoes::ShoeSource;
use crate::analyze::trimp::LoadBasis;
use crate::analyze::trimp::MaxHrSource;
use crate::analyze::Analysis;
use crate::log::LoggedRun;

/// One run's analyzed figures, next to its import record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunMeasures {
    /// Where the run's shoe came from; `None` when no shoe is known.
    pub shoe_source: Option<ShoeSource>,
    /// The run's training load: moving minutes, or Edwards' TRIMP when the
    /// athlete's `load_basis` is TRIMP (the other is null); both null for
    /// a run without a time (left out of load).
    pub load_min: Option<f64>,
    pub load_trimp: Option<f64>,
    /// Longest run of the 30 days before, and this run's distance over it
    /// minus 1, as a percentage (`session_distance_spike`).
    pub longest_prev_30d_km: Option<f64>,
    pub spike_vs_30d_longest_pct: Option<f64>,
    /// Descent of the smoothed profile (its dead band follows the record's
    /// `elevation_source`), and the distance at each grade band; `None`
    /// without a profile (indoor, no elevation).
    pub smoothed_descent_m: Option<f64>,
    pub downhill_le_minus_5pct_m: Option<f64>,
    pub downhill_le_minus_10pct_m: Option<f64>,
    pub downhill_le_minus_15pct_m: Option<f64>,
    /// Median cadence of steady, flat running, and its residual against
    /// the runner's own cadence-vs-speed line, percent.
    pub cadence_median_spm: Option<f64>,
    pub cadence_flat_running_s: Option<f64>,
    pub cadence_vs_own_line_pct: Option<f64>,
    /// Runs of an hour or more: the late cadence and ground-contact drift,
    /// percent.
    pub late_cadence_drift_pct: Option<f64>,
    pub late_gct_drift_pct: Option<f64>,
    /// Minutes at or above the threshold, on `intensity_basis`.
    pub intensity_min: Option<f64>,
    pub intensity_basis: Option<IntensityBasis>,
    /// Median left-foot share of stance time on flat running, percent.
    pub stance_balance_left_pct: Option<f64>,
    pub stance_balance_shift_pts: Option<f64>,
}

/// An activity as report.json lists it: the import record and what the
/// analyzers measured on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyzedActivity {
    #[serde(flatten)]
    pub record: ActivityRecord,
    #[serde(flatten)]
    pub measures: RunMeasures,
}

/// The athlete's training-load settings and the runs they could not use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadFigures {
    /// What `load`, monotony and strain count: minutes or TRIMP.
    pub load_basis: LoadBasis,
    pub max_hr_bpm: Option<f64>,
    pub max_hr_source: Option<MaxHrSource>,
    /// The threshold heart rate of the intensity minutes; `None` when
    /// every run was measured against the easy-pace fallback.
    pub threshold_hr_bpm: Option<f64>,
    /// Runs with no time at all: in the run and km counts, not in load.
    pub untimed_runs: Vec<String>,
    /// Runs without heart rate in a TRIMP log, counted at the median TRIMP
    /// per minute.
    pub imputed_load_runs: Vec<String>,
    /// The runner's current cadence-vs-speed line (of the last run that
    /// had one): cadence = intercept + slope x speed.
    pub cadence_line_intercept_spm: Option<f64>,
    pub cadence_line_slope_spm_per_mps: Option<f64>,
    pub cadence_line_runs: Option<usize>,
    /// The 90th percentile of weekly strain (load x monotony), in the
    /// load's unit.
    pub strain_p90_min: Option<f64>,
    pub strain_p90_trimp: Option<f64>,
}

/// A load figure under its unit's key: (minutes, TRIMP), the other null.
pub fn by_basis(basis: LoadBasis, value: Option<f64>) -> (Option<f64>, Option<f64>) {
    match basis {
        LoadBasis::Minutes => (value, None),
        LoadBasis::Trimp => (None, value),
    }
}

fn pct(fraction: Option<f64>) -> Option<f64> {
    round(fraction.map(|f| f * 100.0), 1)
}

impl RunMeasures {
    /// Every run's measures by activity id.
    pub fn by_id(analysis: &Analysis, runs: &[LoggedRun]) -> HashMap<String, Self> {
        let mut out: HashMap<String, RunMeasures> = HashMap::new();
        for (run, load) in runs.iter().zip(&analysis.loads.loads) {
            let m = out
                .entry(run.activity.id.clone())
                .or_insert_with(RunMeasures::empty);
            (m.load_min, m.load_trimp) = by_basis(analysis.loads.basis, round(*load, 1));
        }
        for run in &analysis.load.runs {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.longest_prev_30d_km = round(run.longest_prev_30d_km, 1);
            m.spike_vs_30d_longest_pct = pct(run.spike_ratio);
        }
        for run in &analysis.downhill.runs {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.smoothed_descent_m = round(run.measured.descent_m, 0);
            m.downhill_le_minus_5pct_m = round(run.measured.distance_m.le_minus_5pct, 0);
            m.downhill_le_minus_10pct_m = round(run.measured.distance_m.le_minus_10pct, 0);
            m.downhill_le_minus_15pct_m = round(run.measured.distance_m.le_minus_15pct, 0);
        }
        for run in &analysis.cadence {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.cadence_median_spm = round(run.median_spm, 1);
            m.cadence_flat_running_s = run.median_spm.map(|_| run.counted_s.round());
            m.cadence_vs_own_line_pct = pct(run.residual_vs_line);
            m.late_cadence_drift_pct = pct(run.late_drift);
            m.late_gct_drift_pct = pct(run.late_gct_drift);
        }
        for run in &analysis.intensity.runs {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.intensity_min = round(run.minutes, 1);
            m.intensity_basis = run.basis;
        }
        for run in &analysis.dynamics {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.stance_balance_left_pct = round(run.median_pct, 1);
            m.stance_balance_shift_pts = round(run.shift_pts, 1);
        }
        for run in &analysis.shoes.runs {
            let m = out
                .entry(run.activity_id.clone())
                .or_insert_with(RunMeasures::empty);
            m.shoe_source = run.source;
        }
        out
    }

    pub fn empty() -> Self {
        RunMeasures {
            shoe_source: None,
            load_min: None,
            load_trimp: None,
            longest_prev_30d_km: None,
            spike_vs_30d_longest_pct: None,
            smoothed_descent_m: None,
            downhill_le_minus_5pct_m: None,
            downhill_le_minus_10pct_m: None,
            downhill_le_minus_15pct_m: None,
            cadence_median_spm: None,
            cadence_flat_running_s: None,
            cadence_vs_own_line_pct: None,
            late_cadence_drift_pct: None,
            late_gct_drift_pct: None,
            intensity_min: None,
            intensity_basis: None,
            stance_balance_left_pct: None,
            stance_balance_shift_pts: None,
        }
    }
}

impl LoadFigures {
    pub fn of(analysis: &Analysis) -> Self {
        let recovery = &analysis.recovery;
        let line = analysis.cadence.iter().rev().find_map(|c| c.line.as_ref());
        LoadFigures {
            load_basis: recovery.load_basis,
            max_hr_bpm: recovery.max_hr.map(|m| m.bpm.round()),
            max_hr_source: recovery.max_hr.map(|m| m.source),
            threshold_hr_bpm: round(analysis.intensity.threshold_hr_bpm, 0),
            untimed_runs: recovery.untimed.clone(),
            imputed_load_runs: recovery.imputed_load.clone(),
            cadence_line_intercept_spm: line.and_then(|l| round(Some(l.intercept_spm), 1)),
            cadence_line_slope_spm_per_mps: line.and_then(|l| round(Some(l.slope_spm_per_mps), 2)),
            cadence_line_runs: line.map(|l| l.runs),
            strain_p90_min: by_basis(recovery.load_basis, round(recovery.strain_p90, 0)).0,
            strain_p90_trimp: by_basis(recovery.load_basis, round(recovery.strain_p90, 0)).1,
        }
    }
}
