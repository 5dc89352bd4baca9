//! Intensity: minutes at or above the runner's threshold per run and per
//! local week, with the bases the rule `intensity_spike` compares them with
//! (knee-risk-rules.md): per week the mean of the three weeks before, per
//! run the largest figure of the previous 30 days. Measures only.
//!
//! Two bases, chosen per run and recorded with it:
//!
//! - `heart_rate`: minutes at or above the threshold heart rate, when a
//!   threshold is known (the config's `threshold_hr`, else 87% of its
//!   `max_hr`, the middle of the document's 85-88%) and the run recorded
//!   heart rate for at least half of its samples.
//! - `pace` (the fallback without heart rate or without a threshold):
//!   minutes faster than the runner's 90th-percentile easy pace. Of the
//!   runs of days d-56..d-1 (8 weeks, own day excluded) the easy ones are
//!   those whose median running speed (samples at 1.7 m/s or more) is no
//!   faster than the median run's; the threshold for a run on day d is the
//!   median of the easy runs' 90th-percentile sample speeds. It
//!   needs at least [`MIN_PACE_RUNS`] of them. A sample counts when its
//!   speed is strictly above that threshold.
//!
//! Speed is the recorded speed stream, or without one (GPX) the distance
//! covered over the preceding `DERIVED_SPEED_WINDOW_S` seconds.
//!
//! Each sample stands for the time to the next one, capped at
//! `MAX_SAMPLE_GAP_S` so that a pause with the watch stopped adds
//! nothing; the last sample adds nothing.

use chrono::NaiveDate;
use serde::Serialize;

use super::distribution::{HeartRateTime, SpeedTime};
use crate::log::weeks::{week_start_of, weeks_between, WeekStart};
use crate::log::LoggedRun;

/// Fraction of the maximum heart rate taken as threshold when only
/// `max_hr` is configured.
pub const THRESHOLD_FRACTION_OF_MAX: f64 = 0.87;
/// Days before a run searched for its largest predecessor: d-30..d-1.
pub const SPIKE_WINDOW_DAYS: i64 = 30;
/// The percentile of the earlier runs' easy paces used as threshold.
pub const PACE_PERCENTILE: f64 = 0.90;
/// Fewer earlier runs than this place no pace threshold.
pub const MIN_PACE_RUNS: usize = 5;

/// What a run's intensity minutes count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntensityBasis {
    /// Minutes at or above the threshold heart rate.
    HeartRate,
    /// Minutes faster than the 90th-percentile easy pace.
    Pace,
}

/// Intensity of one athlete's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntensityMetrics {
    pub week_start: WeekStart,
    /// The threshold heart rate used; `None` when neither `threshold_hr`
    /// nor `max_hr` is configured (every run then uses pace).
    pub threshold_hr_bpm: Option<f64>,
    /// Every local week from the first run's to the last run's, empty
    /// weeks included, oldest first.
    pub weeks: Vec<WeekIntensity>,
    /// One per run, in the log's order.
    pub runs: Vec<RunIntensity>,
}

/// One run's intensity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunIntensity {
    pub activity_id: String,
    pub local_date: NaiveDate,
    /// Days from the first run's date to this run's (0 on the first day).
    pub history_days: u32,
    /// `None` when the run could be measured on neither basis.
    pub basis: Option<IntensityBasis>,
    /// Minutes at or above the threshold, on `basis`.
    pub minutes: Option<f64>,
    /// Median speed of the running samples (the run's easy pace).
    pub median_speed_mps: Option<f64>,
    /// The pace threshold from the previous 8 weeks (set whenever it could
    /// be placed, also for runs measured by heart rate).
    pub threshold_speed_mps: Option<f64>,
    /// Largest `minutes` of the runs on days d-30..d-1; `None` when none
    /// of them was measured.
    pub max_prev_30d_min: Option<f64>,
    /// minutes / max_prev_30d_min - 1; `None` without a positive maximum.
    pub change_vs_30d_max: Option<f64>,
}

/// One local week's intensity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekIntensity {
    pub week_start: NaiveDate,
    /// Days from the first run's date to the week's first day (0 when the
    /// week holds the first run).
    pub history_days: u32,
    pub runs: u32,
    pub heart_rate_runs: u32,
    pub pace_runs: u32,
    /// Sum of the measured runs' minutes; 0 for a week without runs;
    /// `None` when the week had runs and none could be measured.
    pub minutes: Option<f64>,
    /// Mean minutes of the three weeks before; `None` with fewer than
    /// three earlier weeks or when one of them is unmeasured.
    pub prior_3wk_mean_min: Option<f64>,
    /// minutes / prior_3wk_mean_min - 1; `None` without a positive mean.
    pub change_vs_3wk_mean: Option<f64>,
}

/// The threshold heart rate: `threshold_hr`, else 87% of `max_hr`.
pub fn threshold_hr(threshold_hr: Option<u16>, max_hr: Option<u16>) -> Option<f64> {
    threshold_hr
        .map(f64::from)
        .or_else(|| max_hr.map(|max| THRESHOLD_FRACTION_OF_MAX * f64::from(max)))
        .filter(|bpm| *bpm > 0.0)
}

/// Measures every run and week. Runs are oldest first, as the log keeps
/// them (windows are by date, so another order changes nothing but the
/// output's).
pub fn analyze(
    runs: &[LoggedRun],
    week_start: WeekStart,
    threshold_hr_bpm: Option<f64>,
) -> IntensityMetrics {
    let hr: Vec<Option<HeartRateTime>> = runs
        .iter()
        .map(|r| HeartRateTime::of(&r.activity.streams))
        .collect();
    let speed: Vec<Option<SpeedTime>> = runs
        .iter()
        .map(|r| SpeedTime::of(&r.activity.streams))
        .collect();
    let hr: Vec<Option<&HeartRateTime>> = hr.iter().map(Option::as_ref).collect();
    let speed: Vec<Option<&SpeedTime>> = speed.iter().map(Option::as_ref).collect();
    analyze_measured(runs, week_start, threshold_hr_bpm, &hr, &speed)
}

/// [`analyze`] from each run's time at each heart rate and speed
/// (`hr[i]` and `speed[i]` belong to `runs[i]`); no sample is read.
pub fn analyze_measured(
    runs: &[LoggedRun],
    week_start: WeekStart,
    threshold_hr_bpm: Option<f64>,
    hr: &[Option<&HeartRateTime>],
    speed: &[Option<&SpeedTime>],
) -> IntensityMetrics {
    let first = runs.iter().map(|r| r.local_date).min();
    let speeds: Vec<Option<(f64, f64)>> = (0..runs.len())
        .map(|i| {
            let s = (*speed.get(i)?)?;
            Some((s.running_median_mps?, s.running_p90_mps?))
        })
        .collect();
    let by_day = ByDay::new(runs.iter().map(|r| r.local_date));
    let mut measured: Vec<RunIntensity> = runs
        .iter()
        .zip(&speeds)
        .enumerate()
        .map(|(i, (run, profile))| {
            let day = run.local_date;
            let earlier: Vec<(f64, f64)> = baseline_window::runs_before(&by_day, day)
                .into_iter()
                .filter_map(|j| speeds.get(j).copied().flatten())
                .collect();
            let threshold_speed = (earlier.len() >= MIN_PACE_RUNS)
                .then(|| easy_pace_threshold(earlier))
                .flatten();
            let (basis, minutes) = match run_minutes(
                hr.get(i).copied().flatten(),
                speed.get(i).copied().flatten(),
                threshold_hr_bpm,
                threshold_speed,
            ) {
                Some((basis, minutes)) => (Some(basis), Some(minutes)),
                None => (None, None),
            };
            RunIntensity {
                activity_id: run.activity.id.clone(),
                local_date: day,
                history_days: first.map_or(0, |f| days_u32(day - f)),
                basis,
                minutes,
                median_speed_mps: profile.map(|(median, _)| median),
                threshold_speed_mps: threshold_speed,
                max_prev_30d_min: None,
                change_vs_30d_max: None,
            }
        })
        .collect();
    let minutes: Vec<Option<f64>> = measured.iter().map(|m| m.minutes).collect();
    for run in &mut measured {
        let max = by_day
            .before(run.local_date, SPIKE_WINDOW_DAYS)
            .filter_map(|j| minutes.get(j).copied().flatten())
            .reduce(f64::max);
        run.max_prev_30d_min = max;
        run.change_vs_30d_max = run.minutes.zip(max).and_then(|(m, b)| change(m, b));
    }
    IntensityMetrics {
        week_start,
        threshold_hr_bpm,
        weeks: week_intensities(&measured, week_start),
        runs: measured,
    }
}

fn days_u32(span: chrono::TimeDelta) -> u32 {
    u32::try_from(span.num_days().max(0)).unwrap_or(u32::MAX)
}

/// value / base - 1; `None` without a positive base.
fn change(value: f64, base: f64) -> Option<f64> {
    (base > 0.0).then(|| value / base - 1.0)
}

/// The run's minutes on the best basis it allows.
fn run_minutes(
    hr: Option<&HeartRateTime>,
    speed: Option<&SpeedTime>,
    threshold_hr: Option<f64>,
    threshold_speed: Option<f64>,
) -> Option<(IntensityBasis, f64)> {
    if let (Some(limit), Some(hr)) = (threshold_hr, hr.filter(|hr| hr.covered)) {
        return Some((IntensityBasis::HeartRate, hr.minutes_at_or_above(limit)));
    }
    let (limit, speed) = (threshold_speed?, speed?);
    Some((IntensityBasis::Pace, speed.minutes_faster_than(limit)))
}

/// Weekly sums and the mean of the three weeks before.
fn week_intensities(runs: &[RunIntensity], start: WeekStart) -> Vec<WeekIntensity> {
    let first = runs.iter().map(|r| r.local_date).min();
    let last = runs.iter().map(|r| r.local_date).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let first_week = week_start_of(first, start);
    let mut weeks: Vec<WeekIntensity> = weeks_between(first, last, start)
        .map(|week_start| WeekIntensity {
            week_start,
            history_days: days_u32(week_start - first),
            runs: 0,
            heart_rate_runs: 0,
            pace_runs: 0,
            minutes: Some(0.0),
            prior_3wk_mean_min: None,
            change_vs_3wk_mean: None,
        })
        .collect();
    let mut measured_runs = vec![0u32; weeks.len()];
    for run in runs {
        let index = (week_start_of(run.local_date, start) - first_week).num_days() / 7;
        let Ok(index) = usize::try_from(index) else {
            continue;
        };
        let (Some(week), Some(count)) = (weeks.get_mut(index), measured_runs.get_mut(index)) else {
            continue;
        };
        week.runs += 1;
        match run.basis {
            Some(IntensityBasis::HeartRate) => week.heart_rate_runs += 1,
            Some(IntensityBasis::Pace) => week.pace_runs += 1,
            None => {}
        }
        if let Some(minutes) = run.minutes {
            *count += 1;
            week.minutes = week.minutes.map(|m| m + minutes);
        }
    }
    for (week, count) in weeks.iter_mut().zip(&measured_runs) {
        if week.runs > 0 && *count == 0 {
            week.minutes = None;
        }
    }
    let minutes: Vec<Option<f64>> = weeks.iter().map(|w| w.minutes).collect();
    for (i, week) in weeks.iter_mut().enumerate() {
        let prior = i
            .checked_sub(3)
            .and_then(|from| minutes.get(from..i))
            .and_then(|prior| prior.iter().copied().sum::<Option<f64>>())
            .map(|sum| sum / 3.0);
        week.prior_3wk_mean_min = prior;
        week.change_vs_3wk_mean = week.minutes.zip(prior).and_then(|(m, b)| change(m, b));
    }
    weeks
}

/// Percentile with linear interpolation between ranks; `None` for no
/// finite values.
/// The runner's 90th-percentile easy pace: the median, over the easy runs
/// (no faster than the median run), of each run's 90th-percentile speed.
/// Only the fastest tenth of easy running lies above it, so easy volume
/// does not count as intensity; a percentile of the runs' medians would
/// sit inside every easy run's own spread and count half of it.
fn easy_pace_threshold(profiles: Vec<(f64, f64)>) -> Option<f64> {
    let middle = percentile(profiles.iter().map(|p| p.0).collect(), 0.5)?;
    let easy_p90: Vec<f64> = profiles
        .into_iter()
        .filter(|(median, _)| *median <= middle)
        .map(|(_, p90)| p90)
        .collect();
    percentile(easy_p90, 0.5)
}

use super::baseline_window;
use super::by_day::ByDay;
use super::percentile::percentile;

#[cfg(test)]
#[path = "intensity_tests.rs"]
mod tests;
