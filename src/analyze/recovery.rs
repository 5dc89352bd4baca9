//! Recovery: running streaks, rest days per week, and Foster's training
//! monotony and strain.
//!
//! Inputs of the rules `recovery_streak` and `training_monotony`
//! (knee-risk-rules.md). Measures only: a monotony that would divide by a
//! zero spread is `None` with `sd_near_zero` set, and the rule decides how
//! to cap it.

use chrono::NaiveDate;
use serde::Serialize;

use super::daily::DailySeries;
use super::trimp::LoadBasis;
use super::trimp::{MaxHr, RunLoads};
use crate::log::weeks::{week_last_day, weeks_between, WeekStart};
use crate::log::LoggedRun;

/// Foster's window: the 7 daily loads ending on a day.
pub const MONOTONY_DAYS: usize = 7;
/// A standard deviation below this share of the mean is taken as zero:
/// seven identical loads may leave a rounding crumb instead of an exact 0,
/// and mean / crumb would be an absurd monotony.
pub const SD_NEAR_ZERO_RELATIVE: f64 = 1e-9;
/// The runner's own strain reference (knee-risk-rules.md: "strain above
/// the runner's own 90th percentile").
pub const STRAIN_PERCENTILE: f64 = 0.9;
/// Fewer weeks with a strain than this give no percentile.
pub const MIN_STRAIN_WEEKS: usize = 4;

/// Recovery measures of one athlete's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryMetrics {
    pub week_start: WeekStart,
    /// What the loads below count: minutes, or TRIMP when the log has
    /// heart rate (see [`super::trimp`]).
    pub load_basis: LoadBasis,
    /// The maximum heart rate of the TRIMP zones; `None` on minutes.
    pub max_hr: Option<MaxHr>,
    /// Runs without heart rate in a TRIMP log, counted at the log's median
    /// TRIMP per minute.
    pub imputed_load: Vec<String>,
    /// Runs with no time at all: they count as running days but add no
    /// load.
    pub untimed: Vec<String>,
    /// Every run of consecutive local days with at least one run, oldest
    /// first.
    pub streaks: Vec<Streak>,
    /// The streak that includes the last analyzed day; `None` when that
    /// day is a rest day.
    pub current_streak: Option<Streak>,
    /// Every local week from the first run's to the last day's.
    pub weeks: Vec<RecoveryWeek>,
    /// One per day of the daily series.
    pub days: Vec<DayMonotony>,
    /// 90th percentile of `weeks[].strain` (linear interpolation between
    /// the closest ranks, like numpy's default); `None` with fewer than 4
    /// weeks that have a strain.
    pub strain_p90: Option<f64>,
}

/// Consecutive local days with running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub days: u32,
}

/// One local calendar week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryWeek {
    pub week_start: NaiveDate,
    /// Days of the week inside the analyzed range: the first week starts
    /// at the first run, and days before it are unknown, not rest.
    pub days_observed: u32,
    /// Observed days without a run.
    pub rest_days: u32,
    /// Sum of the observed days' loads.
    pub load: f64,
    /// Monotony of the week's 7 days; `None` for a partial week, a week
    /// without load, and a week whose loads are all alike (`sd_near_zero`).
    pub monotony: Option<f64>,
    pub sd_near_zero: bool,
    /// `load` x `monotony`; `None` whenever `monotony` is.
    pub strain: Option<f64>,
}

/// Monotony over the 7 days ending on `date` (rest days count as 0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayMonotony {
    pub date: NaiveDate,
    /// Sum of the 7 daily loads; `None` before 7 days of history.
    pub load_7d: Option<f64>,
    /// Mean / population SD of the 7 daily loads. `None` before 7 days of
    /// history, when the 7 days hold no load (0/0), and when the SD is near
    /// zero (then `sd_near_zero` is set: loads all alike, the most
    /// monotonous week possible).
    pub monotony: Option<f64>,
    pub sd_near_zero: bool,
    /// `load_7d` x `monotony` (Foster's weekly strain, rolling).
    pub strain: Option<f64>,
}

/// Recovery measures of `runs` with minutes as load, from the first run's
/// date to the last's.
pub fn analyze(runs: &[LoggedRun], week_start: WeekStart) -> RecoveryMetrics {
    analyze_daily(&DailySeries::build(runs, None), week_start)
}

/// Recovery measures of `runs` with the given loads (see
/// [`super::trimp::training_loads`]).
pub fn analyze_loaded(
    runs: &[LoggedRun],
    week_start: WeekStart,
    loads: &RunLoads,
) -> RecoveryMetrics {
    RecoveryMetrics {
        max_hr: loads.max_hr,
        imputed_load: loads.imputed.clone(),
        ..analyze_daily(&DailySeries::build_with(runs, None, loads), week_start)
    }
}

/// Recovery measures over a daily series (which may end after the last
/// run, e.g. on the day of the analysis).
pub fn analyze_daily(daily: &DailySeries, week_start: WeekStart) -> RecoveryMetrics {
    let streaks = streaks(daily);
    let current_streak = streaks
        .last()
        .filter(|s| Some(s.last_day) == daily.last_day())
        .cloned();
    let days = day_monotony(daily);
    let weeks = weeks(daily, &days, week_start);
    let strains: Vec<f64> = weeks.iter().filter_map(|w| w.strain).collect();
    RecoveryMetrics {
        week_start,
        load_basis: daily.load_basis,
        max_hr: None,
        imputed_load: Vec::new(),
        untimed: daily.untimed.clone(),
        streaks,
        current_streak,
        weeks,
        days,
        strain_p90: (strains.len() >= MIN_STRAIN_WEEKS)
            .then(|| percentile(strains, STRAIN_PERCENTILE))
            .flatten(),
    }
}

/// Maximal stretches of days with at least one run.
fn streaks(daily: &DailySeries) -> Vec<Streak> {
    let mut streaks = Vec::new();
    let mut open: Option<Streak> = None;
    for day in &daily.days {
        match (&mut open, day.runs > 0) {
            (Some(streak), true) => {
                streak.last_day = day.date;
                streak.days += 1;
            }
            (None, true) => {
                open = Some(Streak {
                    first_day: day.date,
                    last_day: day.date,
                    days: 1,
                })
            }
            (_, false) => streaks.extend(open.take()),
        }
    }
    streaks.extend(open);
    streaks
}

/// Monotony and strain over the 7 days ending on each day. Each window is
/// summed afresh (7 values, so still linear overall): a two-pass SD over
/// the window is exact for identical loads, where a running sum of squares
/// would cancel into noise and hide `sd_near_zero`.
fn day_monotony(daily: &DailySeries) -> Vec<DayMonotony> {
    let loads: Vec<f64> = daily.days.iter().map(|d| d.load).collect();
    daily
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let window = (i + 1)
                .checked_sub(MONOTONY_DAYS)
                .and_then(|from| loads.get(from..=i));
            let (monotony, sd_near_zero) = window.map_or((None, false), monotony);
            let load_7d = window.map(|w| w.iter().sum::<f64>());
            DayMonotony {
                date: day.date,
                load_7d,
                monotony,
                sd_near_zero,
                strain: load_7d.zip(monotony).map(|(load, m)| load * m),
            }
        })
        .collect()
}

/// Mean / population SD of `loads`, and whether the SD is near zero. The 7
/// days are the whole week measured, not a sample of it, hence the
/// population SD (divide by n).
fn monotony(loads: &[f64]) -> (Option<f64>, bool) {
    if loads.is_empty() {
        return (None, false);
    }
    let n = loads.len() as f64;
    let mean = loads.iter().sum::<f64>() / n;
    if mean <= 0.0 || !mean.is_finite() {
        // No training in the window: neither monotonous nor varied.
        return (None, false);
    }
    let sd = (loads.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n).sqrt();
    if sd < SD_NEAR_ZERO_RELATIVE * mean {
        (None, true)
    } else {
        (Some(mean / sd), false)
    }
}

/// Rest days, load, monotony and strain per local week.
fn weeks(daily: &DailySeries, days: &[DayMonotony], start: WeekStart) -> Vec<RecoveryWeek> {
    let (Some(first), Some(last)) = (daily.first_day(), daily.last_day()) else {
        return Vec::new();
    };
    weeks_between(first, last, start)
        .map(|week_start| {
            let from = daily.index_of(week_start.max(first)).unwrap_or(0);
            let to = daily
                .index_of(week_last_day(week_start).min(last))
                .unwrap_or(from);
            let observed = daily.days.get(from..=to).unwrap_or_default();
            // Only a whole week has a weekly monotony: the rolling window
            // ending on its last day then covers exactly its 7 days.
            let whole = observed.len() == MONOTONY_DAYS;
            let at = days.get(to).filter(|_| whole);
            let load = observed.iter().map(|d| d.load).sum::<f64>();
            let monotony = at.and_then(|d| d.monotony);
            RecoveryWeek {
                week_start,
                days_observed: observed.len() as u32,
                rest_days: observed.iter().filter(|d| d.runs == 0).count() as u32,
                load,
                monotony,
                sd_near_zero: at.is_some_and(|d| d.sd_near_zero),
                strain: monotony.map(|m| load * m),
            }
        })
        .collect()
}

use super::percentile::percentile;

#[cfg(test)]
mod tests;
