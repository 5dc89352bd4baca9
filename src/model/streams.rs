//! Per-sample streams of one activity.

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

/// A position in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// Great-circle (haversine) distance in metres; the geodesic differs by
/// about 0.03%, far below GPS noise, at a tenth of the cost.
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    Haversine.distance(
        Point::new(a.lon_deg, a.lat_deg),
        Point::new(b.lon_deg, b.lat_deg),
    )
}

/// Sample streams, all the same length as `time_s`.
///
/// A channel is `None` when the file never recorded it; inside a channel a
/// sample is `None` when that one sample lacks the value. Samples are in
/// time order (importers drop samples that go back in time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Streams {
    /// Seconds since the activity's `start_utc`.
    pub time_s: Vec<f64>,
    pub position: Option<Vec<Option<LatLon>>>,
    /// Cumulative distance as recorded by the device.
    pub distance_m: Option<Vec<Option<f64>>>,
    pub speed_mps: Option<Vec<Option<f64>>>,
    pub elevation_m: Option<Vec<Option<f64>>>,
    pub heart_rate_bpm: Option<Vec<Option<f64>>>,
    /// Steps per minute (both legs), already converted from the file's
    /// convention; see [`crate::model::CadenceConvention`].
    pub cadence_spm: Option<Vec<Option<f64>>>,
    pub power_w: Option<Vec<Option<f64>>>,
    pub temperature_c: Option<Vec<Option<f64>>>,
    pub stance_time_ms: Option<Vec<Option<f64>>>,
    /// Percent of stance time on the left foot (50 = symmetric).
    pub stance_time_balance_pct: Option<Vec<Option<f64>>>,
    pub vertical_oscillation_mm: Option<Vec<Option<f64>>>,
    pub step_length_mm: Option<Vec<Option<f64>>>,
}

impl Streams {
    pub fn len(&self) -> usize {
        self.time_s.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time_s.is_empty()
    }

    /// Every numeric channel with its name, for code that treats channels
    /// alike (counting, truncating, choosing the richest duplicate).
    pub fn numeric_channels(&self) -> [(&'static str, &Option<Vec<Option<f64>>>); 11] {
        [
            ("distance_m", &self.distance_m),
            ("speed_mps", &self.speed_mps),
            ("elevation_m", &self.elevation_m),
            ("heart_rate_bpm", &self.heart_rate_bpm),
            ("cadence_spm", &self.cadence_spm),
            ("power_w", &self.power_w),
            ("temperature_c", &self.temperature_c),
            ("stance_time_ms", &self.stance_time_ms),
            ("stance_time_balance_pct", &self.stance_time_balance_pct),
            ("vertical_oscillation_mm", &self.vertical_oscillation_mm),
            ("step_length_mm", &self.step_length_mm),
        ]
    }

    /// How many channels hold at least one value, position included.
    pub fn channel_count(&self) -> usize {
        let numeric = self
            .numeric_channels()
            .iter()
            .filter(|(_, channel)| has_value(channel))
            .count();
        let position = self
            .position
            .as_ref()
            .is_some_and(|points| points.iter().any(Option::is_some));
        numeric + usize::from(position)
    }
}

fn has_value(channel: &Option<Vec<Option<f64>>>) -> bool {
    channel
        .as_ref()
        .is_some_and(|values| values.iter().any(Option::is_some))
}

/// Builds a channel from optional samples: `None` when no sample has a value.
pub fn channel_from(values: Vec<Option<f64>>) -> Option<Vec<Option<f64>>> {
    values.iter().any(Option::is_some).then_some(values)
}
