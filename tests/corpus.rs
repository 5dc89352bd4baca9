//! Every file of the shared real-device corpus against its independent
//! ground truth (`../shared/corpus/truth.json`, made with fitdecode, the
//! Garmin FIT SDK, gpxpy and lxml). Runs only where the corpus exists.
//!
//! `cargo test --test corpus -- --nocapture` prints the table.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use patella::import::{import_paths, Imported};
use patella::model::{Activity, Sport};
use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("truth.json").exists().then_some(dir)
}

fn truth(dir: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json readable");
    match serde_json::from_str(&text).expect("truth.json is JSON") {
        Value::Object(map) => map,
        _ => panic!("truth.json is not an object"),
    }
}

/// One row of the printed table.
struct Check {
    file: String,
    what: String,
    ours: String,
    truth: String,
    pass: bool,
}

fn within(ours: f64, truth: f64, tolerance: f64) -> bool {
    (ours - truth).abs() <= tolerance * truth.abs().max(1e-9)
}

fn instant(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str()?.parse().ok()
}

fn fmt(value: Option<f64>) -> String {
    value.map_or("null".into(), |v| format!("{v:.2}"))
}

/// Mean of the cadence samples, in steps/min.
fn stream_cadence_mean(activity: &Activity) -> Option<f64> {
    let values: Vec<f64> = activity
        .streams
        .cadence_spm
        .as_ref()?
        .iter()
        .flatten()
        .copied()
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn last_distance(activity: &Activity) -> Option<f64> {
    activity
        .streams
        .distance_m
        .as_ref()?
        .iter()
        .rev()
        .find_map(|v| *v)
}

/// The activity starting at `start`, or a failed check saying which
/// starts were found instead.
fn found_by_start<'a>(
    file: &str,
    what: &str,
    start: Option<DateTime<Utc>>,
    imported: &'a Imported,
    checks: &mut Vec<Check>,
) -> Option<&'a Activity> {
    let found = imported
        .activities
        .iter()
        .find(|a| Some(a.start_utc) == start);
    if found.is_none() {
        let starts: Vec<DateTime<Utc>> = imported.activities.iter().map(|a| a.start_utc).collect();
        checks.push(Check {
            file: file.into(),
            what: format!("{what} found by start"),
            ours: format!("{starts:?}"),
            truth: format!("{start:?}"),
            pass: false,
        });
    }
    found
}

fn check_fit(file: &str, truth: &Value, imported: &Imported, checks: &mut Vec<Check>) {
    let sessions = truth["sessions"].as_array().cloned().unwrap_or_default();
    let activity_truth = &truth["activity"];
    for session in &sessions {
        if session["sport"] != "running" {
            continue;
        }
        let Some(distance) = session["total_distance"].as_f64() else {
            continue;
        };
        // Device-relative clocks (FR70 foot pod): the truth keeps raw seconds;
        // the wall-clock start is local_timestamp minus the session's length
        // up to the activity message.
        let expected_start = instant(&session["start_time"]).or_else(|| {
            let raw_start = session["start_time"].as_i64()?;
            let raw_end = activity_truth["timestamp"].as_i64()?;
            let local_end = instant(&activity_truth["local_timestamp_raw"])?;
            Some(local_end - chrono::Duration::seconds(raw_end - raw_start))
        });
        let Some(ours) = found_by_start(file, "running session", expected_start, imported, checks)
        else {
            continue;
        };
        checks.push(Check {
            file: file.into(),
            what: "session distance m (0.5%)".into(),
            ours: fmt(ours.summary.distance_m),
            truth: format!("{distance:.2}"),
            pass: ours.is_running()
                && ours
                    .summary
                    .distance_m
                    .is_some_and(|d| within(d, distance, 0.005)),
        });
        if let Some(strides) = session["avg_cadence"].as_f64() {
            let fraction = session["avg_fractional_cadence"].as_f64().unwrap_or(0.0);
            let truth_spm = 2.0 * (strides + fraction);
            checks.push(Check {
                file: file.into(),
                what: "session avg cadence spm (±2)".into(),
                ours: fmt(ours.summary.avg_cadence_spm),
                truth: format!("{truth_spm:.2}"),
                pass: ours
                    .summary
                    .avg_cadence_spm
                    .is_some_and(|c| (c - truth_spm).abs() <= 2.0),
            });
        }
        if sessions.len() == 1 {
            if let Some(mean) = truth["record_cadence_mean_nonzero"].as_f64() {
                // The truth averages whole strides; ours adds the 1/128 fractions,
                // which lift the mean by under one stride (2 steps).
                let ours_mean = stream_cadence_mean(ours);
                checks.push(Check {
                    file: file.into(),
                    what: "record cadence mean spm (±2)".into(),
                    ours: fmt(ours_mean),
                    truth: format!("{:.2}", 2.0 * mean),
                    pass: ours_mean.is_some_and(|c| (c - 2.0 * mean).abs() <= 2.0),
                });
            }
        }
    }
}

/// Cadence sum over the truth's sample count: the truth's mean counts the
/// files' zero samples ("no steps"), which patella stores as missing.
fn cadence_over(activity: &Activity, truth_count: f64) -> Option<f64> {
    let values = activity.streams.cadence_spm.as_ref()?;
    (truth_count > 0.0).then(|| values.iter().flatten().sum::<f64>() / truth_count)
}

/// Steps per minute from a raw file mean: per-leg files were doubled.
fn truth_spm(activity: &Activity, raw_mean: f64) -> f64 {
    match activity.cadence_convention {
        patella::model::CadenceConvention::StridesDoubled => 2.0 * raw_mean,
        _ => raw_mean,
    }
}

fn check_gpx(file: &str, truth: &Value, imported: &Imported, checks: &mut Vec<Check>) {
    let Some(ours) = imported.activities.first() else {
        checks.push(Check {
            file: file.into(),
            what: "GPX imported".into(),
            ours: format!("{:?}", imported.skipped.first().map(|s| &s.reason)),
            truth: "activity".into(),
            pass: false,
        });
        return;
    };
    let length = truth["length_2d_m"].as_f64().unwrap_or_default();
    checks.push(Check {
        file: file.into(),
        what: "GPX 2-D length m (1%)".into(),
        ours: fmt(last_distance(ours)),
        truth: format!("{length:.1}"),
        pass: last_distance(ours).is_some_and(|d| within(d, length, 0.01)),
    });
    checks.push(Check {
        file: file.into(),
        what: "GPX start time".into(),
        ours: ours.start_utc.to_rfc3339(),
        truth: truth["first_time"].as_str().unwrap_or_default().into(),
        pass: instant(&truth["first_time"]) == Some(ours.start_utc),
    });
    if let (Some(mean), Some(count)) = (
        truth["cad_mean"].as_f64(),
        truth["n_points_with_cad"].as_f64(),
    ) {
        let expected = truth_spm(ours, mean);
        let got = cadence_over(ours, count);
        checks.push(Check {
            file: file.into(),
            what: "GPX cadence mean spm (±2)".into(),
            ours: fmt(got),
            truth: format!("{expected:.2}"),
            pass: mean == 0.0 && got.is_none() || got.is_some_and(|c| (c - expected).abs() <= 2.0),
        });
    }
}

fn check_tcx(file: &str, truth: &Value, imported: &Imported, checks: &mut Vec<Check>) {
    for activity in truth["activities"].as_array().cloned().unwrap_or_default() {
        let laps = activity["laps_total_distance_m"]
            .as_f64()
            .unwrap_or_default();
        let first_lap = activity["laps"][0]["start_time"].clone();
        let start = instant(&first_lap);
        let Some(ours) = found_by_start(file, "TCX activity", start, imported, checks) else {
            continue;
        };
        checks.push(Check {
            file: file.into(),
            what: format!(
                "TCX {} lap sum m (0.5%)",
                activity["sport"].as_str().unwrap_or("?")
            ),
            ours: fmt(ours.summary.distance_m),
            truth: format!("{laps:.2}"),
            pass: ours
                .summary
                .distance_m
                .is_some_and(|d| within(d, laps, 0.005))
                && (activity["sport"] != "Running" || ours.is_running()),
        });
        if let (Some(mean), Some(count)) = (
            activity["cad_mean"].as_f64(),
            activity["n_trackpoints_with_cad"].as_f64(),
        ) {
            let expected = truth_spm(ours, mean);
            let got = cadence_over(ours, count);
            checks.push(Check {
                file: file.into(),
                what: "TCX cadence mean spm (±2)".into(),
                ours: fmt(got),
                truth: format!("{expected:.2}"),
                pass: got.is_some_and(|c| (c - expected).abs() <= 2.0),
            });
        }
    }
}

fn check_error(file: &str, truth: &Value, imported: &Imported, checks: &mut Vec<Check>) {
    let salvaged = imported
        .activities
        .iter()
        .filter(|a| a.salvaged.is_some())
        .count();
    let unsalvaged = imported.activities.len() - salvaged;
    let skipped = imported.skipped.iter().find(|s| !s.reason.is_empty());
    let ours = match (salvaged, skipped) {
        (n, _) if n > 0 => format!(
            "salvaged {n}: {}",
            imported.activities[0].salvaged.clone().unwrap_or_default()
        ),
        (_, Some(s)) => format!("skipped: {}", s.reason),
        _ => "neither salvaged nor skipped".into(),
    };
    checks.push(Check {
        file: file.into(),
        what: "error file salvaged or skipped".into(),
        ours,
        truth: truth["error"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect(),
        pass: unsalvaged == 0 && (salvaged > 0 || skipped.is_some()),
    });
}

fn print(checks: &[Check]) {
    println!(
        "\n{:<58} {:<32} {:>14} {:>14}  result",
        "file", "check", "ours", "truth"
    );
    for c in checks {
        let ours: String = c.ours.chars().take(60).collect();
        println!(
            "{:<58} {:<32} {:>14} {:>14}  {}",
            c.file,
            c.what,
            ours,
            c.truth,
            if c.pass { "pass" } else { "FAIL" }
        );
    }
    let passed = checks.iter().filter(|c| c.pass).count();
    println!("\ncorpus: {passed}/{} checks pass", checks.len());
}

#[test]
fn corpus_matches_truth() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/corpus: skipping the corpus comparison");
        return;
    };
    let truth = truth(&dir);
    let mut checks = Vec::new();
    for (file, entry) in &truth {
        let imported = import_paths(&[dir.join(file)]).expect("corpus file exists");
        if entry.get("error").is_some() {
            check_error(file, entry, &imported, &mut checks);
        } else if entry["format"] == "fit" {
            check_fit(file, entry, &imported, &mut checks);
        } else if entry["format"] == "gpx" {
            check_gpx(file, entry, &imported, &mut checks);
        } else if entry["format"] == "tcx" {
            check_tcx(file, entry, &imported, &mut checks);
        }
    }
    print(&checks);
    let failed: Vec<String> = checks
        .iter()
        .filter(|c| !c.pass)
        .map(|c| format!("{}: {}", c.file, c.what))
        .collect();
    assert!(failed.is_empty(), "corpus checks failed: {failed:#?}");
}

#[test]
fn non_running_sessions_are_never_runs() {
    let Some(dir) = corpus() else { return };
    let imported = import_paths(std::slice::from_ref(&dir)).expect("corpus exists");
    for (file, sport) in [
        ("runalyze/swim-25m-lane.fit", Sport::Swimming),
        ("sports-lib/7739869618.fit", Sport::Cycling),
        (
            "goldencheetah/Karoo-Botley_BW_Swanmore_Wickham-2025-05-09-1238.fit",
            Sport::Cycling,
        ),
    ] {
        let found: Vec<&Activity> = imported
            .activities
            .iter()
            .filter(|a| a.files[0] == file)
            .collect();
        assert!(!found.is_empty(), "{file} imported");
        assert!(
            found.iter().all(|a| a.sport == sport),
            "{file}: {:?}",
            found.iter().map(|a| &a.sport).collect::<Vec<_>>()
        );
    }
    let triathlon: Vec<&Sport> = imported
        .activities
        .iter()
        .filter(|a| a.files[0] == "runalyze/multisport-triathlon-fenix3.fit")
        .map(|a| &a.sport)
        .collect();
    assert_eq!(
        triathlon,
        [
            Sport::Swimming,
            Sport::Transition,
            Sport::Cycling,
            Sport::Transition,
            Sport::Running
        ]
        .iter()
        .collect::<Vec<_>>()
    );
}

#[test]
fn fr945_run_is_kept_once_from_the_fit_file() {
    let Some(dir) = corpus() else { return };
    let imported = import_paths(&[dir.join("sports-lib")]).expect("corpus exists");
    let log = patella::log::build(imported.activities, &patella::log::LogOptions::default());
    let start: DateTime<Utc> = "2019-06-15T09:42:23Z".parse().expect("valid instant");
    let runs: Vec<_> = log
        .runs
        .iter()
        .filter(|r| r.activity.start_utc == start)
        .collect();
    assert_eq!(runs.len(), 1, "the FR945 run appears once");
    assert_eq!(runs[0].activity.files[0], "6782987395.fit");
    // The truth's FIT offset is -14400 s: 09:42:23Z is 05:42:23 local.
    assert_eq!(runs[0].start_local.to_string(), "2019-06-15 05:42:23");
    let entry = log
        .duplicates
        .iter()
        .find(|d| d.kept == "6782987395.fit")
        .expect("duplicates entry for the FR945 run");
    let mut dropped = entry.dropped.clone();
    dropped.sort();
    assert_eq!(dropped, ["6782987395.gpx", "6782987395.tcx"]);
}

#[test]
fn other_sports_are_excluded_never_runs() {
    let Some(dir) = corpus() else { return };
    let imported = import_paths(&[dir]).expect("corpus exists");
    let log = patella::log::build(imported.activities, &patella::log::LogOptions::default());
    assert!(log.runs.iter().all(|r| r.activity.is_running()));
    let excluded_sports: std::collections::BTreeSet<&str> =
        log.excluded.iter().map(|e| e.sport.as_str()).collect();
    for sport in ["cycling", "swimming", "transition"] {
        assert!(
            excluded_sports.contains(sport),
            "{sport} not excluded: {excluded_sports:?}"
        );
    }
    for file in [
        "runalyze/swim-25m-lane.fit",
        "sports-lib/7739869618.fit",
        "sports-lib/6860712481.fit",
        "goldencheetah/14582164182.fit.gz",
    ] {
        assert!(
            log.excluded
                .iter()
                .any(|e| e.files.iter().any(|f| f == file)),
            "{file} not under excluded"
        );
        assert!(!log
            .runs
            .iter()
            .any(|r| r.activity.files.iter().any(|f| f == file)));
    }
}
