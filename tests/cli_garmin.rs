//! `patella analyze` on Garmin's account export (`fixtures/garmin-export`,
//! from `patella_synth::garmin`): runs named from the summarized
//! activities, shoes from gear.json, retirement distances from
//! `maximumMeters`. The values below were checked by hand against the
//! fixture's JSON.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/garmin-export")
}

/// report.json's athlete after `patella analyze <input>`, through the cache
/// in `cache` (none when `None`).
fn analyze(input: &Path, cache: Option<&Path>) -> Value {
    let out = tempfile::tempdir().expect("temp dir");
    let report = out.path().join("r");
    let mut command = Command::new(env!("CARGO_BIN_EXE_patella"));
    command.args([
        "analyze",
        input.to_str().expect("utf-8"),
        "--out",
        report.to_str().expect("utf-8"),
    ]);
    match cache {
        Some(cache) => command.env("PATELLA_CACHE_DIR", cache),
        None => command.arg("--no-cache"),
    };
    let output = command.output().expect("patella runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = std::fs::read_to_string(report.join("report.json")).expect("report.json");
    let mut json: Value = serde_json::from_str(&text).expect("json");
    json["athletes"][0].take()
}

/// (local date, name, shoe, shoe_source) of every run.
fn runs(athlete: &Value) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or("-").to_string();
    athlete["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .map(|a| {
            (
                text(&a["local_date"]),
                text(&a["name"]),
                text(&a["shoe"]),
                text(&a["shoe_source"]),
            )
        })
        .collect()
}

/// (name, runs, distance_km, retire_km, configured) of every pair.
fn shoes(athlete: &Value) -> Vec<(String, u64, f64, f64, bool)> {
    athlete["shoes"]
        .as_array()
        .expect("shoes")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name").to_string(),
                s["runs"].as_u64().expect("runs"),
                s["distance_km"].as_f64().expect("km"),
                s["retire_km"].as_f64().expect("retire"),
                s["configured"].as_bool().expect("configured"),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

/// The fixture's runs as the gear.json links them: the first two in the
/// first pair (displayName "Daily Pegasus"), the third in the second (no
/// displayName: its customMakeModel), the fourth in none.
fn expected_runs() -> Vec<(String, String, String, String)> {
    owned(&[
        ("2026-04-06", "Easy Monday", "Daily Pegasus", "garmin_gear"),
        (
            "2026-04-08",
            "Tempo Wednesday",
            "Daily Pegasus",
            "garmin_gear",
        ),
        (
            "2026-04-10",
            "Trail Friday",
            "Brooks Ghost 15",
            "garmin_gear",
        ),
        ("2026-04-12", "Long Sunday", "-", "-"),
    ])
}

/// 5 + 6 km in the first pair, retiring at its maximumMeters 600000; 4 km
/// in the second, whose maximumMeters 0 leaves the rule's 800 km.
fn expected_shoes() -> Vec<(String, u64, f64, f64, bool)> {
    vec![
        ("Daily Pegasus".to_string(), 2, 11.0, 600.0, false),
        ("Brooks Ghost 15".to_string(), 1, 4.0, 800.0, false),
    ]
}

#[test]
fn the_export_folder_names_runs_and_brings_its_shoes() {
    let athlete = analyze(&fixture(), None);
    assert_eq!(runs(&athlete), expected_runs());
    assert_eq!(shoes(&athlete), expected_shoes());
    // "Trail Friday" is a trail run in Connect: its type wins.
    assert_eq!(athlete["activities"][2]["sub_sport"], "trail");
    // The JSON is read, not reported as files that are no activity.
    assert_eq!(athlete["skipped"], Value::Array(Vec::new()));
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}

/// The export as Garmin mails it: one zip holding `DI_CONNECT/`, the FITs
/// in a zip inside it. Read twice through one cache, the second time from
/// it: the same runs and shoes each time.
#[test]
fn the_export_zip_reads_as_the_folder_also_from_the_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zip_path = dir.path().join("export.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip_path).expect("zip"));
    let root = fixture();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("readable");
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.path().strip_prefix(&root).expect("inside");
        let options = zip::write::SimpleFileOptions::default();
        writer
            .start_file(name.to_str().expect("utf-8"), options)
            .expect("member");
        writer
            .write_all(&std::fs::read(entry.path()).expect("read"))
            .expect("written");
    }
    writer.finish().expect("zip written");
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).expect("folder");
    std::fs::rename(&zip_path, input.join("export.zip")).expect("moved");
    let cache = dir.path().join("cache");
    for _ in 0..2 {
        let athlete = analyze(&input, Some(&cache));
        assert_eq!(runs(&athlete), expected_runs());
        assert_eq!(shoes(&athlete), expected_shoes());
    }
}

#[test]
fn the_config_still_decides_a_pair_it_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(), dir.path());
    std::fs::write(
        dir.path().join("patella.toml"),
        "[[shoes]]\nname = \"Daily Pegasus\"\nretire_km = 500.0\ninitial_km = 100.0\n",
    )
    .expect("config");
    let athlete = analyze(dir.path(), None);
    assert_eq!(runs(&athlete), expected_runs());
    let mut expected = expected_shoes();
    expected[0] = ("Daily Pegasus".to_string(), 2, 111.0, 500.0, true);
    assert_eq!(shoes(&athlete), expected);
}

/// A gear.json of another shape costs the shoes only, with its reason; a
/// summarizedActivities.json of another shape costs the names (and so the
/// shoes, joined through them).
#[test]
fn json_of_another_shape_is_skipped_with_its_reason() {
    let fitness = "DI_CONNECT/DI-Connect-Fitness";
    for (file, reason, names) in [
        (
            "runner@example.com_gear.json",
            "Garmin gear.json: no gearDTOS list (unknown export shape)",
            true,
        ),
        (
            "runner@example.com_0_summarizedActivities.json",
            "Garmin summarizedActivities.json: no summarizedActivitiesExport list \
             (unknown export shape)",
            false,
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture(), dir.path());
        std::fs::write(
            dir.path().join(fitness).join(file),
            "{\"gear\": [], \"activities\": []}",
        )
        .expect("broken");
        let athlete = analyze(dir.path(), None);
        let skipped = athlete["skipped"].as_array().expect("skipped");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0]["file"], format!("{fitness}/{file}"));
        assert_eq!(skipped[0]["reason"], reason);
        let got = runs(&athlete);
        assert_eq!(got.len(), 4);
        assert!(got.iter().all(|(_, _, shoe, _)| shoe == "-"), "{got:?}");
        let named = got.iter().filter(|(_, name, _, _)| name != "-").count();
        assert_eq!(named, if names { 4 } else { 0 });
        assert_eq!(shoes(&athlete), Vec::new());
    }
}
