//! End-to-end: `patella import` on the demo export shipped in
//! `fixtures/demo-export`. The expected facts are those of its
//! `EXPECTED.md`, which the generator derives from the plan (not from
//! patella's importers).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

mod contract;

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export")
}

fn import_json(tz_env: &str, extra: &[&str]) -> (String, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .env("TZ", tz_env)
        .arg("import")
        .arg("--json")
        .args(extra)
        .arg(demo())
        .output()
        .expect("patella runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    let json = serde_json::from_str(&text).expect("JSON output");
    (text, json)
}

fn activity<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["activities"]
        .as_array()
        .and_then(|all| all.iter().find(|a| a["files"][0] == file))
        .unwrap_or_else(|| panic!("{file} is not among the runs"))
}

#[test]
fn demo_export_runs_skips_exclusions_and_duplicate() {
    let (_, report) = import_json("UTC", &[]);
    let runs = report["activities"].as_array().expect("activities");
    // EXPECTED.md: 71 fully readable distinct runs plus 1 salvaged.
    assert_eq!(runs.len(), 72);
    let salvaged: Vec<&Value> = runs.iter().filter(|r| !r["salvaged"].is_null()).collect();
    assert_eq!(salvaged.len(), 1);
    assert_eq!(salvaged[0]["files"][0], "activities/14001023960.fit");
    assert!(salvaged[0]["salvaged"]
        .as_str()
        .unwrap_or("")
        .contains("header promises"));
    // EXPECTED.md: the salvaged part holds 3599.2 m.
    let salvaged_m = salvaged[0]["distance_m"].as_f64().unwrap_or(0.0);
    assert!((salvaged_m - 3599.2).abs() < 1.0, "{salvaged_m}");

    // EXPECTED.md: fully readable runs total 709.00 km; GPX distances are
    // track lengths, so allow 0.5%.
    let total_km: f64 = runs
        .iter()
        .filter(|r| r["salvaged"].is_null())
        .filter_map(|r| r["distance_m"].as_f64())
        .sum::<f64>()
        / 1000.0;
    assert!((total_km - 709.0).abs() / 709.0 < 0.005, "{total_km} km");

    let excluded = report["excluded"].as_array().expect("excluded");
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0]["files"][0], "activities/14000530880.fit");
    assert_eq!(excluded[0]["sport"], "cycling");

    let duplicates = report["duplicates"].as_array().expect("duplicates");
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0]["kept"], "activities/14000690585.fit");
    assert_eq!(
        duplicates[0]["dropped"][0],
        "garmin-connect/activity_21000295965.gpx"
    );

    let skipped = report["skipped"].as_array().expect("skipped");
    let reason = |file: &str| {
        skipped
            .iter()
            .find(|s| s["file"] == file)
            .and_then(|s| s["reason"].as_str())
            .unwrap_or_else(|| panic!("{file} not skipped"))
            .to_string()
    };
    assert!(reason("activities/14000601020.fit.gz").starts_with("broken gzip stream"));
    assert!(reason("activities/14000882840.gpx").starts_with("empty file (0 bytes)"));
    assert!(reason("EXPECTED.md").starts_with("not an activity file"));
    assert_eq!(skipped.len(), 3);
}

#[test]
fn strava_csv_names_types_and_gear_apply() {
    let (_, report) = import_json("UTC", &[]);
    let treadmill = activity(&report, "activities/14000421330.fit");
    assert_eq!(treadmill["name"], "Treadmill snow day");
    assert_eq!(treadmill["sub_sport"], "treadmill");
    assert_eq!(treadmill["indoor"], true);
    // The FIT says running/generic; the csv says Trail Run.
    let trail = activity(&report, "activities/14000801990.fit");
    assert_eq!(trail["sub_sport"], "trail");
    assert_eq!(trail["shoe"], "Speedgoat 5");
    // A GPX without <type>: the csv's "Run" decides, not inference.
    let untyped = activity(&report, "activities/14000914830.gpx");
    assert_eq!(untyped["sport"], "running");
    assert_eq!(untyped["sport_inferred"], false);
    assert_eq!(
        activity(&report, "activities/14000338205.fit")["shoe"],
        "Pegasus 39"
    );
}

#[test]
fn local_dates_do_not_depend_on_the_machine_time_zone() {
    let (utc_text, report) = import_json("UTC", &[]);
    for zone in ["America/New_York", "Asia/Kolkata", "Pacific/Chatham"] {
        let (text, _) = import_json(zone, &[]);
        assert_eq!(text, utc_text, "output differs under TZ={zone}");
    }
    // EXPECTED.md: Sun 2026-03-22 22:30 -06:00 = Monday 04:30 UTC; local
    // date Sunday.
    let late = activity(&report, "activities/14000818370.fit");
    assert_eq!(late["start_utc"], "2026-03-23T04:30:00Z");
    assert_eq!(late["start_local"], "2026-03-22T22:30:00");
    assert_eq!(late["local_date"], "2026-03-22");
    assert_eq!(late["utc_offset_s"], -21600);
    // Before DST (8 March 2026) Denver is -07:00: Thu 17:45 local is
    // Fri 00:45 UTC.
    let winter = activity(&report, "activities/14000363195.fit");
    assert_eq!(winter["start_utc"], "2026-02-06T00:45:00Z");
    assert_eq!(winter["local_date"], "2026-02-05");
}

#[test]
fn tz_option_never_overrides_the_place_or_the_file_silently() {
    // Every demo run has a GPS fix in Colorado or a FIT offset, so --tz
    // Asia/Tokyo decides none of them, and each run's note says so.
    let (_, report) = import_json("UTC", &["--tz", "Asia/Tokyo"]);
    // EXPECTED.md: GPX run Sat 2026-02-14 07:30 -07:00 = 14:30 UTC. In
    // Tokyo (+09:00) that would be 23:30; Denver, where it started, wins.
    let gpx = activity(&report, "activities/14000449610.gpx.gz");
    assert_eq!(gpx["start_local"], "2026-02-14T07:30:00");
    assert_eq!(gpx["utc_offset_source"], "gps_position");
    assert_eq!(
        gpx["utc_offset_note"],
        "America/Denver where the run started (UTC-07:00) over --tz Asia/Tokyo (UTC+09:00)"
    );
    // The treadmill run has no fix: its FIT local_timestamp decides.
    let indoor = activity(&report, "activities/14000421330.fit");
    assert_eq!(indoor["start_local"], "2026-02-11T12:10:00");
    assert_eq!(indoor["utc_offset_source"], "fit_local_timestamp");
    assert_eq!(report["timezone"], "per-activity offset");
}

#[test]
fn gps_position_gives_the_zone_without_tz() {
    let (_, report) = import_json("UTC", &[]);
    // The GPX run in Denver after DST: 07:30 -06:00 found from its first fix.
    let gpx = activity(&report, "activities/14000661290.gpx.gz");
    assert_eq!(gpx["start_local"], "2026-03-07T07:30:00");
    assert_eq!(gpx["utc_offset_source"], "gps_position");
}

#[test]
fn table_lists_runs_then_skipped_excluded_duplicates() {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .arg("import")
        .arg(demo())
        .output()
        .expect("patella runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("72 runs, "), "{text}");
    let order: Vec<usize> = [
        "local start",
        "Skipped (3):",
        "Excluded, not running (1):",
        "Duplicates (1):",
    ]
    .iter()
    .map(|heading| {
        text.find(heading)
            .unwrap_or_else(|| panic!("{heading} missing"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The late Sunday run shows its local wall-clock time.
    assert!(text.contains("2026-03-22 22:30"));
}

/// Every finding on the demo export, as its EXPECTED.md "Patterns for the
/// rules" and "Other notices" list them, shaped as knee-risk-rules.md's
/// "Findings a runner reads" says: nothing else fires, every planned
/// pattern is a part on its date at its own tier, and the list is at most
/// 15 findings, those of the 28 days to 2026-05-30 first.
#[test]
fn demo_export_findings_match_the_injected_patterns() {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .args(["analyze", "--json", "-"])
        .arg(demo())
        .output()
        .expect("patella runs");
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings = report["athletes"][0]["warnings"]
        .as_array()
        .expect("warnings");
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let found: Vec<(bool, String, String, Vec<String>)> = findings
        .iter()
        .map(|w| {
            let parts = w["parts"]
                .as_array()
                .expect("parts")
                .iter()
                .map(|p| {
                    format!(
                        "{} {} {}",
                        text(p, "date"),
                        text(p, "rule"),
                        text(p, "tier")
                    )
                })
                .collect();
            (w["now"] == true, text(w, "tier"), text(w, "date"), parts)
        })
        .collect();
    let expected: Vec<(bool, &str, &str, Vec<&str>)> = vec![
        // Now: the 28 days to 2026-05-30, highest tier first, then newest.
        // 26 km vs the 18 km longest of the 30 days before: +44.4%.
        (
            true,
            "warning",
            "2026-05-30",
            vec!["2026-05-30 session_distance_spike warning"],
        ),
        // 110 min run: cadence of the last quarter 6.3% under minutes 10-25%.
        (
            true,
            "warning",
            "2026-05-23",
            vec!["2026-05-23 form_fatigue_drift warning"],
        ),
        // "Pegasus 39" with initial_km 427: 803.6 km after the run of 05-19.
        (
            true,
            "warning",
            "2026-05-19",
            vec!["2026-05-19 shoe_mileage warning"],
        ),
        // Week 15: +34.1% on the week before, +35.2% on the 3-week mean.
        (
            true,
            "warning",
            "2026-05-17",
            vec!["2026-05-17 weekly_distance_jump warning"],
        ),
        // The mountain run (714 m vs a 30-day max of 205 m, >= 4 km at
        // <= -10%) and its week (1245 m vs a 3-week mean of 185 m): one
        // finding. Its parts keep their tiers; descent spikes rest on weak
        // evidence and steep grades reached only warning, so it is shown as
        // a warning.
        (
            true,
            "warning",
            "2026-05-07",
            vec![
                "2026-05-07 descent_session_spike high",
                "2026-05-07 steep_descent_exposure warning",
                "2026-05-10 descent_session_spike high",
            ],
        ),
        // History, newest first. EXPECTED.md "other notices": easy runs
        // with medians just under 166, too scattered for an episode (never
        // 3 of 5 judged runs in a row).
        (
            false,
            "notice",
            "2026-05-30",
            vec!["2026-05-30 cadence_low_absolute notice"],
        ),
        // The 7-day streak 2026-05-18..24.
        (
            false,
            "notice",
            "2026-05-24",
            vec!["2026-05-24 recovery_streak notice"],
        ),
        (
            false,
            "notice",
            "2026-05-09",
            vec!["2026-05-09 cadence_low_absolute notice"],
        ),
        (
            false,
            "notice",
            "2026-05-07",
            vec!["2026-05-07 cadence_low_absolute notice"],
        ),
        // Cadence 156.5 at 2.89 m/s, about 7% under the runner's line, and
        // under 166: one run, one finding.
        (
            false,
            "notice",
            "2026-04-29",
            vec![
                "2026-04-29 cadence_low_absolute notice",
                "2026-04-29 cadence_low_vs_baseline notice",
            ],
        ),
        (
            false,
            "notice",
            "2026-04-25",
            vec!["2026-04-25 cadence_low_absolute notice"],
        ),
        // The 25 km run is +13.6% on the 22 km of 2026-04-18.
        (
            false,
            "notice",
            "2026-04-25",
            vec!["2026-04-25 session_distance_spike notice"],
        ),
        // 2200 m at -5..-10% vs a 30-day max of 2151 m.
        (
            false,
            "notice",
            "2026-03-28",
            vec!["2026-03-28 steep_descent_exposure notice"],
        ),
        // 504 km after the run of 2026-02-26.
        (
            false,
            "notice",
            "2026-02-26",
            vec!["2026-02-26 shoe_mileage notice"],
        ),
    ];
    let expected: Vec<(bool, String, String, Vec<String>)> = expected
        .into_iter()
        .map(|(now, tier, date, parts)| {
            (
                now,
                tier.to_string(),
                date.to_string(),
                parts.into_iter().map(str::to_string).collect(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert!(found.len() <= 15);
    // No condition on the demo held long enough to be an episode.
    assert_eq!(contract::check_findings(&report["athletes"][0]), 0);
    let activities = report["athletes"][0]["activities"]
        .as_array()
        .expect("activities");
    activities
        .iter()
        .for_each(contract::check_activity_fidelity);
    // The demo generator gives every run a heart rate (patella_synth::demo::steady_hr).
    let with_max = activities
        .iter()
        .filter(|a| a["max_hr_bpm"].is_number())
        .count();
    assert_eq!(with_max, activities.len());
    for finding in findings {
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("associated with higher injury rates in"),
            "{message}"
        );
    }
}

/// The week's descent a downhill finding quotes is the week's descent in
/// report.json's weeks (and so in the terminal, the page and weeks.csv).
#[test]
fn the_mountain_week_has_one_descent_everywhere() {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
        .args(["analyze", "--json", "-"])
        .arg(demo())
        .output()
        .expect("patella runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let athlete = &report["athletes"][0];
    let week = athlete["weeks"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["week_start"] == "2026-05-04"))
        .expect("the mountain week");
    let descent = week["descent_m"].as_f64().expect("descent");
    let part = athlete["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|w| w["parts"].as_array().into_iter().flatten())
        .find(|p| p["rule"] == "descent_session_spike" && p["date"] == "2026-05-10")
        .expect("the weekly descent part");
    let message = part["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("descended {descent:.0} m")),
        "{descent} vs {message}"
    );
}

/// `--fail-on` judges the findings as shown: the demo's highest finding
/// is a warning (its high parts are descent spikes, weak evidence), so
/// `--fail-on high` passes and `--fail-on warning` trips. `--since` drops
/// findings whose last day is before it, earlier runs still serving as
/// history.
#[test]
fn fail_on_and_since_act_on_findings() {
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_patella"))
            .env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"))
            .args(["analyze", "--no-report", "--json", "-"])
            .args(extra)
            .arg(demo())
            .output()
            .expect("patella runs")
    };
    assert_eq!(run(&["--fail-on", "high"]).status.code(), Some(0));
    assert_eq!(run(&["--fail-on", "warning"]).status.code(), Some(1));
    let since = run(&["--since", "2026-05-09"]);
    assert_eq!(since.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&since.stdout).expect("JSON");
    let dates: Vec<String> = report["athletes"][0]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["date"].as_str().unwrap_or_default().to_string())
        .collect();
    // The mountain week's finding (dated by its run of 05-07, its last
    // part on 05-10) stays; the 05-07 low-cadence run goes; the findings
    // from 05-09 on are unchanged (the 30 days before still count).
    assert_eq!(
        dates,
        [
            "2026-05-30",
            "2026-05-23",
            "2026-05-19",
            "2026-05-17",
            "2026-05-07",
            "2026-05-30",
            "2026-05-24",
            "2026-05-09",
        ]
    );
}
