//! The load rules just under and just over each tier boundary, on logs
//! built here.

use crate::analyze::test_runs::simple;
use crate::analyze::{analyze_log, load, Analysis};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::{LoggedRun, TrainingLog};
use crate::rules::judge::parts_of;
use crate::rules::session_distance_spike::SessionDistanceSpike;
use crate::rules::weekly_distance_jump::WeeklyDistanceJump;
use crate::rules::{evaluate, Part, Tier};

fn log_of(runs: Vec<LoggedRun>) -> TrainingLog {
    TrainingLog {
        runs,
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    }
}

/// An analysis whose load metrics are those of `runs` (Monday weeks), the
/// only metrics the load rules read.
fn load_analysis(runs: &[LoggedRun]) -> Analysis {
    let mut analysis = analyze_log(&log_of(Vec::new()), &Config::default());
    analysis.load = load::analyze(runs, WeekStart::Monday);
    analysis
}

/// A 10 km run on 2026-01-20 (inside the 30 days before 2026-02-01), a
/// first run on 2026-01-01 for history (31 days before 2026-02-01), and
/// the judged run of `km` on 2026-02-01.
fn spike_log(km: f64) -> Vec<LoggedRun> {
    vec![
        simple("2026-01-01", 5.0, 30.0),
        simple("2026-01-20", 10.0, 60.0),
        simple("2026-02-01", km, km * 6.0),
    ]
}

fn spike_tier(km: f64) -> Option<Tier> {
    let analysis = load_analysis(&spike_log(km));
    let (parts, _) = parts_of(&SessionDistanceSpike, &analysis, &Config::default());
    parts
        .iter()
        .find(|p| p.date.to_string() == "2026-02-01")
        .map(|p| p.tier)
}

#[test]
fn session_spike_tier_boundaries() {
    // ratio = km / 10 - 1; tiers fire strictly above 10%, 30%, 100%.
    assert_eq!(spike_tier(11.0), None); // exactly +10%
    assert_eq!(spike_tier(11.1), Some(Tier::Notice)); // +11%
    assert_eq!(spike_tier(13.0), Some(Tier::Notice)); // exactly +30%
    assert_eq!(spike_tier(13.1), Some(Tier::Warning)); // +31%
    assert_eq!(spike_tier(20.0), Some(Tier::Warning)); // exactly +100%
    assert_eq!(spike_tier(20.1), Some(Tier::High)); // +101%
}

#[test]
fn session_spike_needs_thirty_days_of_history() {
    // The 2026-01-20 run has 19 days of history: insufficient, not judged,
    // though it is double the 5 km before it.
    let analysis = load_analysis(&spike_log(11.0));
    let (parts, insufficient) = parts_of(&SessionDistanceSpike, &analysis, &Config::default());
    assert!(parts.is_empty());
    let dates: Vec<String> = insufficient.iter().map(|i| i.date.to_string()).collect();
    assert_eq!(dates, ["2026-01-01", "2026-01-20"]);
}

#[test]
fn session_spike_wording_and_switch() {
    let analysis = load_analysis(&spike_log(14.5));
    let (parts, _) = parts_of(&SessionDistanceSpike, &analysis, &Config::default());
    let message = &parts[0].message;
    assert!(message.contains("45% longer"), "{message}");
    assert!(
        message.contains("associated with higher injury rates in Frandsen 2025"),
        "{message}"
    );
    assert!(!message.contains("will cause"));
    let off = Config::parse_str(
        "[rules.session_distance_spike]\nenabled = false\n",
        "patella.toml",
    )
    .expect("valid");
    let (parts, insufficient) = parts_of(&SessionDistanceSpike, &analysis, &off);
    assert!(parts.is_empty() && insufficient.is_empty());
}

/// Four weeks of 20 km (two 10 km runs, Tuesdays and Thursdays from
/// 2026-01-06), then a fifth week of three runs totalling `fifth_km`.
fn weekly_log(fifth_km: f64) -> Vec<LoggedRun> {
    let mut runs = Vec::new();
    for week in 0..4 {
        for day in [6, 8] {
            let date = format!("2026-01-{:02}", day + 7 * week);
            runs.push(simple(&date, 10.0, 60.0));
        }
    }
    for date in ["2026-02-03", "2026-02-05", "2026-02-07"] {
        runs.push(simple(date, fifth_km / 3.0, 50.0));
    }
    runs
}

fn jump_tier(fifth_km: f64) -> Option<Tier> {
    let analysis = load_analysis(&weekly_log(fifth_km));
    parts_of(&WeeklyDistanceJump, &analysis, &Config::default())
        .0
        .iter()
        .find(|p| p.week_start.to_string() == "2026-02-02")
        .map(|p| p.tier)
}

#[test]
fn weekly_jump_tier_boundaries() {
    // Previous week 20 km and the three before 20 km: change = km/20 - 1
    // on both measures; tiers strictly above 20%, 30%, 60%.
    assert_eq!(jump_tier(24.0), None); // exactly +20%
    assert_eq!(jump_tier(24.3), Some(Tier::Notice)); // +21.5%
    assert_eq!(jump_tier(26.0), Some(Tier::Notice)); // exactly +30%
    assert_eq!(jump_tier(26.3), Some(Tier::Warning)); // +31.5%
    assert_eq!(jump_tier(32.0), Some(Tier::Warning)); // exactly +60%
    assert_eq!(jump_tier(32.3), Some(Tier::High)); // +61.5%
}

#[test]
fn weekly_jump_needs_both_measures_and_a_real_previous_week() {
    // Week 4 drops to 8 km (one run): week 5's 20 km is +150% on the
    // previous week, but the previous week is under 10 km: not judged.
    let mut runs: Vec<LoggedRun> = weekly_log(20.0)
        .into_iter()
        .filter(|r| r.local_date.to_string() != "2026-01-29")
        .collect();
    if let Some(r) = runs
        .iter_mut()
        .find(|r| r.local_date.to_string() == "2026-01-27")
    {
        r.summary.distance_m = Some(8000.0);
    }
    let analysis = load_analysis(&runs);
    assert!(parts_of(&WeeklyDistanceJump, &analysis, &Config::default())
        .0
        .is_empty());
}

#[test]
fn weekly_jump_and_a_spike_in_the_same_week_are_one_finding() {
    // Fifth week: 10 + 10 + 15 km = 35 km (+75%, high) with a 15 km run
    // that is +50% on the 30-day longest (10 km): a spike warning. Each
    // rule finds its own part; the findings put both in one, not a second
    // alarm.
    let mut runs = weekly_log(0.0);
    runs.retain(|r| r.local_date.to_string().as_str() < "2026-02-01");
    runs.push(simple("2026-02-03", 10.0, 60.0));
    runs.push(simple("2026-02-05", 10.0, 60.0));
    runs.push(simple("2026-02-07", 15.0, 90.0));
    let config = Config::default();
    let analysis = load_analysis(&runs);
    let (spikes, _) = parts_of(&SessionDistanceSpike, &analysis, &config);
    assert_eq!(spikes.len(), 1);
    assert_eq!(
        (spikes[0].date.to_string(), spikes[0].tier),
        ("2026-02-07".to_string(), Tier::Warning)
    );
    let (jumps, _) = parts_of(&WeeklyDistanceJump, &analysis, &config);
    assert_eq!(jumps.len(), 1);
    assert_eq!(jumps[0].tier, Tier::High);

    let found = evaluate(&analyze_log(&log_of(runs), &config), &config, None);
    let with_jump: Vec<_> = found
        .warnings
        .iter()
        .filter(|w| w.parts.iter().any(|p| p.rule == "weekly_distance_jump"))
        .collect();
    assert_eq!(with_jump.len(), 1, "{:#?}", found.warnings);
    let finding = with_jump[0];
    let part = |rule: &str| -> &Part {
        finding
            .parts
            .iter()
            .find(|p| p.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} in {finding:#?}"))
    };
    assert_eq!(
        finding.part_rules(),
        ["session_distance_spike", "weekly_distance_jump"]
    );
    assert_eq!(
        part("session_distance_spike").date.to_string(),
        "2026-02-07"
    );
    assert_eq!(
        part("weekly_distance_jump").week_start.to_string(),
        "2026-02-02"
    );
    assert_eq!(part("weekly_distance_jump").tier, Tier::High);
}
