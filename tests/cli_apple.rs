//! Apple Health's export (`fixtures/apple-health-export`, made by
//! `synth/src/apple_health.rs`): the three runs with their hand-checked
//! totals, the walk and the ride left out, the route read with its run
//! and not as a run of its own, the same export in a zip, and the cut copy.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use patella::import::import_paths;
use patella::log::RunSummary;
use patella::model::{Activity, Format, Sport};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn close(value: Option<f64>, expected: f64, what: &str) {
    let value = value.unwrap_or_else(|| panic!("{what}: none"));
    assert!(
        (value - expected).abs() < 1e-3,
        "{what}: {value} against {expected}"
    );
}

fn runs(activities: &[Activity]) -> Vec<&Activity> {
    activities.iter().filter(|a| a.is_running()).collect()
}

#[test]
fn three_runs_with_their_totals_and_samples() {
    let imported = import_paths(&[fixture("apple-health-export")]).unwrap();
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    // The route GPX is not a sixth activity.
    assert_eq!(imported.activities.len(), 5);
    assert!(imported
        .activities
        .iter()
        .all(|a| a.format == Format::AppleHealth));
    let sports: Vec<&Sport> = imported.activities.iter().map(|a| &a.sport).collect();
    assert_eq!(
        sports,
        [
            &Sport::Running,
            &Sport::Running,
            &Sport::Walking,
            &Sport::Running,
            &Sport::Cycling
        ]
    );
    let runs = runs(&imported.activities);
    let [old, route, indoor] = runs.as_slice() else {
        panic!("{} runs", runs.len())
    };

    // 2023-10-10: totalDistance 5 km, duration 30 min, heart rate 138.
    let summary = RunSummary::of(old);
    assert_eq!(old.start_utc.to_rfc3339(), "2023-10-10T12:30:00+00:00");
    close(summary.distance_m, 5000.0, "old distance");
    close(summary.moving_s, 1800.0, "old moving");
    close(summary.avg_hr_bpm, 138.0, "old heart rate");
    assert_eq!(summary.avg_cadence_spm, None);

    // 2024-05-01 on its route: 181 points 10 s apart; heart rate 140 held
    // over the first 90 (0-890 s), 160 over the last 91 (900-1800 s), each
    // weighing 10 s: (90 x 140 + 91 x 160) / 181 = 150.0552. The Watch's
    // 170 steps a minute, not the phone's 80.
    let summary = RunSummary::of(route);
    assert_eq!(route.streams.len(), 181);
    assert!(route.streams.position.is_some());
    assert_eq!(route.sub_sport, None);
    close(summary.distance_m, 5400.0, "route distance");
    close(summary.moving_s, 1800.0, "route moving");
    close(summary.avg_hr_bpm, 27_160.0 / 181.0, "route heart rate");
    close(summary.avg_cadence_spm, 170.0, "route cadence");
    let channel =
        |c: &Option<Vec<Option<f64>>>| c.as_ref().and_then(|v| v.first().copied().flatten());
    close(
        channel(&route.streams.stance_time_ms),
        240.0,
        "ground contact ms",
    );
    close(
        channel(&route.streams.vertical_oscillation_mm),
        85.0,
        "vertical oscillation mm",
    );
    close(channel(&route.streams.step_length_mm), 1060.0, "stride mm");
    close(channel(&route.streams.power_w), 250.0, "power");
    // The route's own speed, not the records' 10.8 km/h.
    close(channel(&route.streams.speed_mps), 3.0, "speed");

    // 2024-05-03 indoors: 5 mi, 40 min with a 2-minute pause.
    let summary = RunSummary::of(indoor);
    assert_eq!(indoor.sub_sport.as_deref(), Some("treadmill"));
    assert!(indoor.streams.position.is_none());
    assert_eq!(indoor.pauses.len(), 1);
    close(summary.distance_m, 8046.72, "indoor distance");
    close(summary.elapsed_s, 2400.0, "indoor elapsed");
    close(summary.moving_s, 2280.0, "indoor moving");
    close(summary.avg_hr_bpm, 145.0, "indoor heart rate");
    close(summary.avg_cadence_spm, 172.0, "indoor cadence");
    assert!(indoor.streams.stance_time_ms.is_none());
}

fn patella(args: &[&str], cache: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn analyze_lists_the_runs_and_leaves_out_the_walk_and_the_ride() {
    /// Distance m, moving s, heart rate, cadence spm, ground contact ms.
    type Row = (f64, f64, f64, Option<f64>, Option<f64>);
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let input = fixture("apple-health-export");
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache.path())
        .args(["analyze", "-q", "--out"])
        .arg(out.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let athlete = &report["athletes"][0];
    let activities = athlete["activities"].as_array().unwrap();
    // Ground contact: every record of the route run says 240 ms, so its
    // time-weighted mean is 240; the other two runs have none (null).
    let rows: Vec<Row> = activities
        .iter()
        .map(|a| {
            (
                a["distance_m"].as_f64().unwrap(),
                a["moving_s"].as_f64().unwrap(),
                a["avg_hr_bpm"].as_f64().unwrap(),
                a["avg_cadence_spm"].as_f64(),
                a["avg_gct_ms"].as_f64(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (5000.0, 1800.0, 138.0, None, None),
            (5400.0, 1800.0, 150.0, Some(170.0), Some(240.0)),
            (8046.7, 2280.0, 145.0, Some(172.0), None),
        ]
    );
    let excluded: Vec<&str> = athlete["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, ["not a run (walking)", "not a run (cycling)"]);
}

/// The export as the phone shares it: export.zip, with the clinical
/// document beside it.
#[test]
fn the_zip_reads_as_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("export.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let folder = fixture("apple-health-export/apple_health_export");
    for (name, path) in [
        ("apple_health_export/export.xml", folder.join("export.xml")),
        (
            "apple_health_export/workout-routes/route_2024-05-01_7.30am.gpx",
            folder.join("workout-routes/route_2024-05-01_7.30am.gpx"),
        ),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(&std::fs::read(path).unwrap()).unwrap();
    }
    writer
        .start_file("apple_health_export/export_cda.xml", options)
        .unwrap();
    writer
        .write_all(b"<?xml version=\"1.0\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"></ClinicalDocument>")
        .unwrap();
    writer.finish().unwrap();

    let zipped = import_paths(&[zip_path]).unwrap();
    let folder = import_paths(&[fixture("apple-health-export")]).unwrap();
    assert_eq!(zipped.activities.len(), 5);
    for (a, b) in zipped.activities.iter().zip(&folder.activities) {
        assert_eq!(a.streams, b.streams);
        assert_eq!(a.summary, b.summary);
        // The same content gives the same ids, wherever it lies.
        assert_eq!(a.id, b.id);
        assert_eq!(a.files, ["export.zip/apple_health_export/export.xml"]);
    }
    let reasons: Vec<&str> = zipped.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains("clinical records"), "{reasons:?}");
}

#[test]
fn a_cut_export_keeps_the_workouts_before_the_cut() {
    let cache = tempfile::tempdir().unwrap();
    let json = patella(
        &[
            "import",
            "--json",
            "-q",
            fixture("apple-health-damaged").to_str().unwrap(),
        ],
        cache.path(),
    );
    let activities = json["activities"].as_array().unwrap();
    // The old run, the route run (whose route is not beside this copy) and
    // the walk: the indoor run was being read when the file stopped.
    let dates: Vec<&str> = activities
        .iter()
        .map(|a| a["local_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2023-10-10", "2024-05-01"]);
    let salvaged = activities[0]["salvaged"].as_str().unwrap();
    // Where the last whole element ends: the indoor run's first metadata.
    let xml = std::fs::read_to_string(fixture(
        "apple-health-export/apple_health_export/export.xml",
    ))
    .unwrap();
    let position = xml
        .find("<MetadataEntry key=\"HKIndoorWorkout\" value=\"1\"")
        .unwrap();
    let line = 1 + xml[..position].matches('\n').count();
    assert!(
        salvaged.contains(&format!("cut at line {line} (byte {position}):")),
        "{salvaged}"
    );
    assert!(salvaged.contains("inside <Workout>"), "{salvaged}");
    assert!(
        salvaged.contains("the 3 workouts before it were read"),
        "{salvaged}"
    );
    assert_eq!(activities[1]["salvaged"].as_str(), Some(salvaged));
    // The route is not beside the cut copy: the run keeps its totals, and
    // the skipped list says so.
    assert_eq!(activities[1]["distance_m"].as_f64(), Some(5400.0));
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0]["reason"]
        .as_str()
        .unwrap()
        .contains("route /workout-routes/route_2024-05-01_7.30am.gpx is missing"));
    let excluded = json["excluded"].as_array().unwrap();
    assert_eq!(excluded.len(), 1);
}

/// An unchanged export is not parsed again: the warm run takes it from the
/// cache.
#[test]
fn a_warm_run_takes_the_export_from_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let input = fixture("apple-health-export");
    let mut catalog = patella::catalog::Catalog::open(Some(cache.path().to_path_buf()));
    let cold = catalog
        .load(std::slice::from_ref(&input), &patella::progress::Silent)
        .unwrap();
    let warm = catalog.load(&[input], &patella::progress::Silent).unwrap();
    assert_eq!((cold.decoded, cold.from_cache), (1, 0));
    assert_eq!((warm.decoded, warm.from_cache), (0, 1));
    assert_eq!(warm.imported.activities, cold.imported.activities);
}

/// The export's outcome holds its routes: a route that appears later is
/// read on the next run, though export.xml did not change.
#[test]
fn a_route_added_later_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let export = dir.path().join("apple_health_export");
    std::fs::create_dir_all(export.join("workout-routes")).unwrap();
    let source = fixture("apple-health-export/apple_health_export");
    std::fs::copy(source.join("export.xml"), export.join("export.xml")).unwrap();
    let input = [dir.path().to_path_buf()];
    let mut catalog = patella::catalog::Catalog::open(Some(cache.path().to_path_buf()));
    let load = |catalog: &mut patella::catalog::Catalog| {
        let loaded = catalog.load(&input, &patella::progress::Silent).unwrap();
        let has_route = loaded
            .imported
            .activities
            .iter()
            .any(|p| p.activity.has_position());
        (loaded.decoded, loaded.from_cache, has_route)
    };
    assert_eq!(load(&mut catalog), (1, 0, false));
    assert_eq!(load(&mut catalog), (0, 1, false));
    let route = "workout-routes/route_2024-05-01_7.30am.gpx";
    std::fs::copy(source.join(route), export.join(route)).unwrap();
    assert_eq!(load(&mut catalog), (1, 0, true));
    assert_eq!(load(&mut catalog), (0, 1, true));
}

/// Given on their own (`patella analyze export.zip routes/`), the route
/// GPX and the Apple run are one run: the duplicate merge keeps the Apple
/// copy, which has the route's samples and the Watch's heart rate and
/// cadence on them.
#[test]
fn the_merge_keeps_the_apple_run_over_its_route_alone() {
    let folder = fixture("apple-health-export/apple_health_export");
    let route_bytes =
        std::fs::read(folder.join("workout-routes/route_2024-05-01_7.30am.gpx")).unwrap();
    let mut route = patella::import::gpx::decode(&route_bytes)
        .unwrap()
        .remove(0);
    route.id = "route".into();
    route.files = vec!["routes/route_2024-05-01_7.30am.gpx".into()];
    let imported = import_paths(&[fixture("apple-health-export")]).unwrap();
    let mut activities = imported.activities;
    activities.push(route);
    let log = patella::log::build(activities, &patella::log::LogOptions::default());
    assert_eq!(log.runs.len(), 3);
    assert_eq!(log.duplicates.len(), 1, "{:?}", log.duplicates);
    assert_eq!(
        log.duplicates[0].dropped,
        ["routes/route_2024-05-01_7.30am.gpx"]
    );
    let kept = log
        .runs
        .iter()
        .find(|r| r.activity.files.iter().any(|f| f.starts_with("routes/")))
        .unwrap();
    assert_eq!(kept.activity.format, Format::AppleHealth);
}
