//! Findings a runner reads (knee-risk-rules.md): the rules decide what is
//! true, this module what is shown, once for every view. Each rule's parts
//! go through the floors, conditions become episodes, parts of one event
//! are grouped, each finding is shown at the tier its evidence allows, and
//! what matters now comes first.

pub mod ceiling;
pub mod episodes;
pub mod floors;
pub mod grouping;
pub mod now;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use now::order;

use super::judge::Judged;
use super::table::Rule;
use super::tier::evidence_sentence;
use super::warning::{Episode, Part, Scope, Warning};

/// What one rule found, as the runner collected it.
pub struct RuleVerdicts {
    pub rule: &'static Rule,
    pub parts: Vec<Part>,
    pub judged: Vec<Judged>,
}

/// The findings of every rule's verdicts, in no particular order (see
/// [`order`]). `latest_run` is the day of the log's latest run.
pub fn shape(verdicts: Vec<RuleVerdicts>, latest_run: Option<NaiveDate>) -> Vec<Warning> {
    let mut findings = Vec::new();
    let mut single = Vec::new();
    for verdict in verdicts {
        let parts = floors::apply(verdict.parts);
        match verdict.rule.episode {
            Some(unit) => {
                let split = episodes::split(unit, parts, &verdict.judged, latest_run);
                findings.extend(
                    split.episodes.into_iter().filter_map(|episode| {
                        episode_finding(verdict.rule, unit_name(unit), episode)
                    }),
                );
                single.extend(split.single);
            }
            None => single.extend(parts.into_iter().flatten()),
        }
    }
    findings.extend(
        grouping::group(single)
            .into_iter()
            .filter_map(event_finding),
    );
    findings
}

fn unit_name(unit: super::table::EpisodeUnit) -> &'static str {
    match unit {
        super::table::EpisodeUnit::Runs => "runs",
        super::table::EpisodeUnit::Weeks => "weeks",
    }
}

/// The part a group is told by: a streak in its group, else the highest
/// tier, the stronger evidence, a run before a week, the earliest.
fn lead(parts: &[Part]) -> Option<&Part> {
    if let Some(streak) = parts.iter().find(|p| matches!(p.scope, Scope::Span { .. })) {
        return Some(streak);
    }
    parts.iter().min_by(|a, b| {
        b.tier
            .cmp(&a.tier)
            .then(
                b.confidence
                    .can_reach_high()
                    .cmp(&a.confidence.can_reach_high()),
            )
            .then((a.scope != Scope::Run).cmp(&(b.scope != Scope::Run)))
            .then(a.date.cmp(&b.date))
    })
}

/// "descent spike, steep downhill and weekly descent spike": the leading
/// part's first, then the others' in part order.
fn labels(lead: &Part, parts: &[Part]) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for part in std::iter::once(lead).chain(parts) {
        if !labels.contains(&part.label.as_str()) {
            labels.push(&part.label);
        }
    }
    match labels.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One event: a group of parts about the same run, week or streak.
fn event_finding(parts: Vec<Part>) -> Option<Warning> {
    let lead = lead(&parts)?.clone();
    let (tier, ceiling) = ceiling::shown_tier(&parts);
    let one_day = parts.iter().all(|p| p.date == lead.date);
    let when = match lead.scope {
        Scope::Week => format!("Week of {}", lead.week_start),
        Scope::Run if !one_day => format!("Week of {}", lead.week_start),
        Scope::Span { first_day } => format!("{first_day} to {}", lead.date),
        Scope::Run | Scope::State => lead.date.to_string(),
    };
    let headline = format!("{when}: {}", labels(&lead, &parts));
    Some(Warning {
        rule: lead.rule,
        risk_factor: lead.risk_factor,
        tier,
        conditions: lead.conditions,
        confidence: lead.confidence,
        evidence: lead.evidence,
        date: lead.date,
        week_start: lead.week_start,
        activity_id: lead.activity_id.clone(),
        value: lead.value,
        threshold: lead.threshold,
        message: lead.message.clone(),
        suggestion: lead.suggestion.clone(),
        headline,
        ceiling,
        episode: None,
        parts,
        now: false,
    })
}

/// The median of `values` (sorted in place); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// One episode of a condition rule; `None` for one without measured parts
/// (an episode opens on held parts, each with its value).
fn episode_finding(rule: &'static Rule, unit: &'static str, run: episodes::Run) -> Option<Warning> {
    let parts = run.parts;
    let (first, last) = (parts.first()?.clone(), parts.last()?.clone());
    let mut values: Vec<f64> = parts.iter().filter_map(|p| p.value).collect();
    let value = median(&mut values);
    let range = [*values.first()?, *values.last()?];
    let (tier, ceiling) = ceiling::shown_tier(&parts);
    let last_date = run.closed.then_some(last.date);
    let until = last_date.map_or_else(|| "now (ongoing)".to_string(), |d| d.to_string());
    let format = |v: f64| rule.unit.format(v);
    let measured = if range[0] == range[1] {
        value.map_or("-".into(), format)
    } else {
        format!(
            "median {}, from {} to {}",
            value.map_or("-".into(), format),
            format(range[0]),
            format(range[1])
        )
    };
    let summary = format!(
        "{} on {} of the {} {unit} judged from {} to {until}: {measured}, against {}.",
        capitalized(rule.label),
        parts.len(),
        run.judged,
        first.date,
        last.threshold.map_or("-".into(), format),
    );
    let headline = format!(
        "{} to {}: {} ({} {unit})",
        first.date,
        last_date.map_or_else(|| "ongoing".to_string(), |d| d.to_string()),
        rule.label,
        parts.len()
    );
    Some(Warning {
        rule: rule.name,
        risk_factor: rule.risk_factor,
        tier,
        conditions: rule.conditions,
        confidence: rule.confidence,
        evidence: rule.evidence,
        date: last.date,
        week_start: last.week_start,
        activity_id: None,
        value,
        threshold: last.threshold,
        message: format!(
            "{summary} {} Most recently: {}",
            evidence_sentence(rule),
            last.message
                .trim_end_matches(&evidence_sentence(rule))
                .trim_end()
        ),
        suggestion: last.suggestion.clone(),
        headline,
        ceiling,
        episode: Some(Episode {
            first_date: first.date,
            last_date,
            count: parts.len() as u32,
            judged: run.judged,
            count_unit: unit,
            value_range: range,
        }),
        parts,
        now: false,
    })
}
