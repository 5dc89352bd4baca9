//! The one shape of a rule: a [`Judge`] reads the analysis with its
//! thresholds already merged with the config, and says what it found in
//! [`Verdicts`]. Whether a rule is enabled, its thresholds and the history
//! each run has are settled once, by the runner (`evaluate`), not by each
//! rule.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::table::{Rule, Thresholds};
use super::tier::{part, Finding, InsufficientHistory, MIN_HISTORY_DAYS};
use super::warning::Part;
use crate::analyze::Analysis;

/// A knee-risk rule.
pub trait Judge: Sync {
    /// Its row of the rule table (id, evidence, default tiers).
    fn rule(&self) -> &'static Rule;
    /// Judges the analysis.
    fn judge(&self, input: &Input, out: &mut Verdicts);
}

/// What every rule reads.
pub struct Input<'a> {
    pub analysis: &'a Analysis,
    /// The rule's thresholds with the config's overrides applied.
    pub limits: Thresholds,
    history: &'a HashMap<&'a str, u32>,
}

impl<'a> Input<'a> {
    pub fn new(
        analysis: &'a Analysis,
        limits: Thresholds,
        history: &'a HashMap<&'a str, u32>,
    ) -> Self {
        Input {
            analysis,
            limits,
            history,
        }
    }

    /// Days of running history before a run, by activity id (0 for a run
    /// the load analysis does not know).
    pub fn history_days(&self, activity_id: &str) -> u32 {
        self.history.get(activity_id).copied().unwrap_or(0)
    }

    /// Whether a run has the 30 days of history a rule needs.
    pub fn has_history(&self, activity_id: &str) -> bool {
        self.history_days(activity_id) >= MIN_HISTORY_DAYS
    }
}

/// One run or week a condition rule judged, whether or not the condition
/// held: episodes open and close over these.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub date: NaiveDate,
    /// The index in [`Verdicts::parts`] of what it found, if it held.
    pub part: Option<usize>,
}

/// What one rule found.
pub struct Verdicts {
    rule: &'static Rule,
    pub parts: Vec<Part>,
    /// Every run or week judged, oldest first (condition rules only).
    pub judged: Vec<Judged>,
    pub insufficient: Vec<InsufficientHistory>,
}

impl Verdicts {
    pub fn new(rule: &'static Rule) -> Self {
        Verdicts {
            rule,
            parts: Vec::new(),
            judged: Vec::new(),
            insufficient: Vec::new(),
        }
    }

    /// Records a finding; returns its part to add what the floors read.
    pub fn fire(&mut self, finding: Finding) -> &mut Part {
        self.parts.push(part(self.rule, finding));
        let last = self.parts.len() - 1;
        &mut self.parts[last]
    }

    /// Records a run or week judged by a condition rule, with its finding
    /// when the condition held.
    pub fn judged(&mut self, date: NaiveDate, finding: Option<Finding>) -> Option<&mut Part> {
        let part = finding.map(|f| {
            self.parts.push(part(self.rule, f));
            self.parts.len() - 1
        });
        self.judged.push(Judged { date, part });
        part.map(|i| &mut self.parts[i])
    }

    /// Records a date the rule could not judge for lack of history.
    pub fn too_early(&mut self, date: NaiveDate, activity_id: Option<&str>, history_days: u32) {
        self.insufficient.push(InsufficientHistory {
            rule: self.rule.name,
            date,
            activity_id: activity_id.map(str::to_string),
            history_days,
        });
    }
}

/// One rule's parts and the dates it could not judge, with the config's
/// thresholds and switches, as the runner would find them (for the rules'
/// unit tests); a disabled rule finds nothing.
#[cfg(test)]
pub(crate) fn parts_of(
    judge: &dyn Judge,
    analysis: &Analysis,
    config: &crate::config::Config,
) -> (Vec<Part>, Vec<InsufficientHistory>) {
    let rule = judge.rule();
    if !config.rule_enabled(rule.name) {
        return (Vec::new(), Vec::new());
    }
    let history = super::tier::history_by_run(analysis);
    let input = Input::new(analysis, super::tier::thresholds(rule, config), &history);
    let mut out = Verdicts::new(rule);
    judge.judge(&input, &mut out);
    (out.parts, out.insufficient)
}
