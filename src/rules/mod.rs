//! The knee-risk rules of `knee-risk-rules.md`, one file per rule: its
//! description (id, tiers, evidence and confidence, overridable by the
//! config) and its `Judge`, which reads analyzer metrics and
//! reports [`Part`]s; rules judge, they never measure. [`evaluate`] runs
//! them all the same way, and `findings` shapes their parts, once, into
//! the [`Warning`]s every view shows.

mod evaluate;
pub(crate) mod findings;
pub(crate) mod judge;
mod table;
mod tier;
mod warning;

// The rule list itself is `with_rule_list!` (src/rule_list.rs), which
// the config reads too: the modules come from it here, the ids in
// `rule_id.rs` and the judges in `registry.rs`.
macro_rules! declare_rule_modules {
    ($($id:ident => $file:ident),+ $(,)?) => {
        $(pub(crate) mod $file;)+
    };
}

with_rule_list!(declare_rule_modules);

mod registry;
mod rule_id;

pub use evaluate::{evaluate, marks, Evaluation, Mark};
pub use registry::rules;
pub(crate) use registry::JUDGES;
pub use rule_id::RuleId;
pub use table::{EpisodeUnit, Family, Rule, Thresholds, ValueUnit};
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
