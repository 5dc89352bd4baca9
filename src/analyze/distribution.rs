//! How long one run spent at each heart rate and each speed: the per-run
//! summary from which TRIMP, the observed maximum heart rate and the
//! intensity minutes are computed for any threshold, without the samples.
//!
//! Each sample stands for the time to the next one, at most 10 s
//! (`sample_speed::MAX_SAMPLE_GAP_S`; a pause with the watch stopped adds
//! nothing), as in every time-weighted measure here. Heart rates are kept
//! exactly (a run has a few dozen distinct values); speeds to the
//! centimetre per second, and a threshold is rounded the same way before
//! it is compared, so a sample exactly at it never counts as above.

use super::packed_seconds::PackedSeconds;
use super::percentile::{percentile, percentiles};
use super::sample_speed::{speed_of, MAX_SAMPLE_GAP_S};
use crate::model::{Streams, MIN_RUNNING_MPS};
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
    pub seconds_at: PackedSeconds,
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
    pub seconds_at_cms: PackedSeconds,
}

/// The time each sample stands for.
fn sample_seconds(time_s: &[f64]) -> impl Iterator<Item = f64> + Clone + '_ {
    time_s.windows(2).map(|pair| match pair {
        [a, b] if (b - a).is_finite() => (b - a).clamp(0.0, MAX_SAMPLE_GAP_S),
        _ => 0.0,
    })
}

impl HeartRateTime {
    /// `None` without a heart-rate channel.
    pub fn of(streams: &Streams) -> Option<HeartRateTime> {
        let hr = streams.heart_rate_bpm.as_ref()?;
        // Sized for every sample: growing by pushes copied them over.
        let mut values = Vec::with_capacity(hr.len());
        values.extend(hr.iter().flatten().copied().filter(|v| v.is_finite()));
        let covered = !hr.is_empty() && values.len() as f64 >= MIN_HR_COVERAGE * hr.len() as f64;
        let seconds_total: f64 = sample_seconds(&streams.time_s).sum();
        let pairs = sample_seconds(&streams.time_s)
            .zip(hr)
            .filter_map(|(dt, hr)| hr.filter(|v| v.is_finite()).map(|v| (v, dt)));
        // Whole beats per minute (what devices record) index directly.
        let whole_bpm =
            |bpm: f64| (bpm.is_sign_positive() && bpm.fract() == 0.0).then_some(bpm as usize);
        let seconds_at = seconds_by(pairs, whole_bpm, f64::total_cmp);
        Some(HeartRateTime {
            covered,
            peak_bpm: percentile(values, PEAK_PERCENTILE),
            seconds_total,
            seconds_at: PackedSeconds::pack(seconds_at),
        })
    }

    /// Minutes at or above `limit`.
    pub fn minutes_at_or_above(&self, limit: f64) -> f64 {
        let seconds: f64 = self
            .seconds_at
            .pairs()
            .filter(|(bpm, _)| *bpm >= limit)
            .map(|(_, s)| s)
            .sum();
        seconds / 60.0 + 0.0
    }

    /// Minutes weighted by `weight(bpm)`, over the whole run: the seconds
    /// without a heart rate (a strap dropping out) count at the run's mean
    /// weight, so a gap does not make the run look easier.
    pub fn weighted_minutes(&self, weight: impl Fn(f64) -> f64) -> f64 {
        let covered: f64 = self.seconds_at.pairs().map(|(_, s)| s).sum();
        let weighted: f64 = self
            .seconds_at
            .pairs()
            .map(|(bpm, s)| s * weight(bpm))
            .sum();
        if covered <= 0.0 {
            return 0.0;
        }
        weighted * (self.seconds_total.max(covered) / covered) / 60.0 + 0.0
    }
}

/// Keys up to this index are summed in a table rather than sorted: 16384
/// covers every heart rate and every speed below 160 m/s.
const DIRECT_KEYS: usize = 1 << 14;

/// (key, seconds) summed per key, by rising key, each key's seconds added
/// in sample order. While every key has an `index` below [`DIRECT_KEYS`]
/// (rising with the key, one per key) the sums go straight into a table,
/// in the one pass over the samples; at the first key without one, the
/// pairs are walked again and sorted. Both add in the same order, so the
/// sums are the same to the bit. Sorting every run's samples was a tenth
/// of the analyzers' time, and collecting the pairs and their indices
/// first a further two vectors per run.
fn seconds_by<K: Copy + PartialEq>(
    pairs: impl Iterator<Item = (K, f64)> + Clone,
    index: impl Fn(K) -> Option<usize>,
    compare: impl Fn(&K, &K) -> std::cmp::Ordering,
) -> Vec<(K, f64)> {
    let mut table: Vec<Option<(K, f64)>> = Vec::new();
    for (key, dt) in pairs.clone() {
        let Some(i) = index(key).filter(|&i| i < DIRECT_KEYS) else {
            return seconds_by_sorting(pairs.collect(), compare);
        };
        if i >= table.len() {
            // Doubling, so that rising keys do not resize at each one.
            table.resize((i + 1).max(2 * table.len()), None);
        }
        match table.get_mut(i) {
            Some(Some((_, seconds))) => *seconds += dt,
            Some(slot) => *slot = Some((key, dt)),
            None => {}
        }
    }
    table.into_iter().flatten().collect()
}

/// [`seconds_by`] for keys that do not all index a table.
fn seconds_by_sorting<K: Copy + PartialEq>(
    mut pairs: Vec<(K, f64)>,
    compare: impl Fn(&K, &K) -> std::cmp::Ordering,
) -> Vec<(K, f64)> {
    // Stable: each key's seconds stay in sample order.
    pairs.sort_by(|a, b| compare(&a.0, &b.0));
    let mut summed: Vec<(K, f64)> = Vec::new();
    for (key, dt) in pairs {
        match summed.last_mut() {
            Some((last, seconds)) if *last == key => *seconds += dt,
            _ => summed.push((key, dt)),
        }
    }
    summed
}

/// A speed in whole cm/s, halves away from zero (`f64::round`), negative
/// and NaN as 0. Rounded by hand: `round` is a call into the C library
/// on this target, once per sample of every run.
fn to_cms(mps: f64) -> u32 {
    let cms = mps * 100.0;
    // Saturating: NaN and negatives give 0, the too large u32::MAX.
    let whole = cms as u32;
    // Below 2^32 the difference is exact (Sterbenz: `whole` is at least
    // half of `cms`, or 0); above, `whole` is already u32::MAX.
    // Added, not branched on: the fraction is a coin toss per sample.
    whole.saturating_add(u32::from(cms - f64::from(whole) >= 0.5))
}

impl SpeedTime {
    /// From the recorded speed, or one derived from the distance; `None`
    /// with neither.
    pub fn of(streams: &Streams) -> Option<SpeedTime> {
        let speed = speed_of(streams)?;
        let mut running = Vec::with_capacity(speed.len());
        running.extend(
            speed
                .iter()
                .filter_map(|v| v.filter(|v| *v >= MIN_RUNNING_MPS)),
        );
        let pairs = sample_seconds(&streams.time_s)
            .zip(speed.iter())
            .filter_map(|(dt, v)| {
                let v = v.filter(|v| v.is_finite() && *v >= 0.0)?;
                Some((to_cms(v), dt))
            });
        let seconds_at_cms = seconds_by(pairs, |cms| usize::try_from(cms).ok(), u32::cmp);
        let [running_median_mps, running_p90_mps] = percentiles(running, [0.5, 0.9]);
        Some(SpeedTime {
            running_median_mps,
            running_p90_mps,
            seconds_at_cms: PackedSeconds::pack(
                seconds_at_cms
                    .into_iter()
                    .map(|(cms, s)| (f64::from(cms), s)),
            ),
        })
    }

    /// Minutes faster than `limit` m/s (both to the cm/s).
    pub fn minutes_faster_than(&self, limit: f64) -> f64 {
        // Whole cm/s, as the keys: exact as f64.
        let limit = f64::from(to_cms(limit));
        let seconds: f64 = self
            .seconds_at_cms
            .pairs()
            .filter(|(cms, _)| *cms > limit)
            .map(|(_, s)| s)
            .sum();
        seconds / 60.0 + 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand rounding gives what `f64::round` and a clamp give, at
    /// halves, just under them, at the ends of u32 and for odd input.
    #[test]
    fn whole_centimetres_round_as_f64_round_does() {
        let by_round = |mps: f64| (mps * 100.0).round().clamp(0.0, f64::from(u32::MAX)) as u32;
        let mut values = vec![
            0.0,
            -0.0,
            -0.004,
            -0.005,
            -3.0,
            0.005,
            0.004_999_999_999_999_999,
            1.005,
            2.675,
            3.335,
            0.494_999_999_999_999_94,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            42_949_672.94,
            42_949_672.945,
            42_949_672.955,
            1e300,
        ];
        values.extend((0..100_000).map(|i| f64::from(i) * 0.000_5));
        values.extend((0..20_000).map(|i| (f64::from(i) + 0.5) / 100.0));
        for mps in values {
            assert_eq!(to_cms(mps), by_round(mps), "{mps}");
        }
    }

    fn streams(hr: &[Option<f64>], speed: &[Option<f64>]) -> Streams {
        Streams {
            time_s: (0..hr.len().max(speed.len())).map(|t| t as f64).collect(),
            heart_rate_bpm: (!hr.is_empty()).then(|| hr.to_vec()),
            speed_mps: (!speed.is_empty()).then(|| speed.to_vec()),
            ..Streams::default()
        }
    }

    /// The table and the sort give the same pairs, to the bit, on keys
    /// with many repeats and uneven seconds.
    #[test]
    fn table_and_sort_sum_alike() {
        let mut state = 3_u64;
        let mut next = |modulo: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % modulo
        };
        let pairs: Vec<(u32, f64)> = (0..5000)
            .map(|_| (250 + next(200) as u32, 0.1 * next(100) as f64 + 0.37))
            .collect();
        let direct = seconds_by(pairs.iter().copied(), |k| usize::try_from(k).ok(), u32::cmp);
        let sorted = seconds_by(pairs.iter().copied(), |_| None, u32::cmp);
        // A key without an index part way through: the table so far is
        // dropped and the pairs walked again.
        let midway = seconds_by(
            pairs.iter().copied(),
            |k| (k != 300).then_some(k as usize),
            u32::cmp,
        );
        let bits = |v: &[(u32, f64)]| -> Vec<(u32, u64)> {
            v.iter().map(|(k, s)| (*k, s.to_bits())).collect()
        };
        assert_eq!(bits(&direct), bits(&sorted));
        assert_eq!(bits(&midway), bits(&sorted));
        assert_eq!(direct.len(), 200);
        // A fractional heart rate sends the run to the sort.
        let hr = streams(&[Some(150.5), Some(150.0), Some(151.0)], &[]);
        let seconds_at = HeartRateTime::of(&hr).unwrap().seconds_at;
        assert_eq!(
            seconds_at.pairs().collect::<Vec<_>>(),
            [(150.0, 1.0), (150.5, 1.0)]
        );
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
        assert_eq!(
            hr.seconds_at.pairs().collect::<Vec<_>>(),
            [(150.0, 2.0), (160.0, 1.0)]
        );
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
        assert_eq!(
            speed.seconds_at_cms.pairs().collect::<Vec<_>>(),
            [(100.0, 1.0), (300.0, 1.0), (301.0, 1.0)]
        );
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
