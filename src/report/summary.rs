//! The `patella analyze` terminal summary: period, the findings of now,
//! the last 8 weeks, the shoes, the findings (now first, then the newest
//! of history), and the not-medical-advice line. Every number is one of
//! report.json's, printed as rounded there.

use std::io::{self, Write};

use super::json::{AthleteReport, ShoeRecord, WeekRecord, NOT_MEDICAL_ADVICE};
use crate::rules::{Episode, Part, Tier, Warning};

/// Weeks shown in the table; the JSON has them all.
const WEEKS_SHOWN: usize = 8;
/// Findings of history shown in full after those of now; ten years of
/// runs hold hundreds, which the page, report.json and warnings.csv list.
const HISTORY_SHOWN: usize = 10;

fn cell(value: Option<f64>, decimals: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.decimals$}"))
}

fn signed(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:+.0}%"))
}

/// A value against its threshold in a rule's unit ("+44% against +30%");
/// `None` when either is unknown.
pub fn measured_against(rule: &str, value: Option<f64>, threshold: Option<f64>) -> Option<String> {
    let unit = crate::rules::RuleId::from_name(rule)
        .map_or(crate::rules::ValueUnit::Ratio, |id| id.rule().unit);
    let (value, threshold) = (value?, threshold?);
    Some(format!(
        "{} against {}",
        unit.format(value),
        unit.format(threshold)
    ))
}

/// A finding's value against its threshold: its leading part's, or an
/// episode's median and range ("median 161.2 spm, 158.0 spm to 164.1 spm,
/// against 166.0 spm").
pub fn value_against_threshold(warning: &Warning) -> Option<String> {
    let Some(episode) = &warning.episode else {
        return measured_against(warning.rule, warning.value, warning.threshold);
    };
    let unit = crate::rules::RuleId::from_name(warning.rule)
        .map_or(crate::rules::ValueUnit::Ratio, |id| id.rule().unit);
    let [low, high] = episode.value_range;
    if low == high {
        return measured_against(warning.rule, warning.value, warning.threshold);
    }
    Some(format!(
        "median {} ({} to {}) against {}",
        unit.format(warning.value?),
        unit.format(low),
        unit.format(high),
        unit.format(warning.threshold?)
    ))
}

/// One part's value against its threshold, with the tier its rule gave.
pub fn part_line(part: &Part) -> String {
    measured_against(part.rule, part.value, part.threshold)
        .map(|text| format!("{text} ({})", part.tier.name()))
        .unwrap_or_default()
}

/// "2026-03-01 to ongoing, 53 of 60 runs" for an episode.
pub fn episode_span(episode: &Episode) -> String {
    format!(
        "{} to {}, {} of {} {}",
        episode.first_date,
        episode
            .last_date
            .map_or_else(|| "ongoing".to_string(), |d| d.to_string()),
        episode.count,
        episode.judged,
        episode.count_unit
    )
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

/// [`write_analysis`] into memory, for a summary printed later (after the
/// athletes before it, or with the progress bar out of the way).
pub fn analysis_text(athlete: &AthleteReport, colour: bool) -> Vec<u8> {
    let mut text = Vec::new();
    // Into memory: cannot fail.
    let _ = write_analysis(&mut text, athlete, colour);
    text
}

pub fn write_analysis(
    out: &mut impl Write,
    athlete: &AthleteReport,
    colour: bool,
) -> io::Result<()> {
    let total_km = athlete
        .activities
        .iter()
        .filter_map(|a| a.record.distance_m)
        .fold(0.0, |sum, m| sum + m)
        / 1000.0;
    match athlete.span() {
        Some(span) => writeln!(
            out,
            "{}: {span}, {total_km:.1} km (local times: {})",
            athlete.name, athlete.timezone
        )?,
        None => {
            writeln!(out, "{}: nothing to analyze (no runs found)", athlete.name)?;
            return writeln!(out, "\n{NOT_MEDICAL_ADVICE}");
        }
    }
    let records = athlete.activities.iter().map(|a| &a.record);
    if let Some(line) = super::records::offset_notes_line(records) {
        writeln!(out, "{line}")?;
    }
    write_now(out, athlete, colour)?;
    write_weeks(out, &athlete.weeks)?;
    write_shoes(out, &athlete.shoes, athlete)?;
    write_findings(out, athlete.warnings, colour)?;
    if !athlete.insufficient_history.is_empty() {
        writeln!(
            out,
            "\n{} run(s) fall in the first 30 days of history and were not judged for spikes.",
            athlete
                .insufficient_history
                .iter()
                .filter_map(|i| i.activity_id.as_deref())
                .collect::<std::collections::HashSet<_>>()
                .len()
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

/// One finding in one line: tier, date, headline, measured value.
pub fn one_line(warning: &Warning) -> String {
    let value = value_against_threshold(warning)
        .map(|v| format!(": {v}"))
        .unwrap_or_default();
    format!("{}{value}", warning.headline)
}

/// What matters today: the findings of the 28 days up to the latest run,
/// one line each.
fn write_now(out: &mut impl Write, athlete: &AthleteReport, colour: bool) -> io::Result<()> {
    let now: Vec<&Warning> = athlete.warnings.iter().filter(|w| w.now).collect();
    let latest = athlete
        .activities
        .last()
        .map(|a| a.record.local_date.as_str())
        .unwrap_or_default();
    if now.is_empty() {
        return writeln!(out, "\nNow (28 days to {latest}): nothing to report.");
    }
    writeln!(out, "\nNow (28 days to {latest})")?;
    for warning in now {
        writeln!(
            out,
            "  {:<7}  {}",
            tier_label(warning.tier, colour),
            one_line(warning)
        )?;
    }
    Ok(())
}

/// Every finding, newest first after those of now: its headline, its
/// parts when it has several, what was measured and what to do.
fn write_findings(out: &mut impl Write, warnings: &[Warning], colour: bool) -> io::Result<()> {
    if warnings.is_empty() {
        return writeln!(out, "\nNo findings.");
    }
    let count = |tier: Tier| warnings.iter().filter(|w| w.tier == tier).count();
    writeln!(
        out,
        "\nFindings ({}: {} high, {} warning, {} notice; now first, then newest first)",
        warnings.len(),
        count(Tier::High),
        count(Tier::Warning),
        count(Tier::Notice)
    )?;
    let now = warnings.iter().filter(|w| w.now).count();
    let shown = now + HISTORY_SHOWN.min(warnings.len() - now);
    for warning in &warnings[..shown] {
        let rules = warning.part_rules().join(", ");
        writeln!(
            out,
            "{}  {}  [{rules}]",
            tier_label(warning.tier, colour),
            warning.headline
        )?;
        if let Some(episode) = &warning.episode {
            writeln!(out, "    {}", episode_span(episode))?;
        } else if warning.parts.len() > 1 {
            for part in &warning.parts {
                writeln!(
                    out,
                    "    - {}  {}  {}",
                    part.date,
                    part.rule,
                    part_line(part)
                )?;
            }
        }
        if let Some(ceiling) = &warning.ceiling {
            writeln!(out, "    ({ceiling})")?;
        }
        // An episode's message opens with its median and range already.
        let value = value_against_threshold(warning)
            .filter(|_| warning.episode.is_none())
            .map(|v| format!("{v}. "))
            .unwrap_or_default();
        writeln!(out, "    {value}{}", warning.message)?;
        writeln!(out, "    What to do: {}", warning.suggestion)?;
    }
    if shown < warnings.len() {
        writeln!(
            out,
            "... and {} older finding(s), from {} back: index.html, report.json and warnings.csv list them all.",
            warnings.len() - shown,
            warnings[shown].last_day()
        )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Confidence, Part, Scope};

    /// A one-part finding of a session spike on `date`.
    fn finding(date: &str, now: bool) -> Warning {
        let date: chrono::NaiveDate = date.parse().expect("date");
        let part = Part {
            rule: "session_distance_spike",
            risk_factor: "load: single-run spike",
            tier: Tier::Notice,
            confidence: Confidence::Moderate,
            date,
            week_start: date,
            activity_id: None,
            value: Some(0.2),
            threshold: Some(0.1),
            message: format!("Run of {date}."),
            suggestion: "Easy.".into(),
            label: "run longer than usual".into(),
            scope: Scope::Run,
            conditions: &[],
            evidence: "Frandsen 2025",
            amount: None,
            running_days: None,
            estimated: false,
        };
        Warning {
            rule: part.rule,
            risk_factor: part.risk_factor,
            tier: Tier::Notice,
            conditions: &[],
            confidence: Confidence::Moderate,
            evidence: part.evidence,
            date,
            week_start: date,
            activity_id: None,
            value: part.value,
            threshold: part.threshold,
            message: part.message.clone(),
            suggestion: part.suggestion.clone(),
            headline: format!("{date}: run longer than usual"),
            ceiling: None,
            episode: None,
            parts: vec![part],
            now,
        }
    }

    #[test]
    fn history_beyond_ten_findings_is_counted_not_printed() {
        // 2 of now, then 13 of history, newest first (2026-03-13 back to
        // 2026-03-01): the 10 newest are printed, the 3 oldest counted.
        let mut findings = vec![finding("2026-04-02", true), finding("2026-04-01", true)];
        findings.extend(
            (1..=13)
                .rev()
                .map(|d| finding(&format!("2026-03-{d:02}"), false)),
        );
        let mut out = Vec::new();
        write_findings(&mut out, &findings, false).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.contains("Findings (15: 0 high, 0 warning, 15 notice"));
        assert!(text.contains("Run of 2026-04-02.") && text.contains("Run of 2026-03-04."));
        assert!(!text.contains("Run of 2026-03-03."), "{text}");
        assert!(
            text.contains("... and 3 older finding(s), from 2026-03-03 back"),
            "{text}"
        );
        // Exactly 10 of history shown: no such line with 10 or fewer.
        let mut out = Vec::new();
        write_findings(&mut out, &findings[..12], false).expect("written");
        assert!(!String::from_utf8(out)
            .expect("UTF-8")
            .contains("older finding"));
    }
}
