//! The report's per-activity records: one place where the log's values are
//! rounded for display, so the table and the JSON show the same numbers.

use serde::Serialize;

use crate::log::LoggedRun;
use crate::model::{CadenceConvention, ElevationSource};

/// One run as report.json lists it under `activities`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityRecord {
    pub id: String,
    pub files: Vec<String>,
    pub name: Option<String>,
    pub format: &'static str,
    pub sport: String,
    pub sub_sport: Option<String>,
    pub sport_inferred: bool,
    pub start_utc: String,
    pub start_local: String,
    pub local_date: String,
    pub utc_offset_s: i32,
    pub utc_offset_source: crate::model::OffsetSource,
    /// Why `utc_offset_source` won over a source that disagreed, or null.
    pub utc_offset_note: Option<String>,
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<f64>,
    /// Ground contact time, time-weighted; null without dynamics.
    pub avg_gct_ms: Option<f64>,
    pub shoe: Option<String>,
    pub device: Option<String>,
    pub indoor: bool,
    pub cadence_convention: CadenceConvention,
    /// The altimeter behind the file's elevation: barometric, GPS, or
    /// unknown (see `import::altimeter`); null when the file has none.
    pub elevation_source: Option<ElevationSource>,
    pub salvaged: Option<String>,
}

/// Rounds to `decimals` places; reports never show float noise.
pub fn round(value: Option<f64>, decimals: i32) -> Option<f64> {
    let scale = 10f64.powi(decimals);
    value
        .filter(|v| v.is_finite())
        .map(|v| (v * scale).round() / scale)
}

impl ActivityRecord {
    pub fn of(run: &LoggedRun) -> Self {
        let activity = &run.activity;
        let summary = &run.summary;
        ActivityRecord {
            id: activity.id.clone(),
            files: activity.files.clone(),
            name: activity.name.clone(),
            format: activity.format.name(),
            sport: activity.sport.name().to_string(),
            sub_sport: activity.sub_sport.clone(),
            sport_inferred: activity.sport_inferred,
            start_utc: activity.start_utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            start_local: run.start_local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            local_date: run.local_date.format("%Y-%m-%d").to_string(),
            utc_offset_s: run.offset.seconds,
            utc_offset_source: run.offset.source,
            utc_offset_note: run.offset_note.clone(),
            distance_m: round(summary.distance_m, 1),
            elapsed_s: round(summary.elapsed_s, 0),
            moving_s: round(summary.moving_s, 0),
            ascent_m: round(summary.ascent_m, 0),
            descent_m: round(summary.descent_m, 0),
            avg_cadence_spm: round(summary.avg_cadence_spm, 1),
            avg_hr_bpm: round(summary.avg_hr_bpm, 0),
            max_hr_bpm: round(summary.max_hr_bpm, 0),
            avg_gct_ms: round(summary.avg_gct_ms, 0),
            // Shoes are assigned from the config later; Strava's gear column
            // is the one source known at import.
            shoe: activity.gear.clone(),
            device: activity.device.label(),
            indoor: activity.is_indoor(),
            cadence_convention: activity.cadence_convention,
            elevation_source: activity.elevation_source,
            salvaged: activity.salvaged.clone(),
        }
    }
}

/// The one line that says, once, how many runs had sources of their UTC
/// offset that disagreed; `None` when none did.
pub fn offset_notes_line<'a>(records: impl Iterator<Item = &'a ActivityRecord>) -> Option<String> {
    let noted = records.filter(|r| r.utc_offset_note.is_some()).count();
    (noted > 0).then(|| {
        format!(
            "Local time: {noted} run(s) had sources of their UTC offset that disagree; each takes \
             the place where it started, else the file's own offset, else --tz, else the \
             config's zone (utc_offset_note in report.json says which)."
        )
    })
}

/// One finding as a row of warnings.csv: a fixed set of columns (episodes
/// and grouped findings alike), its parts' rules joined.
#[derive(Debug, Serialize)]
pub struct FindingRow<'a> {
    pub now: bool,
    pub tier: crate::rules::Tier,
    pub date: chrono::NaiveDate,
    pub headline: &'a str,
    pub rule: &'a str,
    pub part_rules: Vec<&'static str>,
    pub parts: usize,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    pub first_date: Option<chrono::NaiveDate>,
    /// Empty for an episode still going on, or a finding that is no
    /// episode (see `count`).
    pub last_date: Option<chrono::NaiveDate>,
    /// Runs or weeks an episode held on; empty for other findings.
    pub count: Option<u32>,
    pub count_unit: Option<&'static str>,
    pub risk_factor: &'a str,
    pub confidence: crate::rules::Confidence,
    pub conditions: &'a [&'a str],
    pub week_start: chrono::NaiveDate,
    pub activity_id: Option<&'a str>,
    pub ceiling: Option<&'a str>,
    pub message: &'a str,
    pub suggestion: &'a str,
}

impl<'a> FindingRow<'a> {
    pub fn of(w: &'a crate::rules::Warning) -> Self {
        let episode = w.episode.as_ref();
        FindingRow {
            now: w.now,
            tier: w.tier,
            date: w.date,
            headline: &w.headline,
            rule: w.rule,
            part_rules: w.part_rules(),
            parts: w.parts.len(),
            value: w.value,
            threshold: w.threshold,
            first_date: episode.map(|e| e.first_date),
            last_date: episode.and_then(|e| e.last_date),
            count: episode.map(|e| e.count),
            count_unit: episode.map(|e| e.count_unit),
            risk_factor: w.risk_factor,
            confidence: w.confidence,
            conditions: w.conditions,
            week_start: w.week_start,
            activity_id: w.activity_id.as_deref(),
            ceiling: w.ceiling.as_deref(),
            message: &w.message,
            suggestion: &w.suggestion,
        }
    }
}
