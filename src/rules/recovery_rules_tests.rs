//! The recovery rules at their tier boundaries, on logs built here.

use crate::analyze::test_runs::{date, simple};
use crate::analyze::{analyze_log, recovery, Analysis};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::{LoggedRun, TrainingLog};
use crate::rules::judge::parts_of;
use crate::rules::recovery_streak::RecoveryStreak;
use crate::rules::training_monotony::TrainingMonotony;
use crate::rules::Tier;

/// An analysis whose recovery metrics are those of `runs` (Monday weeks,
/// minutes as load), the only metrics the recovery rules read.
fn recovery_analysis(runs: &[LoggedRun]) -> Analysis {
    let empty = TrainingLog {
        runs: Vec::new(),
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    };
    let mut analysis = analyze_log(&empty, &Config::default());
    analysis.recovery = recovery::analyze(runs, WeekStart::Monday);
    analysis
}

/// Runs of `minutes` on consecutive days from `first`; 0 = rest day.
fn days_from(first: &str, minutes: &[f64]) -> Vec<LoggedRun> {
    minutes
        .iter()
        .enumerate()
        .filter(|(_, m)| **m > 0.0)
        .map(|(i, m)| {
            simple(
                &(date(first) + chrono::Days::new(i as u64)).to_string(),
                m / 6.0,
                *m,
            )
        })
        .collect()
}

fn streak_tier(days: usize) -> Option<Tier> {
    let runs = days_from("2026-03-02", &vec![40.0; days]);
    let analysis = recovery_analysis(&runs);
    let (parts, _) = parts_of(&RecoveryStreak, &analysis, &Config::default());
    assert!(parts.len() <= 1);
    parts.first().map(|p| p.tier)
}

#[test]
fn streak_tiers_count_days_at_least() {
    // ">= 7 / >= 14 / >= 21 days" of knee-risk-rules.md.
    assert_eq!(streak_tier(6), None);
    assert_eq!(streak_tier(7), Some(Tier::Notice));
    assert_eq!(streak_tier(13), Some(Tier::Notice));
    assert_eq!(streak_tier(14), Some(Tier::Warning));
    assert_eq!(streak_tier(20), Some(Tier::Warning));
    assert_eq!(streak_tier(21), Some(Tier::High));
}

/// Five weeks of [30, 0, 45, 0, 60, 0, 0] minutes from Monday 2026-03-02
/// (35 days of history before the sixth),
/// then a sixth week of `last` and a run the Monday after. Each early week: mean 135/7 = 19.29,
/// population SD 23.67, monotony 0.815, strain 135 x 0.815 = 110.0.
fn monotony_tier(last: [f64; 7]) -> Option<Tier> {
    monotony_of(last).map(|(tier, _)| tier)
}

/// The tier and running days of the sixth week of [`monotony_tier`]'s log.
fn monotony_of(last: [f64; 7]) -> Option<(Tier, Option<u32>)> {
    let mut minutes = Vec::new();
    for _ in 0..5 {
        minutes.extend([30.0, 0.0, 45.0, 0.0, 60.0, 0.0, 0.0]);
    }
    minutes.extend(last);
    // A run the next Monday: days after the last run are not observed, and
    // only whole weeks are judged.
    minutes.push(30.0);
    let analysis = recovery_analysis(&days_from("2026-03-02", &minutes));
    let (parts, _) = parts_of(&TrainingMonotony, &analysis, &Config::default());
    parts
        .iter()
        .find(|p| p.week_start.to_string() == "2026-04-06")
        .map(|p| (p.tier, p.running_days))
}

#[test]
fn monotony_tier_boundaries() {
    // Four equal days and three rest days: 4/sqrt(12) = 1.155, no finding.
    assert_eq!(monotony_tier([5.0, 5.0, 5.0, 5.0, 0.0, 0.0, 0.0]), None);
    // Five equal days: mean 5a/7, SD a*sqrt(10)/7, monotony 5/sqrt(10) = 1.58 > 1.5.
    assert_eq!(
        monotony_tier([5.0, 5.0, 5.0, 5.0, 5.0, 0.0, 0.0]),
        Some(Tier::Notice)
    );
    // Six equal days: 6/sqrt(6) = 2.45 > 2.0; strain 30 x 2.45 = 73 is
    // under the p90 of strains [73, 110 x 5] = 110: warning.
    assert_eq!(
        monotony_tier([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 0.0]),
        Some(Tier::Warning)
    );
    // The same shape at 60 min a day: strain 360 x 2.45 = 882 is above
    // the p90 of [110 x 5, 882] = 110 + 0.5 x 772 = 496: high.
    assert_eq!(
        monotony_tier([60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 0.0]),
        Some(Tier::High)
    );
    // Seven identical days: no spread, monotony capped at 10: warning.
    assert_eq!(monotony_tier([30.0; 7]), Some(Tier::Warning));
}

#[test]
fn monotony_records_the_running_days_its_floor_reads() {
    // The weeks above: 5, 6 and 7 days with a run (the floors keep weeks
    // of 4 or more).
    assert_eq!(
        monotony_of([5.0, 5.0, 5.0, 5.0, 5.0, 0.0, 0.0]),
        Some((Tier::Notice, Some(5)))
    );
    assert_eq!(
        monotony_of([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 0.0]),
        Some((Tier::Warning, Some(6)))
    );
    assert_eq!(monotony_of([30.0; 7]), Some((Tier::Warning, Some(7))));
}

#[test]
fn monotony_in_the_first_thirty_days_is_not_judged() {
    // A monotonous first week: 0 days of history before it.
    let runs = days_from(
        "2026-03-02",
        &[30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 0.0, 30.0],
    );
    let analysis = recovery_analysis(&runs);
    let (parts, insufficient) = parts_of(&TrainingMonotony, &analysis, &Config::default());
    assert!(parts.is_empty());
    assert_eq!(insufficient.len(), 1);
}
