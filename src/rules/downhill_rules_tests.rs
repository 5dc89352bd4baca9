//! The downhill rules at their boundaries, on metrics built here.

use chrono::NaiveDate;

use crate::analyze::downhill::{DownhillSamples, GradeBands, PriorMaxima, RunDownhill};
use crate::analyze::load::RunLoad;
use crate::analyze::{analyze_log, Analysis};
use crate::config::Config;
use crate::log::TrainingLog;
use crate::rules::descent_session_spike::DescentSessionSpike;
use crate::rules::judge::parts_of;
use crate::rules::steep_descent_exposure::SteepDescentExposure;
use crate::rules::Tier;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 7).unwrap()
}

fn bands(minus_5_to_10: f64, le_10: f64, le_15: f64) -> GradeBands {
    GradeBands {
        le_minus_5pct: Some(minus_5_to_10 + le_10),
        le_minus_10pct: Some(le_10),
        le_minus_15pct: Some(le_15),
        minus_5_to_10pct: Some(minus_5_to_10),
    }
}

/// An analysis holding one run with this descent and these bands, against
/// these 30-day maxima, after `history_days` of running.
fn analysis(
    descent: f64,
    now: GradeBands,
    prior_descent: f64,
    prior: GradeBands,
    history_days: u32,
) -> Analysis {
    let log = TrainingLog {
        runs: Vec::new(),
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    };
    let mut analysis = analyze_log(&log, &Config::default());
    analysis.load.runs.push(RunLoad {
        activity_id: "r".into(),
        local_date: day(),
        distance_km: Some(15.0),
        longest_prev_30d_km: Some(15.0),
        spike_ratio: Some(0.0),
        history_days,
    });
    analysis.downhill.runs.push(RunDownhill {
        activity_id: "r".into(),
        local_date: day(),
        week_start: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
        measured: DownhillSamples {
            elevation_source: None,
            gps_only: false,
            has_profile: true,
            descent_m: Some(descent),
            distance_m: now,
            time_s: GradeBands::default(),
        },
        prior_30d: PriorMaxima {
            runs_with_profile: 3,
            max_descent_m: Some(prior_descent),
            max_distance_m: prior,
        },
    });
    analysis
}

fn descent_tier(descent: f64) -> Option<Tier> {
    let flat = bands(0.0, 0.0, 0.0);
    let a = analysis(descent, flat, 200.0, flat, 60);
    parts_of(&DescentSessionSpike, &a, &Config::default())
        .0
        .first()
        .map(|p| p.tier)
}

#[test]
fn descent_spike_boundaries() {
    // ratio = descent / 200 m - 1; strictly above 30%, 50%, 100%.
    assert_eq!(descent_tier(260.0), None); // exactly +30%
    assert_eq!(descent_tier(262.0), Some(Tier::Notice)); // +31%
    assert_eq!(descent_tier(302.0), Some(Tier::Warning)); // +51%
    assert_eq!(descent_tier(400.0), Some(Tier::Warning)); // exactly +100%
    assert_eq!(descent_tier(402.0), Some(Tier::High)); // +101%
}

#[test]
fn small_descents_and_short_histories_are_not_judged() {
    // 90 m is +80% on 50 m, but under the 100 m floor.
    let flat = bands(0.0, 0.0, 0.0);
    let small = analysis(90.0, flat, 50.0, flat, 60);
    assert!(parts_of(&DescentSessionSpike, &small, &Config::default())
        .0
        .is_empty());
    let early = analysis(500.0, flat, 200.0, flat, 20);
    assert!(parts_of(&DescentSessionSpike, &early, &Config::default())
        .0
        .is_empty());
}

fn steep_tier(now: GradeBands, prior: GradeBands) -> Option<Tier> {
    let a = analysis(300.0, now, 300.0, prior, 60);
    parts_of(&SteepDescentExposure, &a, &Config::default())
        .0
        .first()
        .map(|p| p.tier)
}

#[test]
fn the_steepest_band_beyond_its_maximum_sets_the_tier() {
    let prior = bands(800.0, 300.0, 120.0);
    // Nothing beyond its 30-day maximum.
    assert_eq!(steep_tier(bands(800.0, 300.0, 120.0), prior), None);
    // Only the gentle band grows: notice.
    assert_eq!(
        steep_tier(bands(900.0, 300.0, 120.0), prior),
        Some(Tier::Notice)
    );
    // <= -10% grows (the -15% part does not): warning.
    assert_eq!(
        steep_tier(bands(800.0, 400.0, 120.0), prior),
        Some(Tier::Warning)
    );
    // <= -15% grows: high.
    assert_eq!(
        steep_tier(bands(800.0, 400.0, 150.0), prior),
        Some(Tier::High)
    );
    // 90 m at <= -15% is under the 100 m floor, though above a 0 m maximum.
    assert_eq!(
        steep_tier(bands(0.0, 95.0, 90.0), bands(0.0, 0.0, 0.0)),
        None
    );
}
