//! `recovery_streak`: many consecutive days with running (expert opinion).
//! One warning per streak, on its last day, at the tier its length reached.

use super::table::RuleId;
use super::tier::{thresholds, tier_at_least, warning, Finding};
use super::warning::Warning;
use crate::analyze::recovery::RecoveryMetrics;
use crate::config::Config;
use crate::log::weeks::week_start_of;

pub fn judge(recovery: &RecoveryMetrics, config: &Config) -> Vec<Warning> {
    let rule = RuleId::RecoveryStreak.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    let limits = thresholds(rule, config);
    recovery
        .streaks
        .iter()
        .filter_map(|streak| {
            let days = f64::from(streak.days);
            let (tier, threshold) = tier_at_least(days, &limits)?;
            Some(warning(
                rule,
                Finding {
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
                        "Take at least one full rest day a week; easy days still load the knee."
                            .into(),
                },
            ))
        })
        .collect()
}
