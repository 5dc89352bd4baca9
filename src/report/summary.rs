//! The `patella analyze` terminal summary: period, the last 12 weeks,
//! warnings grouped by tier, and the not-medical-advice line. Every number
//! is one of report.json's, printed as rounded there.

use std::io::{self, Write};

use super::json::{AthleteReport, ShoeRecord, WeekRecord, NOT_MEDICAL_ADVICE};
use crate::rules::{Tier, Warning};

/// Weeks shown in the table; the JSON has them all.
const WEEKS_SHOWN: usize = 12;

fn cell(value: Option<f64>, decimals: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.decimals$}"))
}

fn signed(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:+.0}%"))
}

/// A warning's value against its threshold, in the rule's unit ("+44%
/// against +30%"); `None` when either is unknown.
pub fn value_against_threshold(warning: &Warning) -> Option<String> {
    let unit = crate::rules::RuleId::from_name(warning.rule)
        .map_or(crate::rules::ValueUnit::Ratio, |id| id.rule().unit);
    let (value, threshold) = (warning.value?, warning.threshold?);
    Some(format!(
        "{} against {}",
        unit.format(value),
        unit.format(threshold)
    ))
}

fn value_line(warning: &Warning) -> String {
    value_against_threshold(warning)
        .map(|text| format!("{text} ({})", warning.tier.name()))
        .unwrap_or_default()
}

fn tier_label(tier: Tier, colour: bool) -> String {
    let name = tier.name().to_uppercase();
    if !colour {
        return name;
    }
    let code = match tier {
        Tier::High => "1;31",
        Tier::Warning => "1;33",
        Tier::Notice => "1;36",
    };
    format!("\x1b[{code}m{name}\x1b[0m")
}

pub fn write_analysis(
    out: &mut impl Write,
    athlete: &AthleteReport,
    colour: bool,
) -> io::Result<()> {
    let first = athlete
        .activities
        .first()
        .map(|a| a.record.local_date.as_str());
    let last = athlete
        .activities
        .last()
        .map(|a| a.record.local_date.as_str());
    let total_km = athlete
        .activities
        .iter()
        .filter_map(|a| a.record.distance_m)
        .fold(0.0, |sum, m| sum + m)
        / 1000.0;
    match (first, last) {
        (Some(first), Some(last)) => writeln!(
            out,
            "{}: {} runs from {first} to {last}, {total_km:.1} km (local times: {})",
            athlete.name,
            athlete.activities.len(),
            athlete.timezone
        )?,
        _ => {
            writeln!(out, "{}: nothing to analyze (no runs found)", athlete.name)?;
            return writeln!(out, "\n{NOT_MEDICAL_ADVICE}");
        }
    }
    write_weeks(out, &athlete.weeks)?;
    write_shoes(out, &athlete.shoes, athlete)?;
    write_warnings(out, athlete.warnings, colour)?;
    if !athlete.insufficient_history.is_empty() {
        writeln!(
            out,
            "\n{} run(s) fall in the first 30 days of history and were not judged for spikes.",
            athlete.insufficient_history.len()
        )?;
    }
    if !athlete.load.untimed_runs.is_empty() {
        writeln!(
            out,
            "\n{} run(s) have no time: counted in runs and km, left out of training load and monotony.",
            athlete.load.untimed_runs.len()
        )?;
    }
    if !athlete.skipped.is_empty() {
        writeln!(
            out,
            "\n{} file(s) skipped; `patella import` lists why.",
            athlete.skipped.len()
        )?;
    }
    writeln!(out, "\n{NOT_MEDICAL_ADVICE}")
}

fn write_weeks(out: &mut impl Write, weeks: &[WeekRecord]) -> io::Result<()> {
    let shown = weeks.len().min(WEEKS_SHOWN);
    writeln!(out, "\nLast {shown} weeks")?;
    writeln!(
        out,
        "{:<10}  {:>4}  {:>6}  {:>6}  {:>7}  {:>9}",
        "week of", "runs", "km", "change", "longest", "descent m"
    )?;
    for week in weeks.iter().skip(weeks.len() - shown) {
        writeln!(
            out,
            "{:<10}  {:>4}  {:>6.1}  {:>6}  {:>7}  {:>9}",
            week.week_start,
            week.runs,
            week.distance_km,
            signed(week.change_vs_prev_pct),
            cell(week.longest_run_km, 1),
            cell(week.descent_m, 0)
        )?;
    }
    Ok(())
}

fn write_warnings(out: &mut impl Write, warnings: &[Warning], colour: bool) -> io::Result<()> {
    if warnings.is_empty() {
        return writeln!(out, "\nNo warnings.");
    }
    writeln!(out, "\nWarnings ({})", warnings.len())?;
    for tier in [Tier::High, Tier::Warning, Tier::Notice] {
        let in_tier: Vec<&Warning> = warnings.iter().filter(|w| w.tier == tier).collect();
        if in_tier.is_empty() {
            continue;
        }
        writeln!(out, "{}", tier_label(tier, colour))?;
        for warning in in_tier {
            let related = warning
                .related_to
                .as_ref()
                .map(|r| format!(" (related to {r})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {}  {}{related}",
                warning.date,
                warning.rule,
                value_line(warning)
            )?;
            writeln!(out, "      {}", warning.message)?;
            writeln!(out, "      What to do: {}", warning.suggestion)?;
        }
    }
    Ok(())
}

/// A pair's km against the shoe_mileage rule's notice (500 km) and its own
/// retirement distance (800 km unless configured).
pub fn shoe_status(shoe: &ShoeRecord) -> String {
    let notice = crate::rules::RuleId::ShoeMileage
        .rule()
        .defaults
        .notice
        .unwrap_or(500.0);
    if shoe.distance_km >= shoe.retire_km {
        format!("past {:.0} km: retire", shoe.retire_km)
    } else if shoe.distance_km >= notice && notice < shoe.retire_km {
        format!("past {notice:.0} km")
    } else {
        "ok".into()
    }
}

fn write_shoes(
    out: &mut impl Write,
    shoes: &[ShoeRecord],
    athlete: &AthleteReport,
) -> io::Result<()> {
    let without: Vec<f64> = athlete
        .activities
        .iter()
        .filter(|a| a.record.shoe.is_none())
        .map(|a| a.record.distance_m.unwrap_or(0.0) / 1000.0)
        .collect();
    if shoes.is_empty() && without.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nShoes")?;
    if !shoes.is_empty() {
        writeln!(
            out,
            "{:<20}  {:>6}  {:>4}  {:<10}  {:<20}  retires around",
            "shoe", "km", "runs", "last used", "status"
        )?;
    }
    for shoe in shoes {
        writeln!(
            out,
            "{:<20}  {:>6.1}  {:>4}  {:<10}  {:<20}  {}",
            shoe.name,
            shoe.distance_km,
            shoe.runs,
            shoe.last_used,
            shoe_status(shoe),
            shoe.projected_retirement.as_deref().unwrap_or("-")
        )?;
    }
    if !without.is_empty() {
        writeln!(
            out,
            "{} run(s), {:.1} km, with no shoe known (name it in patella.toml [[shoes]] or [[shoe_overrides]]).",
            without.len(),
            without.iter().sum::<f64>()
        )?;
    }
    Ok(())
}
