//! `shoe_rotation`: one pair only (weak: Malisoux 2015 found fewer
//! injuries in runners who alternated several pairs). A notice when only
//! one pair was used at least twice in the 8 weeks up to a week's end;
//! once per episode (the first judged week where that holds after a week
//! where it did not), and only with 30 days of history before that date.

use super::table::RuleId;
use super::tier::{thresholds, warning, Finding, InsufficientHistory, MIN_HISTORY_DAYS};
use super::warning::{Tier, Warning};
use crate::analyze::shoes::{RotationWeek, ShoeMetrics, ROTATION_MIN_USES};
use crate::config::Config;

pub fn judge(
    shoes: &ShoeMetrics,
    config: &Config,
    insufficient: &mut Vec<InsufficientHistory>,
) -> Vec<Warning> {
    let rule = RuleId::ShoeRotation.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    // The notice is the largest number of pairs that still counts as "one
    // pair only" (1 by default).
    let Some(limit) = thresholds(rule, config).notice else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    let mut in_episode = false;
    for week in &shoes.rotation {
        let pairs = week.shoes_used_twice.len();
        // Two runs without a known shoe could be a second pair: not judged.
        let one_pair =
            pairs >= 1 && pairs as f64 <= limit && week.runs_without_shoe < ROTATION_MIN_USES;
        if week.history_days < MIN_HISTORY_DAYS {
            if one_pair {
                insufficient.push(InsufficientHistory {
                    rule: rule.name,
                    date: week.date,
                    activity_id: None,
                    history_days: week.history_days,
                });
            }
            continue;
        }
        if one_pair && !in_episode {
            warnings.push(warning(rule, finding(week, limit)));
        }
        in_episode = one_pair;
    }
    warnings
}

fn finding(week: &RotationWeek, limit: f64) -> Finding {
    let names = week.shoes_used_twice.join("\", \"");
    Finding {
        tier: Tier::Notice,
        date: week.date,
        week_start: week.week_start,
        activity_id: None,
        value: week.shoes_used_twice.len() as f64,
        threshold: limit,
        what: format!(
            "In the 8 weeks up to {} you ran in one pair only (\"{names}\"): no other pair \
             was used at least twice.",
            week.date
        ),
        suggestion: "Alternate two or more pairs of running shoes, for example a second \
                     model for some of your runs."
            .into(),
    }
}
