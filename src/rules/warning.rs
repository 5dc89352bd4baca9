//! What a rule emits: the report contract's warning object.

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

/// One finding about one day, week or run (report contract `warnings`).
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
    /// The measured value, in the unit the rule states; `None` when the
    /// rule reports something it could not measure.
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    /// "... associated with higher injury rates in <study>", never "will
    /// cause".
    pub message: String,
    pub suggestion: String,
    /// Another warning this one is shown under (a weekly jump caused by a
    /// single-run spike), by rule id and date.
    pub related_to: Option<String>,
}
