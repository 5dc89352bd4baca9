//! Figures as the watch saw them, on the shared real-device corpus (issue
//! 12): the local time of the place, time-weighted heart rate, and the
//! timer's time without samples. The expected values are the devices' own
//! session figures (`../shared/corpus/truth.json`, read with fitdecode) or
//! the time zone of the place, worked out by hand in each comment. Runs
//! only where the corpus exists.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};

use patella::import::import_paths;
use patella::log::{build, LogOptions, LoggedRun, TrainingLog};
use patella::model::OffsetSource;
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("truth.json").exists().then_some(dir)
}

fn corpus_log(dir: &Path) -> TrainingLog {
    let imported = import_paths(&[dir.to_path_buf()]).expect("corpus readable");
    build(imported.activities, &LogOptions::default())
}

fn run<'a>(log: &'a TrainingLog, file: &str) -> &'a LoggedRun {
    log.runs
        .iter()
        .find(|r| r.activity.files.iter().any(|f| f == file))
        .unwrap_or_else(|| panic!("{file} is a run in the log"))
}

#[test]
fn the_place_decides_the_offset() {
    let Some(dir) = corpus() else { return };
    let log = corpus_log(&dir);
    // (file, zone where it started, that zone's offset on the day). Prague
    // in February and March 2020 is on CET, UTC+1; Berlin on 31 October
    // 2017 too (summer time ended on the 29th). Warsaw on 10 April 2016 is
    // on CEST (UTC+2, from 27 March); Helsinki on 2 April 2010 on EEST
    // (UTC+3, from 28 March). The files say +0, +0, +0, +1 and +2 h.
    let expected = [
        ("sports-lib/6916728382.fit", "Europe/Prague", 3600),
        ("sports-lib/6916663933.fit", "Europe/Prague", 3600),
        (
            "runalyze/invalid-altitude-and-empty-record-at-end.fit",
            "Europe/Berlin",
            3600,
        ),
        (
            "runalyze/Wrong-time-zone-by-polar.tcx",
            "Europe/Warsaw",
            7200,
        ),
        (
            "runalyze/break-between-trkseg.gpx",
            "Europe/Helsinki",
            10800,
        ),
    ];
    for (file, zone, seconds) in expected {
        let run = run(&log, file);
        assert_eq!(
            (
                run.offset.seconds,
                run.offset.zone.as_deref(),
                run.offset.source
            ),
            (seconds, Some(zone), OffsetSource::GpsPosition),
            "{file}"
        );
        let note = run.offset_note.as_deref().unwrap_or_default();
        assert!(
            note.contains("over the file's own offset"),
            "{file}: {note}"
        );
    }
    // Every other run agrees with its file, and says nothing.
    let noted = log.runs.iter().filter(|r| r.offset_note.is_some()).count();
    assert_eq!(noted, expected.len());
}

/// The device's local date of each session start, as truth.json records
/// it: a FIT session's start plus the file's `local_timestamp` offset, or a
/// TCX's first time stamp in the offset it is written with. A FIT offset
/// beyond a day is a broken clock, not a place (runalyze
/// FR70-intervals.fit: -576963 s), and tells no date.
fn device_local_dates(truth: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    let mut dates = Vec::new();
    for (file, entry) in truth {
        if let Some(offset) = entry["activity"]["utc_offset_s"].as_f64() {
            if offset.abs() > 14.0 * 3600.0 {
                continue;
            }
            for session in entry["sessions"].as_array().into_iter().flatten() {
                let Some(start) = session["start_time"].as_str() else {
                    continue;
                };
                let start: DateTime<Utc> = start.parse().expect("session start");
                let local = start + Duration::seconds(offset as i64);
                dates.push((file.clone(), local.date_naive().to_string()));
            }
        } else if let Some(raw) = entry["activities"][0]["first_time_raw"].as_str() {
            if !raw.ends_with('Z') {
                dates.push((file.clone(), raw[..10].to_string()));
            }
        }
    }
    dates
}

#[test]
fn every_run_keeps_the_devices_local_date() {
    let Some(dir) = corpus() else { return };
    let text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json");
    let Value::Object(truth) = serde_json::from_str(&text).expect("JSON") else {
        panic!("truth.json is an object");
    };
    let log = corpus_log(&dir);
    let mut compared = 0;
    for (file, device_date) in device_local_dates(&truth) {
        let runs: Vec<String> = log
            .runs
            .iter()
            .filter(|r| r.activity.files[0] == file)
            .map(|r| r.local_date.to_string())
            .collect();
        if runs.is_empty() {
            continue; // not a run, or merged into a copy in another format
        }
        compared += 1;
        assert!(
            runs.contains(&device_date),
            "{file}: {runs:?} against {device_date}"
        );
    }
    assert!(compared >= 30, "only {compared} runs had a device date");
}

#[test]
fn heart_rate_is_the_watchs_time_weighted_average() {
    let Some(dir) = corpus() else { return };
    let log = corpus_log(&dir);
    // Smart recording (uneven samples): the watch says 130 bpm, the samples
    // weighted by time 129.6, their plain mean 134.
    let smart = run(&log, "sports-lib/2067489619.fit");
    let hr = smart.summary.avg_hr_bpm.expect("heart rate");
    assert!((127.5..=132.5).contains(&hr), "{hr}");
    // Uneven samples on a rising heart rate (58 bpm at 2 s, 112 at 57 s;
    // 1 s apart early, up to 9 s apart late): the watch says 90, the
    // samples weighted by time 91, their plain mean 85. Max 112 both.
    let late = run(&log, "python-fitparse/garmin-fenix-5-run.fit");
    let hr = late.summary.avg_hr_bpm.expect("heart rate");
    assert!((87.0..=93.0).contains(&hr), "{hr}");
    assert_eq!(late.summary.max_hr_bpm, Some(112.0));
}

#[test]
fn timer_time_without_trackpoints_is_moving() {
    let Some(dir) = corpus() else { return };
    let log = corpus_log(&dir);
    // The laps' timer totals 1916 s; the trackpoints start 186 s in, after
    // three laps that have distance (600 m) but no track.
    let suunto = run(&log, "sports-lib/unknown_example.tcx");
    let moving = suunto.summary.moving_s.expect("moving time");
    assert!((1700.0..=1916.0).contains(&moving), "{moving}");
}
