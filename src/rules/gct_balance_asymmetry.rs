//! `gct_balance_asymmetry`: a lopsided ground-contact-time balance
//! (Malisoux 2024, weak or null evidence). Per run, on the median FIT
//! `stance_time_balance` of steady running: d = |median - 50| above the
//! notice or warning threshold, and `high` when the balance also moved at
//! least 1.5 points from the runner's own 8-week baseline.
//!
//! `high` measures a change, not d, so it needs an asymmetric run too
//! (d above the notice threshold): a run that moved 1.5 points towards
//! 50/50 is an improvement, not an alarm.

use super::judge::{Input, Judge, Verdicts};
use super::table::{EpisodeUnit, Family, Rule, RuleId, Thresholds, ValueUnit, tiers};
use super::tier::{tier_above, Finding};
use super::warning::{Confidence, Tier};
use crate::analyze::dynamics::RunBalance;
use crate::log::weeks::{week_start_of, WeekStart};

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::GctBalanceAsymmetry,
    name: "gct_balance_asymmetry",
    risk_factor: "asymmetry",
    conditions: &["one-sided PFP or ITBS"],
    confidence: Confidence::Weak,
    evidence: "Malisoux 2024 (weak or null)",
    defaults: tiers(Some(0.7), Some(2.2), Some(1.5)),
    warns: true,
    unit: ValueUnit::Points,
    family: Family::Asymmetry,
    label: "left/right imbalance",
    episode: Some(EpisodeUnit::Runs),
};

pub struct GctBalanceAsymmetry;

impl Judge for GctBalanceAsymmetry {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    /// Judges every run with a measured balance. No history is needed for
    /// d; the shift needs the baseline the analyzer could place.
    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let limits = input.limits;
        for run in &input.analysis.dynamics {
            let (Some(_), Some(d)) = (run.median_pct, run.asymmetry_pts) else {
                continue;
            };
            let found = judge_run(run, d, &limits, input.analysis.week_start);
            out.judged(run.local_date, found);
        }
    }
}

fn judge_run(
    run: &RunBalance,
    d: f64,
    limits: &Thresholds,
    week_start: WeekStart,
) -> Option<Finding> {
    {
        let median = run.median_pct?;
        // d is judged against notice and warning only; high is the shift.
        let on_d = Thresholds {
            high: None,
            ..*limits
        };
        let (d_tier, d_threshold) = tier_above(d, &on_d)?;
        let shifted = match (run.shift_pts, limits.high) {
            (Some(shift), Some(limit)) if shift.abs() >= limit - 1e-9 => Some((shift, limit)),
            _ => None,
        };
        let side = if median > 50.0 { "left" } else { "right" };
        let base = format!(
            "This run's ground contact time was {median:.1}% on the left foot: {d:.1} points off even, longer on the {side}."
        );
        let (tier, value, threshold, what) = match (shifted, run.baseline_pct) {
            (Some((shift, limit)), Some(baseline)) => (
                Tier::High,
                shift.abs(),
                limit,
                format!(
                    "{base} That is {:.1} points from your own 8-week baseline ({baseline:.1}%).",
                    shift.abs()
                ),
            ),
            _ => (d_tier, d, d_threshold, base),
        };
        Some(Finding {
            tier,
            date: run.local_date,
            week_start: week_start_of(run.local_date, week_start),
            activity_id: Some(run.activity_id.clone()),
            value,
            threshold,
            what,
            suggestion: if tier == Tier::High {
                "A sudden change in balance can follow a niggle: check for pain on one side, and ease off if there is any.".into()
            } else {
                "Watch whether the imbalance persists or grows; a one-sided niggle or worn shoe can cause it.".into()
            },
        })
    }
}
