//! A generated athlete: weeks of steady, progressive training written as
//! FIT files with a `patella.toml`, for tests that need a whole log (a
//! healthy log that must raise nothing above notice, the athletes of a
//! coach's folder, archives for benchmarks).
//!
//! Each week has five runs on fixed weekdays and two rest days (Wednesday
//! and Friday): an easy run on Monday (20% of the week), a tempo run on
//! Tuesday (18%), easy runs on Thursday (20%) and Saturday (12%), and the
//! long run on Sunday (30%). The week's distance grows by a fixed factor,
//! so every week is that much more than the one before and every long run
//! that much longer than the last.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};

use patella::model::LatLon;

use super::fit_writer::{write_fit, FitOptions};
use super::rng::mix;
use super::run_profile::{generate, RunParams, Target};
use super::GeneratedFile;

/// The weekday plan: (days after Monday, share of the week, tempo?, name).
const WEEK: [(i64, f64, bool, &str); 5] = [
    (0, 0.20, false, "Easy Run"),
    (1, 0.18, true, "Tempo Run"),
    (3, 0.20, false, "Easy Run"),
    (5, 0.12, false, "Recovery Run"),
    (6, 0.30, false, "Long Run"),
];

/// Who the athlete is and how they train.
#[derive(Debug, Clone, PartialEq)]
pub struct AthletePlan {
    pub name: String,
    /// IANA zone for the config, and its fixed UTC offset (choose a zone
    /// without daylight saving time, or the offset is wrong half the year).
    pub timezone: &'static str,
    pub utc_offset_s: i32,
    /// The Monday of the first week.
    pub first_monday: NaiveDate,
    pub weeks: u32,
    /// Distance of the first week.
    pub first_week_km: f64,
    /// Each week's distance over the one before (1.08 is +8%).
    pub weekly_growth: f64,
    pub easy_pace_s_per_km: f64,
    pub tempo_pace_s_per_km: f64,
    /// Steps/min at easy pace.
    pub cadence_spm: f64,
    /// Typical hill amplitude in metres (see [`RunParams::hilliness_m`]).
    pub hilliness_m: f64,
    pub center: LatLon,
    pub base_altitude_m: f64,
    /// The one pair of shoes, worn from the first run.
    pub shoe: &'static str,
    /// False for a runner without a heart-rate sensor: no heart rate is
    /// recorded in any run (everything else is generated the same).
    pub heart_rate: bool,
    pub seed: u64,
}

impl AthletePlan {
    /// A healthy runner in Phoenix (no daylight saving time): 12 weeks from
    /// 25 km growing 8% a week (to 58.3 km), cadence 174 steps/min, gentle
    /// hills, one pair of shoes from new.
    pub fn healthy() -> Self {
        AthletePlan {
            name: "Healthy runner".into(),
            timezone: "America/Phoenix",
            utc_offset_s: -7 * 3600,
            first_monday: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
            weeks: 12,
            first_week_km: 25.0,
            weekly_growth: 1.08,
            easy_pace_s_per_km: 340.0,
            tempo_pace_s_per_km: 300.0,
            cadence_spm: 174.0,
            hilliness_m: 3.0,
            center: LatLon {
                lat_deg: 33.4500,
                lon_deg: -112.0700,
            },
            base_altitude_m: 340.0,
            shoe: "Ghost 15",
            heart_rate: true,
            seed: 7,
        }
    }

    /// The [`healthy`](Self::healthy) runner without a heart-rate sensor:
    /// the same 60 runs on the same dates, routes, paces and cadences (the
    /// generator draws the same random numbers), but no run records heart
    /// rate: training load is counted in minutes instead of TRIMP, and
    /// intensity is measured by pace (as it is for `healthy()` too, whose
    /// config names no threshold or maximum heart rate).
    pub fn healthy_without_heart_rate() -> Self {
        AthletePlan {
            name: "Healthy runner without heart rate".into(),
            heart_rate: false,
            ..Self::healthy()
        }
    }

    /// A runner in Moscow (no daylight saving time) building too fast: 8
    /// weeks from 15 km growing 35% a week (to 122.6 km), so each week and
    /// each long run is 35% more than the last, at a low 160 steps/min.
    pub fn overreaching() -> Self {
        AthletePlan {
            name: "Fast builder".into(),
            timezone: "Europe/Moscow",
            utc_offset_s: 3 * 3600,
            first_monday: NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default(),
            weeks: 8,
            first_week_km: 15.0,
            weekly_growth: 1.35,
            easy_pace_s_per_km: 320.0,
            tempo_pace_s_per_km: 285.0,
            cadence_spm: 160.0,
            hilliness_m: 4.0,
            center: LatLon {
                lat_deg: 55.7300,
                lon_deg: 37.6000,
            },
            base_altitude_m: 150.0,
            shoe: "Kinvara 14",
            heart_rate: true,
            seed: 11,
        }
    }

    /// Distance of week `week` (0 for the first).
    pub fn week_km(&self, week: u32) -> f64 {
        self.first_week_km * self.weekly_growth.powi(week as i32)
    }

    /// Every planned run: (local date, km, tempo?, name).
    pub fn runs(&self) -> Vec<(NaiveDate, f64, bool, &'static str)> {
        (0..self.weeks)
            .flat_map(|week| {
                let monday = self.first_monday + Duration::weeks(i64::from(week));
                let km = self.week_km(week);
                WEEK.iter().map(move |&(day, share, tempo, name)| {
                    (monday + Duration::days(day), km * share, tempo, name)
                })
            })
            .collect()
    }

    /// The athlete's folder: `activities/YYYY-MM-DD.fit` per run and a
    /// `patella.toml` naming the athlete, the zone and the shoe.
    pub fn files(&self) -> Vec<GeneratedFile> {
        let mut files: Vec<GeneratedFile> = self
            .runs()
            .into_iter()
            .map(|(date, km, tempo, name)| {
                let activity = generate(&self.run_params(date, km, tempo, name));
                GeneratedFile::new(
                    format!("activities/{date}.fit"),
                    write_fit(&activity, &FitOptions::default()),
                )
            })
            .collect();
        files.push(GeneratedFile::new("patella.toml", self.config()));
        files
    }

    /// The generator's parameters for one of this athlete's runs: `km` on
    /// `date` at 06:30 local, at tempo or easy pace, on the athlete's
    /// gentle home loop, seeded by the date.
    pub fn run_params(&self, date: NaiveDate, km: f64, tempo: bool, name: &str) -> RunParams {
        let local_start = date.and_hms_opt(6, 30, 0).unwrap_or_default();
        let start_utc =
            Utc.from_utc_datetime(&(local_start - Duration::seconds(i64::from(self.utc_offset_s))));
        RunParams {
            start_utc,
            utc_offset_s: self.utc_offset_s,
            target: Target::DistanceM((km * 1000.0).round()),
            pace_s_per_km: if tempo {
                self.tempo_pace_s_per_km
            } else {
                self.easy_pace_s_per_km
            },
            cadence: self.cadence_spm,
            hilliness_m: self.hilliness_m,
            center: self.center,
            base_altitude_m: self.base_altitude_m,
            heart_rate: self.heart_rate,
            hr_steady_bpm: if tempo { 162.0 } else { 142.0 },
            name: name.into(),
            seed: mix(self.seed ^ u64::from(date.num_days_from_ce().unsigned_abs())),
            ..RunParams::default()
        }
    }

    fn config(&self) -> String {
        format!(
            "[athlete]\nname = \"{}\"\ntimezone = \"{}\"\n\n[[shoes]]\nname = \"{}\"\nfrom = {}\n",
            self.name, self.timezone, self.shoe, self.first_monday
        )
    }
}
