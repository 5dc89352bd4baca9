//! End-to-end: containers and misnamed files. The demo export zipped (as
//! Strava delivers it), a zip inside a zip (as Garmin's export has it), and
//! files whose names lie about their content.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn import_json(path: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .args(["import", "--json"])
        .arg(path)
        .output()
        .expect("patella runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Zips every file under `dir`, with paths relative to it.
fn zip_folder(dir: &Path) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let name = path
            .strip_prefix(dir)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).expect("zip entry");
        writer
            .write_all(&std::fs::read(&path).expect("readable"))
            .expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}

fn files_of(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|a| a["files"][0].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn zipped_strava_export_reads_like_the_folder() {
    let folder = import_json(&fixtures().join("demo-export"));
    let dir = tempfile::tempdir().expect("temp dir");
    let zipped = dir.path().join("export_12345.zip");
    std::fs::write(&zipped, zip_folder(&fixtures().join("demo-export"))).expect("write zip");
    let report = import_json(&zipped);

    let prefixed: Vec<String> = files_of(&folder, "activities")
        .iter()
        .map(|f| format!("export_12345.zip/{f}"))
        .collect();
    assert_eq!(files_of(&report, "activities"), prefixed);
    // activities.csv inside the zip still names and equips the runs.
    let names_folder: Vec<&Value> = folder["activities"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|a| &a["name"])
        .collect();
    let names_zip: Vec<&Value> = report["activities"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|a| &a["name"])
        .collect();
    assert_eq!(names_zip, names_folder);
    assert!(names_zip.iter().any(|n| *n == "Treadmill snow day"));
    assert_eq!(report["duplicates"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["excluded"].as_array().map(Vec::len), Some(1));
}

#[test]
fn zip_inside_zip_and_misnamed_files_import_by_content() {
    let files = fixtures().join("files");
    let inner = {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        writer
            .start_file("DI_CONNECT/run.fit", options)
            .expect("entry");
        writer
            .write_all(&std::fs::read(files.join("run-with-dynamics.fit")).expect("fixture"))
            .expect("write");
        writer.finish().expect("zip").into_inner()
    };
    let outer = {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("garmin/part1.zip", zip::write::SimpleFileOptions::default())
            .expect("entry");
        writer.write_all(&inner).expect("write");
        writer.finish().expect("zip").into_inner()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("garmin-export.zip"), outer).expect("write");
    // A FIT named .gpx and a TCX named .txt.
    std::fs::copy(files.join("treadmill.fit"), dir.path().join("oops.gpx")).expect("copy");
    std::fs::copy(files.join("run-basic.tcx"), dir.path().join("notes.txt")).expect("copy");

    let report = import_json(dir.path());
    let mut runs = files_of(&report, "activities");
    runs.sort();
    assert_eq!(
        runs,
        [
            "garmin-export.zip/garmin/part1.zip/DI_CONNECT/run.fit",
            "notes.txt",
            "oops.gpx"
        ]
    );
    let by_file = |file: &str| {
        report["activities"]
            .as_array()
            .and_then(|all| all.iter().find(|a| a["files"][0] == file))
            .expect("run present")
            .clone()
    };
    assert_eq!(by_file("oops.gpx")["format"], "FIT");
    assert_eq!(by_file("oops.gpx")["sub_sport"], "treadmill");
    assert_eq!(by_file("notes.txt")["format"], "TCX");
    assert!(
        report["skipped"].as_array().is_some_and(Vec::is_empty),
        "{}",
        report["skipped"]
    );
}

fn import_paths_json(paths: &[&Path]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .args(["import", "--json"])
        .args(paths)
        .output()
        .expect("patella runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

#[test]
fn two_folders_of_the_same_name_stay_apart_and_ids_follow_the_content() {
    let files = fixtures().join("files");
    let dir = tempfile::tempdir().expect("temp dir");
    for athlete in ["anna", "ben"] {
        let export = dir.path().join(athlete).join("export");
        std::fs::create_dir_all(&export).expect("mkdir");
        std::fs::copy(files.join("run-with-dynamics.fit"), export.join("1.fit")).expect("copy");
    }
    let anna = dir.path().join("anna/export");
    let ben = dir.path().join("ben/export");
    let both = import_paths_json(&[&anna, &ben]);
    let named = files_of(&both, "activities");
    // The same recording in both folders is one run (a copy), but the
    // names say which folder each file is in.
    let dropped = both["duplicates"][0]["dropped"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut all = [named.clone(), vec![dropped]].concat();
    all.sort();
    assert_eq!(
        all,
        [
            format!("{}/1.fit", anna.display()),
            format!("{}/1.fit", ben.display())
        ]
    );
    // The id depends on the file's content, not on how it was reached.
    let alone = import_json(&anna.join("1.fit"));
    assert_eq!(alone["activities"][0]["id"], both["activities"][0]["id"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_listed_as_skipped_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.fit");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let report = import_json(dir.path());
    assert_eq!(report["skipped"][0]["file"], "pipe.fit");
    assert!(report["skipped"][0]["reason"]
        .as_str()
        .unwrap_or("")
        .contains("not a regular file"));
}
