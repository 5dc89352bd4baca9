//! The rule table: every rule of knee-risk-rules.md with its id, risk
//! factor, knee conditions, default tiers and evidence. Thresholds here are
//! defaults; the config may override them per rule.

use super::warning::Confidence;

/// The rule ids, as the rules document and the config name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleId {
    SessionDistanceSpike,
    WeeklyDistanceJump,
    Acwr,
    CadenceLowVsBaseline,
    CadenceLowAbsolute,
    FormFatigueDrift,
    DescentSessionSpike,
    SteepDescentExposure,
    ShoeMileage,
    ShoeRotation,
    RecoveryStreak,
    TrainingMonotony,
    IntensitySpike,
    GctBalanceAsymmetry,
}

/// Tier thresholds in the rule's own unit; `None` where the rules document
/// sets no such tier. For rules that fire below a value (low cadence) the
/// thresholds are negative residuals and the comparison is the rule's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub notice: Option<f64>,
    pub warning: Option<f64>,
    pub high: Option<f64>,
}

/// The unit of a rule's measured value and thresholds, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueUnit {
    /// A change as a fraction (0.3 = +30%).
    Fraction,
    Days,
    Metres,
    Kilometres,
    StepsPerMinute,
    /// A plain ratio (ACWR, monotony).
    Ratio,
    /// Percentage points (stance-time balance).
    Points,
    /// Pairs of shoes.
    Pairs,
}

impl ValueUnit {
    /// "+45%", "9 days", "420 m", "812 km", "165.8 spm", "1.80", "1.2 points".
    pub fn format(self, value: f64) -> String {
        match self {
            ValueUnit::Fraction => format!("{:+.0}%", value * 100.0),
            ValueUnit::Days => format!("{value:.0} days"),
            ValueUnit::Metres => format!("{value:.0} m"),
            ValueUnit::Kilometres => format!("{value:.1} km"),
            ValueUnit::StepsPerMinute => format!("{value:.1} spm"),
            ValueUnit::Ratio => format!("{value:.2}"),
            ValueUnit::Points => format!("{value:.1} points"),
            ValueUnit::Pairs if value == 1.0 => "1 pair".into(),
            ValueUnit::Pairs => format!("{value:.0} pairs"),
        }
    }
}

/// The risk-factor family a rule belongs to: findings about the same run
/// or week in related families are shown as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Load,
    Downhill,
    Intensity,
    Form,
    Recovery,
    Shoes,
    Asymmetry,
    /// Information only (ACWR): never a finding.
    Information,
}

impl Family {
    /// Load, downhill and intensity describe what a run or week of
    /// training did: one event, told once, whichever rules saw it.
    pub fn is_training_event(self) -> bool {
        matches!(self, Family::Load | Family::Downhill | Family::Intensity)
    }
}

/// What a condition rule counts an episode in; `None` for rules that
/// report events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpisodeUnit {
    Runs,
    Weeks,
}

/// A rule's fixed description.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub id: RuleId,
    pub name: &'static str,
    pub risk_factor: &'static str,
    pub conditions: &'static [&'static str],
    pub confidence: Confidence,
    /// The study (or the lack of one) behind the rule, for the wording
    /// "associated with higher injury rates in <evidence>".
    pub evidence: &'static str,
    pub defaults: Thresholds,
    /// False for information-only rules (ACWR) that never warn.
    pub warns: bool,
    pub unit: ValueUnit,
    pub family: Family,
    /// A short name of what it finds ("descent spike").
    pub label: &'static str,
    /// Set for conditions that hold run after run: shown as episodes.
    pub episode: Option<EpisodeUnit>,
}

const fn tiers(notice: Option<f64>, warning: Option<f64>, high: Option<f64>) -> Thresholds {
    Thresholds {
        notice,
        warning,
        high,
    }
}

const ALL: &[&str] = &["PFP", "ITBS", "PT"];

/// Every rule, in the order of the rules document.
pub const RULES: [Rule; 14] = [
    Rule {
        id: RuleId::SessionDistanceSpike,
        name: "session_distance_spike",
        risk_factor: "load: single-run spike",
        conditions: ALL,
        confidence: Confidence::Moderate,
        evidence: "Frandsen 2025 (5,205 runners)",
        defaults: tiers(Some(0.10), Some(0.30), Some(1.00)),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Load,
        label: "run longer than usual",
        episode: None,
    },
    Rule {
        id: RuleId::WeeklyDistanceJump,
        name: "weekly_distance_jump",
        risk_factor: "load: weekly jump",
        conditions: ALL,
        confidence: Confidence::Weak,
        evidence: "Nielsen 2014 and Damsted 2019 (Frandsen 2025 found none)",
        defaults: tiers(Some(0.20), Some(0.30), Some(0.60)),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Load,
        label: "weekly distance jump",
        episode: None,
    },
    Rule {
        id: RuleId::Acwr,
        name: "acwr",
        risk_factor: "load: acute:chronic ratio",
        conditions: &[],
        confidence: Confidence::Contested,
        evidence: "Gabbett 2016, contested by Impellizzeri 2020",
        defaults: tiers(None, None, None),
        warns: false,
        unit: ValueUnit::Ratio,
        family: Family::Information,
        label: "acute:chronic ratio",
        episode: None,
    },
    Rule {
        id: RuleId::CadenceLowVsBaseline,
        name: "cadence_low_vs_baseline",
        risk_factor: "form: low cadence / overstriding",
        conditions: ALL,
        confidence: Confidence::Weak,
        evidence: "Heiderscheit 2011 and Lenhart 2014 (mechanism moderate, injury link weak)",
        defaults: tiers(Some(-0.05), Some(-0.10), None),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Form,
        label: "cadence below your usual",
        episode: Some(EpisodeUnit::Runs),
    },
    Rule {
        id: RuleId::CadenceLowAbsolute,
        name: "cadence_low_absolute",
        risk_factor: "form: low cadence",
        conditions: &["PFP"],
        confidence: Confidence::Weak,
        evidence: "Luedke 2016",
        defaults: tiers(Some(166.0), None, None),
        warns: true,
        unit: ValueUnit::StepsPerMinute,
        family: Family::Form,
        label: "low cadence",
        episode: Some(EpisodeUnit::Runs),
    },
    Rule {
        id: RuleId::FormFatigueDrift,
        name: "form_fatigue_drift",
        risk_factor: "form breaks down late in long runs",
        conditions: &["PFP", "ITBS"],
        confidence: Confidence::Expert,
        evidence: "expert opinion (weak evidence)",
        defaults: tiers(Some(-0.03), Some(-0.05), None),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Form,
        label: "form drifting late in a long run",
        episode: None,
    },
    Rule {
        id: RuleId::DescentSessionSpike,
        name: "descent_session_spike",
        risk_factor: "downhill: spike",
        conditions: ALL,
        confidence: Confidence::Weak,
        evidence: "analogy with Frandsen 2025; repeated-bout effect, Bontemps 2020",
        defaults: tiers(Some(0.30), Some(0.50), Some(1.00)),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Downhill,
        label: "descent spike",
        episode: None,
    },
    Rule {
        id: RuleId::SteepDescentExposure,
        name: "steep_descent_exposure",
        risk_factor: "downhill: steep grades",
        conditions: ALL,
        confidence: Confidence::Moderate,
        evidence: "Gottschall & Kram 2005 (mechanism; no prospective injury data)",
        // Grade bands, not ratios: notice -5..-10%, warning <= -10%, high <= -15%.
        defaults: tiers(Some(-0.05), Some(-0.10), Some(-0.15)),
        warns: true,
        unit: ValueUnit::Metres,
        family: Family::Downhill,
        label: "steep downhill",
        episode: None,
    },
    Rule {
        id: RuleId::ShoeMileage,
        name: "shoe_mileage",
        risk_factor: "worn shoes",
        conditions: &["nonspecific"],
        confidence: Confidence::Expert,
        evidence: "expert opinion (cushioning loss plateaus near 800 km)",
        defaults: tiers(Some(500.0), Some(800.0), None),
        warns: true,
        unit: ValueUnit::Kilometres,
        family: Family::Shoes,
        label: "worn shoes",
        episode: None,
    },
    Rule {
        id: RuleId::ShoeRotation,
        name: "shoe_rotation",
        risk_factor: "one pair only",
        conditions: &["nonspecific"],
        confidence: Confidence::Weak,
        evidence: "Malisoux 2015",
        defaults: tiers(Some(1.0), None, None),
        warns: true,
        unit: ValueUnit::Pairs,
        family: Family::Shoes,
        label: "one pair only",
        episode: Some(EpisodeUnit::Weeks),
    },
    Rule {
        id: RuleId::RecoveryStreak,
        name: "recovery_streak",
        risk_factor: "too little recovery",
        conditions: &["nonspecific"],
        confidence: Confidence::Expert,
        evidence: "expert opinion",
        defaults: tiers(Some(7.0), Some(14.0), Some(21.0)),
        warns: true,
        unit: ValueUnit::Days,
        family: Family::Recovery,
        label: "running streak",
        episode: None,
    },
    Rule {
        id: RuleId::TrainingMonotony,
        name: "training_monotony",
        risk_factor: "monotony",
        conditions: &["nonspecific"],
        confidence: Confidence::Weak,
        evidence: "Foster 1998 (the outcome was illness)",
        // High is the runner's own 90th percentile of strain, not a number.
        defaults: tiers(Some(1.5), Some(2.0), None),
        warns: true,
        unit: ValueUnit::Ratio,
        family: Family::Recovery,
        label: "monotonous week",
        episode: None,
    },
    Rule {
        id: RuleId::IntensitySpike,
        name: "intensity_spike",
        risk_factor: "sudden intensity increase",
        conditions: &["PT", "PFP"],
        confidence: Confidence::Weak,
        evidence: "Ramskov 2018",
        defaults: tiers(Some(0.30), Some(0.50), Some(1.00)),
        warns: true,
        unit: ValueUnit::Fraction,
        family: Family::Intensity,
        label: "intensity spike",
        episode: None,
    },
    Rule {
        id: RuleId::GctBalanceAsymmetry,
        name: "gct_balance_asymmetry",
        risk_factor: "asymmetry",
        conditions: &["one-sided PFP or ITBS"],
        confidence: Confidence::Weak,
        evidence: "Malisoux 2024 (weak or null)",
        defaults: tiers(Some(0.7), Some(2.2), Some(1.5)),
        warns: true,
        unit: ValueUnit::Points,
        family: Family::Asymmetry,
        label: "left/right imbalance",
        episode: Some(EpisodeUnit::Runs),
    },
];

impl RuleId {
    /// The rule's row of the table.
    pub fn rule(self) -> &'static Rule {
        // The table lists every id once, in declaration order (tested).
        &RULES[self as usize]
    }

    /// The id for a name as the config writes it.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RULES
            .iter()
            .find(|rule| rule.name == name)
            .map(|rule| rule.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of knee-risk-rules.md, copied from its table.
    const DOCUMENTED: [&str; 14] = [
        "session_distance_spike",
        "weekly_distance_jump",
        "acwr",
        "cadence_low_vs_baseline",
        "cadence_low_absolute",
        "form_fatigue_drift",
        "descent_session_spike",
        "steep_descent_exposure",
        "shoe_mileage",
        "shoe_rotation",
        "recovery_streak",
        "training_monotony",
        "intensity_spike",
        "gct_balance_asymmetry",
    ];

    #[test]
    fn every_documented_rule_is_in_the_table_once() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names, DOCUMENTED);
        // The config checks `[rules.<id>]` against its own list: same ids.
        assert_eq!(names, crate::config::RULE_IDS);
        for rule in &RULES {
            assert_eq!(rule.id.rule().name, rule.name);
            assert_eq!(RuleId::from_name(rule.name), Some(rule.id));
        }
        assert_eq!(RuleId::from_name("nonsense"), None);
    }

    #[test]
    fn spike_tiers_follow_frandsen() {
        // >10% / >30% / >100% over the 30-day longest run.
        let spike = RuleId::SessionDistanceSpike.rule();
        assert_eq!(spike.defaults, tiers(Some(0.10), Some(0.30), Some(1.00)));
        assert!(!RuleId::Acwr.rule().warns);
    }
}
