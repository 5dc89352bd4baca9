//! Gear as the exports describe it: which export named a run's gear, and
//! the shoes an export lists with what the runner set for them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which export named an activity's gear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GearSource {
    /// Strava's activities.csv, "Activity Gear".
    StravaCsv,
    /// Garmin's account export, `<user>_gear.json` and its activity links.
    GarminGear,
}

/// A pair of shoes an export lists (Garmin's `gearDTOS`), with what the
/// runner set for it in the app. The pair's runs are linked one by one
/// (`Activity::gear`); its dates are the runner's record, never used to
/// assign runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportShoe {
    /// The name runs carry as their gear.
    pub name: String,
    /// The retirement distance the runner set (`maximumMeters`), `None`
    /// when unset.
    pub retire_km: Option<f64>,
    /// First and last day of use (`dateBegin`, `dateEnd`), when given.
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Retired in the app (`gearStatusName` "retired").
    pub retired: bool,
    pub source: GearSource,
}
