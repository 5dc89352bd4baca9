//! The init template and writing it.

use chrono::NaiveDate;

use super::init::{gear_from_csv, template, template_with_dates, write_init, GearUse};
use super::*;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn load(text: &str) -> Config {
    match Config::parse_str(text, "patella.toml") {
        Ok(config) => config,
        Err(e) => panic!("template does not load: {e}\n{text}"),
    }
}

#[test]
fn bare_template_round_trips() {
    let text = template("trail-2026", &[]);
    let config = load(&text);
    assert_eq!(config.athlete.name.as_deref(), Some("trail-2026"));
    assert!(config.shoes.is_empty());
    // Every key of the contract is shown, set or commented.
    for key in [
        "name =",
        "timezone =",
        "week_start =",
        "max_hr =",
        "threshold_hr =",
        "[[shoes]]",
        "initial_km =",
        "retire_km =",
        "from =",
        "until =",
        "sports =",
        "[[shoe_overrides]]",
        "file =",
        "shoe =",
        "notice =",
        "warning =",
        "high =",
        "enabled =",
    ] {
        assert!(text.contains(key), "template lacks {key}");
    }
    for id in rule_ids() {
        assert!(text.contains(id), "template lacks rule {id}");
    }
}

#[test]
fn gear_names_become_shoes_even_with_odd_characters() {
    let gears = [
        "Pegasus 39".to_string(),
        "Ghost \"15\" \\ wide\t".to_string(),
    ];
    let config = load(&template("Ren\u{e9}e's runs", &gears));
    let names: Vec<&str> = config.shoes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Pegasus 39", "Ghost \"15\" \\ wide"]);
    assert_eq!(config.athlete.name.as_deref(), Some("Ren\u{e9}e's runs"));
}

#[test]
fn dated_gear_fills_dates_only_where_shoes_do_not_cross() {
    let gear = |name: &str, first, last| GearUse {
        name: name.into(),
        first,
        last,
    };
    let gears = [
        gear("Old", day(2025, 1, 5), day(2025, 6, 1)),
        gear("Road", day(2025, 7, 1), day(2026, 2, 1)),
        gear("Trail", day(2025, 9, 1), day(2025, 12, 1)),
        gear("New", day(2026, 2, 2), day(2026, 4, 30)),
        gear("Undated", None, None),
    ];
    let config = load(&template_with_dates("x", &gears));
    let range = |name: &str| config.shoe(name).map(|s| (s.from, s.until));
    assert_eq!(range("Old"), Some((day(2025, 1, 5), day(2025, 6, 1))));
    // Road and Trail were used in the same months: dates left commented.
    assert_eq!(range("Road"), Some((None, None)));
    assert_eq!(range("Trail"), Some((None, None)));
    // The shoe used last stays open: still in use.
    assert_eq!(range("New"), Some((day(2026, 2, 2), None)));
    assert_eq!(range("Undated"), Some((None, None)));
}

const CSV: &str =
    "\u{feff}Activity ID,Activity Date,Activity Name,Activity Type,Activity Gear,Filename\n\
    1,\"Feb 3, 2026, 1:15:00 PM\",Run,Run,Pegasus 39,activities/1.fit.gz\n\
    2,\"Jan 20, 2026, 6:00:00 AM\",Run,Run,Pegasus 39,activities/2.fit.gz\n\
    3,\"Mar 1, 2026, 7:00:00 AM\",Ride,Ride,Canyon,activities/3.fit.gz\n\
    4,\"5 mars 2026, 07:00:00\",Hills,Trail Run,Speedgoat,activities/4.fit.gz\n\
    5,\"Mar 9, 2026, 7:00:00 AM\",Hills,Trail Run,Speedgoat,activities/5.fit.gz\n\
    6,\"Mar 9, 2026, 7:00:00 AM\",Walk,Walk,,activities/6.fit.gz\n\
    7,not a date,Run,Run,Spare,\n";

#[test]
fn csv_gear_keeps_running_shoes_with_first_and_last_dates() {
    let gears = gear_from_csv(CSV.as_bytes());
    let gear = |name: &str, first, last| GearUse {
        name: name.into(),
        first,
        last,
    };
    assert_eq!(
        gears,
        vec![
            gear("Pegasus 39", day(2026, 1, 20), day(2026, 2, 3)),
            gear("Speedgoat", day(2026, 3, 9), day(2026, 3, 9)),
            gear("Spare", None, None),
        ]
    );
    assert!(gear_from_csv(b"").is_empty());
    assert!(gear_from_csv(b"\xff\xfe,\n\"unclosed").is_empty());
}

#[test]
fn write_init_writes_once_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("alex-runs");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("activities.csv"), CSV).expect("write csv");
    let path = write_init(&folder).expect("writes");
    assert_eq!(path, folder.join(FILE_NAME));
    let config = Config::load(&path).expect("loads back");
    assert_eq!(config.athlete.name.as_deref(), Some("alex-runs"));
    let pegasus = config.shoe("Pegasus 39").expect("shoe from csv");
    assert_eq!(
        (pegasus.from, pegasus.until),
        (day(2026, 1, 20), day(2026, 2, 3))
    );
    assert!(config.shoe("Canyon").is_none(), "bikes are not shoes");

    std::fs::write(&path, "# mine\n").expect("edit");
    let err = write_init(&folder).expect_err("refuses");
    assert_eq!(
        err,
        ConfigError::AlreadyExists {
            file: path.display().to_string()
        }
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "# mine\n");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&folder)
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn write_init_without_csv_and_into_a_missing_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_init(dir.path()).expect("writes");
    assert!(Config::load(&path).expect("loads").shoes.is_empty());
    let err = write_init(&dir.path().join("missing")).expect_err("no folder");
    assert!(err.to_string().contains("cannot write"), "{err}");
}
