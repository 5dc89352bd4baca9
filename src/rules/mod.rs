//! The knee-risk rules of `knee-risk-rules.md`: one table of rules with
//! their tiers, evidence and confidence, overridable by the config, and
//! the [`Warning`] they emit. Rules read analyzer metrics and judge; they
//! never measure.

mod table;
mod warning;

pub use table::{Rule, RuleId, Thresholds, RULES};
pub use warning::{Confidence, Tier, Warning};
