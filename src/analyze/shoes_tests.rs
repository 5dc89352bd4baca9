//! Shoe assignment, wear and rotation on logs built here.

use super::downhill::DownhillMetrics;
use super::shoes::{analyze, ShoeMetrics, ShoeSource, DEFAULT_RETIRE_KM};
use super::test_runs::{date, run};
use crate::config::Config;
use crate::log::weeks::WeekStart;
use crate::log::{LoggedRun, TrainingLog};
use crate::model::{ExportShoe, GearSource};

/// A run of `km` on `day` in Strava gear `gear` (none when empty), its id
/// the date, its file `activities/<day>.fit`.
pub(crate) fn geared(day: &str, km: f64, gear: &str) -> LoggedRun {
    let mut r = run(day, day, Some(km), Some(km * 6.0));
    r.activity.files = vec![format!("activities/{day}.fit")];
    r.activity.gear = (!gear.is_empty()).then(|| gear.to_string());
    r
}

fn config(text: &str) -> Config {
    Config::parse_str(text, "patella.toml").expect("valid config")
}

fn measure(runs: &[LoggedRun], config: &Config) -> ShoeMetrics {
    measure_with(runs, Vec::new(), config)
}

fn measure_with(runs: &[LoggedRun], listed: Vec<ExportShoe>, config: &Config) -> ShoeMetrics {
    let log = TrainingLog {
        runs: runs.to_vec(),
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: String::new(),
        export_shoes: listed,
    };
    analyze(&log, config, WeekStart::Monday, &DownhillMetrics::default())
}

fn listed(name: &str, retire_km: Option<f64>) -> ExportShoe {
    ExportShoe {
        name: name.into(),
        retire_km,
        from: None,
        until: None,
        retired: false,
        source: GearSource::GarminGear,
    }
}

/// Garmin's shoes: the source is the export's, the retirement distance
/// the one the runner set there unless the config sets one, and a pair
/// the export lists with none takes the rule's.
#[test]
fn garmin_gear_brings_its_retirement_distance() {
    let mut runs = [
        geared("2026-03-02", 10.0, "Daily"),
        geared("2026-03-03", 8.0, "Race"),
        geared("2026-03-04", 5.0, "Old"),
        geared("2026-03-05", 6.0, "Daily"),
    ];
    for run in &mut runs[..3] {
        run.activity.gear_source = Some(GearSource::GarminGear);
    }
    let shoes = vec![
        listed("Daily", Some(600.0)),
        listed("Race", Some(300.0)),
        listed("Old", None),
    ];
    let config = config("[[shoes]]\nname = \"Race\"\nretire_km = 250.0\n");
    let m = measure_with(&runs, shoes, &config);
    let sources: Vec<Option<ShoeSource>> = m.runs.iter().map(|r| r.source).collect();
    let garmin = Some(ShoeSource::GarminGear);
    assert_eq!(
        sources,
        [garmin, garmin, garmin, Some(ShoeSource::StravaGear)]
    );
    let retire: Vec<(&str, Option<f64>, f64, bool)> = m
        .shoes
        .iter()
        .map(|s| (s.name.as_str(), s.own_retire_km, s.retire_km, s.configured))
        .collect();
    assert_eq!(
        retire,
        [
            ("Daily", Some(600.0), 600.0, false),
            ("Race", Some(250.0), 250.0, true),
            ("Old", None, DEFAULT_RETIRE_KM, false),
        ]
    );
}

const PRECEDENCE: &str = r#"
[[shoes]]
name = "Ghost 15"

[[shoes]]
name = "Road"
from = 2026-03-01

[[shoes]]
name = "Pegasus 39"
initial_km = 100.0

[[shoe_overrides]]
file = "activities/2026-03-02.fit"
shoe = "Ghost 15"

[[shoe_overrides]]
date = 2026-03-04
shoe = "Ghost 15"
"#;

#[test]
fn override_beats_gear_beats_date_range() {
    let runs = [
        geared("2026-02-20", 4.0, ""), // before Road's range: no shoe
        geared("2026-03-02", 10.0, "Pegasus 39"), // file override: Ghost 15
        geared("2026-03-03", 8.0, "Pegasus 39"), // gear beats Road's range
        geared("2026-03-04", 5.0, "Pegasus 39"), // date override: Ghost 15
        geared("2026-03-05", 6.0, ""), // Road's range
        geared("2026-03-06", 7.0, "Kinvara"), // gear not in the config
    ];
    let m = measure(&runs, &config(PRECEDENCE));
    let assigned: Vec<(Option<&str>, Option<ShoeSource>)> = m
        .runs
        .iter()
        .map(|r| (r.shoe.as_deref(), r.source))
        .collect();
    assert_eq!(
        assigned,
        [
            (None, None),
            (Some("Ghost 15"), Some(ShoeSource::Override)),
            (Some("Pegasus 39"), Some(ShoeSource::StravaGear)),
            (Some("Ghost 15"), Some(ShoeSource::Override)),
            (Some("Road"), Some(ShoeSource::DateRange)),
            (Some("Kinvara"), Some(ShoeSource::StravaGear)),
        ]
    );
    // Ghost 15: 10 + 5 = 15 km in 2 runs; Pegasus 39: 100 initial + 8 =
    // 108; Road 6; Kinvara 7 with the default retirement; 1 run of 4 km
    // without a shoe.
    let shoes: Vec<(&str, f64, u32, bool)> = m
        .shoes
        .iter()
        .map(|s| (s.name.as_str(), s.distance_km, s.runs, s.configured))
        .collect();
    assert_eq!(
        shoes,
        [
            ("Ghost 15", 15.0, 2, true),
            ("Pegasus 39", 108.0, 1, true),
            ("Road", 6.0, 1, true),
            ("Kinvara", 7.0, 1, false),
        ]
    );
    assert_eq!(m.shoes[0].first_used, date("2026-03-02"));
    assert_eq!(m.shoes[0].last_used, date("2026-03-04"));
    assert_eq!(m.shoes[3].retire_km, DEFAULT_RETIRE_KM);
    assert_eq!((m.runs_without_shoe, m.km_without_shoe), (1, 4.0));
}

#[test]
fn initial_km_counts_in_the_cumulative_distance() {
    let c = config("[[shoes]]\nname = \"A\"\ninitial_km = 490.0\n");
    let runs = [
        geared("2026-03-02", 5.0, "A"),
        geared("2026-03-03", 6.0, "A"),
    ];
    let m = measure(&runs, &c);
    let a = &m.shoes[0];
    // 490 + 5 = 495 after the first run, 495 + 6 = 501 after the second.
    let cumulative: Vec<f64> = a.uses.iter().map(|u| u.cumulative_km).collect();
    assert_eq!(cumulative, [495.0, 501.0]);
    assert_eq!(a.crossing(500.0).map(|u| u.date), Some(date("2026-03-03")));
    assert_eq!(a.crossing(490.0).map(|u| u.date), Some(date("2026-03-02")));
    assert!(a.crossing(501.5).is_none());
    assert_eq!(a.km_on(date("2026-03-01")), 490.0);
    assert_eq!(a.km_on(date("2026-03-02")), 495.0);
    assert_eq!(a.km_on(date("2026-04-01")), 501.0);
}

#[test]
fn retirement_is_projected_at_the_recent_rate() {
    let c = config("[[shoes]]\nname = \"P\"\ninitial_km = 700.0\n");
    let mut runs = vec![geared("2025-12-01", 5.0, "Old")];
    for day in 1..=9 {
        runs.push(geared(&format!("2026-03-{day:02}"), 10.0, "P"));
    }
    runs.push(geared("2026-03-09", 14.0, "New"));
    let m = measure(&runs, &c);
    let get = |name: &str| m.shoes.iter().find(|s| s.name == name).expect(name);
    // P: 700 + 9 x 10 = 790 km; 90 km over the 9 days 03-01..03-09 = 10
    // km/day; 10 km left: 1 day after the log's last run (03-09).
    let p = get("P");
    assert_eq!(p.distance_km, 790.0);
    assert_eq!(p.recent_km_per_day, Some(10.0));
    assert_eq!(p.projected_retirement, Some(date("2026-03-10")));
    // Old: last used 98 days before 03-09, outside the 8 weeks.
    assert_eq!(get("Old").recent_km_per_day, None);
    assert_eq!(get("Old").projected_retirement, None);
    // New: one day of use counts as 7: 14 / 7 = 2 km/day, 786 km left:
    // 393 days after 2026-03-09 = 2027-04-06.
    assert_eq!(get("New").recent_km_per_day, Some(2.0));
    assert_eq!(get("New").projected_retirement, Some(date("2027-04-06")));
}

#[test]
fn a_pair_past_its_retirement_has_no_projection() {
    let c = config("[[shoes]]\nname = \"P\"\ninitial_km = 795.0\nretire_km = 800.0\n");
    let m = measure(&[geared("2026-03-02", 6.0, "P")], &c);
    assert_eq!(m.shoes[0].distance_km, 801.0);
    assert!(m.shoes[0].recent_km_per_day.is_some());
    assert_eq!(m.shoes[0].projected_retirement, None);
}

#[test]
fn rotation_counts_pairs_used_twice_in_eight_weeks() {
    // Week of Mon 03-02: A twice, B once, one run without a shoe.
    // Week of Mon 03-09: B once more (03-10): B has 2 uses in the window.
    let runs = [
        geared("2026-03-02", 5.0, "A"),
        geared("2026-03-03", 5.0, "B"),
        geared("2026-03-04", 5.0, "A"),
        geared("2026-03-05", 5.0, ""),
        geared("2026-03-10", 5.0, "B"),
    ];
    let m = measure(&runs, &Config::default());
    assert_eq!(m.rotation.len(), 2);
    let first = &m.rotation[0];
    assert_eq!(first.date, date("2026-03-08"));
    assert_eq!(first.shoes_used_twice, ["A"]);
    assert_eq!((first.runs_without_shoe, first.history_days), (1, 6));
    // The last week ends at the log's last run.
    let second = &m.rotation[1];
    assert_eq!(second.date, date("2026-03-10"));
    assert_eq!(second.shoes_used_twice, ["A", "B"]);
    assert_eq!(second.history_days, 8);
}
