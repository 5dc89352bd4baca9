//! Turning a measured value into a tier, with the config's overrides, and
//! the common parts of every rule's [`Part`].

use chrono::NaiveDate;

use super::table::{Rule, Thresholds};
use super::warning::{Part, Scope, Tier};
use crate::config::Config;

/// Days of running history a rule needs before the date it judges.
pub const MIN_HISTORY_DAYS: u32 = 30;

/// Days of running history before each run, by activity id: the rules
/// that judge runs of other analyzers look their history up here.
pub fn history_by_run(analysis: &crate::analyze::Analysis) -> std::collections::HashMap<&str, u32> {
    analysis
        .load
        .runs
        .iter()
        .map(|r| (r.activity_id.as_str(), r.history_days))
        .collect()
}

/// The rule's thresholds with the config's overrides applied.
pub fn thresholds(rule: &Rule, config: &Config) -> Thresholds {
    let mut merged = rule.defaults;
    if let Some(over) = config.rule(rule.name) {
        merged.notice = over.notice.or(merged.notice);
        merged.warning = over.warning.or(merged.warning);
        merged.high = over.high.or(merged.high);
    }
    merged
}

/// The highest tier whose threshold `passes`, with that threshold; tiers
/// without a threshold never pass.
fn highest_tier(thresholds: &Thresholds, passes: impl Fn(f64) -> bool) -> Option<(Tier, f64)> {
    [
        (Tier::High, thresholds.high),
        (Tier::Warning, thresholds.warning),
        (Tier::Notice, thresholds.notice),
    ]
    .into_iter()
    .find_map(|(tier, limit)| {
        limit
            .filter(|limit| passes(*limit))
            .map(|limit| (tier, limit))
    })
}

/// 11 km over 10 km is 0.1000000000000001 in floating point: a value equal
/// to its threshold within this rounding margin is equal, not beyond it.
fn rounding_margin(limit: f64) -> f64 {
    1e-9 * limit.abs().max(1.0)
}

/// The highest tier whose threshold `value` exceeds (strictly), with that
/// threshold: the rules document says "> 10%", not ">= 10%".
pub fn tier_above(value: f64, thresholds: &Thresholds) -> Option<(Tier, f64)> {
    highest_tier(thresholds, |limit| value > limit + rounding_margin(limit))
}

/// The highest tier whose threshold `value` reaches (streaks: ">= 7 days").
pub fn tier_at_least(value: f64, thresholds: &Thresholds) -> Option<(Tier, f64)> {
    highest_tier(thresholds, |limit| value >= limit)
}

/// The highest tier whose (negative) threshold `value` is at or below:
/// "a residual of <= -5% / <= -10%".
pub fn tier_at_most(value: f64, thresholds: &Thresholds) -> Option<(Tier, f64)> {
    highest_tier(thresholds, |limit| value <= limit + rounding_margin(limit))
}

/// What a rule knows when it fires.
pub struct Finding {
    pub tier: Tier,
    pub date: NaiveDate,
    pub week_start: NaiveDate,
    pub activity_id: Option<String>,
    pub value: f64,
    pub threshold: f64,
    /// What was measured, in plain words, without the evidence sentence.
    pub what: String,
    pub suggestion: String,
}

/// A part in the contract's form, about the run it names or else its
/// week. The message always reads "associated with higher injury rates in
/// <study>" and states the confidence.
pub fn part(rule: &'static Rule, finding: Finding) -> Part {
    let message = format!("{} {}", finding.what, evidence_sentence(rule));
    Part {
        rule: rule.name,
        risk_factor: rule.risk_factor,
        tier: finding.tier,
        confidence: rule.confidence,
        date: finding.date,
        week_start: finding.week_start,
        scope: if finding.activity_id.is_some() {
            Scope::Run
        } else {
            Scope::Week
        },
        activity_id: finding.activity_id,
        value: Some(finding.value),
        threshold: Some(finding.threshold),
        message,
        suggestion: finding.suggestion,
        label: rule.label.to_string(),
        conditions: rule.conditions,
        evidence: rule.evidence,
        amount: None,
        running_days: None,
        estimated: false,
    }
}

/// "This is associated with higher injury rates in <study> (confidence:
/// <grade>)."
pub fn evidence_sentence(rule: &Rule) -> String {
    format!(
        "This is associated with higher injury rates in {} (confidence: {}).",
        rule.evidence,
        confidence_word(rule)
    )
}

fn confidence_word(rule: &Rule) -> &'static str {
    use super::warning::Confidence::*;
    match rule.confidence {
        Strong => "strong",
        Moderate => "moderate",
        Weak => "weak",
        Expert => "expert opinion",
        Contested => "contested",
    }
}

/// A rule that could not judge a date for lack of history.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InsufficientHistory {
    pub rule: &'static str,
    pub date: NaiveDate,
    pub activity_id: Option<String>,
    pub history_days: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleId;

    #[test]
    fn tiers_are_strictly_above_their_threshold() {
        let t = RuleId::SessionDistanceSpike.rule().defaults;
        assert_eq!(tier_above(0.10, &t), None);
        assert_eq!(tier_above(0.1001, &t), Some((Tier::Notice, 0.10)));
        assert_eq!(tier_above(0.30, &t), Some((Tier::Notice, 0.10)));
        assert_eq!(tier_above(0.31, &t), Some((Tier::Warning, 0.30)));
        assert_eq!(tier_above(1.01, &t), Some((Tier::High, 1.00)));
    }

    #[test]
    fn config_overrides_single_tiers() {
        let config = Config::parse_str(
            "[rules.session_distance_spike]\nwarning = 0.25\n",
            "patella.toml",
        )
        .expect("valid config");
        let t = thresholds(RuleId::SessionDistanceSpike.rule(), &config);
        assert_eq!(
            (t.notice, t.warning, t.high),
            (Some(0.10), Some(0.25), Some(1.00))
        );
    }
}
