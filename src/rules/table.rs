//! The rule table: every rule of knee-risk-rules.md with its id, risk
//! factor, knee conditions, default tiers and evidence. Thresholds here are
//! defaults; the config may override them per rule.

use super::warning::Confidence;

pub use super::rule_id::RuleId;

/// Tier thresholds in the rule's own unit; `None` where the rules document
/// sets no such tier. For rules that fire below a value (low cadence) the
/// thresholds are negative residuals and the comparison is the rule's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub notice: Option<f64>,
    pub warning: Option<f64>,
    pub high: Option<f64>,
}

/// The unit of a rule's measured value and thresholds, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueUnit {
    /// A change as a fraction (0.3 = +30%).
    Fraction,
    Days,
    Metres,
    Kilometres,
    StepsPerMinute,
    /// A plain ratio (ACWR, monotony).
    Ratio,
    /// Percentage points (stance-time balance).
    Points,
    /// Pairs of shoes.
    Pairs,
}

impl ValueUnit {
    /// "+45%", "9 days", "420 m", "812 km", "165.8 spm", "1.80", "1.2 points".
    pub fn format(self, value: f64) -> String {
        match self {
            ValueUnit::Fraction => format!("{:+.0}%", value * 100.0),
            ValueUnit::Days => format!("{value:.0} days"),
            ValueUnit::Metres => format!("{value:.0} m"),
            ValueUnit::Kilometres => format!("{value:.1} km"),
            ValueUnit::StepsPerMinute => format!("{value:.1} spm"),
            ValueUnit::Ratio => format!("{value:.2}"),
            ValueUnit::Points => format!("{value:.1} points"),
            ValueUnit::Pairs if value == 1.0 => "1 pair".into(),
            ValueUnit::Pairs => format!("{value:.0} pairs"),
        }
    }
}

/// The risk-factor family a rule belongs to: findings about the same run
/// or week in related families are shown as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Load,
    Downhill,
    Intensity,
    Form,
    Recovery,
    Shoes,
    Asymmetry,
    /// Information only (ACWR): never a finding.
    Information,
}

impl Family {
    /// Load, downhill and intensity describe what a run or week of
    /// training did: one event, told once, whichever rules saw it.
    pub fn is_training_event(self) -> bool {
        matches!(self, Family::Load | Family::Downhill | Family::Intensity)
    }
}

/// What a condition rule counts an episode in; `None` for rules that
/// report events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpisodeUnit {
    Runs,
    Weeks,
}

/// A rule's fixed description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub id: RuleId,
    pub name: &'static str,
    pub risk_factor: &'static str,
    pub conditions: &'static [&'static str],
    pub confidence: Confidence,
    /// The study (or the lack of one) behind the rule, for the wording
    /// "associated with higher injury rates in `<evidence>`".
    pub evidence: &'static str,
    pub defaults: Thresholds,
    /// False for information-only rules (ACWR) that never warn.
    pub warns: bool,
    pub unit: ValueUnit,
    pub family: Family,
    /// A short name of what it finds ("descent spike").
    pub label: &'static str,
    /// Set for conditions that hold run after run: shown as episodes.
    pub episode: Option<EpisodeUnit>,
}

/// Thresholds for a rule's description.
pub const fn tiers(notice: Option<f64>, warning: Option<f64>, high: Option<f64>) -> Thresholds {
    Thresholds {
        notice,
        warning,
        high,
    }
}

/// The three knee conditions most rules name.
pub const ALL: &[&str] = &["PFP", "ITBS", "PT"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spike_tiers_follow_frandsen() {
        // >10% / >30% / >100% over the 30-day longest run.
        let spike = RuleId::SessionDistanceSpike.rule();
        assert_eq!(spike.defaults, tiers(Some(0.10), Some(0.30), Some(1.00)));
        assert!(!RuleId::Acwr.rule().warns);
    }
}
