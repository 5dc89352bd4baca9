//! The demo export keeps the promises of its `EXPECTED.md`: the plan has
//! the patterns it lists, `activities.csv` links to the files the way
//! Strava's does, and the broken files are broken the documented way.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;

use chrono::{Datelike, Timelike, Weekday};

use super::demo::{demo_activities, demo_export};
use super::demo_activity::DemoActivity;
use super::demo_csv::STRAVA_CSV_HEADER;
use super::*;

fn demos() -> Vec<DemoActivity> {
    demo_activities(DEMO_PLAN).expect("the plan's dates exist")
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the export"))
        .bytes
}

#[test]
fn demo_plan_has_what_expected_md_promises() {
    let demos = demos();
    let mut weeks = BTreeMap::new();
    for d in demos.iter().filter(|d| d.plan.sport == SynthSport::Running) {
        *weeks.entry(d.week_start).or_insert(0) += 1;
        assert!((4.0..=26.0).contains(&d.plan.km));
    }
    assert!(weeks.len() >= 16);
    assert!(weeks.values().all(|n| (3..=7).contains(n)), "{weeks:?}");
    // The one week with a run every day (the streak of "Patterns").
    assert_eq!(weeks.values().filter(|n| **n == 7).count(), 1);
    let count = |s: Special| demos.iter().filter(|d| d.plan.special == s).count();
    assert_eq!(count(Special::AlsoGpx), 1);
    assert_eq!(count(Special::TruncatedFit), 1);
    assert_eq!(count(Special::CutGzip), 1);
    assert_eq!(count(Special::EmptyFile), 1);
    assert!(demos.iter().any(|d| d.plan.sport == SynthSport::Cycling));
    let late = demos
        .iter()
        .find(|d| d.start_local.weekday() == Weekday::Sun && d.start_local.hour() == 22)
        .expect("late Sunday run");
    assert_eq!(late.activity.start_utc.weekday(), Weekday::Mon);
    let offsets: BTreeSet<i32> = demos.iter().map(|d| d.activity.utc_offset_s).collect();
    assert_eq!(
        offsets.into_iter().collect::<Vec<_>>(),
        [-7 * 3600, -6 * 3600]
    );
    let formats = |f: FileFormat| demos.iter().filter(|d| d.plan.format == f).count();
    assert!(formats(FileFormat::Fit) > formats(FileFormat::Gpx) + formats(FileFormat::Tcx));
    assert!(formats(FileFormat::Gpx) > 0 && formats(FileFormat::Tcx) > 0);
    let files: Vec<&String> = demos.iter().flat_map(|d| &d.files).collect();
    assert!(files.iter().any(|f| f.ends_with(".fit.gz")));
    assert!(files.iter().any(|f| f.ends_with(".gpx.gz")));
    let unique: BTreeSet<_> = files.iter().collect();
    assert_eq!(unique.len(), files.len());

    // Strava's side: one type override, one GPX that needs it, gear.
    let overridden: Vec<_> = demos
        .iter()
        .filter(|d| d.plan.strava_type.is_some())
        .collect();
    assert_eq!(overridden.len(), 1);
    assert_eq!(overridden[0].strava_type, "Trail Run");
    assert_eq!(overridden[0].plan.format, FileFormat::Fit);
    let untyped = demos
        .iter()
        .filter(|d| d.plan.format == FileFormat::Gpx && d.plan.gpx_type == GpxType::None)
        .count();
    assert_eq!(untyped, 1);
    for d in &demos {
        let expected = match (d.plan.sport, d.start_local.weekday()) {
            (SynthSport::Cycling, _) => "Allez",
            (_, Weekday::Sat) => "Speedgoat 5",
            _ => "Pegasus 39",
        };
        assert_eq!(d.gear, expected, "{:?}", d.files);
    }
}

#[test]
fn demo_export_csv_broken_files_and_expected_md_agree() {
    let demos = demos();
    let export = demo_export(DEMO_PLAN).expect("the plan's dates exist");

    // activities.csv: Strava's header, repeated names included, and one row
    // per file under activities/ except the empty one.
    let csv_bytes = file(&export, "activities.csv");
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header.join(","), STRAVA_CSV_HEADER);
    assert_eq!(header.iter().filter(|h| *h == "Distance").count(), 2);
    assert_eq!(header.iter().filter(|h| *h == "Elapsed Time").count(), 2);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let listed: BTreeSet<&str> = rows.iter().map(|r| &r[column("Filename")]).collect();
    let expected: BTreeSet<&str> = demos
        .iter()
        .filter(|d| d.in_strava_csv())
        .filter_map(|d| d.files.first().map(String::as_str))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(rows.len(), expected.len());
    for d in &demos {
        let main = d.files[0].as_str();
        assert!(main.starts_with("activities/"), "{main}");
        assert_eq!(listed.contains(main), d.plan.special != Special::EmptyFile);
    }
    let first = &rows[0];
    assert_eq!(&first[column("Activity Date")], "Feb 3, 2026, 1:15:00 PM");
    assert_eq!(&first[column("Activity Name")], "Morning Run");
    assert_eq!(&first[column("Activity Gear")], "Pegasus 39");
    assert_eq!(&first[column("Distance")], "7.00");
    assert_eq!(&first[17], "7000.0");
    let types: Vec<&str> = rows.iter().map(|r| &r[column("Activity Type")]).collect();
    assert_eq!(types.iter().filter(|t| **t == "Trail Run").count(), 1);
    assert_eq!(types.iter().filter(|t| **t == "Ride").count(), 1);
    assert!(rows
        .iter()
        .any(|r| &r[column("Activity Name")] == "Treadmill snow day"));

    // The importer's own parser links every row to an existing file.
    let index = patella::import::strava::parse("", csv_bytes)
        .expect("importer parses it")
        .index;
    assert_eq!(index.len(), rows.len());
    for path in index.keys() {
        assert!(export.iter().any(|f| &f.path == path), "{path}");
    }

    // The GPX without <type>, and the broken files.
    for d in &demos {
        let bytes = file(&export, &d.files[0]);
        match d.plan.special {
            Special::EmptyFile => assert!(bytes.is_empty()),
            Special::CutGzip => {
                let mut out = Vec::new();
                let read = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out);
                assert!(read.is_err(), "{} must not gunzip", d.files[0]);
            }
            Special::TruncatedFit => {
                let size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
                assert!(bytes.len() < 14 + size as usize);
            }
            Special::None | Special::AlsoGpx => {}
        }
        if d.plan.format == FileFormat::Gpx && !d.plan.gzip && !d.is_skipped() {
            let doc = String::from_utf8_lossy(bytes);
            assert_eq!(doc.contains("<type>"), d.plan.gpx_type != GpxType::None);
        }
    }

    // EXPECTED.md states the counts both ways and the skipped files.
    let md = String::from_utf8(file(&export, "EXPECTED.md").to_vec()).unwrap();
    let readable = demos.iter().filter(|d| d.is_readable_run()).count();
    let salvaged = demos.iter().filter(|d| d.is_salvaged_run()).count();
    assert_eq!((readable, salvaged), (71, 1));
    assert!(md.contains(&format!("- Distinct, fully readable runs: {readable} (")));
    assert!(md.contains(&format!(
        "- Distinct runs including salvaged: {} (",
        readable + salvaged
    )));
    assert!(md.contains(&format!("`activities.csv` has {} rows", rows.len())));
    let patterns = md
        .split("\n## Patterns for the rules\n")
        .nth(1)
        .expect("Patterns section");
    for rule in [
        "weekly_distance_jump",
        "session_distance_spike",
        "descent_session_spike",
        "steep_descent_exposure",
        "shoe_mileage",
        "recovery_streak",
        "cadence_low_vs_baseline",
        "form_fatigue_drift",
    ] {
        assert!(patterns.contains(&format!("| `{rule}`")), "{rule}");
    }
    let skipped = md.split("\n## Skipped\n").nth(1).expect("Skipped section");
    let skipped = skipped.split("\n## ").next().unwrap_or_default();
    for d in demos.iter().filter(|d| d.is_skipped()) {
        let line = skipped
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", d.files[0])))
            .unwrap_or_else(|| panic!("{} not under Skipped", d.files[0]));
        let reason = match d.plan.special {
            Special::CutGzip => "`broken gzip stream`",
            _ => "`empty file (0 bytes)`",
        };
        assert!(line.contains(reason), "{line}");
    }
    let table = md.split("\n## Activities\n").nth(1).expect("Activities");
    for d in &demos {
        assert_eq!(
            table.contains(&format!("`{}`", d.files[0])),
            !d.is_skipped(),
            "{}",
            d.files[0]
        );
    }
}
