//! Running load: weekly totals and changes, single-run spikes against the
//! previous 30 days, and the acute:chronic workload ratio per day.
//!
//! Inputs of the rules `session_distance_spike`, `weekly_distance_jump` and
//! `acwr` (knee-risk-rules.md). Measures only: every ratio that has no
//! denominator is `None`, and the rules decide what is too much.
//!
//! Everything is linear in the number of days: prefix sums for the ACWR
//! windows, a monotonic queue for the 30-day maximum.

use std::collections::VecDeque;

use chrono::NaiveDate;
use serde::Serialize;

use super::daily::DailySeries;
use super::run_totals::{run_km, run_time_s};
use crate::log::weeks::{week_last_day, week_start_of, weeks_between, WeekStart};
use crate::log::LoggedRun;

/// Days before a run searched for its longest predecessor: days d-30 to
/// d-1, so a run exactly 30 days earlier counts and one 31 days earlier
/// does not (Frandsen 2025: "the longest run in the previous 30 days").
pub const SPIKE_WINDOW_DAYS: usize = 30;
/// The acute window: days t-6..t.
pub const ACUTE_DAYS: usize = 7;
/// The acute plus the chronic window: the chronic one is days t-27..t-7
/// ("uncoupled": the acute week is not part of it, Impellizzeri 2020).
pub const ACWR_DAYS: usize = 28;
/// EWMA decay constants of Williams et al. 2017: lambda = 2 / (N + 1).
pub const LAMBDA_ACUTE: f64 = 2.0 / (7.0 + 1.0);
pub const LAMBDA_CHRONIC: f64 = 2.0 / (28.0 + 1.0);

/// Load of one athlete's log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadMetrics {
    pub week_start: WeekStart,
    /// Every local week from the first run's to the last day's, empty
    /// weeks included, oldest first.
    pub weeks: Vec<WeekLoad>,
    /// One per run in the daily series' range, in the log's order.
    pub runs: Vec<RunLoad>,
    /// One per day of the daily series.
    pub days: Vec<DayLoad>,
}

/// One local calendar week (the report's `weeks` entries).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekLoad {
    pub week_start: NaiveDate,
    /// Days of this week inside the analyzed range: under 7 for the first
    /// week (history starts mid-week) and a week still in progress.
    pub days_observed: u32,
    pub runs: u32,
    /// Sum of the known run distances; 0 for a week without runs.
    pub distance_km: f64,
    /// Sum of run times (moving, else elapsed); 0 for a week without runs.
    pub moving_s: f64,
    /// `None` when no run of the week has a distance.
    pub longest_run_km: Option<f64>,
    /// Sum of the runs' descents; `None` when no run of the week has one.
    pub descent_m: Option<f64>,
    /// 100 x (km / previous week's km - 1); `None` for the first week and
    /// after a week of 0 km.
    pub change_vs_prev_pct: Option<f64>,
    /// 100 x (km / mean km of the 3 weeks before - 1); `None` with fewer
    /// than 3 earlier weeks in the data or when their mean is 0.
    pub change_vs_3wk_mean_pct: Option<f64>,
    /// Uncoupled ACWR at the week's last day (or the last analyzed day for
    /// a week in progress).
    pub acwr: Option<f64>,
    /// EWMA ACWR at the same day.
    pub acwr_ewma: Option<f64>,
}

/// One run against the runs before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLoad {
    pub activity_id: String,
    pub local_date: NaiveDate,
    pub distance_km: Option<f64>,
    /// Longest single run on days d-30..d-1 (the run's own day excluded,
    /// so two runs on one day are never compared with each other). `None`
    /// when no run with a known distance falls in that window.
    pub longest_prev_30d_km: Option<f64>,
    /// distance_km / longest_prev_30d_km - 1 (0.3 = 30% longer).
    pub spike_ratio: Option<f64>,
    /// Days of running history before this run: from the first run's date
    /// to the day before this run (0 for runs on the first day), so rules
    /// can report `insufficient_history` below 30.
    pub history_days: u32,
}

/// The acute:chronic ratios of one day, over daily km.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayLoad {
    pub date: NaiveDate,
    pub distance_km: f64,
    /// Mean daily km of days t-6..t / mean daily km of days t-27..t-7.
    /// `None` before 28 days of history (the first run's day is day 1) and
    /// when no km were run on days t-27..t-7.
    pub acwr: Option<f64>,
    /// Acute / chronic EWMA of daily km (lambda 2/8 and 2/29, both seeded
    /// with the first day's km, like pandas `ewm(adjust=False)`). `None`
    /// before 28 days of history and while the chronic EWMA is 0.
    pub acwr_ewma: Option<f64>,
}

/// Load of `runs`, from the first run's date to the last run's.
pub fn analyze(runs: &[LoggedRun], week_start: WeekStart) -> LoadMetrics {
    analyze_daily(runs, &DailySeries::build(runs, None), week_start)
}

/// Load of `runs` over the dates of `daily` (built from the same runs,
/// possibly to a later or earlier end date); runs outside it are left out.
pub fn analyze_daily(
    runs: &[LoggedRun],
    daily: &DailySeries,
    week_start: WeekStart,
) -> LoadMetrics {
    let days = day_loads(daily);
    let weeks = week_loads(runs, daily, &days, week_start);
    let runs = run_loads(runs, daily);
    LoadMetrics {
        week_start,
        weeks,
        runs,
        days,
    }
}

/// Uncoupled and EWMA ACWR for every day.
fn day_loads(daily: &DailySeries) -> Vec<DayLoad> {
    let km: Vec<f64> = daily.days.iter().map(|d| d.distance_km).collect();
    // Prefix sums give each window's km in O(1). Zero windows are detected
    // with an exact count of running days, since a difference of float
    // prefix sums over rest days may leave a rounding crumb instead of 0.
    let mut sum = vec![0.0; km.len() + 1];
    let mut ran = vec![0usize; km.len() + 1];
    for (i, &k) in km.iter().enumerate() {
        sum[i + 1] = sum[i] + k;
        ran[i + 1] = ran[i] + usize::from(k > 0.0);
    }
    let chronic_days = (ACWR_DAYS - ACUTE_DAYS) as f64;
    let seed = km.first().copied().unwrap_or(0.0);
    let (mut acute, mut chronic) = (seed, seed);
    daily
        .days
        .iter()
        .enumerate()
        .map(|(t, day)| {
            if t > 0 {
                acute += LAMBDA_ACUTE * (km[t] - acute);
                chronic += LAMBDA_CHRONIC * (km[t] - chronic);
            }
            let full = t + 1 >= ACWR_DAYS;
            let acwr = full
                .then(|| {
                    let (from, split) = (t + 1 - ACWR_DAYS, t + 1 - ACUTE_DAYS);
                    let chronic_km = sum[split] - sum[from];
                    let acute_km = sum[t + 1] - sum[split];
                    (ran[split] > ran[from] && chronic_km > 0.0)
                        .then(|| (acute_km / ACUTE_DAYS as f64) / (chronic_km / chronic_days))
                })
                .flatten();
            DayLoad {
                date: day.date,
                distance_km: day.distance_km,
                acwr,
                acwr_ewma: (full && chronic > 0.0).then(|| acute / chronic),
            }
        })
        .collect()
}

/// Per-week totals and changes.
fn week_loads(
    runs: &[LoggedRun],
    daily: &DailySeries,
    days: &[DayLoad],
    start: WeekStart,
) -> Vec<WeekLoad> {
    let (Some(first), Some(last)) = (daily.first_day(), daily.last_day()) else {
        return Vec::new();
    };
    let first_week = week_start_of(first, start);
    let mut weeks: Vec<WeekLoad> = weeks_between(first, last, start)
        .map(|week_start| {
            let from = week_start.max(first);
            let to = week_last_day(week_start).min(last);
            // The ratio at the week's last analyzed day.
            let at = daily.index_of(to).and_then(|i| days.get(i));
            WeekLoad {
                week_start,
                days_observed: u32::try_from((to - from).num_days() + 1).unwrap_or(0),
                runs: 0,
                distance_km: 0.0,
                moving_s: 0.0,
                longest_run_km: None,
                descent_m: None,
                change_vs_prev_pct: None,
                change_vs_3wk_mean_pct: None,
                acwr: at.and_then(|d| d.acwr),
                acwr_ewma: at.and_then(|d| d.acwr_ewma),
            }
        })
        .collect();
    for run in runs {
        if daily.index_of(run.local_date).is_none() {
            continue;
        }
        let index = (week_start_of(run.local_date, start) - first_week).num_days() / 7;
        let Some(week) = usize::try_from(index).ok().and_then(|i| weeks.get_mut(i)) else {
            continue;
        };
        week.runs += 1;
        if let Some(km) = run_km(&run.summary) {
            week.distance_km += km;
            week.longest_run_km = Some(week.longest_run_km.map_or(km, |l| l.max(km)));
        }
        week.moving_s += run_time_s(&run.summary).unwrap_or(0.0);
        if let Some(descent) = run.summary.descent_m.filter(|d| d.is_finite() && *d >= 0.0) {
            week.descent_m = Some(week.descent_m.unwrap_or(0.0) + descent);
        }
    }
    let km: Vec<f64> = weeks.iter().map(|w| w.distance_km).collect();
    for (i, week) in weeks.iter_mut().enumerate() {
        week.change_vs_prev_pct = i.checked_sub(1).and_then(|p| change_pct(km[i], km[p]));
        week.change_vs_3wk_mean_pct = i
            .checked_sub(3)
            .and_then(|p| change_pct(km[i], km[p..i].iter().sum::<f64>() / 3.0));
    }
    weeks
}

/// 100 x (value / base - 1); `None` without a positive base.
fn change_pct(value: f64, base: f64) -> Option<f64> {
    (base > 0.0).then(|| 100.0 * (value / base - 1.0))
}

/// Each run against the longest single run of the 30 days before its day.
fn run_loads(runs: &[LoggedRun], daily: &DailySeries) -> Vec<RunLoad> {
    // Longest known single run per day (0 = none: known distances are > 0).
    let mut longest = vec![0.0f64; daily.days.len()];
    for run in runs {
        if let (Some(i), Some(km)) = (daily.index_of(run.local_date), run_km(&run.summary)) {
            longest[i] = longest[i].max(km);
        }
    }
    // Sliding-window maximum over days i-30..i-1: the queue holds day
    // indices whose longest runs decrease from front to back.
    let mut window_max = Vec::with_capacity(longest.len());
    let mut queue: VecDeque<usize> = VecDeque::new();
    for i in 0..longest.len() {
        if let Some(entering) = i.checked_sub(1) {
            while queue
                .back()
                .is_some_and(|&b| longest[b] <= longest[entering])
            {
                queue.pop_back();
            }
            queue.push_back(entering);
        }
        while queue.front().is_some_and(|&f| f + SPIKE_WINDOW_DAYS < i) {
            queue.pop_front();
        }
        window_max.push(queue.front().map(|&f| longest[f]).filter(|km| *km > 0.0));
    }
    runs.iter()
        .filter_map(|run| {
            let i = daily.index_of(run.local_date)?;
            let distance_km = run_km(&run.summary);
            let before = window_max.get(i).copied().flatten();
            Some(RunLoad {
                activity_id: run.activity.id.clone(),
                local_date: run.local_date,
                distance_km,
                longest_prev_30d_km: before,
                spike_ratio: distance_km.zip(before).map(|(km, max)| km / max - 1.0),
                history_days: u32::try_from(i).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
