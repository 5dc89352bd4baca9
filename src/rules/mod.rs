//! The knee-risk rules of `knee-risk-rules.md`: one table of rules with
//! their tiers, evidence and confidence, overridable by the config, and
//! the [`Warning`] they emit. Rules read analyzer metrics and judge; they
//! never measure. One file per rule.

pub mod cadence_low_absolute;
pub mod cadence_low_vs_baseline;
pub mod descent_session_spike;
mod evaluate;
pub mod findings;
pub mod form_fatigue_drift;
pub mod gct_balance_asymmetry;
pub mod intensity_spike;
pub mod judge;
pub mod recovery_streak;
pub mod session_distance_spike;
pub mod shoe_mileage;
pub mod shoe_rotation;
pub mod steep_descent_exposure;
mod table;
mod tier;
pub mod training_monotony;
mod warning;
pub mod weekly_distance_jump;

pub use evaluate::{evaluate, Evaluation, JUDGES};
pub use table::{EpisodeUnit, Family, Rule, RuleId, Thresholds, ValueUnit, RULES};
pub use tier::{
    thresholds, tier_above, tier_at_least, tier_at_most, InsufficientHistory, MIN_HISTORY_DAYS,
};
pub use warning::{Amount, Confidence, Episode, Part, Scope, Tier, Warning};

#[cfg(test)]
mod cadence_rules_tests;
#[cfg(test)]
mod downhill_rules_tests;
#[cfg(test)]
mod intensity_rules_tests;
#[cfg(test)]
mod load_rules_tests;
#[cfg(test)]
mod recovery_rules_tests;
#[cfg(test)]
mod shoe_rules_tests;
