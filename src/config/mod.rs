//! patella.toml: the optional per-folder config (athlete, shoes, shoe
//! overrides, rule thresholds), as described by the config contract in
//! docs/report-contract.md.
//!
//! - [`Config::load`] / [`Config::find`] read and validate a file; every
//!   problem is a one-line [`ConfigError`] naming the file and line.
//! - [`Config::shoe_for`] resolves a run's shoe from the config alone.
//! - [`init::template`] / [`init::write_init`] write a commented starter file.

mod error;
mod gear;
pub mod init;
mod load;
mod model;
mod raw;
mod validate;

#[cfg(test)]
mod tests;

pub use error::ConfigError;
pub use load::FILE_NAME;
pub use model::{
    rule_ids, Athlete, Config, OverrideTarget, RuleOverride, RunKind, Shoe, ShoeOverride,
    WeekStart, HIGH_IS_ANOTHER_METRIC, RULE_IDS,
};
#[cfg(test)]
mod tests_init;
