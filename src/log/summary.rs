//! Per-run totals: the numbers every later stage and the report start from.

use serde::{Deserialize, Serialize};

mod averages;
mod pauses;

use averages::{covered_s, sample_weights, samples_or_device, weighted_mean, MAX_SAMPLE_WEIGHT_S};
use pauses::TimerPauses;

use crate::model::{
    haversine_m, valid_fix, Activity, ElevationSource, LatLon, Streams, MIN_RUNNING_MPS,
    MIN_RUNNING_SPM,
};

/// Below this speed the runner is standing, not moving (GPS jitter while
/// standing still is typically 0.1-0.4 m/s).
const MOVING_SPEED_MPS: f64 = 0.5;
/// Up to this spacing a sample's own speed stands for the interval before
/// it. Longer gaps are judged by the distance covered across them: Garmin
/// "smart recording" leaves 11-30 s between samples at a steady walk or jog
/// (sports-lib 2067489619.fit has 75 such gaps, a third of its timer time).
const STEADY_SAMPLE_S: f64 = 10.0;
/// Longer gaps are not judged from the samples: with the device's timer
/// known they count as the timer says, else as a pause or lost signal.
const MAX_MOVING_GAP_S: f64 = MAX_SAMPLE_WEIGHT_S;
/// No runner goes this fast; faster steps between fixes are GPS glitches
/// (knee-risk-rules.md, "GPS glitches").
const GLITCH_SPEED_MPS: f64 = 12.0;
/// Samples must span at least this share of the device's timer time for the
/// moving time computed from them to stand; a salvaged, truncated file
/// covers only its first minutes.
const COVERAGE: f64 = 0.5;
/// A device total this much shorter than the samples is stale.
const STALE_SUMMARY: f64 = 0.02;
/// Dead bands for summing elevation changes: barometers drift less than GPS.
const DEAD_BAND_BAROMETRIC_M: f64 = 3.0;
const DEAD_BAND_OTHER_M: f64 = 5.0;

/// Totals of one run. `None` means unknown, never 0 or NaN.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<f64>,
    /// The IANA zone at the first GPS fix, which decides local time
    /// (`local_time::resolve`); measured here so that it is cached.
    pub start_zone: Option<String>,
    /// Ground contact (stance) time, time-weighted like heart rate: what a
    /// running-dynamics pod, a Stryd or an Apple Watch measured.
    pub avg_gct_ms: Option<f64>,
}

impl RunSummary {
    /// Totals of `activity`, preferring what the device itself computed.
    pub fn of(activity: &Activity) -> RunSummary {
        let device = &activity.summary;
        let streams = &activity.streams;
        let speeds = sample_speeds(streams);
        let (ascent, descent) = elevation_changes(activity);
        let timer_s = positive(device.timer_s);
        // The timer never runs longer than the clock: a shorter elapsed time
        // comes from samples that stop early.
        let elapsed_s = match (elapsed_s(activity), timer_s) {
            (Some(elapsed), Some(timer)) => Some(elapsed.max(timer)),
            (elapsed, timer) => elapsed.or(timer),
        };
        let moving_s = match moving_time_s(activity, &speeds) {
            Some(streamed) if timer_s.is_none_or(|t| streamed.covered_s >= COVERAGE * t) => {
                // Timer time that no judged interval covers (before the first
                // sample, laps without a track, gaps with the timer running)
                // was spent moving: the device would have stopped the timer.
                let unsampled = timer_s.map_or(0.0, |t| (t - streamed.covered_s).max(0.0));
                positive(Some(streamed.moving_s))
                    .map(|moving| moving + unsampled)
                    .or(timer_s)
            }
            _ => timer_s,
        }
        // Whole-second sample times can overshoot the timer by a fraction.
        .map(|moving| elapsed_s.map_or(moving, |elapsed| moving.min(elapsed)));
        let weights = sample_weights(activity);
        let heart_rate = streams.heart_rate_bpm.as_deref().unwrap_or_default();
        let heart_rate_covered_s = covered_s(heart_rate, &weights);
        let max_hr_sampled = heart_rate
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
            .reduce(f64::max);
        let cadence = streams.cadence_spm.as_deref().unwrap_or_default();
        let stance = streams.stance_time_ms.as_deref().unwrap_or_default();
        RunSummary {
            distance_m: positive(device.distance_m)
                .or_else(|| positive(last_value(streams.distance_m.as_deref())))
                .or_else(|| positive(track_length_m(streams))),
            elapsed_s,
            moving_s,
            ascent_m: non_negative(device.ascent_m).or(ascent),
            descent_m: non_negative(device.descent_m).or(descent),
            // Not the device's figure even when the samples are thin: it
            // averages walking and standing too (runalyze
            // FR920xt-with-Stryd.fit: 135.6 against 164 while running), and
            // this is cadence while running (knee-risk-rules.md).
            avg_cadence_spm: running_cadence(cadence, &weights, &speeds)
                .or_else(|| positive(device.avg_cadence_spm)),
            avg_hr_bpm: samples_or_device(
                weighted_mean(heart_rate, &weights, |_, _| true).map(|w| w.value),
                heart_rate_covered_s,
                device.avg_hr_bpm,
                timer_s,
            ),
            max_hr_bpm: samples_or_device(
                max_hr_sampled,
                heart_rate_covered_s,
                device.max_hr_bpm,
                timer_s,
            ),
            start_zone: super::local_time::start_zone(activity).map(|zone| zone.name().to_string()),
            avg_gct_ms: weighted_mean(stance, &weights, |_, _| true).map(|w| w.value),
        }
    }
}

/// The device's elapsed time, unless samples run on well past it: some
/// Suunto files close the session without its final lap (runalyze
/// Suunto-Ambit-3-Peak-without-final-lap.fit: session 4035 s, samples to
/// 4961 s). A stream more than twice as long is a broken time stamp, not a
/// missing lap.
fn elapsed_s(activity: &Activity) -> Option<f64> {
    let device = positive(activity.summary.elapsed_s);
    let recorded = positive(last_time_with_data(&activity.streams));
    match (device, recorded) {
        (Some(device), Some(recorded))
            if recorded > device * (1.0 + STALE_SUMMARY) && recorded <= 2.0 * device =>
        {
            Some(recorded)
        }
        (Some(device), _) => Some(device),
        (None, recorded) => recorded.or_else(|| positive(activity.streams.time_s.last().copied())),
    }
}

/// Time of the last sample that holds any value: some files end with an
/// empty record stamped after the session.
fn last_time_with_data(streams: &Streams) -> Option<f64> {
    let has_data = |i: usize| {
        streams
            .numeric_channels()
            .iter()
            .any(|(_, channel)| value_at(channel, i).is_some())
            || streams
                .position
                .as_ref()
                .is_some_and(|points| points.get(i).copied().flatten().is_some())
    };
    (0..streams.len())
        .rev()
        .find(|&i| has_data(i))
        .and_then(|i| streams.time_s.get(i).copied())
}

fn positive(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}

fn non_negative(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v >= 0.0)
}

fn last_value(channel: Option<&[Option<f64>]>) -> Option<f64> {
    channel?.iter().rev().find_map(|v| *v)
}

/// Length of the GPS track, leaving out steps that imply impossible speeds:
/// both steps around a glitched fix are dropped, which costs a few metres
/// but never adds the kilometres a wild fix would.
fn track_length_m(streams: &Streams) -> Option<f64> {
    let positions = streams.position.as_ref()?;
    let mut previous: Option<(f64, LatLon)> = None;
    let mut total = 0.0;
    let mut steps = 0usize;
    for (time, point) in streams.time_s.iter().zip(positions) {
        let Some(point) = point.filter(valid_fix) else {
            continue;
        };
        if let Some((previous_time, previous_point)) = previous {
            let step = haversine_m(previous_point, point);
            // Two fixes stamped alike are taken as a second apart.
            let dt = time - previous_time;
            let glitch = step / if dt > 0.0 { dt } else { 1.0 } > GLITCH_SPEED_MPS;
            if step.is_finite() && !glitch {
                total += step;
                steps += 1;
            }
        }
        previous = Some((*time, point));
    }
    (steps > 0).then_some(total)
}

/// The speed at each sample: the recorded speed, else the mean speed since
/// the previous sample. `None` where nothing tells.
fn sample_speeds(streams: &Streams) -> Vec<Option<f64>> {
    (0..streams.len())
        .map(|i| {
            value_at(&streams.speed_mps, i)
                .filter(|v| v.is_finite() && *v >= 0.0)
                .or_else(|| interval_speed(streams, i))
        })
        .collect()
}

fn value_at(channel: &Option<Vec<Option<f64>>>, i: usize) -> Option<f64> {
    channel.as_ref()?.get(i).copied().flatten()
}

/// Mean speed from sample `i - 1` to sample `i`: device distance first,
/// then GPS.
fn interval_speed(streams: &Streams, i: usize) -> Option<f64> {
    let previous = i.checked_sub(1)?;
    let dt = streams.time_s.get(i)? - streams.time_s.get(previous)?;
    if !(dt > 0.0 && dt.is_finite()) {
        return None;
    }
    let fix = |k: usize| {
        streams
            .position
            .as_ref()?
            .get(k)
            .copied()
            .flatten()
            .filter(valid_fix)
    };
    let from_distance = match (
        value_at(&streams.distance_m, previous),
        value_at(&streams.distance_m, i),
    ) {
        (Some(a), Some(b)) if b >= a => Some((b - a) / dt),
        _ => None,
    };
    from_distance
        .or_else(|| {
            let from_gps = haversine_m(fix(previous)?, fix(i)?) / dt;
            (from_gps <= GLITCH_SPEED_MPS).then_some(from_gps)
        })
        .filter(|v| v.is_finite())
}

/// Moving time as the samples tell it.
struct Streamed {
    moving_s: f64,
    /// Time spanned by intervals short enough to judge, the timer running.
    covered_s: f64,
}

/// Time spent moving, interval by interval: a short interval counts when the
/// speed at its end shows movement, a longer one when the distance covered
/// across it does; none counts across a timer pause. `None` when no interval
/// carries a speed, so the caller can fall back to the device timer.
fn moving_time_s(activity: &Activity, speeds: &[Option<f64>]) -> Option<Streamed> {
    let streams = &activity.streams;
    let mut pauses = TimerPauses::of(activity);
    let mut moving = 0.0;
    let mut covered = 0.0;
    let mut informed = false;
    for (i, window) in streams.time_s.windows(2).enumerate() {
        let (start, end) = (window[0], window[1]);
        let dt = end - start;
        if !(dt > 0.0 && dt <= MAX_MOVING_GAP_S) {
            continue;
        }
        let speed = if dt <= STEADY_SAMPLE_S {
            speeds.get(i + 1).copied().flatten()
        } else {
            interval_speed(streams, i + 1)
        };
        let Some(speed) = speed else {
            continue;
        };
        informed = true;
        if pauses.overlaps(start, end) {
            continue;
        }
        covered += dt;
        if speed > MOVING_SPEED_MPS {
            moving += dt;
        }
    }
    informed.then_some(Streamed {
        moving_s: moving,
        covered_s: covered,
    })
}

/// Time-weighted mean cadence while running (walking and standing left out,
/// knee-risk-rules.md, "General principles"); when the filter leaves nothing
/// (a very slow runner, or a file whose speeds are all missing and cadences
/// low), the mean of every recorded sample is still better than nothing.
fn running_cadence(
    cadence: &[Option<f64>],
    weights: &[f64],
    speeds: &[Option<f64>],
) -> Option<f64> {
    let running = |i: usize, value: f64| {
        let speed_ok = speeds
            .get(i)
            .copied()
            .flatten()
            .is_none_or(|speed| speed >= MIN_RUNNING_MPS);
        speed_ok && value >= MIN_RUNNING_SPM
    };
    weighted_mean(cadence, weights, running)
        .or_else(|| weighted_mean(cadence, weights, |_, _| true))
        .map(|w| w.value)
}

/// Ascent and descent from the elevation stream with a dead band: a change
/// counts only once it exceeds the band, so sensor noise does not add up.
fn elevation_changes(activity: &Activity) -> (Option<f64>, Option<f64>) {
    let Some(elevations) = activity.streams.elevation_m.as_ref() else {
        return (None, None);
    };
    let band = match activity.elevation_source {
        Some(ElevationSource::Barometric) => DEAD_BAND_BAROMETRIC_M,
        _ => DEAD_BAND_OTHER_M,
    };
    let mut values = elevations
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite());
    let Some(mut reference) = values.next() else {
        return (None, None);
    };
    let (mut ascent, mut descent) = (0.0, 0.0);
    for value in values {
        if value - reference >= band {
            ascent += value - reference;
            reference = value;
        } else if reference - value >= band {
            descent += reference - value;
            reference = value;
        }
    }
    (Some(ascent), Some(descent))
}

#[cfg(test)]
mod tests;
