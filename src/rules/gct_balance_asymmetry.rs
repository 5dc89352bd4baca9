//! `gct_balance_asymmetry`: a lopsided ground-contact-time balance
//! (Malisoux 2024, weak or null evidence). Per run, on the median FIT
//! `stance_time_balance` of steady running: d = |median - 50| above the
//! notice or warning threshold, and `high` when the balance also moved at
//! least 1.5 points from the runner's own 8-week baseline.
//!
//! `high` measures a change, not d, so it needs an asymmetric run too
//! (d above the notice threshold): a run that moved 1.5 points towards
//! 50/50 is an improvement, not an alarm.

use super::table::{RuleId, Thresholds};
use super::tier::{thresholds, tier_above, warning, Finding};
use super::warning::{Tier, Warning};
use crate::analyze::dynamics::RunBalance;
use crate::config::Config;
use crate::log::weeks::{week_start_of, WeekStart};

/// Judges every run with a measured balance. No history is needed for d;
/// the shift needs the baseline the analyzer could place.
pub fn judge(dynamics: &[RunBalance], week_start: WeekStart, config: &Config) -> Vec<Warning> {
    let rule = RuleId::GctBalanceAsymmetry.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    let limits = thresholds(rule, config);
    // d is judged against notice and warning only; high is the shift.
    let on_d = Thresholds {
        high: None,
        ..limits
    };
    let mut warnings = Vec::new();
    for run in dynamics {
        let (Some(median), Some(d)) = (run.median_pct, run.asymmetry_pts) else {
            continue;
        };
        let Some((d_tier, d_threshold)) = tier_above(d, &on_d) else {
            continue;
        };
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
        warnings.push(warning(
            rule,
            Finding {
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
            },
        ));
    }
    warnings
}
