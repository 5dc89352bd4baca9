//! `recovery_streak`: many consecutive days with running (expert opinion).
//! One part per streak, on its last day, at the tier its length reached.

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::{tier_at_least, Finding};
use super::warning::{Confidence, Scope};
use crate::log::weeks::week_start_of;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::RecoveryStreak,
    name: "recovery_streak",
    risk_factor: "too little recovery",
    conditions: &["nonspecific"],
    confidence: Confidence::Expert,
    evidence: "expert opinion",
    defaults: tiers(Some(7.0), Some(14.0), Some(21.0)),
    warns: true,
    unit: ValueUnit::Days,
    family: Family::Recovery,
    label: "running streak",
    episode: None,
};

pub struct RecoveryStreak;

impl Judge for RecoveryStreak {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let recovery = &input.analysis.recovery;
        for streak in &recovery.streaks {
            let days = f64::from(streak.days);
            let Some((tier, threshold)) = tier_at_least(days, &input.limits) else {
                continue;
            };
            let part = out.fire(Finding {
                tier,
                date: streak.last_day,
                week_start: week_start_of(streak.last_day, recovery.week_start),
                activity_id: None,
                value: days,
                threshold,
                what: format!(
                    "You ran {} days in a row, from {} to {}.",
                    streak.days, streak.first_day, streak.last_day
                ),
                suggestion:
                    "Take at least one full rest day a week; easy days still load the knee.".into(),
            });
            part.scope = Scope::Span {
                first_day: streak.first_day,
            };
        }
    }
}
