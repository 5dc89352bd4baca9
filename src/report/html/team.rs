//! The team overview of a coach's report: one row per athlete, riskiest
//! first, each linking to the athlete's own page.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};

use super::{document, escape, notice_box, signed_pct, tier_badge};
use crate::report::json::{AthleteReport, ShoeRecord, WeekRecord};
use crate::report::summary::one_line;
use crate::report::tier_colours;
use crate::rules::{Tier, Warning};

/// Findings dated within this many days of the team's latest run are
/// current (the same window for everyone, so an athlete who stopped months
/// ago does not rank by old findings).
pub const CURRENT_DAYS: i64 = 28;
/// Weeks in each row's trend.
const TREND_WEEKS: usize = 8;
/// A pair is due when it reaches its retirement km within this many days.
const SHOE_DUE_DAYS: i64 = 30;

/// One athlete on the overview: the little of the athlete's report the
/// page reads, kept once that report is written and dropped, so that a
/// team's overview costs a few kilobytes per athlete.
#[derive(Debug, Clone)]
pub struct TeamRow {
    pub name: String,
    /// The athlete's page, relative to the overview.
    pub page: String,
    /// Why the athlete could not be analyzed: the row says so and links
    /// nowhere.
    pub failed: Option<String>,
    last_run: Option<NaiveDate>,
    /// The last [`TREND_WEEKS`] weeks.
    weeks: Vec<WeekRecord>,
    shoes: Vec<ShoeRecord>,
    /// The findings that can be current on the overview or colour its
    /// trend: those of the [`CURRENT_DAYS`] up to the athlete's last run
    /// (the team's latest run is never earlier), or with a part in the
    /// trend's weeks.
    warnings: Vec<Warning>,
}

impl TeamRow {
    /// The row of an analyzed athlete whose page is `page`.
    pub fn of(report: &AthleteReport, page: String) -> TeamRow {
        let last_run = report
            .activities
            .last()
            .and_then(|a| a.record.local_date.parse().ok());
        let weeks: Vec<WeekRecord> = report
            .weeks
            .iter()
            .rev()
            .take(TREND_WEEKS)
            .rev()
            .cloned()
            .collect();
        let from_current = last_run.map(|d| d - Duration::days(CURRENT_DAYS - 1));
        let trend_weeks: Vec<&str> = weeks.iter().map(|w| w.week_start.as_str()).collect();
        let warnings = report
            .warnings
            .iter()
            .filter(|w| {
                Some(w.last_day()) >= from_current
                    || w.parts
                        .iter()
                        .any(|p| trend_weeks.contains(&p.week_start.to_string().as_str()))
            })
            .cloned()
            .collect();
        TeamRow {
            name: report.name.clone(),
            page,
            failed: None,
            last_run,
            weeks,
            shoes: report.shoes.clone(),
            warnings,
        }
    }

    /// The row of an athlete who could not be analyzed, and `why`.
    pub fn failed(name: String, why: String) -> TeamRow {
        TeamRow {
            name,
            page: String::new(),
            failed: Some(why),
            last_run: None,
            weeks: Vec::new(),
            shoes: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// The athlete's findings of the [`CURRENT_DAYS`] up to `as_of`.
fn current_warnings(row: &TeamRow, as_of: Option<NaiveDate>) -> Vec<&Warning> {
    let Some(last) = as_of else {
        return Vec::new();
    };
    let from = last - Duration::days(CURRENT_DAYS - 1);
    row.warnings
        .iter()
        .filter(|w| w.last_day() >= from && w.last_day() <= last)
        .collect()
}

/// Sort key, riskiest first: highest current tier, then how many findings
/// of that tier, then all current findings, then the name.
fn risk_key(row: &TeamRow, as_of: Option<NaiveDate>) -> (Option<Tier>, usize, usize) {
    let current = current_warnings(row, as_of);
    let top = current.iter().map(|w| w.tier).max();
    let at_top = current.iter().filter(|w| Some(w.tier) == top).count();
    (top, at_top, current.len())
}

/// Shoes past their retirement km, or reaching it within 30 days at the
/// recent rate.
fn shoes_due(row: &TeamRow) -> Vec<String> {
    let soon = row.last_run.map(|d| d + Duration::days(SHOE_DUE_DAYS));
    row.shoes
        .iter()
        .filter_map(|shoe| {
            if shoe.distance_km >= shoe.retire_km {
                return Some(format!("{} ({:.0} km)", shoe.name, shoe.distance_km));
            }
            let projected: NaiveDate = shoe.projected_retirement.as_deref()?.parse().ok()?;
            (Some(projected) <= soon).then(|| format!("{} (around {projected})", shoe.name))
        })
        .collect()
}

/// The last 8 weeks' km as an inline SVG bar chart, bars coloured by the
/// week's highest finding.
fn trend_svg(row: &TeamRow) -> String {
    let weeks = &row.weeks;
    let top = weeks
        .iter()
        .map(|w| w.distance_km)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let (width, height, bar) = (8 * 14, 36.0, 11.0);
    let mut svg = format!(
        "<svg class=\"trend\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-label=\"km in the last {} weeks\">",
        weeks.len()
    );
    for (i, week) in weeks.iter().enumerate() {
        let h = (week.distance_km / top * (height - 2.0)).max(1.0);
        let tier = row
            .warnings
            .iter()
            .flat_map(|w| w.parts.iter().map(move |p| (p, w.tier)))
            .filter(|(p, _)| p.week_start.to_string() == week.week_start)
            .map(|(p, shown)| p.tier.min(shown))
            .max();
        let colour = tier_colours::of(tier).hex();
        let _ = write!(
            svg,
            "<rect x=\"{}\" y=\"{:.1}\" width=\"{bar}\" height=\"{h:.1}\" fill=\"{colour}\">\
             <title>week of {}: {:.1} km</title></rect>",
            i * 14,
            height - h,
            week.week_start,
            week.distance_km
        );
    }
    svg.push_str("</svg>");
    svg
}

/// What matters today across the team, first on the page: at most five
/// findings of the 28 days up to the team's latest run, highest tier
/// first, one line each with the athlete's name.
fn now_section(rows: &[&TeamRow], as_of: Option<NaiveDate>) -> String {
    let mut now: Vec<(&TeamRow, &Warning)> = rows
        .iter()
        .flat_map(|row| {
            current_warnings(row, as_of)
                .into_iter()
                .map(move |w| (*row, w))
        })
        .collect();
    now.sort_by(|a, b| {
        b.1.tier
            .cmp(&a.1.tier)
            .then(b.1.last_day().cmp(&a.1.last_day()))
            .then(a.0.name.cmp(&b.0.name))
    });
    let mut out = format!(
        "<section id=\"now\" class=\"now\"><h2>Now: the {CURRENT_DAYS} days to {}</h2>",
        as_of.map_or("-".into(), |d| d.to_string())
    );
    if now.is_empty() {
        out.push_str("<p>Nothing to report in these days.</p></section>");
        return out;
    }
    out.push_str("<ol class=\"now\">");
    for (row, warning) in now.into_iter().take(crate::rules::findings::now::NOW_MAX) {
        let _ = write!(
            out,
            "<li class=\"w-{}\">{} <a href=\"{}\">{}</a>: {}</li>",
            warning.tier.name(),
            tier_badge(warning.tier),
            escape(&row.page),
            escape(&row.name),
            escape(&one_line(warning))
        );
    }
    out.push_str("</ol></section>");
    out
}

/// The overview page: analyzed athletes riskiest first, then those who
/// could not be analyzed, each with the reason.
pub fn team_page(rows: &[TeamRow]) -> String {
    let (mut sorted, failed): (Vec<&TeamRow>, Vec<&TeamRow>) =
        rows.iter().partition(|r| r.failed.is_none());
    let as_of = sorted.iter().filter_map(|r| r.last_run).max();
    sorted.sort_by(|a, b| {
        risk_key(b, as_of)
            .cmp(&risk_key(a, as_of))
            .then(a.name.cmp(&b.name))
    });
    let mut body = format!(
        "<h1>Team overview</h1><p class=\"meta\">{} athletes, riskiest first: by the highest \
         finding of the {CURRENT_DAYS} days up to the team's latest run ({}), then by how many.",
        rows.len(),
        as_of.map_or("-".into(), |d| d.to_string())
    );
    if !failed.is_empty() {
        let _ = write!(
            body,
            " <strong>{} could not be analyzed</strong>; the last rows say why.",
            failed.len()
        );
    }
    body.push_str("</p>");
    body.push_str(&now_section(&sorted, as_of));
    body.push_str(&notice_box());
    body.push_str(
        "<div class=\"scroll\"><table><thead><tr><th class=\"t\">athlete</th><th class=\"t\">last run</th>\
         <th>last week km</th><th>change</th><th class=\"t\">last 8 weeks</th>\
         <th class=\"t\">highest current finding</th><th class=\"t\">shoes due</th></tr></thead><tbody>",
    );
    for row in sorted {
        let current = current_warnings(row, as_of);
        let top = current
            .iter()
            .max_by(|a, b| a.tier.cmp(&b.tier).then(a.last_day().cmp(&b.last_day())))
            .map(|w| {
                format!(
                    "{} {} <code>{}</code> ({} current)",
                    tier_badge(w.tier),
                    escape(&w.headline),
                    escape(w.rule),
                    current.len()
                )
            })
            .unwrap_or_else(|| "none".into());
        let week = row.weeks.last();
        let shoes = shoes_due(row);
        let _ = write!(
            body,
            "<tr><td class=\"t\"><a href=\"{}\">{}</a></td><td class=\"t\">{}</td><td>{}</td><td>{}</td>\
             <td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>",
            escape(&row.page),
            escape(&row.name),
            row.last_run.map_or("-".into(), |d| d.to_string()),
            week.map_or("-".into(), |w| format!("{:.1}", w.distance_km)),
            signed_pct(week.and_then(|w| w.change_vs_prev_pct)),
            trend_svg(row),
            top,
            if shoes.is_empty() {
                "-".into()
            } else {
                escape(&shoes.join(", "))
            },
        );
    }
    for row in failed {
        let _ = write!(
            body,
            "<tr class=\"failed\"><td class=\"t\">{}</td><td class=\"t\" colspan=\"6\">not analyzed: {}</td></tr>",
            escape(&row.name),
            escape(row.failed.as_deref().unwrap_or_default())
        );
    }
    body.push_str("</tbody></table></div>");
    let _ = write!(
        body,
        "<footer>{}<p>Generated by patella {}. report.json lists every athlete.</p></footer>",
        notice_box(),
        env!("CARGO_PKG_VERSION")
    );
    document("Team overview: patella report", &body)
}
