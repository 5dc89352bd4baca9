//! The judges of every rule, in the order of the rules document, and the
//! lookups from a rule's id or name to its description.

use super::judge::Judge;
use super::rule_id::RuleId;
use super::table::Rule;

macro_rules! declare_judges {
    ($($id:ident => $file:ident),+ $(,)?) => {
        /// Every rule, judged the same way by [`super::evaluate`].
        pub(crate) const JUDGES: &[&dyn Judge] = &[$(&super::$file::$id),+];
    };
}

with_rule_list!(declare_judges);

impl RuleId {
    /// The rule's description.
    pub fn rule(self) -> &'static Rule {
        // The table lists every id once, in declaration order (tested).
        JUDGES[self as usize].rule()
    }

    /// The id for a name as the config writes it.
    pub fn from_name(name: &str) -> Option<RuleId> {
        rules().find(|rule| rule.name == name).map(|rule| rule.id)
    }
}

/// Every rule's description, in the order of the rules document.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    JUDGES.iter().map(|judge| judge.rule())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of knee-risk-rules.md, copied from its table.
    const DOCUMENTED: [&str; 14] = [
        "session_distance_spike",
        "weekly_distance_jump",
        "acwr",
        "cadence_low_vs_baseline",
        "cadence_low_absolute",
        "form_fatigue_drift",
        "descent_session_spike",
        "steep_descent_exposure",
        "shoe_mileage",
        "shoe_rotation",
        "recovery_streak",
        "training_monotony",
        "intensity_spike",
        "gct_balance_asymmetry",
    ];

    #[test]
    fn every_documented_rule_is_in_the_table_once() {
        let names: Vec<&str> = rules().map(|r| r.name).collect();
        assert_eq!(names, DOCUMENTED);
        // The config checks `[rules.<id>]` against its own list: same ids.
        assert_eq!(names, crate::config::rule_ids());
        for (i, rule) in rules().enumerate() {
            assert_eq!(rule.id as usize, i, "{}", rule.name);
            assert_eq!(rule.id.rule().name, rule.name);
            assert_eq!(RuleId::from_name(rule.name), Some(rule.id));
        }
        assert_eq!(RuleId::from_name("nonsense"), None);
    }
}
