//! What the rules emit: each rule's own [`Part`] (what it measured about
//! one run, week, streak or pair), and the [`Warning`] a runner reads,
//! the report contract's warning object: one finding made of one or more
//! parts (see `findings`).

use chrono::NaiveDate;
use serde::Serialize;

/// How serious a finding is: `notice` < `warning` < `high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Notice,
    Warning,
    High,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Notice => "notice",
            Tier::Warning => "warning",
            Tier::High => "high",
        }
    }
}

/// How strong the evidence behind a rule is, as the rules document grades
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Strong,
    Moderate,
    Weak,
    Expert,
    /// The ACWR's link to injury is disputed (Impellizzeri 2020).
    Contested,
}

impl Confidence {
    /// Moderate or strong: evidence that may carry a finding to `high`.
    pub fn can_reach_high(self) -> bool {
        matches!(self, Confidence::Strong | Confidence::Moderate)
    }
}

/// What a part is about: one run, one local week, a span of days (a
/// streak) or a state at a date (a pair of shoes, the shoes of 8 weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Run,
    Week,
    Span { first_day: NaiveDate },
    State,
}

/// An absolute amount behind a ratio (metres of descent, minutes at
/// intensity), in the rule's base unit: the floors judge it, since a ratio
/// against a tiny base is noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub now: f64,
    pub base: f64,
}

/// One rule's finding about one run, week, streak or pair, at the tier its
/// thresholds give (report contract `parts`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub rule: &'static str,
    pub risk_factor: &'static str,
    pub tier: Tier,
    pub confidence: Confidence,
    pub date: NaiveDate,
    pub week_start: NaiveDate,
    pub activity_id: Option<String>,
    /// The measured value, in the unit the rule states.
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    /// "... associated with higher injury rates in `<study>`", never "will
    /// cause".
    pub message: String,
    pub suggestion: String,
    /// A short name of what was found ("weekly descent spike").
    pub label: String,
    #[serde(skip)]
    pub scope: Scope,
    #[serde(skip)]
    pub conditions: &'static [&'static str],
    #[serde(skip)]
    pub evidence: &'static str,
    #[serde(skip)]
    pub amount: Option<Amount>,
    /// Days with a run in the part's week (monotony's floor).
    #[serde(skip)]
    pub running_days: Option<u32>,
    /// Measured by a fallback (intensity by pace, without heart rate).
    #[serde(skip)]
    pub estimated: bool,
}

impl Part {
    /// The first day the part is about (a streak's first day, else its
    /// date).
    pub fn first_day(&self) -> NaiveDate {
        match self.scope {
            Scope::Span { first_day } => first_day,
            _ => self.date,
        }
    }
}

/// A condition that held over time (report contract: `first_date`,
/// `last_date`, `count`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Episode {
    pub first_date: NaiveDate,
    /// `None` while the episode is ongoing at the end of the log.
    pub last_date: Option<NaiveDate>,
    /// Runs (or weeks) on which the condition held.
    pub count: u32,
    /// Runs (or weeks) judged from its first to its last date.
    pub judged: u32,
    /// "runs" or "weeks".
    pub count_unit: &'static str,
    /// The lowest and highest value it held at; `value` is the median.
    pub value_range: [f64; 2],
}

/// One finding as shown (report contract `warnings`): its top-level
/// `rule`, `date`, `value` and `threshold` are those of its leading part;
/// its `tier` is the parts' highest under the evidence ceiling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub rule: &'static str,
    pub risk_factor: &'static str,
    pub tier: Tier,
    pub conditions: &'static [&'static str],
    pub confidence: Confidence,
    pub evidence: &'static str,
    pub date: NaiveDate,
    pub week_start: NaiveDate,
    pub activity_id: Option<String>,
    /// The measured value, in the unit the rule states (an episode's
    /// median); `None` when the rule reports something it could not
    /// measure.
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    pub message: String,
    pub suggestion: String,
    /// What the finding is, in a few words ("2026-05-07: descent spike,
    /// steep downhill and weekly descent spike").
    pub headline: String,
    /// Why the tier shown is below the highest part's, if it is.
    pub ceiling: Option<String>,
    #[serde(flatten)]
    pub episode: Option<Episode>,
    /// The rules' own findings that make this one up, oldest first; one
    /// for a single finding.
    pub parts: Vec<Part>,
    /// One of the (at most five) findings of the 28 days up to the latest
    /// run, shown first.
    pub now: bool,
}

impl Warning {
    /// The latest day any part is about: what "now" and "newest first"
    /// go by.
    pub fn last_day(&self) -> NaiveDate {
        self.parts.iter().map(|p| p.date).max().unwrap_or(self.date)
    }

    /// The rule ids of the parts, each once, in part order.
    pub fn part_rules(&self) -> Vec<&'static str> {
        let mut rules: Vec<&'static str> = Vec::new();
        for part in &self.parts {
            if !rules.contains(&part.rule) {
                rules.push(part.rule);
            }
        }
        rules
    }
}
