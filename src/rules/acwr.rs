//! `acwr`: the acute:chronic workload ratio (Gabbett 2016; contested by
//! Impellizzeri 2020). Information only: each week carries it (see
//! `analyze::load`), and it never becomes a finding.

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, ValueUnit, tiers};
use super::warning::Confidence;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::Acwr,
    name: "acwr",
    risk_factor: "load: acute:chronic ratio",
    conditions: &[],
    confidence: Confidence::Contested,
    evidence: "Gabbett 2016, contested by Impellizzeri 2020",
    defaults: tiers(None, None, None),
    warns: false,
    unit: ValueUnit::Ratio,
    family: Family::Information,
    label: "acute:chronic ratio",
    episode: None,
};

pub struct Acwr;

impl Judge for Acwr {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    /// Finds nothing: the rules document makes the ratio information only.
    fn judge(&self, _input: &Input, _out: &mut Verdicts) {}
}
