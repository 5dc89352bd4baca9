//! The rule runner: every rule of [`JUDGES`] judged the same way, then
//! what they found shaped, once, into the findings a runner reads.

use chrono::NaiveDate;

use super::findings::{self, RuleVerdicts};
use super::judge::{Input, Verdicts};
use super::tier::{history_by_run, thresholds, InsufficientHistory};
use super::warning::{Tier, Warning};
use super::JUDGES;
use crate::analyze::Analysis;
use crate::config::Config;

/// What the rules found.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// The findings as shown: "now" first (highest tier first), then the
    /// rest newest first.
    pub warnings: Vec<Warning>,
    /// Every part of every finding, at the tier its finding is shown at
    /// when that is lower: what the charts colour.
    pub marks: Vec<Mark>,
    pub insufficient_history: Vec<InsufficientHistory>,
}

/// Where one part of a finding points and at which tier: what a chart
/// colours. A part's words stay with its finding; a long log has ten
/// thousand parts, and the charts read none of their words.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub rule: &'static str,
    pub tier: Tier,
    pub date: NaiveDate,
    pub week_start: NaiveDate,
    pub activity_id: Option<String>,
    /// The measured value, in the unit the rule states.
    pub value: Option<f64>,
}

/// Every part of every finding, at most at its finding's tier: what the
/// charts colour.
pub fn marks(findings: &[Warning]) -> Vec<Mark> {
    findings
        .iter()
        .flat_map(|finding| {
            finding.parts.iter().map(|part| Mark {
                rule: part.rule,
                tier: part.tier.min(finding.tier),
                date: part.date,
                week_start: part.week_start,
                activity_id: part.activity_id.clone(),
                value: part.value,
            })
        })
        .collect()
}

/// Judges the analysis. Findings whose last day is before `since` are
/// dropped: earlier runs still serve as history.
pub fn evaluate(analysis: &Analysis, config: &Config, since: Option<NaiveDate>) -> Evaluation {
    let history = history_by_run(analysis);
    let mut insufficient = Vec::new();
    let mut verdicts = Vec::new();
    for judge in JUDGES {
        let rule = judge.rule();
        if !config.rule_enabled(rule.name) {
            continue;
        }
        let input = Input::new(analysis, thresholds(rule, config), &history);
        let mut out = Verdicts::new(rule);
        judge.judge(&input, &mut out);
        insufficient.append(&mut out.insufficient);
        verdicts.push(RuleVerdicts {
            rule,
            parts: out.parts,
            judged: out.judged,
        });
    }
    let latest_run = analysis.load.runs.iter().map(|r| r.local_date).max();
    let mut warnings = findings::shape(verdicts, latest_run);
    if let Some(since) = since {
        warnings.retain(|w| w.last_day() >= since);
        insufficient.retain(|i| i.date >= since);
    }
    findings::order(&mut warnings, latest_run);
    Evaluation {
        marks: marks(&warnings),
        warnings,
        insufficient_history: insufficient,
    }
}
