//! Absolute floors and per-rule caps (knee-risk-rules.md, "Absolute
//! floors"): a ratio against a tiny base is noise, and some measures can
//! say only so much. Applied to each rule's parts before they are shown.

use crate::rules::table::RuleId;
use crate::rules::warning::{Part, Scope, Tier};

/// A weekly descent spike needs a week of at least this much descent...
pub const WEEKLY_DESCENT_MIN_M: f64 = 300.0;
/// ...that also grew by at least this much over the mean of the three
/// weeks before.
pub const WEEKLY_DESCENT_MIN_GROWTH_M: f64 = 150.0;
/// An intensity spike needs at least this many minutes over its base.
pub const INTENSITY_MIN_EXTRA_MIN: f64 = 20.0;
/// Monotony is judged only in weeks with at least this many running days.
pub const MONOTONY_MIN_RUNNING_DAYS: u32 = 4;

/// A value equal to its floor, within floating-point rounding, is on it.
const MARGIN: f64 = 1e-9;

/// Whether a part clears its rule's floors (parts of rules without floors
/// always do).
pub fn clears(part: &Part) -> bool {
    let growth_at_least = |now_min: f64, growth_min: f64| {
        part.amount
            .is_some_and(|a| a.now >= now_min - MARGIN && a.now - a.base >= growth_min - MARGIN)
    };
    match (RuleId::from_name(part.rule), part.scope) {
        (Some(RuleId::DescentSessionSpike), Scope::Week) => {
            growth_at_least(WEEKLY_DESCENT_MIN_M, WEEKLY_DESCENT_MIN_GROWTH_M)
        }
        (Some(RuleId::IntensitySpike), _) => growth_at_least(0.0, INTENSITY_MIN_EXTRA_MIN),
        (Some(RuleId::TrainingMonotony), _) => part
            .running_days
            .is_some_and(|days| days >= MONOTONY_MIN_RUNNING_DAYS),
        _ => true,
    }
}

/// The highest tier a part may have whatever its measure: intensity by
/// pace (no heart rate) is an estimate, at most a notice; Foster's
/// monotony rises without bound as daily loads become equal, at most a
/// warning.
pub fn cap(part: &Part) -> Tier {
    match RuleId::from_name(part.rule) {
        Some(RuleId::IntensitySpike) if part.estimated => Tier::Notice,
        Some(RuleId::TrainingMonotony) => Tier::Warning,
        _ => Tier::High,
    }
}

/// The parts that clear their floors, each at most at its cap. Dropped
/// parts leave `None` so that indexes into the list stay valid.
pub fn apply(parts: Vec<Part>) -> Vec<Option<Part>> {
    parts
        .into_iter()
        .map(|mut part| {
            if !clears(&part) {
                return None;
            }
            part.tier = part.tier.min(cap(&part));
            Some(part)
        })
        .collect()
}
