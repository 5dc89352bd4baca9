//! Which cadence convention a GPX or TCX file uses, and steps per minute.
//!
//! FIT says per leg by definition; GPX (`gpxtpx:cad`) and TCX (`Cadence`,
//! `RunCadence`) do not say, and writers differ: Garmin and Strava count one
//! leg (80-95 for a runner), some treadmills and apps count both (160-190).
//! No human runs at fewer than about 110 steps/min, so a running median below
//! that can only be a per-leg count.

use crate::model::CadenceConvention;

/// Running medians below this are taken as one leg per minute.
pub const PER_LEG_BELOW: f64 = 110.0;

/// Speeds below this (m/s) are standing still: cadence recorded while
/// waiting at a light would drag the median down.
const MOVING_MPS: f64 = 0.5;

/// Turns a file's raw per-sample cadence into steps per minute.
///
/// `raw` holds the numbers as written in the file, one per sample; `None` and
/// `0` both mean "not recorded" and come out as `None` (a cadence of 0 is
/// what devices write when the sensor had nothing). `speed_mps`, when given,
/// has one entry per sample and is used to leave standing samples out of the
/// decision; samples of unknown speed count as moving.
///
/// Returns the steps-per-minute channel and the convention found:
/// - no usable value at all: `(None, CadenceConvention::None)`;
/// - running median below [`PER_LEG_BELOW`]: every value doubled,
///   `CadenceConvention::StridesDoubled`;
/// - otherwise the values as they are, `CadenceConvention::Steps`.
pub fn to_steps_per_minute(
    raw: &[Option<f64>],
    speed_mps: Option<&[Option<f64>]>,
) -> (Option<Vec<Option<f64>>>, CadenceConvention) {
    let cleaned: Vec<Option<f64>> = raw.iter().map(|v| v.filter(|c| is_recorded(*c))).collect();
    let convention = convention_of(&cleaned, speed_mps);
    let factor = match convention {
        CadenceConvention::None => return (None, CadenceConvention::None),
        CadenceConvention::StridesDoubled => 2.0,
        CadenceConvention::Steps => 1.0,
    };
    let steps = cleaned.into_iter().map(|v| v.map(|c| c * factor)).collect();
    (Some(steps), convention)
}

/// The convention of a file's raw cadence values (see
/// [`to_steps_per_minute`]), without converting them.
pub fn convention_of(raw: &[Option<f64>], speed_mps: Option<&[Option<f64>]>) -> CadenceConvention {
    match running_median(raw, speed_mps) {
        None => CadenceConvention::None,
        Some(median) if median < PER_LEG_BELOW => CadenceConvention::StridesDoubled,
        Some(_) => CadenceConvention::Steps,
    }
}

/// Median of the recorded (non-zero) cadence values taken while moving.
///
/// Falls back to all recorded values when speed says the runner never moved
/// (a treadmill file with a zero speed channel still has a cadence).
pub fn running_median(raw: &[Option<f64>], speed_mps: Option<&[Option<f64>]>) -> Option<f64> {
    let recorded = || {
        raw.iter()
            .enumerate()
            .filter_map(|(i, v)| v.filter(|c| is_recorded(*c)).map(|c| (i, c)))
    };
    let moving: Vec<f64> = recorded()
        .filter(|(i, _)| {
            let speed = speed_mps.and_then(|s| s.get(*i).copied().flatten());
            speed.is_none_or(|v| v >= MOVING_MPS)
        })
        .map(|(_, c)| c)
        .collect();
    if moving.is_empty() {
        median(recorded().map(|(_, c)| c).collect())
    } else {
        median(moving)
    }
}

fn is_recorded(cadence: f64) -> bool {
    cadence.is_finite() && cadence > 0.0
}

/// Median of finite values; the mean of the two middle ones for an even count.
pub(crate) fn median(mut values: Vec<f64>) -> Option<f64> {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values.get(mid).copied()
    } else {
        Some((values.get(mid - 1)? + values.get(mid)?) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().copied().map(Some).collect()
    }

    #[test]
    fn per_leg_values_are_doubled() {
        // Sorted non-zero: 84 86 88 90 92 -> median 88 < 110.
        let raw = [
            Some(88.0),
            Some(0.0),
            Some(84.0),
            None,
            Some(92.0),
            Some(86.0),
            Some(90.0),
        ];
        assert_eq!(running_median(&raw, None), Some(88.0));
        let (steps, convention) = to_steps_per_minute(&raw, None);
        assert_eq!(convention, CadenceConvention::StridesDoubled);
        assert_eq!(
            steps,
            Some(vec![
                Some(176.0),
                None,
                Some(168.0),
                None,
                Some(184.0),
                Some(172.0),
                Some(180.0)
            ])
        );
    }

    #[test]
    fn steps_are_kept() {
        // Sorted: 118 120 122 170 -> median (120 + 122) / 2 = 121 >= 110.
        let raw = some(&[170.0, 120.0, 118.0, 122.0]);
        assert_eq!(running_median(&raw, None), Some(121.0));
        let (steps, convention) = to_steps_per_minute(&raw, None);
        assert_eq!(convention, CadenceConvention::Steps);
        assert_eq!(steps, Some(raw));
    }

    #[test]
    fn standing_samples_do_not_decide() {
        // All values: 20 30 40 170 175 180 -> median 105 would say per leg.
        // Moving only (speed >= 0.5 or unknown): 170 175 180 -> median 175.
        let raw = some(&[20.0, 30.0, 40.0, 170.0, 175.0, 180.0]);
        let speed = [Some(0.0), Some(0.2), Some(0.1), Some(3.0), None, Some(3.1)];
        assert_eq!(running_median(&raw, None), Some(105.0));
        assert_eq!(running_median(&raw, Some(&speed)), Some(175.0));
        assert_eq!(convention_of(&raw, Some(&speed)), CadenceConvention::Steps);
    }

    #[test]
    fn never_moving_falls_back_to_all_values() {
        // Treadmill: speed channel of zeros; 80 82 84 -> median 82.
        let raw = some(&[80.0, 84.0, 82.0]);
        let speed = [Some(0.0), Some(0.0), Some(0.0)];
        assert_eq!(running_median(&raw, Some(&speed)), Some(82.0));
    }

    #[test]
    fn no_cadence_means_no_channel() {
        assert_eq!(
            to_steps_per_minute(&[], None),
            (None, CadenceConvention::None)
        );
        let zeros = [Some(0.0), None, Some(0.0), Some(f64::NAN), Some(-3.0)];
        assert_eq!(
            to_steps_per_minute(&zeros, None),
            (None, CadenceConvention::None)
        );
    }

    #[test]
    fn the_threshold_itself_counts_as_steps() {
        assert_eq!(
            convention_of(&some(&[110.0]), None),
            CadenceConvention::Steps
        );
        assert_eq!(
            convention_of(&some(&[109.5]), None),
            CadenceConvention::StridesDoubled
        );
    }

    #[test]
    fn short_speed_channel_is_tolerated() {
        let raw = some(&[90.0, 92.0, 94.0]);
        assert_eq!(running_median(&raw, Some(&[Some(3.0)])), Some(92.0));
    }
}
