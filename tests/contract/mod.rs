//! The report contract's `warnings` (report-contract.md, schema_version
//! 1, "Findings a runner reads"), checked key by key on a report.json.

use serde_json::Value;

fn is_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

fn is_number_or_null(v: &Value) -> bool {
    v.is_null() || v.as_f64().is_some_and(f64::is_finite)
}

/// The keys every finding and every part carries.
fn check_common(w: &Value, what: &str) {
    assert!(w["rule"].is_string(), "{what}: rule in {w}");
    assert!(
        ["notice", "warning", "high"].contains(&w["tier"].as_str().unwrap_or_default()),
        "{what}: tier in {w}"
    );
    assert!(is_date(&w["date"]), "{what}: date in {w}");
    assert!(is_date(&w["week_start"]), "{what}: week_start in {w}");
    assert!(is_number_or_null(&w["value"]), "{what}: value in {w}");
    assert!(
        is_number_or_null(&w["threshold"]),
        "{what}: threshold in {w}"
    );
    let message = w["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("associated with higher injury rates in")
            && message.contains("(confidence: "),
        "{what}: message {message:?}"
    );
}

/// Checks every finding of `athlete` against the contract; returns how
/// many were episodes.
pub fn check_findings(athlete: &Value) -> usize {
    let findings = athlete["warnings"].as_array().expect("warnings");
    let mut episodes = 0;
    let mut now = 0;
    for w in findings {
        check_common(w, "finding");
        assert!(w["risk_factor"].is_string(), "{w}");
        assert!(w["conditions"].is_array(), "{w}");
        assert!(
            ["strong", "moderate", "weak", "expert"]
                .contains(&w["confidence"].as_str().unwrap_or_default()),
            "{w}"
        );
        assert!(
            w["activity_id"].is_string() || w["activity_id"].is_null(),
            "{w}"
        );
        assert!(
            w["suggestion"].is_string() && w["headline"].is_string(),
            "{w}"
        );
        let Some(is_now) = w["now"].as_bool() else {
            panic!("now in {w}");
        };
        now += usize::from(is_now);
        let parts = w["parts"].as_array().expect("parts");
        assert!(!parts.is_empty(), "{w}");
        for part in parts {
            check_common(part, "part");
        }
        // The top-level rule is its leading part's, and its tier is no
        // higher than its highest part's.
        assert!(parts.iter().any(|p| p["rule"] == w["rule"]), "{w}");
        let rank = |t: &Value| ["notice", "warning", "high"].iter().position(|n| t == n);
        let highest = parts.iter().filter_map(|p| rank(&p["tier"])).max();
        assert!(rank(&w["tier"]) <= highest, "{w}");
        if !w["first_date"].is_null() {
            episodes += 1;
            assert!(is_date(&w["first_date"]), "{w}");
            assert!(is_date(&w["last_date"]) || w["last_date"].is_null(), "{w}");
            let count = w["count"].as_u64().expect("count");
            assert_eq!(count as usize, parts.len(), "{w}");
            assert!(
                w["value_range"].as_array().is_some_and(|r| r.len() == 2),
                "{w}"
            );
        } else {
            assert!(
                w.get("count").is_none() && w.get("last_date").is_none(),
                "{w}"
            );
        }
    }
    assert!(now <= 5, "{now} findings of now");
    // Now first.
    let first_history = findings.iter().position(|w| w["now"] == false);
    if let Some(at) = first_history {
        assert!(findings[at..].iter().all(|w| w["now"] == false));
    }
    episodes
}

/// The per-activity keys of issue 12: where each run's offset came from,
/// why, and its maximum heart rate next to the average.
pub fn check_activity_fidelity(activity: &Value) {
    let sources = [
        "gps_position",
        "fit_local_timestamp",
        "file_timestamp",
        "command_line",
        "config",
        "assumed_utc",
    ];
    let source = activity["utc_offset_source"].as_str().unwrap_or_default();
    assert!(sources.contains(&source), "utc_offset_source in {activity}");
    let note = &activity["utc_offset_note"];
    assert!(note.is_null() || note.is_string(), "{activity}");
    let (avg, max) = (&activity["avg_hr_bpm"], &activity["max_hr_bpm"]);
    assert!(is_number_or_null(max), "max_hr_bpm in {activity}");
    if let (Some(avg), Some(max)) = (avg.as_f64(), max.as_f64()) {
        assert!(max >= avg, "max_hr_bpm below avg_hr_bpm in {activity}");
    }
    assert!(max.is_null() || !avg.is_null(), "{activity}");
}
