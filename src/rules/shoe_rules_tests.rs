//! The shoe rules at their boundaries, on logs built here.

use chrono::{Days, NaiveDate};

use crate::analyze::daily::testing::run;
use crate::analyze::downhill::DownhillMetrics;
use crate::analyze::shoes::{self, ShoeMetrics};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::LoggedRun;
use crate::rules::{shoe_mileage, shoe_rotation, Tier};

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
    shoes::analyze(runs, config, WeekStart::Monday, &DownhillMetrics::default())
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
    let m = measure(&runs, &c);
    shoe_mileage::judge(&m, WeekStart::Monday, &c)
        .into_iter()
        .map(|w| {
            assert!(w.message.contains("associated with higher injury rates in"));
            (
                w.date.to_string(),
                w.tier,
                w.value.unwrap(),
                w.threshold.unwrap(),
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

fn rotation_dates(runs: &[LoggedRun]) -> (Vec<String>, usize) {
    let m = measure(runs, &Config::default());
    let mut insufficient = Vec::new();
    let warnings = shoe_rotation::judge(&m, &Config::default(), &mut insufficient);
    assert!(warnings.iter().all(|w| w.tier == Tier::Notice));
    (
        warnings.iter().map(|w| w.date.to_string()).collect(),
        insufficient.len(),
    )
}

#[test]
fn rotation_one_pair_fires_once_after_30_days() {
    // One pair for 10 weeks. Weeks end 03-08, 03-15, 03-22, 03-29 with 6,
    // 13, 20, 27 days of history (insufficient); 04-05 has 34: the notice,
    // then the episode goes on without a second one.
    let runs = every_other_day("2026-05-09", |_| "A");
    assert_eq!(rotation_dates(&runs), (vec!["2026-04-05".into()], 4));
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
    // A only until 04-05 (notice on 04-05, as above). B on 04-07 and 04-10
    // ends the episode in the week ending 04-12. B's two runs stay in the
    // 8-week window while its start (end - 55 days) is <= 04-07: up to the
    // week ending 05-31 (window from 04-06). The week ending 06-07
    // (window from 04-13) has A only: a new episode.
    let mut runs = every_other_day("2026-06-10", |_| "A");
    runs.push(geared(day("2026-04-07"), 6.0, "B"));
    runs.push(geared(day("2026-04-10"), 6.0, "B"));
    runs.sort_by_key(|r| r.start_local);
    assert_eq!(
        rotation_dates(&runs).0,
        ["2026-04-05".to_string(), "2026-06-07".to_string()]
    );
}
