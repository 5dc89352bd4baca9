//! Downhill running: how far, how long and how steeply each run and each
//! local week went down, and the largest single-run figures of the 30 days
//! before each run. The inputs of `descent_session_spike` and
//! `steep_descent_exposure` (knee-risk-rules.md); the rules judge them.
//!
//! Everything is read off the smoothed [`ElevationProfile`]: descent with
//! its dead band, and the distance and moving time of the grid intervals by
//! their smoothed grade. Indoor runs have no grades to judge and are only
//! listed as skipped.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::elevation::{profile_of, ElevationProfile};
use crate::log::weeks::{week_start_of, weeks_between, WeekStart};
use crate::log::LoggedRun;
use crate::model::{Activity, ElevationSource};

/// Grade edges of the bands as fractions: the metric's definition
/// ("distance at smoothed grade <= -5%, <= -10%, <= -15%"), not a rule's
/// threshold.
const MINUS_5PCT: f64 = -0.05;
const MINUS_10PCT: f64 = -0.10;
const MINUS_15PCT: f64 = -0.15;
/// The look-back of the single-run maxima: days d-30..=d-1.
pub const PRIOR_DAYS: u64 = 30;

/// One quantity (distance in metres or moving time in seconds, as the
/// field holding it says) by smoothed grade. The first three bands are
/// cumulative: a -12% stretch counts in `le_minus_5pct` and
/// `le_minus_10pct`. `None` when nothing of the run had a grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GradeBands {
    /// Grade <= -5%.
    pub le_minus_5pct: Option<f64>,
    /// Grade <= -10%.
    pub le_minus_10pct: Option<f64>,
    /// Grade <= -15%.
    pub le_minus_15pct: Option<f64>,
    /// -10% < grade <= -5% (the band of the rule's notice tier).
    pub minus_5_to_10pct: Option<f64>,
}

impl GradeBands {
    fn fields_mut(&mut self) -> [&mut Option<f64>; 4] {
        [
            &mut self.le_minus_5pct,
            &mut self.le_minus_10pct,
            &mut self.le_minus_15pct,
            &mut self.minus_5_to_10pct,
        ]
    }

    fn fields(&self) -> [Option<f64>; 4] {
        [
            self.le_minus_5pct,
            self.le_minus_10pct,
            self.le_minus_15pct,
            self.minus_5_to_10pct,
        ]
    }

    /// Adds `other` band by band; a band unknown on both sides stays `None`.
    fn add(&mut self, other: &GradeBands) {
        for (mine, theirs) in self.fields_mut().into_iter().zip(other.fields()) {
            *mine = sum(*mine, theirs);
        }
    }

    /// Keeps the larger value of each band.
    fn max(&mut self, other: &GradeBands) {
        for (mine, theirs) in self.fields_mut().into_iter().zip(other.fields()) {
            *mine = max(*mine, theirs);
        }
    }
}

fn sum(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

fn max(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The largest single-run values of the runs in days d-30..=d-1.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PriorMaxima {
    /// Runs in the window that had an elevation profile.
    pub runs_with_profile: usize,
    /// `None` when no run in the window had a profile.
    pub max_descent_m: Option<f64>,
    pub max_distance_m: GradeBands,
}

/// One outdoor run: what its own profile says, placed in the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunDownhill {
    pub activity_id: String,
    pub local_date: NaiveDate,
    pub week_start: NaiveDate,
    #[serde(flatten)]
    pub measured: DownhillSamples,
    pub prior_30d: PriorMaxima,
}

/// Sums over the outdoor runs of one local week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekDownhill {
    pub week_start: NaiveDate,
    /// Outdoor runs in the week.
    pub runs: usize,
    pub runs_with_profile: usize,
    /// `None` when no run of the week had a profile.
    pub descent_m: Option<f64>,
    pub distance_m: GradeBands,
    pub time_s: GradeBands,
}

/// Downhill metrics of a whole log.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DownhillMetrics {
    /// Outdoor runs, in the log's order.
    pub runs: Vec<RunDownhill>,
    /// Every week from the first run's to the last run's, empty ones
    /// included, oldest first.
    pub weeks: Vec<WeekDownhill>,
    /// Activity ids of indoor runs (treadmill, no position): no grades.
    pub skipped_indoor: Vec<String>,
}

/// Distance and moving time by band of one profile.
///
/// Each grid interval takes the mean grade of its two ends and counts its
/// `step_m` (and the moving time between its ends) in every band that
/// grade falls in; intervals with a grade missing at either end count
/// nowhere.
pub fn bands_of(profile: &ElevationProfile) -> (GradeBands, GradeBands) {
    let mut distance = GradeBands::default();
    let mut time = GradeBands::default();
    let mut any_time = false;
    let mut graded = false;
    let steps = profile
        .grade
        .windows(2)
        .zip(profile.moving_time_s.windows(2));
    for (grades, times) in steps {
        let [Some(g0), Some(g1)] = grades else {
            continue;
        };
        graded = true;
        let grade = (g0 + g1) / 2.0;
        let dt = match times {
            [Some(t0), Some(t1)] => Some((t1 - t0).max(0.0)),
            _ => None,
        };
        any_time |= dt.is_some();
        let in_band = [
            grade <= MINUS_5PCT,
            grade <= MINUS_10PCT,
            grade <= MINUS_15PCT,
            grade <= MINUS_5PCT && grade > MINUS_10PCT,
        ];
        let slots = distance.fields_mut().into_iter().zip(time.fields_mut());
        for (inside, (d, t)) in in_band.into_iter().zip(slots) {
            if inside {
                *d = sum(*d, Some(profile.step_m));
                *t = sum(*t, dt);
            }
        }
    }
    // A graded run with nothing in a band has 0 there, which is measured;
    // a run without any grade has no value at all.
    let zero = |bands: &mut GradeBands| {
        for field in bands.fields_mut() {
            *field = field.or(Some(0.0));
        }
    };
    if graded {
        zero(&mut distance);
    }
    if any_time {
        zero(&mut time);
    }
    (distance, time)
}

/// What one run's own profile says about its downhill running: the part
/// of [`RunDownhill`] that needs no other run, measured (and cached) once
/// per file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownhillSamples {
    /// `None` when the run recorded no elevation.
    pub elevation_source: Option<ElevationSource>,
    /// The elevation is not known to be barometric (GPS or unknown): its
    /// descent used the wider GPS dead band and deserves less confidence.
    pub gps_only: bool,
    pub has_profile: bool,
    /// Smoothed descent with the source's dead band.
    pub descent_m: Option<f64>,
    pub distance_m: GradeBands,
    /// Moving time (stops excluded) in each band.
    pub time_s: GradeBands,
}

/// Measures one run from its profile (`None` without one).
pub fn measure_run(activity: &Activity, profile: Option<&ElevationProfile>) -> DownhillSamples {
    let (distance_m, time_s) = profile.map(bands_of).unwrap_or_default();
    let elevation_source = activity.streams.elevation_m.as_ref().map(|_| {
        activity
            .elevation_source
            .unwrap_or(ElevationSource::Unknown)
    });
    DownhillSamples {
        elevation_source,
        gps_only: matches!(
            elevation_source,
            Some(ElevationSource::Gps | ElevationSource::Unknown)
        ),
        has_profile: profile.is_some(),
        descent_m: profile.and_then(|p| p.descent_m),
        distance_m,
        time_s,
    }
}

/// Downhill metrics of every run in the log, per run and per local week.
pub fn analyze(runs: &[LoggedRun], week_start: WeekStart) -> DownhillMetrics {
    // The profile walks every sample: the costly part, independent per run.
    let measured: Vec<DownhillSamples> = runs
        .par_iter()
        .map(|r| measure_run(&r.activity, profile_of(&r.activity).as_ref()))
        .collect();
    analyze_measured(runs, week_start, &measured)
}

/// The cross-run part: the 30-day maxima before each run and the weekly
/// sums. `measured[i]` belongs to `runs[i]`; indoor runs are left out.
pub fn analyze_measured(
    runs: &[LoggedRun],
    week_start: WeekStart,
    measured: &[DownhillSamples],
) -> DownhillMetrics {
    let skipped_indoor = runs
        .iter()
        .filter(|r| r.activity.is_indoor())
        .map(|r| r.activity.id.clone())
        .collect();
    let mut per_run: Vec<RunDownhill> = runs
        .iter()
        .zip(measured)
        .filter(|(r, _)| !r.activity.is_indoor())
        .map(|(r, m)| RunDownhill {
            activity_id: r.activity.id.clone(),
            local_date: r.local_date,
            week_start: week_start_of(r.local_date, week_start),
            measured: m.clone(),
            prior_30d: PriorMaxima::default(),
        })
        .collect();
    fill_prior_maxima(&mut per_run);
    let weeks = weekly(runs, &per_run, week_start);
    DownhillMetrics {
        runs: per_run,
        weeks,
        skipped_indoor,
    }
}

/// For each run, the maxima over the runs of the 30 days before its own
/// day (the same day excluded: two runs of one day are not each other's
/// history).
fn fill_prior_maxima(runs: &mut [RunDownhill]) {
    // Dates in order make each window a contiguous slice.
    let mut by_date: Vec<usize> = (0..runs.len()).collect();
    by_date.sort_by_key(|&i| runs.get(i).map(|r| r.local_date));
    let dates: Vec<NaiveDate> = by_date
        .iter()
        .filter_map(|&i| runs.get(i).map(|r| r.local_date))
        .collect();
    let maxima: Vec<PriorMaxima> = runs
        .iter()
        .map(|run| {
            let from = run
                .local_date
                .checked_sub_days(Days::new(PRIOR_DAYS))
                .unwrap_or(NaiveDate::MIN);
            let lo = dates.partition_point(|d| *d < from);
            let hi = dates.partition_point(|d| *d < run.local_date);
            let mut prior = PriorMaxima::default();
            let earlier = by_date.get(lo..hi).unwrap_or_default();
            for other in earlier.iter().filter_map(|&j| runs.get(j)) {
                let other = &other.measured;
                if other.has_profile {
                    prior.runs_with_profile += 1;
                    prior.max_descent_m = max(prior.max_descent_m, other.descent_m);
                    prior.max_distance_m.max(&other.distance_m);
                }
            }
            prior
        })
        .collect();
    for (run, prior) in runs.iter_mut().zip(maxima) {
        run.prior_30d = prior;
    }
}

fn weekly(log: &[LoggedRun], runs: &[RunDownhill], start: WeekStart) -> Vec<WeekDownhill> {
    let first = log.iter().map(|r| r.local_date).min();
    let last = log.iter().map(|r| r.local_date).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let mut weeks: BTreeMap<NaiveDate, WeekDownhill> = weeks_between(first, last, start)
        .map(|week_start| {
            let empty = WeekDownhill {
                week_start,
                runs: 0,
                runs_with_profile: 0,
                descent_m: None,
                distance_m: GradeBands::default(),
                time_s: GradeBands::default(),
            };
            (week_start, empty)
        })
        .collect();
    for run in runs {
        let Some(week) = weeks.get_mut(&run.week_start) else {
            continue;
        };
        week.runs += 1;
        let run = &run.measured;
        if run.has_profile {
            week.runs_with_profile += 1;
            week.descent_m = sum(week.descent_m, run.descent_m);
            week.distance_m.add(&run.distance_m);
            week.time_s.add(&run.time_s);
        }
    }
    weeks.into_values().collect()
}

#[cfg(test)]
#[path = "downhill_tests.rs"]
mod tests;
