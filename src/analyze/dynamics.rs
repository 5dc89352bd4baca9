//! Running dynamics: the ground-contact-time (stance time) balance of each
//! run that recorded it, the input of `gct_balance_asymmetry`
//! (knee-risk-rules.md). Measures only.
//!
//! Per run: the median FIT `stance_time_balance` (percent of stance time
//! on the left foot) over steady, flat running: speed at least 1.7 m/s,
//! cadence at least 130 steps/min when cadence is recorded, speed within
//! 20% of the run's median running speed, and |grade| under 2% when the
//! grade is known (unknown grade counts as flat, as in the cadence
//! analyzer). Its asymmetry is d = |median - 50|.
//!
//! The runner's own baseline for a run on day d is the median of the
//! medians of the runs on days d-56..d-1 (8 weeks, own day excluded), from
//! at least [`MIN_BASELINE_RUNS`] runs; the shift is the run's median
//! minus that baseline, in percentage points.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::baseline_window;
use super::by_day::ByDay;
use super::percentile::percentile;
use crate::log::LoggedRun;
use crate::model::{Activity, MIN_RUNNING_MPS, MIN_RUNNING_SPM};

use super::steady::{FLAT_GRADE, STEADY_FRACTION};
/// Balances outside this range are sensor glitches, not gait.
const PLAUSIBLE_PCT: (f64, f64) = (30.0, 70.0);
/// Fewer counted samples than this give no median.
pub const MIN_SAMPLES: usize = 60;
/// Fewer earlier runs than this give no baseline.
pub const MIN_BASELINE_RUNS: usize = 3;

/// Stance-time balance of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunBalance {
    pub activity_id: String,
    pub local_date: NaiveDate,
    /// Median left-foot share of stance time, percent; `None` with fewer
    /// than [`MIN_SAMPLES`] steady running samples.
    pub median_pct: Option<f64>,
    /// d = |median_pct - 50|, percentage points.
    pub asymmetry_pts: Option<f64>,
    /// Samples the median stands on.
    pub samples: usize,
    /// Median of the earlier runs' medians (8 weeks, own day excluded).
    pub baseline_pct: Option<f64>,
    /// Runs the baseline stands on.
    pub baseline_runs: usize,
    /// median_pct - baseline_pct, percentage points (signed: positive is
    /// more load on the left foot than usual).
    pub shift_pts: Option<f64>,
}

/// One run's own stance-time balance: the median of its steady, flat
/// samples (`None` under [`MIN_SAMPLES`]) and how many there were.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BalanceSamples {
    pub median_pct: Option<f64>,
    pub samples: usize,
}

/// Measures one run; `None` when it recorded no stance-time balance.
pub fn measure_run(activity: &Activity, grade: Option<&[Option<f64>]>) -> Option<BalanceSamples> {
    activity.streams.stance_time_balance_pct.as_ref()?;
    let values = steady_balance(activity, grade);
    let samples = values.len();
    Some(BalanceSamples {
        median_pct: (samples >= MIN_SAMPLES)
            .then(|| percentile(values, 0.5))
            .flatten(),
        samples,
    })
}

/// Measures every run that recorded a stance-time balance. `grades[i]` is
/// the per-sample grade of `runs[i]` when known.
pub fn analyze(runs: &[LoggedRun], grades: &[Option<Vec<Option<f64>>>]) -> Vec<RunBalance> {
    let measured: Vec<Option<BalanceSamples>> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| measure_run(&run.activity, grades.get(i).and_then(|g| g.as_deref())))
        .collect();
    analyze_measured(runs, &measured)
}

/// The cross-run part: each run's baseline of the 8 weeks before and its
/// shift from it. `measured[i]` belongs to `runs[i]`.
pub fn analyze_measured(
    runs: &[LoggedRun],
    measured: &[Option<BalanceSamples>],
) -> Vec<RunBalance> {
    let mut out: Vec<RunBalance> = runs
        .iter()
        .zip(measured)
        .filter_map(|(run, m)| {
            let m = m.as_ref()?;
            Some(RunBalance {
                activity_id: run.activity.id.clone(),
                local_date: run.local_date,
                median_pct: m.median_pct,
                asymmetry_pts: m.median_pct.map(|p| (p - 50.0).abs()),
                samples: m.samples,
                baseline_pct: None,
                baseline_runs: 0,
                shift_pts: None,
            })
        })
        .collect();
    let by_day = ByDay::new(out.iter().map(|m| m.local_date));
    let medians: Vec<Option<f64>> = out.iter().map(|m| m.median_pct).collect();
    for run in &mut out {
        let earlier: Vec<f64> = baseline_window::runs_before(&by_day, run.local_date)
            .into_iter()
            .filter_map(|j| medians.get(j).copied().flatten())
            .collect();
        run.baseline_runs = earlier.len();
        run.baseline_pct = (earlier.len() >= MIN_BASELINE_RUNS)
            .then(|| percentile(earlier, 0.5))
            .flatten();
        run.shift_pts = run.median_pct.zip(run.baseline_pct).map(|(m, b)| m - b);
    }
    out
}

/// The balance samples of steady, flat running.
fn steady_balance(activity: &Activity, grade: Option<&[Option<f64>]>) -> Vec<f64> {
    let streams = &activity.streams;
    let (Some(balance), Some(speed)) = (
        streams.stance_time_balance_pct.as_ref(),
        streams.speed_mps.as_ref(),
    ) else {
        return Vec::new();
    };
    let cadence = streams.cadence_spm.as_ref();
    let running = |i: usize| -> Option<f64> {
        let v = speed.get(i).copied().flatten()?;
        let c_ok = cadence.is_none_or(|c| {
            c.get(i)
                .copied()
                .flatten()
                .is_some_and(|c| c >= MIN_RUNNING_SPM)
        });
        (v >= MIN_RUNNING_MPS && c_ok).then_some(v)
    };
    let Some(typical) = percentile((0..speed.len()).filter_map(running).collect(), 0.5) else {
        return Vec::new();
    };
    (0..balance.len())
        .filter(|&i| {
            let steady =
                running(i).is_some_and(|v| (v - typical).abs() <= STEADY_FRACTION * typical);
            let flat = grade
                .and_then(|g| g.get(i).copied().flatten())
                .is_none_or(|g| g.abs() < FLAT_GRADE);
            steady && flat
        })
        .filter_map(|i| balance.get(i).copied().flatten())
        .filter(|b| (PLAUSIBLE_PCT.0..=PLAUSIBLE_PCT.1).contains(b))
        .collect()
}

#[cfg(test)]
#[path = "dynamics_tests.rs"]
mod tests;
