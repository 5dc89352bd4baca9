//! `weekly_distance_jump`: a week's distance well above the previous week
//! and above the mean of the prior three weeks (Nielsen 2014, Damsted
//! 2019). A jump in a week with a single-run spike is shown as a part of
//! that spike's finding (see `findings::grouping`), not as a second alarm.

use super::judge::{Input, Judge, Verdicts};
use super::table::{ALL, Family, Rule, RuleId, ValueUnit, tiers};
use super::warning::Confidence;
use super::tier::{tier_above, Finding};
use crate::log::weeks::week_last_day;

/// A previous week under this is too small to compare a jump with.
const MIN_PREVIOUS_KM: f64 = 10.0;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::WeeklyDistanceJump,
    name: "weekly_distance_jump",
    risk_factor: "load: weekly jump",
    conditions: ALL,
    confidence: Confidence::Weak,
    evidence: "Nielsen 2014 and Damsted 2019 (Frandsen 2025 found none)",
    defaults: tiers(Some(0.20), Some(0.30), Some(0.60)),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Load,
    label: "weekly distance jump",
    episode: None,
};

pub struct WeeklyDistanceJump;

impl Judge for WeeklyDistanceJump {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    /// Judges every complete or current week.
    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let load = &input.analysis.load;
        for (i, week) in load.weeks.iter().enumerate() {
            let previous_km = i
                .checked_sub(1)
                .and_then(|p| load.weeks.get(p))
                .map(|w| w.distance_km);
            if previous_km.is_none_or(|km| km < MIN_PREVIOUS_KM) {
                continue;
            }
            // Both changes must exceed a tier; the milder one decides it.
            let (Some(vs_prev), Some(vs_mean)) =
                (week.change_vs_prev_pct, week.change_vs_3wk_mean_pct)
            else {
                continue;
            };
            let change = (vs_prev.min(vs_mean)) / 100.0;
            let Some((tier, threshold)) = tier_above(change, &input.limits) else {
                continue;
            };
            out.fire(Finding {
                tier,
                date: week_last_day(week.week_start),
                week_start: week.week_start,
                activity_id: None,
                value: change,
                threshold,
                what: format!(
                    "The week of {} totalled {:.1} km: {vs_prev:+.0}% on the week before and {vs_mean:+.0}% on the mean of the three weeks before.",
                    week.week_start, week.distance_km
                ),
                suggestion: "Raise weekly distance gradually and follow a big week with an easier one.".into(),
            });
        }
    }
}
