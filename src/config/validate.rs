//! From the file's values to the typed config: everything serde cannot
//! check (time zones, ranges, shoe overlaps, references between tables).
//! Problems carry the byte offset of the value at fault; the first one in
//! file order is reported.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use toml::value::Datetime;
use toml::Spanned;

use super::error::{line_col, Problems};
use super::model::{
    normalize_path, Athlete, Config, OverrideTarget, RuleOverride, RunKind, Shoe, ShoeOverride,
    WeekStart, HIGH_IS_ANOTHER_METRIC,
};
use super::raw::{local_date, RawAthlete, RawConfig, RawOverride, RawRule, RawShoe};

/// Heart rates outside this range are typos (bpm).
const PLAUSIBLE_HR: std::ops::RangeInclusive<i64> = 60..=250;

pub(crate) fn validate(raw: RawConfig, text: &str) -> Result<Config, (usize, String)> {
    let mut problems = Problems::default();
    let athlete = raw
        .athlete
        .map(|a| athlete(a, &mut problems))
        .unwrap_or_default();
    let shoes = shoes(&raw.shoes, text, &mut problems);
    let shoe_overrides = overrides(&raw.shoe_overrides, &shoes, text, &mut problems);
    let rules = raw
        .rules
        .into_iter()
        .map(|(id, rule)| {
            let checked = rule_override(id.get_ref(), rule, &mut problems);
            (id.into_inner(), checked)
        })
        .collect();
    match problems.into_first() {
        Some(problem) => Err(problem),
        None => Ok(Config {
            athlete,
            shoes: shoes.into_iter().map(|(shoe, _)| shoe).collect(),
            shoe_overrides,
            rules,
        }),
    }
}

fn athlete(raw: RawAthlete, problems: &mut Problems) -> Athlete {
    let mut athlete = Athlete::default();
    if let Some(name) = raw.name {
        if name.get_ref().trim().is_empty() {
            let message = "athlete.name is empty (leave it out to use the folder's name)";
            problems.add(name.span().start, message.into());
        }
        athlete.name = Some(name.into_inner());
    }
    if let Some(zone) = raw.timezone {
        match zone.get_ref().trim().parse::<chrono_tz::Tz>() {
            Ok(tz) => athlete.timezone = Some(tz),
            Err(_) => {
                let message = format!(
                    "unknown time zone {:?} for athlete.timezone",
                    zone.get_ref()
                );
                problems.add(zone.span().start, message);
            }
        }
    }
    if let Some(start) = raw.week_start {
        match start.get_ref().trim().to_ascii_lowercase().as_str() {
            "monday" => athlete.week_start = WeekStart::Monday,
            "sunday" => athlete.week_start = WeekStart::Sunday,
            _ => problems.add(
                start.span().start,
                format!(
                    "unknown week start {:?} for athlete.week_start (expected one of: monday, sunday)",
                    start.get_ref()
                ),
            ),
        }
    }
    athlete.max_hr = heart_rate("max_hr", raw.max_hr.as_ref(), problems);
    athlete.threshold_hr = heart_rate("threshold_hr", raw.threshold_hr.as_ref(), problems);
    if let (Some(max), Some(threshold), Some(raw_threshold)) =
        (athlete.max_hr, athlete.threshold_hr, &raw.threshold_hr)
    {
        if threshold > max {
            let message =
                format!("athlete.threshold_hr ({threshold}) is above athlete.max_hr ({max})");
            problems.add(raw_threshold.span().start, message);
        }
    }
    athlete
}

fn heart_rate(key: &str, raw: Option<&Spanned<i64>>, problems: &mut Problems) -> Option<u16> {
    let raw = raw?;
    let value = *raw.get_ref();
    match u16::try_from(value) {
        Ok(bpm) if PLAUSIBLE_HR.contains(&value) => Some(bpm),
        _ => {
            let (low, high) = (PLAUSIBLE_HR.start(), PLAUSIBLE_HR.end());
            let message = format!(
                "athlete.{key} = {value} is not a plausible heart rate (expected {low} to {high})"
            );
            problems.add(raw.span().start, message);
            None
        }
    }
}

/// The valid shoes, each with the offset its overlap errors point at.
fn shoes(raw: &[Spanned<RawShoe>], text: &str, problems: &mut Problems) -> Vec<(Shoe, usize)> {
    let mut out: Vec<(Shoe, usize)> = Vec::new();
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for spanned in raw {
        let entry = spanned.get_ref();
        let Some(name) = &entry.name else {
            let message = "missing key \"name\" in [[shoes]]".to_string();
            problems.add(spanned.span().start, message);
            continue;
        };
        let offset = name.span().start;
        let mut shoe = Shoe::named(name.get_ref().trim());
        if shoe.name.is_empty() {
            problems.add(offset, "empty shoe name in [[shoes]]".into());
            continue;
        }
        if let Some(first) = names.get(shoe.name.as_str()) {
            let (line, _) = line_col(text, *first);
            let message = format!(
                "shoe {:?} is defined twice (first on line {line})",
                shoe.name
            );
            problems.add(offset, message);
            continue;
        }
        names.insert(name.get_ref().trim(), offset);
        if let Some(km) = &entry.initial_km {
            shoe.initial_km = *km.get_ref();
            if !(shoe.initial_km.is_finite() && shoe.initial_km >= 0.0) {
                let message = format!("shoes.initial_km = {} must be 0 or more", km.get_ref());
                problems.add(km.span().start, message);
            }
        }
        if let Some(km) = &entry.retire_km {
            shoe.retire_km = Some(*km.get_ref());
            if !(km.get_ref().is_finite() && *km.get_ref() > 0.0) {
                let message = format!("shoes.retire_km = {} must be above 0", km.get_ref());
                problems.add(km.span().start, message);
            }
        }
        shoe.from = date("shoes.from", entry.from.as_ref(), problems);
        shoe.until = date("shoes.until", entry.until.as_ref(), problems);
        if let (Some(from), Some(until), Some(raw_until)) = (shoe.from, shoe.until, &entry.until) {
            if until < from {
                let message = format!(
                    "until {until} is before from {from} in shoe {:?}",
                    shoe.name
                );
                problems.add(raw_until.span().start, message);
                continue;
            }
        }
        if let Some(sports) = &entry.sports {
            match run_kinds(sports, problems) {
                Some(kinds) => shoe.sports = kinds,
                None => continue,
            }
        }
        // Overlap errors point at the dates, where the fix goes.
        let at = [&entry.from, &entry.until]
            .into_iter()
            .flatten()
            .map(|d| d.span().start)
            .next()
            .unwrap_or(offset);
        out.push((shoe, at));
    }
    for (later, (shoe, at)) in out.iter().enumerate() {
        let earlier = out.iter().take(later).map(|(other, _)| other);
        for other in earlier {
            if let Some(shared) = overlap(shoe, other) {
                let message = format!(
                    "shoe {:?} ({}) overlaps shoe {:?} ({}) for {shared}",
                    shoe.name,
                    shoe.range_label(),
                    other.name,
                    other.range_label()
                );
                problems.add(*at, message);
            }
        }
    }
    out
}

/// The sports two dated shoes share on days both are in use, if any.
fn overlap(a: &Shoe, b: &Shoe) -> Option<String> {
    if !(a.has_dates() && b.has_dates()) {
        return None;
    }
    let start = a.from.max(b.from); // None sorts first: an open start
    let end = match (a.until, b.until) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            return None;
        }
    }
    let shared: Vec<&str> = RunKind::ALL
        .into_iter()
        .filter(|kind| a.sports.contains(kind) && b.sports.contains(kind))
        .map(RunKind::name)
        .collect();
    (!shared.is_empty()).then(|| shared.join(", "))
}

fn run_kinds(raw: &Spanned<Vec<Spanned<String>>>, problems: &mut Problems) -> Option<Vec<RunKind>> {
    if raw.get_ref().is_empty() {
        let message = "shoes.sports is empty (leave it out to mean all running)".to_string();
        problems.add(raw.span().start, message);
        return None;
    }
    let mut kinds = Vec::new();
    for sport in raw.get_ref() {
        match RunKind::from_name(sport.get_ref().trim()) {
            Some(kind) if kinds.contains(&kind) => {}
            Some(kind) => kinds.push(kind),
            None => {
                let expected: Vec<&str> = RunKind::ALL.into_iter().map(RunKind::name).collect();
                let message = format!(
                    "unknown sport {:?} in shoes.sports (expected one of: {})",
                    sport.get_ref(),
                    expected.join(", ")
                );
                problems.add(sport.span().start, message);
                return None;
            }
        }
    }
    Some(kinds)
}

fn date(key: &str, raw: Option<&Spanned<Datetime>>, problems: &mut Problems) -> Option<NaiveDate> {
    let raw = raw?;
    let date = local_date(raw.get_ref());
    if date.is_none() {
        // Normally caught earlier, with the file's own spelling.
        let message = format!("bad date \"{}\" for {key}", raw.get_ref());
        problems.add(raw.span().start, message);
    }
    date
}

fn overrides(
    raw: &[Spanned<RawOverride>],
    shoes: &[(Shoe, usize)],
    text: &str,
    problems: &mut Problems,
) -> Vec<ShoeOverride> {
    let mut out = Vec::new();
    // Target -> (shoe, offset) of its first override, to catch conflicts.
    let mut seen: Vec<(OverrideTarget, String, usize)> = Vec::new();
    for spanned in raw {
        let entry = spanned.get_ref();
        let target = match (&entry.file, &entry.date) {
            (None, None) => {
                let message = "[[shoe_overrides]] needs a file or a date".to_string();
                problems.add(spanned.span().start, message);
                continue;
            }
            (Some(_), Some(date)) => {
                let message = "[[shoe_overrides]] has both file and date; give one".to_string();
                problems.add(date.span().start, message);
                continue;
            }
            (Some(file), None) => {
                let path = normalize_path(file.get_ref());
                if path.is_empty() {
                    let message = "empty file in [[shoe_overrides]]".to_string();
                    problems.add(file.span().start, message);
                    continue;
                }
                (OverrideTarget::File(path), file.span().start)
            }
            (None, Some(date)) => match self::date("shoe_overrides.date", Some(date), problems) {
                Some(day) => (OverrideTarget::Date(day), date.span().start),
                None => continue,
            },
        };
        let Some(shoe) = &entry.shoe else {
            let message = "missing key \"shoe\" in [[shoe_overrides]]".to_string();
            problems.add(spanned.span().start, message);
            continue;
        };
        let name = shoe.get_ref().trim();
        if !shoes.iter().any(|(known, _)| known.name == name) {
            let known: Vec<&str> = shoes.iter().map(|(s, _)| s.name.as_str()).collect();
            let configured = if known.is_empty() {
                "no [[shoes]] are configured".to_string()
            } else {
                format!("configured shoes: {}", known.join(", "))
            };
            let message = format!("shoe_overrides names unknown shoe {name:?} ({configured})");
            problems.add(shoe.span().start, message);
            continue;
        }
        let (target, at) = target;
        if let Some((_, first, first_at)) = seen.iter().find(|(t, _, _)| *t == target) {
            if first != name {
                let (line, _) = line_col(text, *first_at);
                let what = match &target {
                    OverrideTarget::File(path) => format!("file {path:?}"),
                    OverrideTarget::Date(day) => format!("date {day}"),
                };
                let message = format!(
                    "{what} is pinned to shoe {first:?} on line {line} and to {name:?} here"
                );
                problems.add(at, message);
            }
            continue;
        }
        seen.push((target.clone(), name.to_string(), at));
        out.push(ShoeOverride {
            target,
            shoe: name.to_string(),
        });
    }
    out
}

fn rule_override(id: &str, raw: RawRule, problems: &mut Problems) -> RuleOverride {
    let tiers = [
        ("notice", &raw.notice),
        ("warning", &raw.warning),
        ("high", &raw.high),
    ];
    for (tier, value) in tiers {
        if let Some(value) = value {
            if !value.get_ref().is_finite() {
                let message = format!(
                    "rules.{id}.{tier} = {} must be a finite number",
                    value.get_ref()
                );
                problems.add(value.span().start, message);
            }
        }
    }
    // Thresholds may be negative (a cadence drop), so order by size.
    let mut pairs = vec![("notice", &raw.notice, "warning", &raw.warning)];
    if !HIGH_IS_ANOTHER_METRIC.contains(&id) {
        pairs.push(("warning", &raw.warning, "high", &raw.high));
        if raw.warning.is_none() {
            pairs.push(("notice", &raw.notice, "high", &raw.high));
        }
    }
    for (low_tier, low, high_tier, high) in pairs {
        if let (Some(low), Some(high)) = (low, high) {
            let (a, b) = (*low.get_ref(), *high.get_ref());
            if b.abs() < a.abs() {
                let relation = if a >= 0.0 && b >= 0.0 {
                    "below"
                } else {
                    "milder than"
                };
                let message = format!(
                    "tiers of [rules.{id}] out of order: {high_tier} {b} is {relation} {low_tier} {a} (expected notice <= warning <= high)"
                );
                problems.add(high.span().start, message);
            }
        }
    }
    RuleOverride {
        notice: raw.notice.map(Spanned::into_inner),
        warning: raw.warning.map(Spanned::into_inner),
        high: raw.high.map(Spanned::into_inner),
        enabled: raw.enabled.map(Spanned::into_inner),
    }
}
