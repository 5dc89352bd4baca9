//! The shoe rules at their boundaries, on logs built here.

use chrono::{Days, NaiveDate};

use crate::analyze::downhill::DownhillMetrics;
use crate::analyze::shoes::{self, ShoeMetrics};
use crate::analyze::test_runs::run;
use crate::analyze::{analyze_log, Analysis};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::{LoggedRun, TrainingLog};
use crate::rules::judge::parts_of;
use crate::rules::shoe_mileage::ShoeMileage;
use crate::rules::shoe_rotation::ShoeRotation;
use crate::rules::{evaluate, Episode, Tier, Warning};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A run of `km` on `date` in Strava gear `gear` (none when empty).
fn geared(date: NaiveDate, km: f64, gear: &str) -> LoggedRun {
    let text = date.to_string();
    let mut r = run(&text, &text, Some(km), Some(km * 6.0));
    r.activity.gear = (!gear.is_empty()).then(|| gear.to_string());
    r
}

fn measure(runs: &[LoggedRun], config: &Config) -> ShoeMetrics {
    shoes::analyze(
        &log_of(runs),
        config,
        WeekStart::Monday,
        &DownhillMetrics::default(),
    )
}

fn log_of(runs: &[LoggedRun]) -> TrainingLog {
    TrainingLog {
        runs: runs.to_vec(),
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: Vec::new(),
    }
}

/// An analysis (Monday weeks) whose shoe metrics are those of `runs`, the
/// only metrics the shoe rules read.
fn shoe_analysis(runs: &[LoggedRun], config: &Config) -> Analysis {
    let mut analysis = analyze_log(&log_of(&[]), config);
    analysis.week_start = WeekStart::Monday;
    analysis.shoes = measure(runs, config);
    analysis
}

fn config(text: &str) -> Config {
    Config::parse_str(text, "patella.toml").expect("valid config")
}

/// shoe_mileage on pair "A" starting at `initial` km (and `extra` config
/// lines), with runs of `kms` on consecutive days from 2026-03-02:
/// (date, tier, value, threshold) of each finding.
fn mileage(initial: f64, extra: &str, kms: &[f64]) -> Vec<(String, Tier, f64, f64)> {
    let c = config(&format!(
        "[[shoes]]\nname = \"A\"\ninitial_km = {initial:.1}\n{extra}"
    ));
    let runs: Vec<LoggedRun> = kms
        .iter()
        .enumerate()
        .map(|(i, km)| geared(day("2026-03-02") + Days::new(i as u64), *km, "A"))
        .collect();
    let (parts, _) = parts_of(&ShoeMileage, &shoe_analysis(&runs, &c), &c);
    parts
        .into_iter()
        .map(|p| {
            assert!(p.message.contains("associated with higher injury rates in"));
            (
                p.date.to_string(),
                p.tier,
                p.value.unwrap(),
                p.threshold.unwrap(),
            )
        })
        .collect()
}

#[test]
fn mileage_notice_from_500_km() {
    // 480 + 10 + 9.9 = 499.9: under 500.
    assert_eq!(mileage(480.0, "", &[10.0, 9.9]), []);
    // 480 + 10 + 10 = 500.0 on the second run: ">= 500".
    assert_eq!(
        mileage(480.0, "", &[10.0, 10.0]),
        [("2026-03-03".into(), Tier::Notice, 500.0, 500.0)]
    );
    // 495 + 10 = 505, then 515 and 525: the notice fires once.
    assert_eq!(
        mileage(495.0, "", &[10.0, 10.0, 10.0]),
        [("2026-03-02".into(), Tier::Notice, 505.0, 500.0)]
    );
}

#[test]
fn mileage_warning_from_800_km() {
    // 780 + 10 = 790 (already past 500 on its first run here: notice),
    // + 9.9 = 799.9: no warning yet.
    assert_eq!(
        mileage(780.0, "", &[10.0, 9.9]),
        [("2026-03-02".into(), Tier::Notice, 790.0, 500.0)]
    );
    // 790 + 10.1 = 800.1 on 03-03: the warning, once, then 810.1.
    assert_eq!(
        mileage(780.0, "", &[10.0, 10.1, 10.0]),
        [
            ("2026-03-02".into(), Tier::Notice, 790.0, 500.0),
            ("2026-03-03".into(), Tier::Warning, 800.1, 800.0),
        ]
    );
}

#[test]
fn mileage_own_retirement_overrides_the_warning() {
    // retire_km = 600: 590 + 5 = 595 (notice), + 6 = 601 (warning at 600).
    assert_eq!(
        mileage(590.0, "retire_km = 600.0\n", &[5.0, 6.0]),
        [
            ("2026-03-02".into(), Tier::Notice, 595.0, 500.0),
            ("2026-03-03".into(), Tier::Warning, 601.0, 600.0),
        ]
    );
    // retire_km = 450 is below the notice: only the warning, at 450.
    assert_eq!(
        mileage(440.0, "retire_km = 450.0\n", &[5.0, 6.0]),
        [("2026-03-03".into(), Tier::Warning, 451.0, 450.0)]
    );
    // [rules.shoe_mileage] warning = 700 for pairs without their own.
    assert_eq!(
        mileage(
            690.0,
            "[rules.shoe_mileage]\nwarning = 700.0\n",
            &[5.0, 6.0]
        ),
        [
            ("2026-03-02".into(), Tier::Notice, 695.0, 500.0),
            ("2026-03-03".into(), Tier::Warning, 701.0, 700.0),
        ]
    );
    assert_eq!(
        mileage(790.0, "[rules.shoe_mileage]\nenabled = false\n", &[20.0]),
        []
    );
}

/// A run every other day from 2026-03-02 (a Monday) to `last`, in the
/// pair `pick(i)` for the i-th run.
fn every_other_day(last: &str, pick: impl Fn(usize) -> &'static str) -> Vec<LoggedRun> {
    let mut runs = Vec::new();
    let mut date = day("2026-03-02");
    while date <= day(last) {
        runs.push(geared(date, 8.0, pick(runs.len())));
        date = date + Days::new(2);
    }
    runs
}

/// The dates of the weeks `shoe_rotation` found one pair only in, and
/// how many such weeks came too early to judge.
fn rotation_dates(runs: &[LoggedRun]) -> (Vec<String>, usize) {
    let config = Config::default();
    let (parts, insufficient) = parts_of(&ShoeRotation, &shoe_analysis(runs, &config), &config);
    assert!(parts.iter().all(|p| p.tier == Tier::Notice));
    (
        parts.iter().map(|p| p.date.to_string()).collect(),
        insufficient.len(),
    )
}

/// The `shoe_rotation` findings of the whole log, oldest first: each
/// finding's first date and its episode, if it is one.
fn rotation_findings(runs: &[LoggedRun]) -> Vec<(String, Option<Episode>)> {
    let config = Config::default();
    let found = evaluate(&analyze_log(&log_of(runs), &config), &config, None);
    let mut ours: Vec<&Warning> = found
        .warnings
        .iter()
        .filter(|w| w.rule == "shoe_rotation")
        .collect();
    ours.sort_by_key(|w| w.parts[0].date);
    ours.iter()
        .map(|w| (w.parts[0].date.to_string(), w.episode.clone()))
        .collect()
}

#[test]
fn rotation_one_pair_is_one_episode_after_30_days() {
    // One pair for 10 weeks. Weeks end 03-08, 03-15, 03-22, 03-29 with 6,
    // 13, 20, 27 days of history (insufficient); 04-05 has 34. From then
    // on every week holds, up to the last, cut at the last run (05-09).
    let runs = every_other_day("2026-05-09", |_| "A");
    assert_eq!(
        rotation_dates(&runs),
        (
            [
                "2026-04-05",
                "2026-04-12",
                "2026-04-19",
                "2026-04-26",
                "2026-05-03",
                "2026-05-09"
            ]
            .map(String::from)
            .to_vec(),
            4
        )
    );
    // Shown once: one episode of those 6 weeks, ongoing at the log's end.
    let findings = rotation_findings(&runs);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let episode = findings[0].1.as_ref().expect("an episode");
    assert_eq!(
        (
            episode.first_date.to_string(),
            episode.last_date,
            episode.count,
            episode.judged
        ),
        ("2026-04-05".to_string(), None, 6, 6)
    );
}

#[test]
fn rotation_two_pairs_alternated_is_quiet() {
    let runs = every_other_day("2026-05-09", |i| if i % 2 == 0 { "A" } else { "B" });
    assert_eq!(rotation_dates(&runs), (vec![], 0));
}

#[test]
fn rotation_runs_without_a_known_shoe_are_not_judged() {
    let runs = every_other_day("2026-05-09", |i| if i % 2 == 0 { "A" } else { "" });
    assert_eq!(rotation_dates(&runs).0, Vec::<String>::new());
}

#[test]
fn rotation_fires_again_after_a_second_pair_drops_out() {
    // A only until 04-05 (held on 04-05, as above). B on 04-07 and 04-10
    // ends it in the week ending 04-12. B's two runs stay in the 8-week
    // window while its start (end - 55 days) is <= 04-07: up to the week
    // ending 05-31 (window from 04-06). The weeks ending 06-07 (window
    // from 04-13) and 06-10 (the last run) have A only.
    let mut runs = every_other_day("2026-06-10", |_| "A");
    runs.push(geared(day("2026-04-07"), 6.0, "B"));
    runs.push(geared(day("2026-04-10"), 6.0, "B"));
    runs.sort_by_key(|r| r.start_local);
    assert_eq!(
        rotation_dates(&runs).0,
        ["2026-04-05", "2026-06-07", "2026-06-10"]
    );
    // Two findings: 04-05 alone (one week; an episode needs 2 in a row),
    // then an episode from 06-07, ongoing.
    let findings = rotation_findings(&runs);
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[0], ("2026-04-05".to_string(), None));
    assert_eq!(findings[1].0, "2026-06-07");
    let episode = findings[1].1.as_ref().expect("an episode");
    assert_eq!((episode.count, episode.last_date), (2, None));
}
