//! `session_distance_spike`: a run much longer than the longest single run
//! of the previous 30 days (Frandsen 2025).

use super::judge::{Input, Judge, Verdicts};
use super::table::{ALL, Family, Rule, RuleId, ValueUnit, tiers};
use super::warning::Confidence;
use super::tier::{tier_above, Finding, MIN_HISTORY_DAYS};
use crate::log::weeks::week_start_of;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::SessionDistanceSpike,
    name: "session_distance_spike",
    risk_factor: "load: single-run spike",
    conditions: ALL,
    confidence: Confidence::Moderate,
    evidence: "Frandsen 2025 (5,205 runners)",
    defaults: tiers(Some(0.10), Some(0.30), Some(1.00)),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Load,
    label: "run longer than usual",
    episode: None,
};

pub struct SessionDistanceSpike;

impl Judge for SessionDistanceSpike {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    /// Judges every run. Runs with under 30 days of history are listed as
    /// insufficient instead.
    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let load = &input.analysis.load;
        for run in &load.runs {
            if run.history_days < MIN_HISTORY_DAYS {
                out.too_early(run.local_date, Some(&run.activity_id), run.history_days);
                continue;
            }
            let (Some(ratio), Some(km), Some(longest)) =
                (run.spike_ratio, run.distance_km, run.longest_prev_30d_km)
            else {
                continue;
            };
            let Some((tier, threshold)) = tier_above(ratio, &input.limits) else {
                continue;
            };
            out.fire(Finding {
                tier,
                date: run.local_date,
                week_start: week_start_of(run.local_date, load.week_start),
                activity_id: Some(run.activity_id.clone()),
                value: ratio,
                threshold,
                what: format!(
                    "This {km:.1} km run was {:.0}% longer than your longest run of the previous 30 days ({longest:.1} km).",
                    ratio * 100.0
                ),
                suggestion: format!(
                    "Keep single runs within about 10% of your longest recent run ({:.1} km next time) and lengthen long runs step by step.",
                    longest * 1.1
                ),
            });
        }
    }
}
