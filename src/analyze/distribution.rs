//! How long one run spent at each heart rate and each speed: the per-run
//! summary from which TRIMP, the observed maximum heart rate and the
//! intensity minutes are computed for any threshold, without the samples.
//!
//! Each sample stands for the time to the next one, at most
//! [`MAX_SAMPLE_GAP_S`] (a pause with the watch stopped adds nothing), as
//! in every time-weighted measure here. Heart rates are kept exactly
//! (a run has a few dozen distinct values); speeds to the millimetre per
//! second, FIT's own resolution, and a threshold is rounded the same way
//! before it is compared, so a sample exactly at it never counts as above.

use super::intensity::{speed_of, MAX_SAMPLE_GAP_S};
use super::percentile::percentile;
use super::steady::MIN_RUNNING_MPS;
use crate::model::Streams;
use serde::{Deserialize, Serialize};

/// The share of samples with heart rate a run needs for its heart-rate
/// measures (TRIMP, minutes above threshold).
pub const MIN_HR_COVERAGE: f64 = 0.5;
/// A run's own maximum candidate (the observed maximum heart rate is the
/// highest of them): a minute of optical-sensor spikes in a one-hour run
/// stays above it.
const PEAK_PERCENTILE: f64 = 0.99;

/// Seconds at each heart rate of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeartRateTime {
    /// Heart rate on at least [`MIN_HR_COVERAGE`] of the samples.
    pub covered: bool,
    /// The 99th percentile of the run's heart-rate samples.
    pub peak_bpm: Option<f64>,
    /// Seconds with and without a heart rate (the time all samples stand
    /// for), to scale weighted minutes over the gaps.
    pub seconds_total: f64,
    /// (bpm, seconds), by rising bpm.
    pub seconds_at: Vec<(f64, f64)>,
}

/// Seconds at each speed of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeedTime {
    /// Median and 90th percentile of the samples at running speed.
    pub running_median_mps: Option<f64>,
    pub running_p90_mps: Option<f64>,
    /// (speed in cm/s, seconds), by rising speed. Centimetres: GPS speed
    /// is good to a few cm/s at best, and an hour at 1 Hz then takes a few
    /// hundred pairs instead of thousands, for ten years of runs in memory
    /// and in the cache.
    pub seconds_at_cms: Vec<(u32, f64)>,
}

/// The time each sample stands for.
fn sample_seconds(time_s: &[f64]) -> impl Iterator<Item = f64> + '_ {
    time_s.windows(2).map(|pair| match pair {
        [a, b] if (b - a).is_finite() => (b - a).clamp(0.0, MAX_SAMPLE_GAP_S),
        _ => 0.0,
    })
}

impl HeartRateTime {
    /// `None` without a heart-rate channel.
    pub fn of(streams: &Streams) -> Option<HeartRateTime> {
        let hr = streams.heart_rate_bpm.as_ref()?;
        let values: Vec<f64> = hr
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        let covered = !hr.is_empty() && values.len() as f64 >= MIN_HR_COVERAGE * hr.len() as f64;
        let mut seconds_at: Vec<(f64, f64)> = Vec::new();
        let seconds_total: f64 = sample_seconds(&streams.time_s).sum();
        let mut pairs: Vec<(f64, f64)> = sample_seconds(&streams.time_s)
            .zip(hr)
            .filter_map(|(dt, hr)| hr.filter(|v| v.is_finite()).map(|v| (v, dt)))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (bpm, dt) in pairs {
            match seconds_at.last_mut() {
                Some((last, seconds)) if *last == bpm => *seconds += dt,
                _ => seconds_at.push((bpm, dt)),
            }
        }
        Some(HeartRateTime {
            covered,
            peak_bpm: percentile(values, PEAK_PERCENTILE),
            seconds_total,
            seconds_at,
        })
    }

    /// Minutes at or above `limit`.
    pub fn minutes_at_or_above(&self, limit: f64) -> f64 {
        let seconds: f64 = self
            .seconds_at
            .iter()
            .filter(|(bpm, _)| *bpm >= limit)
            .map(|(_, s)| s)
            .sum();
        seconds / 60.0 + 0.0
    }

    /// Minutes weighted by `weight(bpm)`, over the whole run: the seconds
    /// without a heart rate (a strap dropping out) count at the run's mean
    /// weight, so a gap does not make the run look easier.
    pub fn weighted_minutes(&self, weight: impl Fn(f64) -> f64) -> f64 {
        let covered: f64 = self.seconds_at.iter().map(|(_, s)| s).sum();
        let weighted: f64 = self
            .seconds_at
            .iter()
            .map(|(bpm, s)| s * weight(*bpm))
            .sum();
        if covered <= 0.0 {
            return 0.0;
        }
        weighted * (self.seconds_total.max(covered) / covered) / 60.0 + 0.0
    }
}

/// A speed in whole cm/s (negative and NaN as 0).
fn to_cms(mps: f64) -> u32 {
    (mps * 100.0).round().clamp(0.0, f64::from(u32::MAX)) as u32
}

impl SpeedTime {
    /// From the recorded speed, or one derived from the distance; `None`
    /// with neither.
    pub fn of(streams: &Streams) -> Option<SpeedTime> {
        let speed = speed_of(streams)?;
        let running: Vec<f64> = speed
            .iter()
            .filter_map(|v| v.filter(|v| *v >= MIN_RUNNING_MPS))
            .collect();
        let mut pairs: Vec<(u32, f64)> = sample_seconds(&streams.time_s)
            .zip(speed.iter())
            .filter_map(|(dt, v)| {
                let v = v.filter(|v| v.is_finite() && *v >= 0.0)?;
                Some((to_cms(v), dt))
            })
            .collect();
        pairs.sort_by_key(|p| p.0);
        let mut seconds_at_cms: Vec<(u32, f64)> = Vec::new();
        for (cms, dt) in pairs {
            match seconds_at_cms.last_mut() {
                Some((last, seconds)) if *last == cms => *seconds += dt,
                _ => seconds_at_cms.push((cms, dt)),
            }
        }
        Some(SpeedTime {
            running_median_mps: percentile(running.clone(), 0.5),
            running_p90_mps: percentile(running, 0.9),
            seconds_at_cms,
        })
    }

    /// Minutes faster than `limit` m/s (both to the cm/s).
    pub fn minutes_faster_than(&self, limit: f64) -> f64 {
        let limit = to_cms(limit);
        let seconds: f64 = self
            .seconds_at_cms
            .iter()
            .filter(|(cms, _)| *cms > limit)
            .map(|(_, s)| s)
            .sum();
        seconds / 60.0 + 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streams(hr: &[Option<f64>], speed: &[Option<f64>]) -> Streams {
        Streams {
            time_s: (0..hr.len().max(speed.len())).map(|t| t as f64).collect(),
            heart_rate_bpm: (!hr.is_empty()).then(|| hr.to_vec()),
            speed_mps: (!speed.is_empty()).then(|| speed.to_vec()),
            ..Streams::default()
        }
    }

    #[test]
    fn samples_stand_for_the_time_to_the_next_capped() {
        // Gaps 1, 60 (capped to 10), 1, 1 s: 13 s in all; sample 1 stands
        // for 10 s, and the last sample adds nothing.
        let time = [0.0, 1.0, 61.0, 62.0, 63.0];
        let seconds: Vec<f64> = sample_seconds(&time).collect();
        assert_eq!(seconds, [1.0, 10.0, 1.0, 1.0]);
        assert!((seconds.iter().sum::<f64>() - 13.0).abs() < 1e-12);
    }

    #[test]
    fn heart_rate_seconds_and_minutes() {
        // 1 Hz: 150, 150, 160, None, 170. Seconds: 150 -> 2, 160 -> 1, the
        // gap's second is dropped, and the last sample stands for no time.
        let s = streams(
            &[Some(150.0), Some(150.0), Some(160.0), None, Some(170.0)],
            &[],
        );
        let hr = HeartRateTime::of(&s).unwrap();
        assert!(hr.covered, "4 of 5 samples");
        assert_eq!(hr.seconds_at, [(150.0, 2.0), (160.0, 1.0)]);
        assert_eq!(hr.minutes_at_or_above(160.0), 1.0 / 60.0);
        // Weighted seconds 2 x 1 + 1 x 2 = 4 over 3 covered seconds of 4:
        // the gap's second counts at the mean weight 4/3, so 16/3 s.
        let weighted = hr.weighted_minutes(|bpm| if bpm > 155.0 { 2.0 } else { 1.0 });
        assert!(
            (weighted - 16.0 / 3.0 / 60.0).abs() < 1e-12,
            "{weighted} {hr:?}"
        );
    }

    #[test]
    fn speed_seconds_to_the_centimetre() {
        // 3.0004 rounds to 300 cm/s, 3.006 to 301; 1.0 is walking (not
        // in the running median) but its time is kept; the last sample
        // (3.5) stands for no time. Running median of the three: 3.006.
        let s = streams(&[], &[Some(3.0004), Some(3.006), Some(1.0), Some(3.5)]);
        let speed = SpeedTime::of(&s).unwrap();
        assert_eq!(speed.seconds_at_cms, [(100, 1.0), (300, 1.0), (301, 1.0)]);
        assert_eq!(speed.minutes_faster_than(3.0), 1.0 / 60.0);
        // A threshold equal to a sample, as a percentile of the same
        // samples gives: that sample is not above it.
        assert_eq!(speed.minutes_faster_than(3.006), 0.0);
        // 2.7775 is 278 cm/s: both running samples are above it, and so
        // is 3.009 (301) against 3.0 (300), but not against 3.006 (301).
        assert_eq!(speed.minutes_faster_than(2.7775), 2.0 / 60.0);
        assert_eq!(speed.running_median_mps, Some(3.006));
        let s = streams(&[], &[Some(3.009), Some(3.0)]);
        let speed = SpeedTime::of(&s).unwrap();
        assert_eq!(speed.minutes_faster_than(3.0), 1.0 / 60.0);
        assert_eq!(speed.minutes_faster_than(3.006), 0.0);
    }
}
