//! The running gear of Strava's activities.csv, with the dates each pair
//! was first and last used, for the init template.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::Sport;

/// One pair of shoes seen in activities.csv, with the dates of its first
/// and last run when the csv's dates could be read (UTC dates, as Strava
/// writes them: a late-evening run may show as the next day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GearUse {
    pub name: String,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// The running gear of an activities.csv, in order of first use (gear
/// without a readable date last, by name). Bikes are left out by the
/// Activity Type column; unreadable rows are skipped.
pub fn gear_from_csv(bytes: &[u8]) -> Vec<GearUse> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let Ok(headers) = reader.byte_headers().cloned() else {
        return Vec::new();
    };
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| String::from_utf8_lossy(h).trim() == name)
    };
    let Some(gear_column) = column("Activity Gear") else {
        return Vec::new();
    };
    let (date_column, type_column) = (column("Activity Date"), column("Activity Type"));
    let mut seen: BTreeMap<String, (Option<NaiveDate>, Option<NaiveDate>)> = BTreeMap::new();
    for row in reader.byte_records().flatten() {
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let Some(gear) = cell(Some(gear_column)) else {
            continue;
        };
        let running = cell(type_column)
            .and_then(|label| Sport::from_label(&label))
            .is_none_or(|(sport, _)| sport == Sport::Running);
        if !running {
            continue;
        }
        let date = cell(date_column).as_deref().and_then(strava_date);
        let entry = seen.entry(gear).or_default();
        if let Some(date) = date {
            entry.0 = Some(entry.0.map_or(date, |d| d.min(date)));
            entry.1 = Some(entry.1.map_or(date, |d| d.max(date)));
        }
    }
    let mut gears: Vec<GearUse> = seen
        .into_iter()
        .map(|(name, (first, last))| GearUse { name, first, last })
        .collect();
    // None sorts before Some: put undated gear last instead.
    gears.sort_by_key(|g| (g.first.is_none(), g.first));
    gears
}

/// The date of Strava's "Activity Date" ("Feb 3, 2026, 1:15:00 PM", in
/// UTC, English), or None for any other spelling (localized exports).
fn strava_date(text: &str) -> Option<NaiveDate> {
    const DATE_TIMES: [&str; 4] = [
        "%b %d, %Y, %I:%M:%S %p",
        "%b %d, %Y %I:%M:%S %p",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%SZ",
    ];
    const DATES: [&str; 2] = ["%b %d, %Y", "%Y-%m-%d"];
    let text = text.trim();
    DATE_TIMES
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|at| at.date())
        .or_else(|| {
            DATES
                .iter()
                .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        })
}
