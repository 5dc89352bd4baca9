//! Shoes: which pair each run was in, how far each pair has gone, when it
//! crossed each distance, how fast it is wearing, and how many pairs were
//! in rotation week by week. The inputs of `shoe_mileage` and
//! `shoe_rotation` (knee-risk-rules.md); the rules judge them.
//!
//! A run's shoe, in the order of knee-risk-rules.md "Shoes": a config
//! override (by file, then by local date), the gear an export names
//! (Strava's "Activity Gear", Garmin's gear links), then the config's date
//! ranges. A gear the config does not list is still a shoe (no starting
//! km). Runs with none of these are counted as "no shoe".
//!
//! A pair's retirement distance is the config's `retire_km`, else the one
//! the runner set in the app (Garmin's `maximumMeters`, from the log's
//! `export_shoes`), else `[rules.shoe_mileage] warning`, else 800 km.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::downhill::DownhillMetrics;
use super::run_totals::run_km;
use crate::config::{Config, Shoe};
use crate::log::weeks::{week_last_day, weeks_between, WeekStart};
use crate::log::{LoggedRun, TrainingLog};
use crate::model::{ExportShoe, GearSource};

/// Retirement distance when neither the shoe nor `[rules.shoe_mileage]`
/// sets one (the rule's warning tier).
pub const DEFAULT_RETIRE_KM: f64 = 800.0;
/// Days of the look-back of the wear rate and of the rotation: 8 weeks.
pub const RECENT_DAYS: u64 = 56;
/// The wear rate is never taken over fewer days than this, so one long
/// run on a new pair does not project its retirement next week.
pub const MIN_RATE_DAYS: u64 = 7;
/// Uses in the look-back that make a pair part of the rotation.
pub const ROTATION_MIN_USES: u32 = 2;

/// Where a run's shoe came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShoeSource {
    /// `[[shoe_overrides]]`, by file or by local date.
    Override,
    /// Strava's activities.csv "Activity Gear".
    StravaGear,
    /// Garmin's account export: the shoe `<user>_gear.json` links to the
    /// run's activity.
    GarminGear,
    /// The `from`/`until` range of a `[[shoes]]` entry.
    DateRange,
}

/// One run's shoe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunShoe {
    pub activity_id: String,
    pub local_date: NaiveDate,
    /// `None`: no shoe known for this run.
    pub shoe: Option<String>,
    pub source: Option<ShoeSource>,
}

/// One run in a pair, with the pair's distance after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShoeUse {
    pub activity_id: String,
    pub date: NaiveDate,
    /// The run's distance; `None` when unknown (it adds nothing).
    pub km: Option<f64>,
    /// The pair's km after this run, its starting km included.
    pub cumulative_km: f64,
}

/// One pair of shoes over the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShoeWear {
    pub name: String,
    /// Listed under `[[shoes]]` (otherwise known from an export's gear only).
    pub configured: bool,
    /// Distance on the pair before its first run in the data.
    pub initial_km: f64,
    /// The pair's own `retire_km`, when the config sets one, else the one
    /// the runner set in the app the export came from (Garmin's
    /// `maximumMeters`).
    pub own_retire_km: Option<f64>,
    /// `own_retire_km`, else `[rules.shoe_mileage] warning`, else 800.
    pub retire_km: f64,
    /// Total after the last run, `initial_km` included.
    pub distance_km: f64,
    pub runs: u32,
    pub first_used: NaiveDate,
    pub last_used: NaiveDate,
    /// Distance at smoothed grade <= -5%; `None` when none of its runs had
    /// an elevation profile.
    pub downhill_km: Option<f64>,
    /// km per day over the 8 weeks up to the log's last run (from the
    /// pair's first use when later, at least 7 days); `None` when the pair
    /// was not used in those 8 weeks.
    pub recent_km_per_day: Option<f64>,
    /// When it reaches `retire_km` at the recent rate; `None` without a
    /// recent rate or when it is already there.
    pub projected_retirement: Option<NaiveDate>,
    /// Its runs, oldest first.
    pub uses: Vec<ShoeUse>,
}

impl ShoeWear {
    /// The run that took the pair to `km` or beyond first (the first run
    /// when its starting km already did).
    pub fn crossing(&self, km: f64) -> Option<&ShoeUse> {
        self.uses.iter().find(|u| u.cumulative_km >= km)
    }

    /// The pair's km at the end of `date` (its starting km before its first
    /// run).
    pub fn km_on(&self, date: NaiveDate) -> f64 {
        self.uses
            .iter()
            .take_while(|u| u.date <= date)
            .last()
            .map_or(self.initial_km, |u| u.cumulative_km)
    }
}

/// The pairs in use over the 8 weeks up to one week's end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotationWeek {
    pub week_start: NaiveDate,
    /// The week's last day, or the log's last run date when earlier: the
    /// end of the look-back.
    pub date: NaiveDate,
    /// Pairs with at least 2 runs on days `date`-55..=`date`, by name.
    pub shoes_used_twice: Vec<String>,
    /// Runs in that look-back with no shoe known.
    pub runs_without_shoe: u32,
    /// Days from the log's first run to `date`.
    pub history_days: u32,
}

/// Shoe metrics of a whole log.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ShoeMetrics {
    /// Every pair with at least one run, in order of first use.
    pub shoes: Vec<ShoeWear>,
    /// Every run in the log's order.
    pub runs: Vec<RunShoe>,
    pub runs_without_shoe: u32,
    /// Known distance of the runs without a shoe.
    pub km_without_shoe: f64,
    /// Every week from the first run's to the last run's, oldest first.
    pub rotation: Vec<RotationWeek>,
}

/// A run's shoe and where it came from.
pub fn shoe_of(run: &LoggedRun, config: &Config) -> Option<(Shoe, ShoeSource)> {
    let activity = &run.activity;
    let date = run.local_date;
    let overridden = if activity.files.is_empty() {
        config.shoe_override_for("", date)
    } else {
        // The first file holds the data; merged copies may be pinned too.
        activity
            .files
            .iter()
            .find_map(|file| config.shoe_override_for(file, date))
    };
    if let Some(shoe) = overridden {
        return Some((shoe.clone(), ShoeSource::Override));
    }
    if let Some(gear) = activity
        .gear
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        let shoe = config
            .shoe(gear)
            .cloned()
            .unwrap_or_else(|| Shoe::named(gear));
        let source = match activity.gear_source {
            Some(GearSource::GarminGear) => ShoeSource::GarminGear,
            Some(GearSource::StravaCsv) | None => ShoeSource::StravaGear,
        };
        return Some((shoe, source));
    }
    config
        .shoe_by_date(date, activity.sub_sport.as_deref())
        .map(|shoe| (shoe.clone(), ShoeSource::DateRange))
}

/// Measures every pair over the log's runs (oldest first).
pub fn analyze(
    log: &TrainingLog,
    config: &Config,
    week_start: WeekStart,
    downhill: &DownhillMetrics,
) -> ShoeMetrics {
    let default_retire = config
        .rule("shoe_mileage")
        .and_then(|rule| rule.warning)
        .unwrap_or(DEFAULT_RETIRE_KM);
    let downhill_m: BTreeMap<&str, f64> = downhill
        .runs
        .iter()
        .filter_map(|r| Some((r.activity_id.as_str(), r.measured.distance_m.le_minus_5pct?)))
        .collect();
    let mut order: Vec<&LoggedRun> = log.runs.iter().collect();
    order.sort_by_key(|run| run.start_local);

    let mut metrics = ShoeMetrics::default();
    let mut wear: Vec<ShoeWear> = Vec::new();
    for run in order {
        let assigned = shoe_of(run, config);
        let km = run_km(&run.summary);
        metrics.runs.push(RunShoe {
            activity_id: run.activity.id.clone(),
            local_date: run.local_date,
            shoe: assigned.as_ref().map(|(shoe, _)| shoe.name.clone()),
            source: assigned.as_ref().map(|(_, source)| *source),
        });
        let Some((shoe, _)) = assigned else {
            metrics.runs_without_shoe += 1;
            metrics.km_without_shoe += km.unwrap_or(0.0);
            continue;
        };
        let at = match wear.iter().position(|w| w.name == shoe.name) {
            Some(at) => at,
            None => {
                let listed = log.export_shoes.iter().find(|s| s.name == shoe.name);
                wear.push(new_wear(
                    &shoe,
                    listed,
                    config,
                    default_retire,
                    run.local_date,
                ));
                wear.len() - 1
            }
        };
        let pair = &mut wear[at];
        pair.distance_km += km.unwrap_or(0.0);
        pair.runs += 1;
        pair.last_used = run.local_date;
        if let Some(metres) = downhill_m.get(run.activity.id.as_str()) {
            pair.downhill_km = Some(pair.downhill_km.unwrap_or(0.0) + metres / 1000.0);
        }
        pair.uses.push(ShoeUse {
            activity_id: run.activity.id.clone(),
            date: run.local_date,
            km,
            cumulative_km: pair.distance_km,
        });
    }
    if let Some(as_of) = metrics.runs.iter().map(|r| r.local_date).max() {
        for pair in &mut wear {
            project(pair, as_of);
        }
    }
    metrics.rotation = rotation(&metrics.runs, week_start);
    metrics.shoes = wear;
    metrics
}

/// A pair's wear before its first run: `shoe` as the config (or the run's
/// gear) gives it, `listed` as an export lists it.
fn new_wear(
    shoe: &Shoe,
    listed: Option<&ExportShoe>,
    config: &Config,
    default_retire: f64,
    date: NaiveDate,
) -> ShoeWear {
    let own_retire_km = shoe.retire_km.or_else(|| listed.and_then(|l| l.retire_km));
    let initial_km = if shoe.initial_km.is_finite() {
        shoe.initial_km.max(0.0)
    } else {
        0.0
    };
    ShoeWear {
        name: shoe.name.clone(),
        configured: config.shoe(&shoe.name).is_some(),
        initial_km,
        own_retire_km,
        retire_km: own_retire_km.unwrap_or(default_retire),
        distance_km: initial_km,
        runs: 0,
        first_used: date,
        last_used: date,
        downhill_km: None,
        recent_km_per_day: None,
        projected_retirement: None,
        uses: Vec::new(),
    }
}

/// The recent wear rate and the projected retirement date, as of the log's
/// last run date.
fn project(pair: &mut ShoeWear, as_of: NaiveDate) {
    let window_start = as_of
        .checked_sub_days(Days::new(RECENT_DAYS - 1))
        .unwrap_or(as_of)
        .max(pair.first_used);
    let recent_km: f64 = pair
        .uses
        .iter()
        .filter(|u| u.date >= window_start && u.date <= as_of)
        .filter_map(|u| u.km)
        .sum();
    if recent_km <= 0.0 {
        return;
    }
    let days = ((as_of - window_start).num_days() + 1).max(MIN_RATE_DAYS as i64);
    let rate = recent_km / days as f64;
    pair.recent_km_per_day = Some(rate);
    let left = pair.retire_km - pair.distance_km;
    if left <= 0.0 {
        return;
    }
    let days_left = (left / rate).ceil();
    if days_left < 36_500.0 {
        pair.projected_retirement = as_of.checked_add_days(Days::new(days_left as u64));
    }
}

/// The pairs used at least twice in the 8 weeks up to each week's end.
fn rotation(runs: &[RunShoe], week_start: WeekStart) -> Vec<RotationWeek> {
    let (Some(first), Some(last)) = (
        runs.iter().map(|r| r.local_date).min(),
        runs.iter().map(|r| r.local_date).max(),
    ) else {
        return Vec::new();
    };
    weeks_between(first, last, week_start)
        .map(|week| {
            let date = week_last_day(week).min(last);
            let from = date
                .checked_sub_days(Days::new(RECENT_DAYS - 1))
                .unwrap_or(date);
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            let mut without = 0;
            for run in runs
                .iter()
                .filter(|r| r.local_date >= from && r.local_date <= date)
            {
                match &run.shoe {
                    Some(name) => *counts.entry(name).or_default() += 1,
                    None => without += 1,
                }
            }
            RotationWeek {
                week_start: week,
                date,
                shoes_used_twice: counts
                    .into_iter()
                    .filter(|(_, uses)| *uses >= ROTATION_MIN_USES)
                    .map(|(name, _)| name.to_string())
                    .collect(),
                runs_without_shoe: without,
                history_days: u32::try_from((date - first).num_days()).unwrap_or(0),
            }
        })
        .collect()
}
