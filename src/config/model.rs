//! The typed config: what patella.toml means once it has been validated.
//! Plain data, no I/O; every key of the file is optional, so every field
//! has a default that matches "no config at all".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

macro_rules! declare_rule_names {
    ($($id:ident => $file:ident),+ $(,)?) => {
        /// Every rule id of knee-risk-rules.md, in the order of its table:
        /// the names `[rules.<id>]` may take, from the crate's rule list
        /// (the config is read before the rules run and needs no more of
        /// them).
        pub const RULE_IDS: &[&str] = &[$(stringify!($file)),+];
    };
}

with_rule_list!(declare_rule_names);

/// [`RULE_IDS`] as a vector, for the messages that list them.
pub fn rule_ids() -> Vec<&'static str> {
    RULE_IDS.to_vec()
}

/// Rules whose `high` tier measures something else than notice and warning
/// (monotony: strain percentile; asymmetry: shift from baseline), so the
/// notice <= warning <= high check must not compare `high` with the others.
pub const HIGH_IS_ANOTHER_METRIC: [&str; 2] = ["training_monotony", "gct_balance_asymmetry"];

/// A validated patella.toml. `Config::default()` is "no file".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub athlete: Athlete,
    /// In file order; date ranges never overlap for a shared sport.
    pub shoes: Vec<Shoe>,
    /// In file order; every one names a shoe of `shoes`.
    pub shoe_overrides: Vec<ShoeOverride>,
    /// Keyed by rule id (always one of [`rule_ids`]).
    pub rules: BTreeMap<String, RuleOverride>,
}

/// `[athlete]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Athlete {
    /// None: the caller uses the analyzed folder's name.
    pub name: Option<String>,
    /// Used for runs with neither a GPS fix nor a UTC offset in the file.
    pub timezone: Option<Tz>,
    pub week_start: WeekStart,
    pub max_hr: Option<u16>,
    pub threshold_hr: Option<u16>,
}

/// First day of a training week: the log's own type, so the config and the
/// weeks it configures cannot disagree.
pub use crate::log::weeks::WeekStart;

/// The kinds of running a shoe can be used for, as spelled in `sports`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RunKind {
    Running,
    TrailRunning,
    TreadmillRunning,
    TrackRunning,
    VirtualRunning,
}

impl RunKind {
    /// All kinds, in the order the config documents them.
    pub const ALL: [RunKind; 5] = [
        RunKind::Running,
        RunKind::TrailRunning,
        RunKind::TreadmillRunning,
        RunKind::TrackRunning,
        RunKind::VirtualRunning,
    ];

    /// The spelling in patella.toml.
    pub fn name(self) -> &'static str {
        match self {
            RunKind::Running => "running",
            RunKind::TrailRunning => "trail_running",
            RunKind::TreadmillRunning => "treadmill_running",
            RunKind::TrackRunning => "track_running",
            RunKind::VirtualRunning => "virtual_running",
        }
    }

    pub fn from_name(name: &str) -> Option<RunKind> {
        RunKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The kind of a run from the model's sub-sport ("trail", "treadmill",
    /// "track", "virtual_activity"); anything else is plain running.
    pub fn from_sub_sport(sub_sport: Option<&str>) -> RunKind {
        match sub_sport {
            Some("trail") => RunKind::TrailRunning,
            Some("treadmill") => RunKind::TreadmillRunning,
            Some("track") => RunKind::TrackRunning,
            Some("virtual_activity") => RunKind::VirtualRunning,
            _ => RunKind::Running,
        }
    }
}

/// One `[[shoes]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Shoe {
    pub name: String,
    /// Distance already on the shoe before the first run in the data.
    pub initial_km: f64,
    /// None: the shoe_mileage rule's default.
    pub retire_km: Option<f64>,
    /// Inclusive local dates. A shoe with neither is never picked by date:
    /// only overrides and Strava's gear column assign runs to it.
    pub from: Option<NaiveDate>,
    /// None with `from` set: still in use.
    pub until: Option<NaiveDate>,
    /// Never empty; all running kinds when the file does not say.
    pub sports: Vec<RunKind>,
}

impl Shoe {
    /// A shoe with default values, as `[[shoes]] name = "..."` reads.
    pub fn named(name: &str) -> Shoe {
        Shoe {
            name: name.to_string(),
            initial_km: 0.0,
            retire_km: None,
            from: None,
            until: None,
            sports: RunKind::ALL.to_vec(),
        }
    }

    /// Whether the shoe's dates are set at all (see [`Shoe::from`]).
    pub fn has_dates(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    /// Whether the shoe's date range contains `date` (inclusive).
    pub fn in_use_on(&self, date: NaiveDate) -> bool {
        self.has_dates()
            && self.from.is_none_or(|from| from <= date)
            && self.until.is_none_or(|until| date <= until)
    }

    /// "2026-03-02..2026-05-24", "2026-03-02..", "..2026-05-24": how
    /// messages show the range.
    pub fn range_label(&self) -> String {
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", show(self.from), show(self.until))
    }
}

/// One `[[shoe_overrides]]` entry: pins runs to a shoe.
#[derive(Debug, Clone, PartialEq)]
pub struct ShoeOverride {
    pub target: OverrideTarget,
    /// Always the name of a configured shoe.
    pub shoe: String,
}

/// What a shoe override pins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    /// A file path relative to the analyzed folder, with '/' separators.
    File(String),
    /// Every run on this local date.
    Date(NaiveDate),
}

/// One `[rules.<id>]` table: user thresholds and switch for one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RuleOverride {
    pub notice: Option<f64>,
    pub warning: Option<f64>,
    pub high: Option<f64>,
    pub enabled: Option<bool>,
}

/// Paths in the config and in the log may differ in separators and a
/// leading "./"; compare them in one spelling.
pub(crate) fn normalize_path(path: &str) -> String {
    let slashed = path.trim().replace('\\', "/");
    let mut rest = slashed.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

impl Config {
    /// The user's overrides for one rule, if any.
    pub fn rule(&self, id: &str) -> Option<&RuleOverride> {
        self.rules.get(id)
    }

    /// Whether a rule runs: on unless the config says `enabled = false`.
    pub fn rule_enabled(&self, id: &str) -> bool {
        self.rule(id).and_then(|rule| rule.enabled).unwrap_or(true)
    }

    /// The configured shoe of this name.
    pub fn shoe(&self, name: &str) -> Option<&Shoe> {
        self.shoes.iter().find(|shoe| shoe.name == name)
    }

    /// The shoe of one run from the config alone, in the order of
    /// knee-risk-rules.md "Shoes": an override by file, then by local date,
    /// then the shoe whose dates and sports cover the run. Strava's gear
    /// column ranks between overrides and dates; the caller checks it after
    /// [`Config::shoe_override_for`] and before [`Config::shoe_by_date`].
    pub fn shoe_for(
        &self,
        file: &str,
        local_date: NaiveDate,
        sub_sport: Option<&str>,
    ) -> Option<&Shoe> {
        self.shoe_override_for(file, local_date)
            .or_else(|| self.shoe_by_date(local_date, sub_sport))
    }

    /// A per-run override: by file first (exact path, or the same trailing
    /// path components, since the log may name files from a parent folder),
    /// then by local date.
    pub fn shoe_override_for(&self, file: &str, local_date: NaiveDate) -> Option<&Shoe> {
        let file = normalize_path(file);
        let by_file = |exact: bool| {
            self.shoe_overrides.iter().find(|o| match &o.target {
                OverrideTarget::File(pinned) if exact => *pinned == file,
                OverrideTarget::File(pinned) => file.ends_with(&format!("/{pinned}")),
                OverrideTarget::Date(_) => false,
            })
        };
        let by_date = || {
            self.shoe_overrides
                .iter()
                .find(|o| o.target == OverrideTarget::Date(local_date))
        };
        by_file(true)
            .or_else(|| by_file(false))
            .or_else(by_date)
            .and_then(|o| self.shoe(&o.shoe))
    }

    /// The shoe whose date range contains the date and whose sports include
    /// the run's kind. Validation guarantees at most one.
    pub fn shoe_by_date(&self, local_date: NaiveDate, sub_sport: Option<&str>) -> Option<&Shoe> {
        let kind = RunKind::from_sub_sport(sub_sport);
        self.shoes
            .iter()
            .find(|shoe| shoe.in_use_on(local_date) && shoe.sports.contains(&kind))
    }
}
