//! `activities.csv` of the demo export, as Strava writes it at the root of
//! a bulk export: one row per activity, linked to its file by the Filename
//! column (relative to the csv's folder, `.gz` included).
//!
//! Strava repeats column names ("Elapsed Time", "Distance"...); the header
//! keeps that, up to the second "Distance", so the importer's parser meets
//! the real thing. The first Distance is in km with two decimals, the
//! second in metres; dates are UTC like `"Feb 3, 2026, 1:15:00 PM"`.

use std::fmt::Write as _;

use super::demo_activity::DemoActivity;

/// The header line, in Strava's order.
pub const STRAVA_CSV_HEADER: &str = "Activity ID,Activity Date,Activity Name,Activity Type,\
     Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,\
     Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,\
     Moving Time,Distance";

/// One csv cell, quoted when it holds a comma, quote or line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Renders `activities.csv`: a row for every planned activity Strava knows,
/// that is every file under `activities/` except the empty one. The values
/// are those of the whole activity as recorded, even when the file in the
/// export is broken.
pub(crate) fn activities_csv(demos: &[DemoActivity]) -> String {
    let mut out = String::from(STRAVA_CSV_HEADER);
    out.push('\n');
    for d in demos.iter().filter(|d| d.in_strava_csv()) {
        let Some(file) = d.files.first() else {
            continue;
        };
        let t = d.activity.sessions.first().and_then(|s| s.totals());
        let elapsed_s = t.as_ref().map_or(0.0, |t| t.elapsed_s);
        let timer_s = t.as_ref().map_or(0.0, |t| t.timer_s);
        let distance_m = t.as_ref().map_or(0.0, |t| t.distance_m);
        let max_hr = t
            .as_ref()
            .and_then(|t| t.max_hr_bpm)
            .map_or(String::new(), |hr| format!("{hr}.0"));
        let date = d
            .activity
            .start_utc
            .format("%b %-d, %Y, %-I:%M:%S %p")
            .to_string();
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "{},{},{},{},,{elapsed_s:.0},{:.2},{max_hr},,false,,{},{},,,{elapsed_s:.1},\
             {timer_s:.1},{distance_m:.1}",
            d.strava_id,
            cell(&date),
            cell(&d.strava_name),
            cell(d.strava_type),
            distance_m / 1000.0,
            cell(d.gear),
            cell(file),
        );
    }
    out
}
