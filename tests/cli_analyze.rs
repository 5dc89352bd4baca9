//! End-to-end: `patella analyze` on small logs (the demo export's expected
//! warnings are asserted in cli_demo.rs once its patterns are in place).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn files() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/files")
}

/// `patella analyze ARGS PATH`, writing no report folder (tests/cli_report.rs
/// covers that).
fn analyze(args: &[&str], path: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .arg("analyze")
        .arg("--no-report")
        .args(args)
        .arg(path)
        .output()
        .expect("patella runs")
}

#[test]
fn empty_folder_says_there_is_nothing_to_analyze() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = analyze(&[], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("nothing to analyze"), "{text}");
    assert!(text.contains("not medical advice"), "{text}");
}

#[test]
fn one_run_is_one_run_on_its_day() {
    // run-basic.fit: the generator's 3 km loop of Tuesday 2026-03-03
    // (synth/src/fixtures.rs, run_basic), one run, not "1 runs".
    let output = analyze(&["--no-cache"], &files().join("run-basic.fit"));
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(": 1 run on 2026-03-03, 3.0 km"), "{text}");
}

#[test]
fn json_report_has_the_contract_keys() {
    let output = analyze(&["--json", "-"], &files());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["schema_version"], 1);
    let athlete = &report["athletes"][0];
    for key in [
        "name",
        "timezone",
        "activities",
        "excluded",
        "duplicates",
        "skipped",
        "weeks",
        "shoes",
        "warnings",
    ] {
        assert!(!athlete[key].is_null(), "missing {key}");
    }
    assert_eq!(athlete["name"], "files");
    // fixtures/files: run-basic as FIT, GPX and TCX is one run.
    assert!(athlete["duplicates"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
}

#[test]
fn json_file_is_written_whole_and_terminal_numbers_match_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("report.json");
    let output = analyze(&["--json", target.to_str().expect("utf-8 path")], &files());
    assert_eq!(output.status.code(), Some(0));
    let report: Value =
        serde_json::from_slice(&std::fs::read(&target).expect("written")).expect("JSON");
    let text = String::from_utf8_lossy(&output.stdout);
    // Every week row of the terminal (the last 8 weeks) shows the JSON's
    // runs and km with one decimal.
    for week in report["athletes"][0]["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .rev()
        .take(8)
    {
        let line = format!(
            "{}  {:>4}  {:>6.1}",
            week["week_start"].as_str().unwrap_or(""),
            week["runs"].as_u64().unwrap_or(999),
            week["distance_km"].as_f64().unwrap_or(-1.0)
        );
        assert!(text.contains(&line), "{line:?} not in\n{text}");
    }
    // Only report.json is in the output folder: no temporary left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("readable").count(), 1);
}

#[test]
fn a_bad_config_is_one_line_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("patella.toml"),
        "[athlete]\nname = \"A\"\ntimezone = \"Mars/Base\"\n",
    )
    .expect("write");
    let output = analyze(&[], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("patella.toml line 3"), "{stderr}");
}

#[test]
fn init_writes_a_config_that_analyze_reads_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export/activities.csv");
    std::fs::copy(demo, dir.path().join("activities.csv")).expect("copy csv");
    let init = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_patella"))
            .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
            .arg("init")
            .arg(dir)
            .output()
            .expect("patella runs")
    };
    assert_eq!(init(dir.path()).status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("patella.toml")).expect("written");
    // The demo's csv names two running shoes and one bike; only shoes appear.
    assert!(written.contains("name = \"Pegasus 39\""));
    assert!(written.contains("name = \"Speedgoat 5\""));
    assert!(!written.contains("Allez"));
    let again = init(dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(analyze(&[], dir.path()).status.code(), Some(0));
}

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export")
}

/// (date, tier, activity file) of the demo's shoe_mileage findings, by date.
fn shoe_findings(report: &Value) -> Vec<(String, String, String)> {
    let athlete = &report["athletes"][0];
    let file_of = |id: &Value| {
        athlete["activities"]
            .as_array()
            .and_then(|runs| runs.iter().find(|a| a["id"] == *id))
            .and_then(|a| a["files"][0].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut found: Vec<(String, String, String)> = athlete["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["rule"] == "shoe_mileage")
        .map(|w| {
            let text = |k: &str| w[k].as_str().unwrap_or_default().to_string();
            (text("date"), text("tier"), file_of(&w["activity_id"]))
        })
        .collect::<Vec<_>>();
    found.sort();
    found
}

#[test]
fn demo_shoes_without_config_stay_under_500_km() {
    // An empty config in place of the demo's own (which adds 427 km).
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("patella.toml");
    std::fs::write(&empty, "").expect("write");
    let output = analyze(
        &["--json", "-", "--config", empty.to_str().expect("utf-8")],
        &demo(),
    );
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let shoes = report["athletes"][0]["shoes"].as_array().expect("shoes");
    let pegasus = shoes
        .iter()
        .find(|s| s["name"] == "Pegasus 39")
        .expect("Pegasus 39 from Strava's gear");
    // EXPECTED.md: 55 runs, 411.60 km as planned (the GPX copies measure a
    // few metres more along their tracks).
    assert_eq!(pegasus["runs"], 55);
    let km = pegasus["distance_km"].as_f64().expect("km");
    assert!((km - 411.6).abs() < 0.5, "{km}");
    assert_eq!(pegasus["retire_km"], 800.0);
    assert!(shoe_findings(&report).is_empty());
}

#[test]
fn demo_shoe_past_800_km_with_initial_km_in_the_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("patella.toml");
    std::fs::write(
        &config,
        "[[shoes]]\nname = \"Pegasus 39\"\ninitial_km = 427.0\n",
    )
    .expect("write");
    let output = analyze(
        &["--json", "-", "--config", config.to_str().expect("utf-8")],
        &demo(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // EXPECTED.md "shoe past 800 km": 500 km on 2026-02-26 (504.00 km
    // after activities/14000574875.tcx), 800 km on 2026-05-19 (803.60 km
    // after activities/14001396185.fit).
    assert_eq!(
        shoe_findings(&report),
        [
            (
                "2026-02-26".to_string(),
                "notice".to_string(),
                "activities/14000574875.tcx".to_string()
            ),
            (
                "2026-05-19".to_string(),
                "warning".to_string(),
                "activities/14001396185.fit".to_string()
            ),
        ]
    );
    let pegasus = &report["athletes"][0]["shoes"][0];
    assert_eq!(pegasus["name"], "Pegasus 39");
    let km = pegasus["distance_km"].as_f64().expect("km");
    assert!((km - 838.6).abs() < 0.5, "{km}");
    // Past its retirement: no projected date.
    assert!(pegasus["projected_retirement"].is_null());
}

/// The numbers of a text, in order: "+44% against +30%" gives 44 and 30.
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .filter_map(|t| t.trim_end_matches('.').parse::<f64>().ok())
        .collect()
}

/// `shown` is `json` as printed with `decimals` decimals.
fn shown_as(shown: f64, json: f64, decimals: i32) -> bool {
    (shown - json).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9
}

#[test]
fn demo_terminal_warnings_and_shoes_equal_the_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("report.json");
    let output = analyze(&["--json", target.to_str().expect("utf-8 path")], &demo());
    assert_eq!(output.status.code(), Some(0));
    let report: Value =
        serde_json::from_slice(&std::fs::read(&target).expect("written")).expect("JSON");
    let text = String::from_utf8_lossy(&output.stdout);
    let athlete = &report["athletes"][0];

    // Each finding's block: "TIER  HEADLINE  [RULES]", then its parts
    // ("    - DATE  RULE  VALUE against THRESHOLD (TIER)") when it has
    // several, and "    VALUE against THRESHOLD. MESSAGE". Fractions print
    // as whole percents, km and spm with one decimal, m and days whole.
    let warnings = athlete["warnings"].as_array().expect("warnings");
    assert!(!warnings.is_empty());
    let lines: Vec<&str> = text.lines().collect();
    for w in warnings {
        let (headline, tier) = (
            w["headline"].as_str().expect("headline"),
            w["tier"].as_str().expect("tier"),
        );
        let head = format!("{}  {headline}  [", tier.to_uppercase());
        let at = lines
            .iter()
            .position(|l| l.starts_with(&head))
            .unwrap_or_else(|| panic!("{head:?} not in\n{text}"));
        let parts = w["parts"].as_array().expect("parts");
        let measured: Vec<(String, &Value)> = if parts.len() > 1 {
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let line = lines[at + 1 + i];
                    let prefix = format!(
                        "    - {}  {}  ",
                        p["date"].as_str().expect("date"),
                        p["rule"].as_str().expect("rule")
                    );
                    let suffix = format!(" ({})", p["tier"].as_str().expect("tier"));
                    assert!(
                        line.starts_with(&prefix) && line.ends_with(&suffix),
                        "{line}"
                    );
                    (line[prefix.len()..line.len() - suffix.len()].to_string(), p)
                })
                .collect()
        } else {
            let body = lines[at + 1].trim_start();
            let measured = body.split(". ").next().unwrap_or_default();
            vec![(measured.to_string(), w)]
        };
        for (rest, part) in measured {
            let shown = numbers(&rest);
            let (value, threshold) = (
                part["value"].as_f64().expect("value"),
                part["threshold"].as_f64().expect("threshold"),
            );
            let (scale, decimals) = if rest.contains('%') {
                (100.0, 0)
            } else if rest.contains("km") || rest.contains("spm") {
                (1.0, 1)
            } else {
                (1.0, 0)
            };
            assert_eq!(shown.len(), 2, "{rest}");
            assert!(
                shown_as(shown[0], value * scale, decimals),
                "{rest} vs {value}"
            );
            assert!(
                shown_as(shown[1], threshold * scale, decimals),
                "{rest} vs {threshold}"
            );
        }
    }

    // Each shoe's row: name, km (one decimal), runs, last used, and the
    // projected retirement date or "-".
    let shoes = athlete["shoes"].as_array().expect("shoes");
    assert!(!shoes.is_empty());
    for shoe in shoes {
        let name = shoe["name"].as_str().expect("name");
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not in\n{text}"));
        let cells: Vec<&str> = line[name.len()..].split_whitespace().collect();
        assert_eq!(
            cells[0],
            format!("{:.1}", shoe["distance_km"].as_f64().expect("km"))
        );
        assert_eq!(cells[1], shoe["runs"].to_string());
        assert_eq!(cells[2], shoe["last_used"].as_str().expect("date"));
        let projected = shoe["projected_retirement"].as_str().unwrap_or("-");
        assert_eq!(cells.last().copied(), Some(projected), "{line}");
    }

    // The header's run count and total km.
    let runs = athlete["activities"].as_array().expect("activities");
    let km: f64 = runs
        .iter()
        .filter_map(|a| a["distance_m"].as_f64())
        .sum::<f64>()
        / 1000.0;
    assert!(
        text.contains(&format!("{} runs from", runs.len()))
            && text.contains(&format!("{km:.1} km")),
        "{text}"
    );
}
