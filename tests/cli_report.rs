//! `patella analyze --out`: the report folder, its refusals, coach mode.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use patella_synth::athlete::AthletePlan;
use serde_json::Value;

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export")
}

fn patella(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("patella runs")
}

fn write_athlete(plan: &AthletePlan, folder: &Path) {
    patella_synth::write_files(folder, &plan.files()).expect("written");
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

#[test]
fn demo_report_folder_has_every_file_and_the_json_names_its_charts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("r");
    let demo = demo();
    let output = patella(
        &[
            "analyze",
            demo.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // stderr is not a terminal here: no progress bar, nothing at all.
    assert!(output.stderr.is_empty(), "{output:?}");
    for file in [
        "index.html",
        "report.json",
        "activities.csv",
        "weeks.csv",
        "warnings.csv",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("read"))
            .expect("JSON");
    let charts: Vec<&str> = report["charts"]
        .as_array()
        .expect("charts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for key in [
        "weekly_distance",
        "run_spikes",
        "cadence",
        "downhill",
        "shoes",
        "recovery",
    ] {
        assert!(
            charts.contains(&format!("{key}.png").as_str()),
            "{key}: {charts:?}"
        );
    }
    for chart in &charts {
        let bytes = std::fs::read(out.join(chart)).expect("chart file");
        assert!(bytes.starts_with(b"\x89PNG"), "{chart}");
    }
    // The CSV tables hold the JSON's rows: 72 runs, 17 weeks, and one line
    // per warning (each has a header line; messages hold no newline).
    let lines = |file: &str| {
        csv::Reader::from_path(out.join(file))
            .expect("csv")
            .records()
            .count()
    };
    let athlete = &report["athletes"][0];
    assert_eq!(lines("activities.csv"), 72);
    assert_eq!(
        lines("weeks.csv"),
        athlete["weeks"].as_array().expect("weeks").len()
    );
    assert_eq!(
        lines("warnings.csv"),
        athlete["warnings"].as_array().expect("warnings").len()
    );
    // One row per finding, its parts' rules joined: the mountain week is
    // one row naming its two rules and three parts, among the findings of
    // now.
    let mut table = csv::Reader::from_path(out.join("warnings.csv")).expect("csv");
    let header = table.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = table.records().map(|r| r.expect("row")).collect();
    let mountain = rows
        .iter()
        .find(|r| {
            &r[column("date")] == "2026-05-07" && &r[column("rule")] == "descent_session_spike"
        })
        .expect("the mountain week's row");
    assert_eq!(
        &mountain[column("part_rules")],
        "descent_session_spike;steep_descent_exposure"
    );
    assert_eq!(&mountain[column("parts")], "3");
    assert_eq!(&mountain[column("now")], "true");
    assert_eq!(&mountain[column("tier")], "warning");
    // Nothing but the report beside it (no temporary folder left).
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    // The input folder is untouched by the run: no new files in it.
    assert!(!demo.join("patella-report").exists());
}

#[test]
fn default_out_is_patella_report_in_the_working_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = demo();
    let output = patella(&["analyze", demo.to_str().expect("utf-8")], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.path().join("patella-report/index.html").is_file());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("patella-report/index.html"), "{text}");
}

#[test]
fn refuses_inside_an_input_and_an_unwritable_destination_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("runs");
    copy_tree(&demo(), &input);
    let before = walkdir::WalkDir::new(&input).into_iter().count();
    let output = patella(&["analyze", "runs", "--out", "runs/report"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    assert!(error.contains("inside the input folder"), "{error}");
    assert_eq!(walkdir::WalkDir::new(&input).into_iter().count(), before);

    // A destination under a file cannot be created: one line, no folder.
    std::fs::write(dir.path().join("a-file"), b"x").expect("written");
    let output = patella(&["analyze", "runs", "--out", "a-file/report"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    assert!(error.contains("a-file"), "{error}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn a_coach_folder_of_three_athletes_gives_a_team_overview_by_risk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let team = dir.path().join("team");
    copy_tree(&demo(), &team.join("demo"));
    write_athlete(&AthletePlan::healthy(), &team.join("healthy"));
    write_athlete(&AthletePlan::overreaching(), &team.join("builder"));
    let out = dir.path().join("r");
    let output = patella(
        &["analyze", "team", "--out", out.to_str().expect("utf-8")],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("read"))
            .expect("JSON");
    let names: Vec<&str> = report["athletes"]
        .as_array()
        .expect("athletes")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    // Sorted by folder: builder, demo, healthy; names from each config.
    assert_eq!(names, ["Fast builder", "Demo runner", "Healthy runner"]);
    for folder in ["fast-builder", "demo-runner", "healthy-runner"] {
        assert!(out.join(folder).join("index.html").is_file(), "{folder}");
        assert!(
            out.join(folder).join("weekly_distance.png").is_file(),
            "{folder}"
        );
    }
    // The overview's table: riskiest first. In the 28 days up to the
    // team's latest run the demo runner has five warnings (the mountain
    // week is one, shown as a warning: weak evidence), the fast builder
    // four (one per week, each a run spike with its week's jump), the
    // healthy runner notices only.
    let page = std::fs::read_to_string(out.join("index.html")).expect("index");
    let index = &page[page.find("<table").expect("the table")..];
    let at = |page: &str| {
        index
            .find(page)
            .unwrap_or_else(|| panic!("{page} in overview"))
    };
    assert!(at("demo-runner/index.html") < at("fast-builder/index.html"));
    assert!(at("fast-builder/index.html") < at("healthy-runner/index.html"));
    // It opens with the team's findings of now, at most five, highest
    // tier first, each naming its athlete.
    let now = &page
        [page.find("<section id=\"now\"").expect("now first")..page.find("<table").expect("table")];
    assert!(now.contains("Now: the 28 days to 2026-05-31"), "{now}");
    assert_eq!(now.matches("<li ").count(), 5, "{now}");
    assert!(!now.contains("tier-notice"), "{now}");
    assert!(now.contains("demo-runner/index.html") && now.contains("fast-builder/index.html"));
    // The team tables name each row's athlete.
    let weeks = std::fs::read_to_string(out.join("weeks.csv")).expect("weeks");
    assert!(weeks.starts_with("athlete,week_start,"));
    assert!(weeks.contains("\nHealthy runner,2026-03-02,"));
}

#[test]
fn run_from_inside_the_input_prints_the_summary_and_writes_nothing_there() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("runs");
    copy_tree(&demo(), &input);
    let before = walkdir::WalkDir::new(&input).into_iter().count();
    // The default ./patella-report would land inside the input: skipped
    // with a line on stderr, the summary still printed, exit 0.
    let output = patella(&["analyze", "."], &input);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Demo runner: 72 runs"));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("no report folder written"), "{error}");
    // --json FILE inside the input is refused before anything is read.
    let output = patella(&["analyze", ".", "--json", "report.json"], &input);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("inside the input folder"));
    assert_eq!(walkdir::WalkDir::new(&input).into_iter().count(), before);
}

#[test]
fn one_athletes_bad_config_costs_that_athlete_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let team = dir.path().join("team");
    write_athlete(&AthletePlan::healthy(), &team.join("healthy"));
    write_athlete(&AthletePlan::overreaching(), &team.join("builder"));
    std::fs::write(
        team.join("builder/patella.toml"),
        "[athlete]\nnmae = \"x\"\n",
    )
    .expect("written");
    let out = dir.path().join("r");
    let output = patella(
        &["analyze", "team", "--out", out.to_str().expect("utf-8")],
        dir.path(),
    );
    // 3: the report is written, but not every athlete is in it.
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("builder") && error.contains("nmae"),
        "{error}"
    );
    // The healthy runner's summary is printed; the overview names the
    // builder (by folder: its config did not load) and says why.
    assert!(String::from_utf8_lossy(&output.stdout).contains("Healthy runner"));
    let overview = std::fs::read_to_string(out.join("index.html")).expect("overview");
    assert!(overview.contains("<strong>1 could not be analyzed</strong>"));
    let row = overview
        .split("<tr class=\"failed\">")
        .nth(1)
        .expect("a row for the builder");
    assert!(row.starts_with("<td class=\"t\">builder</td>"), "{row}");
    assert!(
        row.contains("not analyzed:") && row.contains("nmae"),
        "{row}"
    );
    assert!(!out.join("builder").exists());
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("read"))
            .expect("JSON");
    let names: Vec<&str> = report["athletes"]
        .as_array()
        .expect("athletes")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["Healthy runner"]);
}

#[test]
fn one_athlete_keeps_a_folder_of_folders_together() {
    // Two sub-folders of runs look like a coach's folder; --one-athlete
    // reads them as one runner's log.
    let dir = tempfile::tempdir().expect("temp dir");
    let files = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/files");
    for (folder, file) in [
        ("garmin", "run-basic.fit"),
        ("strava", "run-with-dynamics.fit"),
    ] {
        std::fs::create_dir_all(dir.path().join("log").join(folder)).expect("folder");
        std::fs::copy(
            files.join(file),
            dir.path().join("log").join(folder).join(file),
        )
        .expect("copied");
    }
    let athletes = |extra: &[&str]| -> usize {
        let mut args = vec!["analyze", "log", "--json", "-"];
        args.extend_from_slice(extra);
        let output = patella(&args, dir.path());
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        report["athletes"].as_array().expect("athletes").len()
    };
    assert_eq!(athletes(&[]), 2);
    assert_eq!(athletes(&["--one-athlete"]), 1);
}
