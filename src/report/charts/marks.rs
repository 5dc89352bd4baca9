//! Which weeks, runs and days the warnings point at, and at what tier: the
//! charts colour what the rules found, they never judge anew.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::rules::{Mark, RuleId, Tier};

fn rule_of(warning: &Mark) -> Option<RuleId> {
    RuleId::from_name(warning.rule)
}

/// Parts of the given rules (all rules when `rules` is empty).
fn of<'w, 'r>(
    warnings: &'w [Mark],
    rules: &'r [RuleId],
) -> impl Iterator<Item = &'w Mark> + use<'w, 'r> {
    warnings
        .iter()
        .filter(move |w| rules.is_empty() || rule_of(w).is_some_and(|id| rules.contains(&id)))
}

/// The highest tier per week start.
pub fn by_week(warnings: &[Mark], rules: &[RuleId]) -> BTreeMap<NaiveDate, Tier> {
    let mut weeks: BTreeMap<NaiveDate, Tier> = BTreeMap::new();
    for w in of(warnings, rules) {
        let tier = weeks.entry(w.week_start).or_insert(w.tier);
        *tier = (*tier).max(w.tier);
    }
    weeks
}

/// The highest tier per activity id, for warnings that name a run.
pub fn by_run<'w>(warnings: &'w [Mark], rules: &[RuleId]) -> HashMap<&'w str, Tier> {
    let mut runs: HashMap<&str, Tier> = HashMap::new();
    for w in of(warnings, rules) {
        if let Some(id) = w.activity_id.as_deref() {
            let tier = runs.entry(id).or_insert(w.tier);
            *tier = (*tier).max(w.tier);
        }
    }
    runs
}

/// The highest tier per warning date, for warnings that name no run.
pub fn by_date(warnings: &[Mark], rules: &[RuleId]) -> BTreeMap<NaiveDate, Tier> {
    let mut days: BTreeMap<NaiveDate, Tier> = BTreeMap::new();
    for w in of(warnings, rules).filter(|w| w.activity_id.is_none()) {
        let tier = days.entry(w.date).or_insert(w.tier);
        *tier = (*tier).max(w.tier);
    }
    days
}

/// The warnings of `rules` that name a run, oldest first.
pub fn run_warnings<'w>(warnings: &'w [Mark], rules: &[RuleId]) -> Vec<&'w Mark> {
    let mut found: Vec<&Mark> = of(warnings, rules)
        .filter(|w| w.activity_id.is_some())
        .collect();
    found.sort_by_key(|w| w.date);
    found
}
