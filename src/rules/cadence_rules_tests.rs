//! The cadence rules at their tier boundaries, on metrics built here.

use chrono::NaiveDate;

use crate::analyze::cadence::{CadenceLine, RunCadence};
use crate::analyze::load::RunLoad;
use crate::analyze::{analyze_log, Analysis};
use crate::config::Config;
use crate::log::TrainingLog;
use crate::rules::cadence_low_absolute::CadenceLowAbsolute;
use crate::rules::cadence_low_vs_baseline::CadenceLowVsBaseline;
use crate::rules::form_fatigue_drift::FormFatigueDrift;
use crate::rules::judge::parts_of;
use crate::rules::Tier;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Duration::days(n)
}

/// A run on day `n` with this median cadence and speed; a flat line at
/// 170 spm; history of `n` days.
fn cadence_run(n: i64, median: f64, speed: f64) -> (RunCadence, RunLoad) {
    let id = format!("r{n}");
    let line = CadenceLine {
        intercept_spm: 170.0,
        slope_spm_per_mps: 0.0,
        runs: 6,
    };
    (
        RunCadence {
            activity_id: id.clone(),
            local_date: day(n),
            median_spm: Some(median),
            p10_spm: None,
            p90_spm: None,
            speed_mps: Some(speed),
            counted_s: 1800.0,
            residual_vs_line: Some((median - 170.0) / 170.0),
            line: Some(line),
            late_drift: None,
            late_gct_drift: None,
        },
        RunLoad {
            activity_id: id,
            local_date: day(n),
            distance_km: Some(8.0),
            longest_prev_30d_km: Some(10.0),
            spike_ratio: Some(-0.2),
            history_days: n as u32,
        },
    )
}

fn analysis_of(runs: Vec<(RunCadence, RunLoad)>) -> Analysis {
    let log = TrainingLog {
        runs: Vec::new(),
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    };
    let mut analysis = analyze_log(&log, &Config::default());
    for (cadence, load) in runs {
        analysis.cadence.push(cadence);
        analysis.load.runs.push(load);
    }
    analysis
}

fn baseline_tier(median: f64) -> Option<Tier> {
    let analysis = analysis_of(vec![cadence_run(40, median, 3.0)]);
    parts_of(&CadenceLowVsBaseline, &analysis, &Config::default())
        .0
        .first()
        .map(|p| p.tier)
}

#[test]
fn residual_tiers_at_or_below_minus_5_and_10_percent() {
    // residual = (median - 170) / 170: -5% at 161.5, -10% at 153.
    assert_eq!(baseline_tier(161.6), None);
    assert_eq!(baseline_tier(161.5), Some(Tier::Notice));
    assert_eq!(baseline_tier(153.1), Some(Tier::Notice));
    assert_eq!(baseline_tier(153.0), Some(Tier::Warning));
}

#[test]
fn residual_needs_thirty_days_of_history() {
    let analysis = analysis_of(vec![cadence_run(20, 150.0, 3.0)]);
    let (parts, _) = parts_of(&CadenceLowVsBaseline, &analysis, &Config::default());
    assert!(parts.is_empty());
}

#[test]
fn absolute_cadence_at_easy_pace_only() {
    // Usual speed: median of the earlier runs' 3.0 m/s. Day 40 at 3.0 m/s
    // (easy) with 165.9 spm: notice; at 166.0: none; 165.0 at 3.3 m/s
    // (10% faster than usual, not easy): none.
    let earlier: Vec<_> = (31..36).map(|n| cadence_run(n, 170.0, 3.0)).collect();
    let with = |median: f64, speed: f64| {
        let mut runs = earlier.clone();
        runs.push(cadence_run(40, median, speed));
        let analysis = analysis_of(runs);
        parts_of(&CadenceLowAbsolute, &analysis, &Config::default())
            .0
            .iter()
            .any(|p| p.date == day(40))
    };
    assert!(with(165.9, 3.0));
    assert!(!with(166.0, 3.0));
    assert!(!with(165.0, 3.3));
}

fn drift_tier(cadence: Option<f64>, gct: Option<f64>) -> Option<Tier> {
    let (mut run, load) = cadence_run(3, 170.0, 3.0);
    run.late_drift = cadence;
    run.late_gct_drift = gct;
    let analysis = analysis_of(vec![(run, load)]);
    parts_of(&FormFatigueDrift, &analysis, &Config::default())
        .0
        .first()
        .map(|p| p.tier)
}

#[test]
fn late_drift_tiers_by_cadence_or_contact_time() {
    // Cadence -3% / -5% (at or below); GCT +5% / +10% (above).
    assert_eq!(drift_tier(Some(-0.029), None), None);
    assert_eq!(drift_tier(Some(-0.03), None), Some(Tier::Notice));
    assert_eq!(drift_tier(Some(-0.05), None), Some(Tier::Warning));
    assert_eq!(drift_tier(None, Some(0.05)), None);
    assert_eq!(drift_tier(None, Some(0.051)), Some(Tier::Notice));
    assert_eq!(drift_tier(Some(-0.031), Some(0.11)), Some(Tier::Warning));
}
