//! `cadence_low_vs_baseline`: a run's cadence well below the runner's own
//! cadence-vs-speed line of the previous 8 weeks (Heiderscheit 2011,
//! Lenhart 2014: lower cadence raises knee load; the injury link is weak).

use super::table::RuleId;
use super::tier::{history_by_run, thresholds, tier_at_most, warning, Finding, MIN_HISTORY_DAYS};
use super::warning::Warning;
use crate::analyze::Analysis;
use crate::config::Config;
use crate::log::weeks::week_start_of;

pub fn judge(analysis: &Analysis, config: &Config) -> Vec<Warning> {
    let rule = RuleId::CadenceLowVsBaseline.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    let limits = thresholds(rule, config);
    let history = history_by_run(analysis);
    analysis
        .cadence
        .iter()
        .filter(|run| history.get(run.activity_id.as_str()).is_some_and(|d| *d >= MIN_HISTORY_DAYS))
        .filter_map(|run| {
            let residual = run.residual_vs_line?;
            let (tier, threshold) = tier_at_most(residual, &limits)?;
            let (cadence, speed, line) = (run.median_spm?, run.speed_mps?, run.line?);
            Some(warning(
                rule,
                Finding {
                    tier,
                    date: run.local_date,
                    week_start: week_start_of(run.local_date, analysis.week_start),
                    activity_id: Some(run.activity_id.clone()),
                    value: residual,
                    threshold,
                    what: format!(
                        "Your cadence on this run was {cadence:.0} steps/min at {}/km, {:.0}% below your usual {:.0} at that pace (your last 8 weeks).",
                        pace(speed),
                        -residual * 100.0,
                        line.at(speed)
                    ),
                    suggestion: "Try a slightly quicker, shorter stride (about 5% more steps per minute) on easy runs.".into(),
                },
            ))
        })
        .collect()
}

/// "5:32" per km.
pub(super) fn pace(speed_mps: f64) -> String {
    if speed_mps <= 0.0 {
        return "-".into();
    }
    let seconds = (1000.0 / speed_mps).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
