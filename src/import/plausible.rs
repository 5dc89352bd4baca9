//! The ranges a recorded sample can take. Anything outside is a sensor
//! fault or a corrupt file and is stored as missing, never as a value: one
//! `hr="1e308"` must not turn a whole run's averages into infinity. Every
//! importer uses the same ranges.

use std::ops::RangeInclusive;

pub const HEART_RATE_BPM: RangeInclusive<f64> = 20.0..=250.0;
/// Below the Dead Sea shore, above Everest's summit.
pub const ELEVATION_M: RangeInclusive<f64> = -500.0..=9000.0;
/// Steps or strides per minute (a bike's rpm also fits).
pub const CADENCE: RangeInclusive<f64> = 1.0..=300.0;
pub const POWER_W: RangeInclusive<f64> = 1.0..=3000.0;
pub const TEMPERATURE_C: RangeInclusive<f64> = -60.0..=70.0;
/// Cumulative distance within one activity.
pub const DISTANCE_M: RangeInclusive<f64> = 0.0..=1_000_000.0;
/// Well above any bike's top speed; GPS glitches are filtered separately.
pub const SPEED_MPS: RangeInclusive<f64> = 0.0..=100.0;

/// `value` when it lies in `range`.
pub fn within(value: Option<f64>, range: RangeInclusive<f64>) -> Option<f64> {
    value.filter(|v| range.contains(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_is_missing() {
        assert_eq!(within(Some(1e308), HEART_RATE_BPM), None);
        assert_eq!(within(Some(0.0), CADENCE), None);
        assert_eq!(within(Some(-3.0), DISTANCE_M), None);
        assert_eq!(within(Some(142.0), HEART_RATE_BPM), Some(142.0));
        assert_eq!(within(None, POWER_W), None);
    }
}
