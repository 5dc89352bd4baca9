//! The knee-risk rules of `knee-risk-rules.md`, one file per rule: its
//! description (id, tiers, evidence and confidence, overridable by the
//! config) and its [`judge::Judge`], which reads analyzer metrics and
//! reports [`Part`]s; rules judge, they never measure. [`evaluate`] runs
//! them all the same way, and [`findings`] shapes their parts, once, into
//! the [`Warning`]s every view shows.

mod evaluate;
pub mod findings;
pub mod judge;
mod table;
mod tier;
mod warning;

/// Declares the rules: each `Id => file` line is a rule's module (its
/// description and its [`judge::Judge`]), its [`RuleId`] and its place in
/// [`JUDGES`], in the order of the rules document. A new rule is a file
/// and a line here.
macro_rules! rule_table {
    ($($id:ident => $file:ident),+ $(,)?) => {
        $(pub mod $file;)+

        /// The rule ids, as the rules document and the config name them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($id,)+
        }

        /// Every rule, judged the same way by [`evaluate`].
        pub const JUDGES: &[&dyn judge::Judge] = &[$(&$file::$id),+];
    };
}

rule_table! {
    SessionDistanceSpike => session_distance_spike,
    WeeklyDistanceJump => weekly_distance_jump,
    Acwr => acwr,
    CadenceLowVsBaseline => cadence_low_vs_baseline,
    CadenceLowAbsolute => cadence_low_absolute,
    FormFatigueDrift => form_fatigue_drift,
    DescentSessionSpike => descent_session_spike,
    SteepDescentExposure => steep_descent_exposure,
    ShoeMileage => shoe_mileage,
    ShoeRotation => shoe_rotation,
    RecoveryStreak => recovery_streak,
    TrainingMonotony => training_monotony,
    IntensitySpike => intensity_spike,
    GctBalanceAsymmetry => gct_balance_asymmetry,
}

pub use evaluate::{evaluate, marks, Evaluation};
pub use table::{rules, EpisodeUnit, Family, Rule, Thresholds, ValueUnit};
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
