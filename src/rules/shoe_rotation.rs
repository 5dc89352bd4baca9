//! `shoe_rotation`: one pair only (weak: Malisoux 2015 found fewer
//! injuries in runners who alternated several pairs). Judged at the end
//! of every week with 30 days of history before it: the condition holds
//! when only one pair was used at least twice in the 8 weeks up to then.
//! Weeks where it holds in a row are one episode.

use super::judge::{Input, Judge, Verdicts};
use super::table::{EpisodeUnit, Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::{Finding, MIN_HISTORY_DAYS};
use super::warning::{Confidence, Scope, Tier};
use crate::analyze::shoes::{RotationWeek, ROTATION_MIN_USES};

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::ShoeRotation,
    name: "shoe_rotation",
    risk_factor: "one pair only",
    conditions: &["nonspecific"],
    confidence: Confidence::Weak,
    evidence: "Malisoux 2015",
    defaults: tiers(Some(1.0), None, None),
    warns: true,
    unit: ValueUnit::Pairs,
    family: Family::Shoes,
    label: "one pair only",
    episode: Some(EpisodeUnit::Weeks),
};

pub struct ShoeRotation;

impl Judge for ShoeRotation {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        // The notice is the largest number of pairs that still counts as
        // "one pair only" (1 by default).
        let Some(limit) = input.limits.notice else {
            return;
        };
        for week in &input.analysis.shoes.rotation {
            let pairs = week.shoes_used_twice.len();
            // Two runs without a known shoe could be a second pair: not
            // judged.
            if week.runs_without_shoe >= ROTATION_MIN_USES {
                continue;
            }
            let one_pair = pairs >= 1 && pairs as f64 <= limit;
            if week.history_days < MIN_HISTORY_DAYS {
                if one_pair {
                    out.too_early(week.date, None, week.history_days);
                }
                continue;
            }
            if let Some(part) = out.judged(week.date, one_pair.then(|| finding(week, limit))) {
                part.scope = Scope::State;
            }
        }
    }
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
