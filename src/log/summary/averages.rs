//! Heart-rate and cadence averages weighted by time, as the watch computes
//! its own: with smart recording the samples are uneven (a sample every
//! second on a climb, every 20 s on a steady stretch), and a plain mean
//! over-weights the busy stretches. sports-lib 2067489619.fit: the watch
//! says 130 bpm, the plain mean of its samples 134, the time-weighted 129.6.

use super::pauses::TimerPauses;
use crate::model::Activity;

/// A sample stands for its value until the next sample, but never longer
/// than this: a longer gap is a pause or lost signal (the moving time and
/// the FIT importer draw the same line).
pub(super) const MAX_SAMPLE_WEIGHT_S: f64 = 60.0;
/// Below this share of the timer the samples missed too much (a strap that
/// connected late, a cut file), and the device's own figure wins where it
/// has one.
const DEVICE_WINS_BELOW: f64 = 0.9;

/// How long each sample's value held: the time to the next sample, capped
/// at [`MAX_SAMPLE_WEIGHT_S`], and 0 when the timer stopped in between. The
/// last sample holds as long as the one before it.
pub(super) fn sample_weights(activity: &Activity) -> Vec<f64> {
    let times = &activity.streams.time_s;
    let mut pauses = TimerPauses::of(activity);
    let mut weights: Vec<f64> = times
        .windows(2)
        .map(|pair| {
            let dt = pair[1] - pair[0];
            if dt.is_finite() && dt > 0.0 && !pauses.overlaps(pair[0], pair[1]) {
                dt.min(MAX_SAMPLE_WEIGHT_S)
            } else {
                0.0
            }
        })
        .collect();
    if !times.is_empty() {
        let last = weights.last().copied().unwrap_or(1.0);
        weights.push(last);
    }
    weights
}

/// A time-weighted figure of the samples, and the time they cover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Weighted {
    pub value: f64,
    pub covered_s: f64,
}

/// Time-weighted mean of the positive, finite values that `keep` lets
/// through. When no kept sample has any weight (every interval paused), the
/// plain mean of the kept values, covering nothing.
pub(super) fn weighted_mean(
    values: &[Option<f64>],
    weights: &[f64],
    keep: impl Fn(usize, f64) -> bool,
) -> Option<Weighted> {
    let kept = || {
        values
            .iter()
            .zip(weights)
            .enumerate()
            .filter_map(|(i, (value, weight))| {
                let value = value.filter(|v| v.is_finite() && *v > 0.0)?;
                keep(i, value).then_some((value, *weight))
            })
    };
    let (sum, covered_s, count, plain_sum) = kept().fold(
        (0.0, 0.0, 0usize, 0.0),
        |(sum, covered, count, plain), (value, weight)| {
            (
                sum + value * weight,
                covered + weight,
                count + 1,
                plain + value,
            )
        },
    );
    match (covered_s > 0.0, count > 0) {
        (true, _) => Some(Weighted {
            value: sum / covered_s,
            covered_s,
        }),
        (false, true) => Some(Weighted {
            value: plain_sum / count as f64,
            covered_s: 0.0,
        }),
        (false, false) => None,
    }
}

/// Time covered by samples that hold any value of the channel.
pub(super) fn covered_s(values: &[Option<f64>], weights: &[f64]) -> f64 {
    values
        .iter()
        .zip(weights)
        .filter(|(value, _)| value.is_some_and(f64::is_finite))
        .map(|(_, weight)| weight)
        .sum()
}

/// The samples' figure, unless they cover less than 90% of the timer and
/// the device has its own: then the device saw the run better.
pub(super) fn samples_or_device(
    samples: Option<f64>,
    covered_s: f64,
    device: Option<f64>,
    timer_s: Option<f64>,
) -> Option<f64> {
    let device = device.filter(|v| v.is_finite() && *v > 0.0);
    let thin = timer_s.is_some_and(|timer| covered_s < DEVICE_WINS_BELOW * timer);
    match (samples, device) {
        (Some(_), Some(device)) if thin => Some(device),
        (Some(samples), _) => Some(samples),
        (None, device) => device,
    }
}
