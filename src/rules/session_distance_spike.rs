//! `session_distance_spike`: a run much longer than the longest single run
//! of the previous 30 days (Frandsen 2025).

use super::table::RuleId;
use super::tier::{
    thresholds, tier_above, warning, Finding, InsufficientHistory, MIN_HISTORY_DAYS,
};
use super::warning::Warning;
use crate::analyze::load::LoadMetrics;
use crate::config::Config;
use crate::log::weeks::week_start_of;

/// Judges every run. Runs with under 30 days of history are listed as
/// insufficient instead.
pub fn judge(
    load: &LoadMetrics,
    config: &Config,
    insufficient: &mut Vec<InsufficientHistory>,
) -> Vec<Warning> {
    let rule = RuleId::SessionDistanceSpike.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    let limits = thresholds(rule, config);
    let mut warnings = Vec::new();
    for run in &load.runs {
        if run.history_days < MIN_HISTORY_DAYS {
            insufficient.push(InsufficientHistory {
                rule: rule.name,
                date: run.local_date,
                activity_id: Some(run.activity_id.clone()),
                history_days: run.history_days,
            });
            continue;
        }
        let (Some(ratio), Some(km), Some(longest)) =
            (run.spike_ratio, run.distance_km, run.longest_prev_30d_km)
        else {
            continue;
        };
        let Some((tier, threshold)) = tier_above(ratio, &limits) else {
            continue;
        };
        warnings.push(warning(
            rule,
            Finding {
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
            },
        ));
    }
    warnings
}
