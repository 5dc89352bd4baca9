//! FIT `record` messages to sample streams.

use super::fields::semicircles_to_degrees;
use super::messages::{FitRecord, Num};
use crate::import::plausible::{
    within, CADENCE, DISTANCE_M, ELEVATION_M, HEART_RATE_BPM, POWER_W, SPEED_MPS, TEMPERATURE_C,
};
use crate::model::{channel_from, LatLon, Streams};

/// One decoded `record`, in SI units, before it is placed on the timeline.
/// Kept as compact as the records it comes from (112 bytes): a run has
/// thousands.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    pub time_fit_s: i64,
    /// Degrees; both present or both missing.
    pub lat_deg: Num,
    pub lon_deg: Num,
    pub distance_m: Num,
    pub speed_mps: Num,
    pub elevation_m: Num,
    pub heart_rate_bpm: Num,
    /// As stored: strides/min for running (one leg), rpm for cycling.
    pub raw_cadence: Num,
    pub power_w: Num,
    pub temperature_c: Num,
    pub stance_time_ms: Num,
    pub stance_time_balance_pct: Num,
    pub vertical_oscillation_mm: Num,
    pub step_length_mm: Num,
}

impl Sample {
    pub fn from_record(record: &FitRecord) -> Option<Sample> {
        let time_fit_s = record.timestamp?;
        let lat = record
            .position_lat
            .get()
            .and_then(|v| semicircles_to_degrees(v, 90.0));
        let lon = record
            .position_long
            .get()
            .and_then(|v| semicircles_to_degrees(v, 180.0));
        // Both zero is the "null island" some devices write before a fix.
        let (lat_deg, lon_deg) = match (lat, lon) {
            (Some(lat), Some(lon)) if lat != 0.0 || lon != 0.0 => (Num::of(lat), Num::of(lon)),
            _ => (Num::NONE, Num::NONE),
        };
        // Cadence counts whole strides plus a fraction in 1/128ths; zero
        // means the device detected no steps (standing), not a measurement.
        let raw_cadence = record
            .cadence
            .get()
            .map(|whole| whole + record.fractional_cadence.get().unwrap_or(0.0));
        let between = |value: Num, low: f64, high: f64| {
            Num::new(value.get().filter(|v| *v > low && *v < high))
        };
        Some(Sample {
            time_fit_s,
            lat_deg,
            lon_deg,
            distance_m: Num::new(within(record.distance.get(), DISTANCE_M)),
            speed_mps: Num::new(within(record.speed.get(), SPEED_MPS)),
            elevation_m: Num::new(within(record.altitude.get(), ELEVATION_M)),
            heart_rate_bpm: Num::new(within(record.heart_rate.get(), HEART_RATE_BPM)),
            raw_cadence: Num::new(within(raw_cadence, CADENCE)),
            power_w: Num::new(within(record.power.get(), POWER_W)),
            temperature_c: Num::new(within(record.temperature.get(), TEMPERATURE_C)),
            stance_time_ms: between(record.stance_time, 0.0, 2000.0),
            stance_time_balance_pct: between(record.stance_time_balance, 0.0, 100.0),
            vertical_oscillation_mm: between(record.vertical_oscillation, 0.0, 500.0),
            step_length_mm: between(record.step_length, 0.0, 5000.0),
        })
    }

    pub fn position(&self) -> Option<LatLon> {
        Some(LatLon {
            lat_deg: self.lat_deg.get()?,
            lon_deg: self.lon_deg.get()?,
        })
    }

    /// Fills what this sample lacks from another taken in the same second
    /// (some devices split one second over two records).
    fn absorb(&mut self, other: Sample) {
        if self.position().is_none() {
            self.lat_deg = other.lat_deg;
            self.lon_deg = other.lon_deg;
        }
        macro_rules! fill {
            ($($field:ident),*) => {
                $( if self.$field.get().is_none() { self.$field = other.$field; } )*
            };
        }
        fill!(
            distance_m,
            speed_mps,
            elevation_m,
            heart_rate_bpm,
            raw_cadence,
            power_w,
            temperature_c,
            stance_time_ms,
            stance_time_balance_pct,
            vertical_oscillation_mm,
            step_length_mm
        );
    }
}

/// How far past the last session's end a record may be before its time is
/// taken for a clock jump.
const JUMP_MARGIN_S: i64 = 600;
/// Without a session to bound the recording, a forward gap this long
/// between two records is a clock jump, not a pause.
const UNBOUNDED_JUMP_S: i64 = 6 * 3600;

/// Mends jumps of the device clock, in file order. Some devices jump days
/// ahead mid-run (runalyze's time-jump.fit: 20 days) and keep recording on
/// the new clock; a salvaged Strava file holds one record dated 2085.
/// Records on a jumped clock are moved back to follow the record before
/// the jump, and the clock is dropped again once records return to the
/// original timeline.
///
/// `span` is what the sessions state (first start, last end). The
/// timeline is anchored on the first record inside it: records before
/// that one that lie outside the span (a first record on a power-on clock,
/// or dated 2085) are dropped rather than trusted as the anchor.
pub fn mend_clock_jumps(mut samples: Vec<Sample>, span: Option<(i64, i64)>) -> Vec<Sample> {
    let inside = |t: i64| {
        span.is_none_or(|(start, end)| {
            t >= start.saturating_sub(JUMP_MARGIN_S) && t <= end.saturating_add(JUMP_MARGIN_S)
        })
    };
    let plausible_after =
        |t: i64, reference: i64| t >= reference && t - reference <= UNBOUNDED_JUMP_S && inside(t);
    let anchor = samples.iter().position(|s| inside(s.time_fit_s));
    samples.drain(..anchor.unwrap_or(0));
    let mut shift = 0i64;
    let mut last_original: Option<i64> = None;
    let mut last: Option<i64> = None;
    for sample in &mut samples {
        let raw = sample.time_fit_s;
        let shifted = raw.saturating_add(shift);
        let time = match (last, last_original) {
            (None, _) => raw,
            (Some(_), Some(original)) if shift != 0 && plausible_after(raw, original) => {
                shift = 0;
                raw
            }
            (Some(prev), _) if plausible_after(shifted, prev) => shifted,
            (Some(prev), _) if shifted > prev => {
                shift = prev.saturating_add(1).saturating_sub(raw);
                prev.saturating_add(1)
            }
            // Backwards in time: left for in_time_order to drop.
            _ => shifted,
        };
        if shift == 0 {
            last_original = Some(raw);
        }
        last = Some(last.map_or(time, |l| l.max(time)));
        sample.time_fit_s = time;
    }
    samples
}

/// Puts samples in time order, in place: a sample that goes back in time
/// is dropped, one in the same second as the previous is merged into it.
pub fn in_time_order(mut samples: Vec<Sample>) -> Vec<Sample> {
    let mut kept = 0usize;
    for i in 0..samples.len() {
        let Some(sample) = samples.get(i).copied() else {
            break;
        };
        match kept.checked_sub(1).and_then(|last| samples.get_mut(last)) {
            Some(last) if sample.time_fit_s == last.time_fit_s => last.absorb(sample),
            Some(last) if sample.time_fit_s < last.time_fit_s => {}
            _ => {
                if let Some(slot) = samples.get_mut(kept) {
                    *slot = sample;
                }
                kept += 1;
            }
        }
    }
    samples.truncate(kept);
    samples
}

/// Builds the streams, with times relative to `start_fit_s`.
/// `cadence_factor` turns the stored cadence into steps/min (2 for
/// running's strides), or is `None` when the cadence is not in steps.
pub fn streams_from(samples: &[Sample], start_fit_s: i64, cadence_factor: Option<f64>) -> Streams {
    Streams {
        time_s: samples
            .iter()
            .map(|s| (s.time_fit_s - start_fit_s) as f64)
            .collect(),
        position: samples
            .iter()
            .any(|s| s.position().is_some())
            .then(|| samples.iter().map(Sample::position).collect()),
        distance_m: column(samples, |s| s.distance_m),
        speed_mps: column(samples, |s| s.speed_mps),
        elevation_m: column(samples, |s| s.elevation_m),
        heart_rate_bpm: column(samples, |s| s.heart_rate_bpm),
        cadence_spm: cadence_factor.and_then(|factor| {
            column(samples, |s| {
                Num::new(s.raw_cadence.get().map(|c| c * factor))
            })
        }),
        power_w: column(samples, |s| s.power_w),
        temperature_c: column(samples, |s| s.temperature_c),
        stance_time_ms: column(samples, |s| s.stance_time_ms),
        stance_time_balance_pct: column(samples, |s| s.stance_time_balance_pct),
        vertical_oscillation_mm: column(samples, |s| s.vertical_oscillation_mm),
        step_length_mm: column(samples, |s| s.step_length_mm),
    }
}

/// One channel; `None` (nothing built) when no sample has it.
fn column(samples: &[Sample], pick: impl Fn(&Sample) -> Num) -> Option<Vec<Option<f64>>> {
    samples
        .iter()
        .any(|s| pick(s).get().is_some())
        .then(|| samples.iter().map(|s| pick(s).get()).collect())
}

/// Rebuilds cumulative distance by integrating speed, for files whose
/// recorded distance cannot be trusted (old foot pods writing
/// `compressed_speed_distance` accumulate it wrongly in fitparser).
pub fn distance_from_speed(streams: &Streams) -> Option<Vec<Option<f64>>> {
    let speeds = streams.speed_mps.as_ref()?;
    let mut total = 0.0;
    let mut previous: Option<(f64, f64)> = None;
    let mut distance = Vec::with_capacity(speeds.len());
    for (time, speed) in streams.time_s.iter().zip(speeds) {
        if let (Some((t0, v0)), Some(v1)) = (previous, speed) {
            // Gaps longer than a minute are pauses or lost signal.
            let dt = time - t0;
            if dt > 0.0 && dt <= 60.0 {
                total += dt * (v0 + v1) / 2.0;
            }
        }
        if let Some(v) = speed {
            previous = Some((*time, *v));
        }
        distance.push(speed.map(|_| total));
    }
    channel_from(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: i64, hr: Option<f64>, speed: Option<f64>) -> Sample {
        Sample {
            time_fit_s: t,
            heart_rate_bpm: Num::new(hr),
            speed_mps: Num::new(speed),
            ..Sample::default()
        }
    }

    #[test]
    fn backwards_samples_dropped_and_same_second_merged() {
        let ordered = in_time_order(vec![
            at(10, Some(100.0), None),
            at(10, None, Some(3.0)),
            at(9, Some(90.0), None),
            at(11, Some(101.0), Some(3.1)),
        ]);
        assert_eq!(ordered.len(), 2);
        assert_eq!(ordered[0].heart_rate_bpm.get(), Some(100.0));
        assert_eq!(ordered[0].speed_mps.get(), Some(3.0));
        assert_eq!(ordered[1].time_fit_s, 11);
    }

    #[test]
    fn clock_jumps_are_mended_and_return_to_the_timeline() {
        let samples: Vec<Sample> = [100, 101, 102, 1_728_000, 1_728_001, 103, 104]
            .into_iter()
            .map(|t| at(t, None, None))
            .collect();
        // The recording spans 100-200: the 20-day jump continues from 102.
        let samples = mend_clock_jumps(samples, Some((100, 200)));
        let times: Vec<i64> = samples.iter().map(|s| s.time_fit_s).collect();
        assert_eq!(times, vec![100, 101, 102, 103, 104, 103, 104]);
        // Back on the original clock, 103 and 104 repeat and in_time_order
        // merges them into the mended records.
        assert_eq!(in_time_order(samples).len(), 5);
    }

    #[test]
    fn a_first_record_off_the_session_span_does_not_anchor_the_timeline() {
        // First record dated 2085 (or on a power-on clock: 1000), then the
        // run at 5000-5003 inside the session span 5000-6000.
        for bad_first in [3_600_000_000, 1000] {
            let samples: Vec<Sample> = [bad_first, 5000, 5001, 5002, 5003]
                .into_iter()
                .map(|t| at(t, None, None))
                .collect();
            let mended = in_time_order(mend_clock_jumps(samples, Some((5000, 6000))));
            let times: Vec<i64> = mended.iter().map(|s| s.time_fit_s).collect();
            assert_eq!(times, vec![5000, 5001, 5002, 5003], "first {bad_first}");
        }
    }

    #[test]
    fn running_cadence_doubles_and_missing_channels_stay_none() {
        let samples = vec![
            Sample {
                time_fit_s: 100,
                raw_cadence: Num::of(85.5),
                ..Sample::default()
            },
            Sample {
                time_fit_s: 101,
                ..Sample::default()
            },
        ];
        let streams = streams_from(&samples, 100, Some(2.0));
        assert_eq!(streams.time_s, vec![0.0, 1.0]);
        assert_eq!(streams.cadence_spm, Some(vec![Some(171.0), None]));
        assert_eq!(streams.heart_rate_bpm, None);
        assert_eq!(streams.position, None);
        assert_eq!(streams_from(&samples, 100, None).cadence_spm, None);
    }

    #[test]
    fn distance_integrates_speed_and_skips_long_gaps() {
        let samples = [
            at(0, None, Some(3.0)),
            at(10, None, Some(3.0)),
            at(20, None, Some(4.0)),
            at(200, None, Some(4.0)),
        ];
        let streams = streams_from(&samples, 0, None);
        // 10 s at 3 m/s = 30 m; 10 s averaging 3.5 m/s = 35 m; the 180 s gap adds nothing.
        assert_eq!(
            distance_from_speed(&streams),
            Some(vec![Some(0.0), Some(30.0), Some(65.0), Some(65.0)])
        );
    }
}
