//! `form_fatigue_drift`: on runs of an hour or more, cadence (adjusted for
//! speed) falling, or ground contact time rising, in the last quarter
//! against minutes 10%-25% (expert opinion, weak evidence).

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, Thresholds, ValueUnit, tiers};
use super::warning::Confidence;
use super::tier::{tier_above, tier_at_most, Finding};
use crate::log::weeks::week_start_of;

/// Ground contact time tiers (+5% / +10%), beside the cadence ones.
const GCT_TIERS: Thresholds = Thresholds {
    notice: Some(0.05),
    warning: Some(0.10),
    high: None,
};

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::FormFatigueDrift,
    name: "form_fatigue_drift",
    risk_factor: "form breaks down late in long runs",
    conditions: &["PFP", "ITBS"],
    confidence: Confidence::Expert,
    evidence: "expert opinion (weak evidence)",
    defaults: tiers(Some(-0.03), Some(-0.05), None),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Form,
    label: "form drifting late in a long run",
    episode: None,
};

pub struct FormFatigueDrift;

impl Judge for FormFatigueDrift {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let (analysis, limits) = (input.analysis, &input.limits);
        // A long run is compared with itself (its own minutes 10%-25%), so no
        // 30 days of history are needed.
        for run in &analysis.cadence {
            {
                let by_cadence = run
                    .late_drift
                    .and_then(|d| tier_at_most(d, limits).map(|(t, l)| (t, l, d, "cadence")));
                let by_gct = run.late_gct_drift.and_then(|d| {
                    tier_above(d, &GCT_TIERS).map(|(t, l)| (t, l, d, "ground contact time"))
                });
                let (tier, threshold, value, what) = match (by_cadence, by_gct) {
                    (Some(c), Some(g)) => {
                        if g.0 > c.0 {
                            g
                        } else {
                            c
                        }
                    }
                    (Some(c), None) => c,
                    (None, Some(g)) => g,
                    (None, None) => continue,
                };
                out.fire(Finding {
                    tier,
                    date: run.local_date,
                    week_start: week_start_of(run.local_date, analysis.week_start),
                    activity_id: Some(run.activity_id.clone()),
                    value,
                    threshold,
                    what: format!(
                        "In the last quarter of this long run your {what} changed by {:+.1}% against minutes 10-25% at the same speed: form breaking down with fatigue.",
                        value * 100.0
                    ),
                    suggestion: "Keep long runs at a length you can finish in good form; add strength work for hips and knees.".into(),
                });
            }
        }
    }
}
