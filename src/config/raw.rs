//! patella.toml as written: serde types that keep the byte span of every
//! value, so that a semantic error found after parsing can still name its
//! line. Every field is optional here, even the required ones, so that a
//! missing key gets our own message instead of serde's.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

/// Keys of each table, in the order the contract lists them; the unknown-key
/// message shows them in this order.
pub(crate) const TOP_KEYS: [&str; 4] = ["athlete", "shoes", "shoe_overrides", "rules"];
pub(crate) const ATHLETE_KEYS: [&str; 5] =
    ["name", "timezone", "week_start", "max_hr", "threshold_hr"];
pub(crate) const SHOE_KEYS: [&str; 6] =
    ["name", "initial_km", "retire_km", "from", "until", "sports"];
pub(crate) const OVERRIDE_KEYS: [&str; 3] = ["file", "date", "shoe"];
pub(crate) const RULE_KEYS: [&str; 4] = ["notice", "warning", "high", "enabled"];
/// Keys whose value must be a TOML local date.
pub(crate) const DATE_KEYS: [&str; 3] = ["from", "until", "date"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub athlete: Option<RawAthlete>,
    #[serde(default)]
    pub shoes: Vec<Spanned<RawShoe>>,
    #[serde(default)]
    pub shoe_overrides: Vec<Spanned<RawOverride>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, RawRule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAthlete {
    pub name: Option<Spanned<String>>,
    pub timezone: Option<Spanned<String>>,
    pub week_start: Option<Spanned<String>>,
    // Wide integers so that an out-of-range value gets our message.
    pub max_hr: Option<Spanned<i64>>,
    pub threshold_hr: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShoe {
    pub name: Option<Spanned<String>>,
    pub initial_km: Option<Spanned<f64>>,
    pub retire_km: Option<Spanned<f64>>,
    pub from: Option<Spanned<Datetime>>,
    pub until: Option<Spanned<Datetime>>,
    pub sports: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOverride {
    pub file: Option<Spanned<String>>,
    pub date: Option<Spanned<Datetime>>,
    pub shoe: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub notice: Option<Spanned<f64>>,
    pub warning: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    pub enabled: Option<Spanned<bool>>,
}

/// A TOML value that is a plain calendar date (no time, no offset) and a
/// real one (no February 30th).
pub(crate) fn local_date(value: &Datetime) -> Option<chrono::NaiveDate> {
    match (value.date, value.time, value.offset) {
        (Some(date), None, None) => chrono::NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        ),
        _ => None,
    }
}
