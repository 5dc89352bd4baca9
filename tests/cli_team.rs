//! A coach's folder analyzed athlete by athlete, several at once: the
//! order of what is printed and written, and a re-run that takes an
//! unchanged athlete's folder from the report it replaces.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use patella_synth::athlete::AthletePlan;
use serde_json::Value;

fn patella(args: &[&str], cwd: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("patella runs")
}

fn write_athlete(plan: &AthletePlan, folder: &Path) {
    patella_synth::write_files(folder, &plan.files()).expect("written");
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).expect("exists").ino()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Six athletes of one file each, of different sizes so that they finish
/// out of order on two workers: the summaries, report.json and the tables
/// still follow the athletes' order (their folders' names).
#[test]
fn athletes_are_told_in_their_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/files");
    let team = dir.path().join("team");
    let athletes = [
        ("ann", "run-with-dynamics.fit"),
        ("bob", "run-basic.gpx"),
        ("cat", "treadmill.fit"),
        ("dan", "run-basic.tcx"),
        ("eve", "run-compressed-timestamps.fit"),
        ("fay", "run-basic.fit"),
    ];
    for (name, file) in athletes {
        std::fs::create_dir_all(team.join(name)).expect("folder");
        std::fs::copy(files.join(file), team.join(name).join(file)).expect("copied");
    }
    let cache = dir.path().join("cache");
    let output = patella(
        &["analyze", "team", "--out", "r", "--no-cache"],
        dir.path(),
        &cache,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let at: Vec<usize> = athletes
        .iter()
        .map(|(name, _)| {
            stdout
                .find(&format!("{name}: 1 run"))
                .unwrap_or_else(|| panic!("{name} in {stdout}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    let report: Value = serde_json::from_slice(&read(&dir.path().join("r/report.json"))).unwrap();
    let names: Vec<&str> = report["athletes"]
        .as_array()
        .expect("athletes")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["ann", "bob", "cat", "dan", "eve", "fay"]);
    let table = String::from_utf8(read(&dir.path().join("r/activities.csv"))).unwrap();
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or_default())
        .collect();
    assert_eq!(rows, ["ann", "bob", "cat", "dan", "eve", "fay"]);
    assert!(table.starts_with("athlete,"));
}

/// A re-run links an unchanged athlete's page and pieces from the report
/// it replaces (the same files, so the same inodes), writes a changed
/// athlete's afresh, and the report it puts together is the one a run from
/// scratch writes.
#[test]
fn an_unchanged_athlete_is_taken_from_the_last_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let team = dir.path().join("team");
    write_athlete(&AthletePlan::healthy(), &team.join("healthy"));
    write_athlete(&AthletePlan::overreaching(), &team.join("builder"));
    let cache = dir.path().join("cache");
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["analyze", "team", "--out", out];
        args.extend_from_slice(extra);
        let output = patella(&args, dir.path(), &cache);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        output
    };
    let r = dir.path().join("r");
    let first = run("r", &[]);
    let healthy_page = r.join("healthy-runner/index.html");
    let healthy_piece = r.join("healthy-runner/.patella-parts/athlete.json");
    let builder_page = r.join("fast-builder/index.html");
    let before = [
        inode(&healthy_page),
        inode(&healthy_piece),
        inode(&builder_page),
    ];
    let report_before = read(&r.join("report.json"));

    // Nothing changed: every athlete's files are the earlier ones.
    let second = run("r", &[]);
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(inode(&healthy_page), before[0]);
    assert_eq!(inode(&healthy_piece), before[1]);
    assert_eq!(inode(&builder_page), before[2]);
    assert_eq!(read(&r.join("report.json")), report_before);

    // The builder loses a run: only the builder's page is written again.
    let builder_runs: Vec<PathBuf> = walkdir::WalkDir::new(team.join("builder"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "patella.toml")
        .map(|e| e.into_path())
        .collect();
    std::fs::remove_file(builder_runs.iter().max().expect("a run")).expect("removed");
    run("r", &[]);
    assert_eq!(inode(&healthy_page), before[0]);
    assert_ne!(inode(&builder_page), before[2]);
    assert_ne!(read(&r.join("report.json")), report_before);

    // What was put together from linked and fresh pieces is what a run
    // from scratch writes.
    run("fresh", &["--no-cache"]);
    let fresh = dir.path().join("fresh");
    for file in [
        "report.json",
        "activities.csv",
        "weeks.csv",
        "warnings.csv",
        "index.html",
        "healthy-runner/index.html",
        "fast-builder/index.html",
    ] {
        assert!(read(&r.join(file)) == read(&fresh.join(file)), "{file}");
    }
}
