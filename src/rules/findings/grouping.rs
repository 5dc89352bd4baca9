//! One event, one finding (knee-risk-rules.md): parts about the same run
//! or local week are grouped when they tell of the same thing.
//!
//! - Load, downhill and intensity parts of one local week are one training
//!   event: a long mountain run's descent spike, its steep grades, its
//!   week's descent spike and intensity spike, and a weekly jump that the
//!   run caused.
//! - A running streak takes the monotony of the weeks it overlaps: a
//!   streak week is told once.
//! - Form and asymmetry parts group per run (low cadence for the speed and
//!   under the floor on the same run).
//! - Anything else is a finding of its own.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::rules::table::{Family, RuleId};
use crate::rules::warning::{Part, Scope};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    TrainingWeek(NaiveDate),
    Run(Family, String),
    Streak(usize),
    Alone(usize),
}

fn family(part: &Part) -> Option<Family> {
    RuleId::from_name(part.rule).map(|id| id.rule().family)
}

/// Groups `parts`; each group is sorted oldest first, and the groups are
/// in no particular order.
pub fn group(parts: Vec<Part>) -> Vec<Vec<Part>> {
    // The streaks first, so that monotony can join the one it overlaps.
    let streaks: Vec<(usize, NaiveDate, NaiveDate)> = parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.scope {
            Scope::Span { first_day } => Some((i, first_day, p.date)),
            _ => None,
        })
        .collect();
    let mut groups: BTreeMap<Key, Vec<Part>> = BTreeMap::new();
    for (i, part) in parts.into_iter().enumerate() {
        let key = key_of(i, &part, &streaks);
        groups.entry(key).or_default().push(part);
    }
    groups
        .into_values()
        .map(|mut parts| {
            parts.sort_by_key(|p| (p.date, p.rule));
            parts
        })
        .collect()
}

fn key_of(index: usize, part: &Part, streaks: &[(usize, NaiveDate, NaiveDate)]) -> Key {
    let Some(family) = family(part) else {
        return Key::Alone(index);
    };
    if family.is_training_event() {
        return Key::TrainingWeek(part.week_start);
    }
    match (family, part.scope) {
        (Family::Recovery, Scope::Span { .. }) => Key::Streak(index),
        (Family::Recovery, Scope::Week) => {
            let week_end = part.week_start.checked_add_days(Days::new(6));
            streaks
                .iter()
                .find(|(_, first, last)| {
                    *first <= week_end.unwrap_or(part.week_start) && part.week_start <= *last
                })
                .map_or(Key::Alone(index), |(streak, _, _)| Key::Streak(*streak))
        }
        (Family::Form | Family::Asymmetry, Scope::Run) => match &part.activity_id {
            Some(id) => Key::Run(family, id.clone()),
            None => Key::Alone(index),
        },
        _ => Key::Alone(index),
    }
}
