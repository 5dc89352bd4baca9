//! `training_monotony`: weeks whose daily loads barely vary (Foster 1998:
//! monotony = mean / SD of the 7 daily loads, rest days counting 0).
//! Notice above 1.5, warning above 2.0, high when such a week's strain
//! (weekly load x monotony) is also above the runner's own 90th
//! percentile. A week of identical daily loads has no SD: its monotony is
//! capped rather than infinite, and so is one whose loads differ only
//! a little (an index of 300 says no more than one of 10). The floors then keep only weeks of 4 or
//! more running days and show monotony at most as a warning.

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::{tier_above, Finding, MIN_HISTORY_DAYS};
use super::warning::{Confidence, Tier};
use crate::log::weeks::week_last_day;

/// The monotony given to a week whose daily loads are all equal.
pub const MONOTONY_CAP: f64 = 10.0;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::TrainingMonotony,
    name: "training_monotony",
    risk_factor: "monotony",
    conditions: &["nonspecific"],
    confidence: Confidence::Weak,
    evidence: "Foster 1998 (the outcome was illness)",
    // High is the runner's own 90th percentile of strain, not a number.
    defaults: tiers(Some(1.5), Some(2.0), None),
    warns: true,
    unit: ValueUnit::Ratio,
    family: Family::Recovery,
    label: "monotonous week",
    episode: None,
};

pub struct TrainingMonotony;

impl Judge for TrainingMonotony {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let recovery = &input.analysis.recovery;
        let Some(first_week) = recovery.weeks.first().map(|w| w.week_start) else {
            return;
        };
        for week in recovery.weeks.iter().filter(|w| w.days_observed == 7) {
            let history_days = (week.week_start - first_week).num_days().max(0) as u32;
            // Near-equal days give an index in the hundreds; it says no
            // more than the cap does.
            let monotony = if week.sd_near_zero {
                Some(MONOTONY_CAP)
            } else {
                week.monotony.map(|m| m.min(MONOTONY_CAP))
            };
            let Some(monotony) = monotony else { continue };
            let Some((mut tier, threshold)) = tier_above(monotony, &input.limits) else {
                continue;
            };
            if history_days < MIN_HISTORY_DAYS {
                out.too_early(week_last_day(week.week_start), None, history_days);
                continue;
            }
            let strain_high = match (week.strain, recovery.strain_p90) {
                (Some(strain), Some(p90)) => strain > p90,
                _ => false,
            };
            if tier == Tier::Warning && strain_high {
                tier = Tier::High;
            }
            let part = out.fire(Finding {
                tier,
                date: week_last_day(week.week_start),
                week_start: week.week_start,
                activity_id: None,
                value: monotony,
                threshold,
                what: format!(
                    "The week of {} had a training monotony of {monotony:.1} (mean daily load over its spread){}.",
                    week.week_start,
                    if strain_high { ", with a strain above your usual 90th percentile" } else { "" }
                ),
                suggestion: "Vary the days: alternate easy and harder days and keep real rest days.".into(),
            });
            part.running_days = Some(week.days_observed.saturating_sub(week.rest_days));
        }
    }
}
