//! `intensity_spike` and `gct_balance_asymmetry` just under and just over
//! each tier boundary, on runs built here.

use crate::analyze::test_runs::simple;
use crate::analyze::{analyze_log, dynamics, intensity, Analysis};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::{LoggedRun, TrainingLog};
use crate::rules::findings::floors;
use crate::rules::gct_balance_asymmetry::GctBalanceAsymmetry;
use crate::rules::intensity_spike::IntensitySpike;
use crate::rules::judge::parts_of;
use crate::rules::{evaluate, Part, Tier, Warning};

fn log_of(runs: Vec<LoggedRun>) -> TrainingLog {
    TrainingLog {
        runs,
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    }
}

/// An analysis of no runs (Monday weeks), to hold the metrics built here.
fn empty_analysis() -> Analysis {
    let mut analysis = analyze_log(&log_of(Vec::new()), &Config::default());
    analysis.week_start = WeekStart::Monday;
    analysis
}

/// A run on `day` at 1 Hz: `hard_min` minutes at 175 bpm, then 10 minutes
/// at 140 bpm, at 3 m/s; a closing sample adds no time.
fn hr_run(day: &str, hard_min: f64) -> LoggedRun {
    let hard = (hard_min * 60.0).round() as usize;
    let mut r = simple(day, 10.0, hard_min + 10.0);
    let mut hr = vec![Some(175.0); hard];
    hr.extend(std::iter::repeat_n(Some(140.0), 601));
    let streams = &mut r.activity.streams;
    streams.time_s = (0..hr.len()).map(|t| t as f64).collect();
    streams.speed_mps = Some(vec![Some(3.0); hr.len()]);
    streams.heart_rate_bpm = Some(hr);
    r
}

/// Tuesdays 2025-12-30 to 2026-01-27 with `base` hard minutes each, then
/// `judged` minutes on Tuesday 2026-02-03. For the week of 2026-02-02
/// (34 days after the first run) the three weeks before average `base`;
/// for the run on 02-03 (35 days of history) days 01-04..02-02 hold four
/// runs of `base`, so both ratios are judged / base - 1.
fn spike_log(base: f64, judged: &[f64]) -> Vec<LoggedRun> {
    let mut runs: Vec<LoggedRun> = [
        "2025-12-30",
        "2026-01-06",
        "2026-01-13",
        "2026-01-20",
        "2026-01-27",
    ]
    .iter()
    .map(|d| hr_run(d, base))
    .collect();
    for (i, minutes) in judged.iter().enumerate() {
        let day = format!("2026-02-{:02}", 3 + 2 * i);
        runs.push(hr_run(&day, *minutes));
    }
    runs
}

/// The rule's raw parts (no floors) on `runs`, with a threshold of
/// 170 bpm, and the dates it could not judge.
fn judge_spikes(runs: &[LoggedRun]) -> (Vec<Part>, Vec<String>) {
    let mut analysis = empty_analysis();
    analysis.intensity = intensity::analyze(runs, WeekStart::Monday, Some(170.0));
    let (parts, insufficient) = parts_of(&IntensitySpike, &analysis, &Config::default());
    let dates = insufficient.iter().map(|i| i.date.to_string()).collect();
    (parts, dates)
}

/// (week part, run part) for one judged run of `judged` minutes.
fn spike_parts(base: f64, judged: f64) -> (Option<Part>, Option<Part>) {
    let (parts, _) = judge_spikes(&spike_log(base, &[judged]));
    let week = parts.iter().find(|p| p.activity_id.is_none()).cloned();
    let run = parts.iter().find(|p| p.activity_id.is_some()).cloned();
    (week, run)
}

/// (week tier, run tier) of the rule's raw parts.
fn spike_tiers(base: f64, judged: f64) -> (Option<Tier>, Option<Tier>) {
    let (week, run) = spike_parts(base, judged);
    (week.map(|p| p.tier), run.map(|p| p.tier))
}

/// (week tier, run tier) after the floors (`findings::floors`).
fn floored_tiers(base: f64, judged: f64) -> (Option<Tier>, Option<Tier>) {
    let (week, run) = spike_parts(base, judged);
    let kept = floors::apply(week.into_iter().chain(run).collect());
    let week = kept.iter().flatten().find(|p| p.activity_id.is_none());
    let run = kept.iter().flatten().find(|p| p.activity_id.is_some());
    (week.map(|p| p.tier), run.map(|p| p.tier))
}

#[test]
fn intensity_spike_tier_boundaries() {
    let both = |tier| (tier, tier);
    // The ratio alone decides the rule's tier, strictly above +30%, +50%
    // and +100%, however few the extra minutes.
    assert_eq!(spike_tiers(40.0, 52.0), both(None)); // 52/40 = exactly +30%
    assert_eq!(spike_tiers(40.0, 52.5), both(Some(Tier::Notice))); // +31.25%
    assert_eq!(spike_tiers(20.0, 29.5), both(Some(Tier::Notice))); // +47.5%, +9.5 min
    assert_eq!(spike_tiers(20.0, 30.0), both(Some(Tier::Notice))); // exactly +50%
    assert_eq!(spike_tiers(20.0, 30.5), both(Some(Tier::Warning))); // +52.5%
    assert_eq!(spike_tiers(20.0, 40.0), both(Some(Tier::Warning))); // exactly +100%
    assert_eq!(spike_tiers(20.0, 40.5), both(Some(Tier::High))); // +102.5%
    assert_eq!(spike_tiers(5.0, 14.5), both(Some(Tier::High))); // +190%, +9.5 min
    assert_eq!(spike_tiers(5.0, 15.0), both(Some(Tier::High))); // +200%, +10 min
}

#[test]
fn intensity_spike_floor_of_twenty_extra_minutes() {
    let both = |tier| (tier, tier);
    // The rule's parts carry their minutes and base: 29.5 on 20.
    let (week, run) = spike_parts(20.0, 29.5);
    for part in [week.unwrap(), run.unwrap()] {
        let amount = part.amount.expect("minutes and base");
        assert_eq!((amount.now, amount.base), (29.5, 20.0));
        assert!(!part.estimated, "judged by heart rate");
    }
    // Base 20: +9.5 and +19.5 minutes are dropped whatever the ratio
    // (+47.5%, +97.5%); +20 (exactly +100%) is kept at its own tier.
    assert_eq!(floored_tiers(20.0, 29.5), both(None));
    assert_eq!(floored_tiers(20.0, 39.5), both(None));
    assert_eq!(floored_tiers(20.0, 40.0), both(Some(Tier::Warning)));
    assert_eq!(floored_tiers(20.0, 40.5), both(Some(Tier::High))); // +20.5 min

    // Base 5: +390% is only 19.5 extra minutes at 24.5; +400% at 25 is 20.
    assert_eq!(floored_tiers(5.0, 24.5), both(None));
    assert_eq!(floored_tiers(5.0, 25.0), both(Some(Tier::High)));
    // Base 40: +31.25% at 52.5 is 12.5 extra minutes: dropped.
    assert_eq!(floored_tiers(40.0, 52.5), both(None));
}

#[test]
fn intensity_spike_week_and_run_judged_apart() {
    // Two runs of 25 in the week of 02-02: the week is 50 / 20 - 1 = +150%
    // (high); each run is 25 / 20 - 1 = +25% (nothing). The second run's
    // 30-day maximum is 25 (02-03): +0%.
    let (parts, _) = judge_spikes(&spike_log(20.0, &[25.0, 25.0]));
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].tier, Tier::High);
    assert_eq!(parts[0].date.to_string(), "2026-02-08");
    assert!((parts[0].value.unwrap() - 1.5).abs() < 1e-9);
}

#[test]
fn intensity_spike_needs_thirty_days_of_history() {
    // Runs 12-30 (0 days) to 01-27 (28 days) are not judged; 02-03 (35
    // days) is. The week of 01-26 (27 days after the first run) is +0%
    // anyway, the week of 01-19 would be unjudged for lack of 3 weeks.
    let (_, insufficient) = judge_spikes(&spike_log(20.0, &[20.0]));
    assert_eq!(
        insufficient,
        [
            "2025-12-30",
            "2026-01-06",
            "2026-01-13",
            "2026-01-20",
            "2026-01-27"
        ]
    );
    // A 28-day-old history with a big jump: the run is listed, not judged.
    let runs = vec![hr_run("2026-01-06", 20.0), hr_run("2026-02-03", 60.0)];
    let (parts, insufficient) = judge_spikes(&runs);
    assert!(parts.is_empty());
    assert_eq!(insufficient, ["2026-01-06", "2026-02-03"]);
}

#[test]
fn intensity_spike_wording_switch_and_evaluate() {
    let config = Config::parse_str("[athlete]\nthreshold_hr = 170\n", "patella.toml").unwrap();
    let log = log_of(spike_log(20.0, &[45.0]));
    let analysis = analyze_log(&log, &config);
    let found = evaluate(&analysis, &config, None);
    // The week and the run (both +125%, 25 extra minutes) are one finding
    // of two parts: one training event.
    let ours: Vec<&Warning> = found
        .warnings
        .iter()
        .filter(|w| w.parts.iter().any(|p| p.rule == "intensity_spike"))
        .collect();
    assert_eq!(ours.len(), 1, "{:#?}", found.warnings);
    assert_eq!(ours[0].part_rules(), ["intensity_spike"]);
    assert_eq!(ours[0].parts.len(), 2);
    let run = ours[0]
        .parts
        .iter()
        .find(|p| p.activity_id.is_some())
        .unwrap();
    assert!(ours[0].parts.iter().any(|p| p.activity_id.is_none()));
    // 45 / 20 - 1 = +125%.
    assert!(
        run.message
            .contains("45 minutes at or above 170 bpm, 125% more"),
        "{}",
        run.message
    );
    assert!(run
        .message
        .contains("associated with higher injury rates in Ramskov 2018"));
    assert!(found
        .insufficient_history
        .iter()
        .any(|i| i.rule == "intensity_spike"));
    let off = Config::parse_str(
        "[athlete]\nthreshold_hr = 170\n[rules.intensity_spike]\nenabled = false\n",
        "patella.toml",
    )
    .unwrap();
    let (parts, insufficient) = parts_of(&IntensitySpike, &analysis, &off);
    assert!(parts.is_empty() && insufficient.is_empty());
    assert!(evaluate(&analysis, &off, None)
        .warnings
        .iter()
        .all(|w| w.parts.iter().all(|p| p.rule != "intensity_spike")));
}

/// Ten minutes of steady running at `balance` % on the left foot.
fn balance_run(day: &str, balance: f64) -> LoggedRun {
    let mut r = simple(day, 2.0, 10.0);
    let streams = &mut r.activity.streams;
    streams.time_s = (0..600).map(f64::from).collect();
    streams.speed_mps = Some(vec![Some(3.0); 600]);
    streams.cadence_spm = Some(vec![Some(170.0); 600]);
    streams.stance_time_balance_pct = Some(vec![Some(balance); 600]);
    r
}

/// `gct_balance_asymmetry`'s parts on `runs`.
fn balance_parts(runs: &[LoggedRun]) -> Vec<Part> {
    let mut analysis = empty_analysis();
    analysis.dynamics = dynamics::analyze(runs, &[]);
    parts_of(&GctBalanceAsymmetry, &analysis, &Config::default()).0
}

/// The tier for a run on 2026-03-10 at `balance`, after three runs at
/// `baseline` on 03-01..03-03 (`None`: no earlier runs).
fn balance_tier(baseline: Option<f64>, balance: f64) -> Option<Tier> {
    let mut runs: Vec<LoggedRun> = baseline
        .map(|b| {
            ["2026-03-01", "2026-03-02", "2026-03-03"]
                .iter()
                .map(|d| balance_run(d, b))
                .collect()
        })
        .unwrap_or_default();
    runs.push(balance_run("2026-03-10", balance));
    balance_parts(&runs)
        .iter()
        .find(|p| p.date.to_string() == "2026-03-10")
        .map(|p| p.tier)
}

#[test]
fn gct_balance_d_boundaries() {
    // d = |balance - 50|: notice above 0.7, warning above 2.2.
    assert_eq!(balance_tier(None, 50.7), None); // d = 0.7
    assert_eq!(balance_tier(None, 49.3), None); // d = 0.7, right side
    assert_eq!(balance_tier(None, 50.71), Some(Tier::Notice)); // d = 0.71
    assert_eq!(balance_tier(None, 52.2), Some(Tier::Notice)); // d = 2.2
    assert_eq!(balance_tier(None, 52.21), Some(Tier::Warning)); // d = 2.21
    assert_eq!(balance_tier(None, 47.79), Some(Tier::Warning)); // d = 2.21
}

#[test]
fn gct_balance_shift_from_baseline() {
    // Baseline median(50.0 x 3) = 50.0. Shift = balance - 50.0.
    assert_eq!(balance_tier(Some(50.0), 51.4), Some(Tier::Notice)); // 1.4, d 1.4
    assert_eq!(balance_tier(Some(50.0), 51.5), Some(Tier::High)); // 1.5
    assert_eq!(balance_tier(Some(50.0), 48.5), Some(Tier::High)); // -1.5
                                                                  // Baseline 50.5: 49.0 is a 1.5-point swing to the right with d = 1.0.
    assert_eq!(balance_tier(Some(50.5), 49.0), Some(Tier::High));
    // Baseline 48.0: 49.6 moved 1.6 towards even (d 0.4): nothing.
    assert_eq!(balance_tier(Some(48.0), 49.6), None);
    // Baseline 53.0 (d 3.0): 53.5 is a warning on d, shift only 0.5.
    assert_eq!(balance_tier(Some(53.0), 53.5), Some(Tier::Warning));
}

#[test]
fn gct_balance_wording() {
    let runs: Vec<LoggedRun> = ["2026-03-01", "2026-03-02", "2026-03-03"]
        .iter()
        .map(|d| balance_run(d, 50.0))
        .chain([balance_run("2026-03-10", 48.0)])
        .collect();
    let parts = balance_parts(&runs);
    assert_eq!(parts.len(), 1);
    let w = &parts[0];
    assert_eq!(
        (w.tier, w.value, w.threshold),
        (Tier::High, Some(2.0), Some(1.5))
    );
    assert!(
        w.message
            .contains("48.0% on the left foot: 2.0 points off even, longer on the right"),
        "{}",
        w.message
    );
    assert!(w
        .message
        .contains("2.0 points from your own 8-week baseline (50.0%)"));
    assert!(w.message.contains("Malisoux 2024"));
}
