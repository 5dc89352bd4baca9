//! A 16-week log with planned knee-risk patterns, for tests of the rules'
//! findings: [`PatternLog::standard`].
//!
//! The runner lives in Phoenix (America/Phoenix, UTC-7 all year, so no
//! daylight-saving switch moves a local date), runs about five times a
//! week at 06:30 local, always at a base cadence of 161 steps/min, with
//! heart rate, in one pair of shoes. Outside the planned patterns the
//! training is healthy: the week grows by about 4% (32.5 km to about
//! 50 km), no run with 30 days of history before it is more than 8%
//! longer than the longest of those 30 days, Wednesday and Friday are rest
//! days, and the Tuesday tempo run
//! (heart rate about 162) stays under the configured threshold heart rate
//! of 170, so no minute counts as intense. Most runs go round the home
//! loop, whose 3 m hills (as [`AthletePlan::healthy`]) patella's smoothing
//! flattens to no descent at all; the Thursday run goes round the rolling
//! loop of Papago Park (6 m hills, grades under 2.5%), some 100-120 m of
//! descent as patella counts barometric descent, so every week descends a
//! little, never 150 m (half the weekly descent floor of 300 m).
//!
//! The planned patterns, by local date (week N starts on Monday
//! [`FIRST_MONDAY`] + 7(N-1) days), with the rule of
//! docs/knee-risk-rules.md that should find each:
//!
//! - Low cadence on every run (`cadence_low_absolute`,
//!   [`BASE_CADENCE_SPM`]): each run's median cadence is about 161
//!   steps/min (the drift run's about 156), under 166, on every run at
//!   easy pace (all but the Tuesday tempo runs) from 2026-03-05, the first
//!   run with 30 days of history, to the end.
//! - Weekly distance jump (`weekly_distance_jump`), week 6 (Monday 2026-03-09, [`JUMP_WEEK`]):
//!   51.0 km against 37.0 km the week before (+37.8%) and against the mean
//!   of weeks 3-5, (34.5 + 36.0 + 37.0) / 3 = 35.83 km (+42.3%); the week
//!   before is over 10 km. No run of it is more than 8% longer than the
//!   longest of its previous 30 days (13.5 km vs 12.5 km), so it is a jump
//!   without a single-run spike.
//! - Late cadence drop (`form_fatigue_drift`), Sunday 2026-03-29
//!   ([`DRIFT_RUN`]): the 14.5 km
//!   long run (about 82 min at 340 s/km) whose cadence falls linearly by
//!   [`DRIFT_SPM`] = -10 steps/min (-6.2% of 161) from start to finish:
//!   the last 25% of its time averages 0.875 x -10 against 0.175 x -10 in
//!   minutes 10%-25%, -7 steps/min or about -4% at the same speed (a
//!   notice: -3% to -5%).
//! - Shoes past 500 km (`shoe_mileage`), Thursday 2026-04-09
//!   ([`SHOE_500_RUN`]): the one
//!   pair starts at `initial_km` = [`SHOE_INITIAL_KM`] = 130; the runs
//!   before that Thursday add 366.0 km (496.0 km), its 9.0 km make
//!   505.0 km. The log ends at 130 + 651 = 781 km, under 800.
//! - Mountain week (`descent_session_spike` for the run and for the
//!   week, `steep_descent_exposure` at -10%), week 10 (Monday 2026-04-06,
//!   [`MOUNTAIN_WEEK`]), with the mountain run on Sunday 2026-04-12
//!   ([`MOUNTAIN_RUN`]), the week's last day: 15.0 km out
//!   and back over one steep hill wave of 46 m amplitude repeated every
//!   2 km (grades up to about +-14.5%), about 46 m of descent per km, so
//!   some 690 m of descent, and a quarter of the distance (about 3.8 km)
//!   at grades of -10% or steeper; in the 30 days before, only the
//!   Thursday loops descend (30-45 m), never steeper than -5%. The week
//!   descends about 750 m against a mean of about 35 m for weeks 7-9.
//!   The run is no longer than the 15.0 km long run a week before.
//! - Seven-day streak (`recovery_streak`; its seven equal days also make
//!   the week's `training_monotony` soar), Monday 2026-04-27 to Sunday
//!   2026-05-03
//!   ([`STREAK_FIRST`], [`STREAK_LAST`], week 13): seven easy 4.5 km
//!   runs; the Sunday before (week 12 runs its long run on Saturday) and
//!   the Monday after are rest days, and no other streak is longer than 4
//!   days (Saturday to Tuesday around the usual weekends).
//! - Single-run distance spike (`session_distance_spike`), Sunday
//!   2026-05-17 ([`SPIKE_RUN`]): a
//!   24.0 km long run against the longest of 2026-04-17..2026-05-16, the
//!   17.0 km of 2026-05-10: +41.2%. Its week (50.5 km) is +11.0% on the
//!   week before, so no weekly jump comes with it.
//!
//! Weeks 12-16 are shaped around the streak: week 13 is only 31.5 km, so
//! week 14 (45.5 km, +44.4% on it) stays +13.3% on the mean of weeks
//! 11-13, under any weekly-jump tier.

use chrono::{Duration, NaiveDate};

use patella::model::LatLon;

use super::activity::SubSport;
use super::athlete::AthletePlan;
use super::fit_writer::{write_fit, FitOptions};
use super::route::RouteShape;
use super::run_profile::{generate, RunParams};
use super::GeneratedFile;

/// What a planned run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// An easy run on the home loop, at easy pace.
    Easy,
    /// The Thursday easy run on the rolling loop of Papago Park.
    Hilly,
    /// The Tuesday tempo run, at tempo pace.
    Tempo,
    /// A short Saturday run, at easy pace.
    Recovery,
    /// The Sunday long run, at easy pace.
    Long,
    /// One of the seven easy runs of the streak.
    Streak,
    /// The long run whose cadence drops late.
    FatigueDrift,
    /// The long run over the mountain.
    Mountain,
    /// The long run far longer than any of the 30 days before.
    Spike,
}

use RunKind::{Easy, FatigueDrift, Hilly, Long, Mountain, Recovery, Spike, Streak, Tempo};

impl RunKind {
    /// The activity's name, as the watch would title it.
    pub fn name(self) -> &'static str {
        match self {
            Easy | Hilly | Streak => "Easy Run",
            Tempo => "Tempo Run",
            Recovery => "Recovery Run",
            Long | FatigueDrift | Spike => "Long Run",
            Mountain => "Mountain Run",
        }
    }
}

/// One planned run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatternRun {
    /// Local date (the run starts at 06:30 local).
    pub date: NaiveDate,
    pub km: f64,
    pub kind: RunKind,
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The Monday of week 1; the first run is on that day.
pub const FIRST_MONDAY: NaiveDate = date(2026, 2, 2);
/// The Monday of the week whose distance jumps (week 6).
pub const JUMP_WEEK: NaiveDate = date(2026, 3, 9);
/// The long run whose cadence drops late (week 8).
pub const DRIFT_RUN: NaiveDate = date(2026, 3, 29);
/// The run with which the shoes pass 500 km (week 10).
pub const SHOE_500_RUN: NaiveDate = date(2026, 4, 9);
/// The Monday of the mountain week (week 10) and its mountain run.
pub const MOUNTAIN_WEEK: NaiveDate = date(2026, 4, 6);
pub const MOUNTAIN_RUN: NaiveDate = date(2026, 4, 12);
/// First and last day of the seven-day streak (week 13).
pub const STREAK_FIRST: NaiveDate = date(2026, 4, 27);
pub const STREAK_LAST: NaiveDate = date(2026, 5, 3);
/// The single-run distance spike (week 15).
pub const SPIKE_RUN: NaiveDate = date(2026, 5, 17);

/// Base cadence of every run, steps/min.
pub const BASE_CADENCE_SPM: f64 = 161.0;
/// Change of cadence from start to finish of the drift run.
pub const DRIFT_SPM: f64 = -10.0;
/// The shoes' kilometres before the first run.
pub const SHOE_INITIAL_KM: f64 = 130.0;

/// The 16 weeks: (days after Monday, km, kind) of each run.
#[rustfmt::skip]
const WEEKS: [&[(i64, f64, RunKind)]; 16] = [
    /*  1 02-02 32.5 km */ &[(0, 5.0, Easy), (1, 6.0, Tempo), (3, 6.5, Hilly), (5, 4.0, Recovery), (6, 11.0, Long)],
    /*  2 02-09 33.5 km */ &[(0, 5.5, Easy), (1, 6.0, Tempo), (3, 6.5, Hilly), (5, 4.0, Recovery), (6, 11.5, Long)],
    /*  3 02-16 34.5 km */ &[(0, 5.5, Easy), (1, 6.0, Tempo), (3, 7.0, Hilly), (5, 4.0, Recovery), (6, 12.0, Long)],
    /*  4 02-23 36.0 km */ &[(0, 6.0, Easy), (1, 6.5, Tempo), (3, 7.0, Hilly), (5, 4.5, Recovery), (6, 12.0, Long)],
    /*  5 03-02 37.0 km */ &[(0, 6.0, Easy), (1, 6.5, Tempo), (3, 7.5, Hilly), (5, 4.5, Recovery), (6, 12.5, Long)],
    /*  6 03-09 51.0 km */ &[(0, 11.0, Easy), (1, 7.0, Tempo), (3, 13.5, Hilly), (5, 6.0, Recovery), (6, 13.5, Long)],
    /*  7 03-16 40.5 km */ &[(0, 6.5, Easy), (1, 7.0, Tempo), (3, 8.0, Hilly), (5, 5.0, Recovery), (6, 14.0, Long)],
    /*  8 03-23 42.0 km */ &[(0, 6.5, Easy), (1, 7.5, Tempo), (3, 8.5, Hilly), (5, 5.0, Recovery), (6, 14.5, FatigueDrift)],
    /*  9 03-30 44.0 km */ &[(0, 7.0, Easy), (1, 7.5, Tempo), (3, 9.0, Hilly), (5, 5.5, Recovery), (6, 15.0, Long)],
    /* 10 04-06 44.5 km */ &[(0, 7.0, Easy), (1, 8.0, Tempo), (3, 9.0, Hilly), (5, 5.5, Recovery), (6, 15.0, Mountain)],
    /* 11 04-13 46.5 km */ &[(0, 7.5, Easy), (1, 8.0, Tempo), (3, 9.5, Hilly), (5, 5.5, Recovery), (6, 16.0, Long)],
    /* 12 04-20 42.5 km */ &[(0, 7.5, Easy), (1, 8.5, Tempo), (3, 10.0, Hilly), (5, 16.5, Long)],
    /* 13 04-27 31.5 km */ &[(0, 4.5, Streak), (1, 4.5, Streak), (2, 4.5, Streak), (3, 4.5, Streak), (4, 4.5, Streak), (5, 4.5, Streak), (6, 4.5, Streak)],
    /* 14 05-04 45.5 km */ &[(1, 8.0, Tempo), (2, 6.0, Easy), (3, 9.0, Hilly), (5, 5.5, Recovery), (6, 17.0, Long)],
    /* 15 05-11 50.5 km */ &[(0, 6.0, Easy), (1, 8.0, Tempo), (3, 8.0, Hilly), (5, 4.5, Recovery), (6, 24.0, Spike)],
    /* 16 05-18 39.0 km */ &[(0, 6.0, Easy), (1, 7.0, Tempo), (3, 7.5, Hilly), (5, 4.5, Recovery), (6, 14.0, Long)],
];

/// The rolling loop of the Thursday runs: Papago Park, Phoenix.
const HILLY_LOOP_CENTER: LatLon = LatLon {
    lat_deg: 33.4540,
    lon_deg: -111.9460,
};
const HILLY_LOOP_BASE_ALTITUDE_M: f64 = 380.0;
/// Hills of 6 m (grades under 2.5%): after patella's smoothing and 7 m
/// dead band a 9 km loop descends some 45 m, where the 3 m hills of the
/// home loop descend nothing.
const HILLY_LOOP_HILLINESS_M: f64 = 6.0;

/// The mountain: South Mountain Park, Phoenix.
const MOUNTAIN_CENTER: LatLon = LatLon {
    lat_deg: 33.3400,
    lon_deg: -112.0600,
};
const MOUNTAIN_BASE_ALTITUDE_M: f64 = 420.0;
/// Amplitude of the mountain route's hill wave (see [`RouteShape::Mountain`]).
const MOUNTAIN_AMPLITUDE_M: f64 = 46.0;
const MOUNTAIN_PACE_S_PER_KM: f64 = 420.0;

/// The pattern runner: who they are ([`AthletePlan`]: zone, paces,
/// cadence, home loop, shoe, seed) and the config's heart rates and shoe
/// mileage. The weeks themselves are fixed (see the module doc): the
/// athlete's weekly template (`weeks`, `first_week_km`, `weekly_growth`,
/// [`AthletePlan::runs`]) only describes them roughly and is not used.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternLog {
    pub athlete: AthletePlan,
    pub max_hr: u16,
    pub threshold_hr: u16,
    pub shoe_initial_km: f64,
}

impl Default for PatternLog {
    fn default() -> Self {
        Self::standard()
    }
}

impl PatternLog {
    /// The log of the module doc: 16 weeks from Monday 2026-02-02 to
    /// Sunday 2026-05-24, 81 runs, 651.0 km.
    pub fn standard() -> Self {
        PatternLog {
            athlete: AthletePlan {
                name: "Pattern runner".into(),
                timezone: "America/Phoenix",
                utc_offset_s: -7 * 3600,
                first_monday: FIRST_MONDAY,
                weeks: 16,
                first_week_km: 32.5,
                weekly_growth: 1.04,
                easy_pace_s_per_km: 340.0,
                tempo_pace_s_per_km: 300.0,
                cadence_spm: BASE_CADENCE_SPM,
                hilliness_m: 3.0,
                center: LatLon {
                    lat_deg: 33.5100,
                    lon_deg: -112.0300,
                },
                base_altitude_m: 350.0,
                shoe: "Clifton 9",
                heart_rate: true,
                seed: 23,
            },
            max_hr: 190,
            threshold_hr: 170,
            shoe_initial_km: SHOE_INITIAL_KM,
        }
    }

    /// Every planned run, oldest first.
    pub fn runs(&self) -> Vec<PatternRun> {
        WEEKS
            .iter()
            .zip(0i64..)
            .flat_map(|(week, n)| {
                let monday = self.athlete.first_monday + Duration::weeks(n);
                week.iter().map(move |&(day, km, kind)| PatternRun {
                    date: monday + Duration::days(day),
                    km,
                    kind,
                })
            })
            .collect()
    }

    /// The generator's parameters for one planned run: the athlete's
    /// usual run (see [`AthletePlan::run_params`]), with the pattern's
    /// changes.
    pub fn run_params(&self, run: &PatternRun) -> RunParams {
        let base = self
            .athlete
            .run_params(run.date, run.km, run.kind == Tempo, run.kind.name());
        match run.kind {
            Easy | Tempo | Recovery | Long | Spike => base,
            Hilly => RunParams {
                hilliness_m: HILLY_LOOP_HILLINESS_M,
                center: HILLY_LOOP_CENTER,
                base_altitude_m: HILLY_LOOP_BASE_ALTITUDE_M,
                ..base
            },
            Streak => RunParams {
                pace_s_per_km: self.athlete.easy_pace_s_per_km + 5.0,
                ..base
            },
            FatigueDrift => RunParams {
                cadence_drift: DRIFT_SPM,
                ..base
            },
            Mountain => RunParams {
                sub_sport: SubSport::Trail,
                route: RouteShape::Mountain,
                hilliness_m: MOUNTAIN_AMPLITUDE_M,
                center: MOUNTAIN_CENTER,
                base_altitude_m: MOUNTAIN_BASE_ALTITUDE_M,
                pace_s_per_km: MOUNTAIN_PACE_S_PER_KM,
                ..base
            },
        }
    }

    /// The runner's folder: `activities/YYYY-MM-DD.fit` per run and the
    /// `patella.toml`.
    pub fn files(&self) -> Vec<GeneratedFile> {
        let mut files: Vec<GeneratedFile> = self
            .runs()
            .iter()
            .map(|run| {
                GeneratedFile::new(
                    format!("activities/{}.fit", run.date),
                    write_fit(&generate(&self.run_params(run)), &FitOptions::default()),
                )
            })
            .collect();
        files.push(GeneratedFile::new("patella.toml", self.config()));
        files
    }

    /// The `patella.toml`: athlete, zone, heart rates, and the one pair
    /// with its starting kilometres.
    pub fn config(&self) -> String {
        let a = &self.athlete;
        format!(
            "# patella.toml of the pattern runner (generated by \
             patella_synth::athlete_patterns).\n\
             [athlete]\nname = \"{}\"\ntimezone = \"{}\"\nmax_hr = {}\nthreshold_hr = {}\n\n\
             [[shoes]]\nname = \"{}\"\ninitial_km = {:.1}\nfrom = {}\n",
            a.name,
            a.timezone,
            self.max_hr,
            self.threshold_hr,
            a.shoe,
            self.shoe_initial_km,
            a.first_monday
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_adds_up_to_its_documented_figures() {
        let log = PatternLog::standard();
        let runs = log.runs();
        assert_eq!(runs.len(), 81);
        let total: f64 = runs.iter().map(|r| r.km).sum();
        assert!((total - 651.0).abs() < 1e-9, "{total}");
        let on = |d: NaiveDate| runs.iter().find(|r| r.date == d).map(|r| r.kind);
        assert_eq!(on(DRIFT_RUN), Some(FatigueDrift));
        assert_eq!(on(MOUNTAIN_RUN), Some(Mountain));
        assert_eq!(on(SPIKE_RUN), Some(Spike));
        assert_eq!(on(STREAK_FIRST), Some(Streak));
        assert_eq!(on(STREAK_LAST), Some(Streak));
        assert_eq!(on(STREAK_FIRST - Duration::days(1)), None);
        assert_eq!(on(STREAK_LAST + Duration::days(1)), None);
        let before: f64 = runs
            .iter()
            .filter(|r| r.date < SHOE_500_RUN)
            .map(|r| r.km)
            .sum();
        assert!((SHOE_INITIAL_KM + before - 496.0).abs() < 1e-9);
    }
}
