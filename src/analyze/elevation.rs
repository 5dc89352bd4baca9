//! A run's elevation profile on a regular distance grid: smoothed
//! elevation, grade, ascent and descent, and the moving time at each point.
//!
//! Pipeline (knee-risk-rules.md, "Computing the inputs"): a distance axis
//! (the device's distance, else the haversine length of the track without
//! fixes that imply more than 12 m/s), elevation resampled every 5 m by
//! linear interpolation, a rolling median over 50 m, a moving average over
//! 100 m, grade over 60 m with steeper than 40% discarded, and ascent and
//! descent with a dead band of 3 m (barometric) or 7 m (GPS or unknown).
//! The filters themselves are in the `grade` module.
//!
//! A barometric profile's ascent and descent are counted before the
//! moving average: a barometer's trace is already smooth, and the average
//! only rounds off hilltops and valley floors, each by a few metres. On the
//! corpus's barometric runs the averaged count read a median 9% under the
//! watch's own total, the median-only count 4% (docs/accuracy.md). Grades,
//! which the downhill rules read, keep the average for every source.
//!
//! Where elevation is missing for more than 200 m the profile is broken
//! into pieces: the grid points in between have no elevation, and neither
//! smoothing, grade nor ascent reach across the gap.
//!
//! A barometric profile's ascent and descent are not counted across a
//! timer pause of more than 20 s either: the count is split where the
//! pause falls on the grid and each side is smoothed and counted on its
//! own. A watch counts nothing while paused, and a barometer drifts with
//! the weather during the pause (or the runner took a lift): the step
//! between the two sides is not climbing. The fenix 3 run of the corpus
//! paused four times read +29% against the watch with the steps counted,
//! +13% without (docs/accuracy.md). GPS and unknown profiles are not split
//! (it read worse on the corpus's GPS runs). Elevation and grades still
//! run across the pause, so the grade bands the downhill rules read do not
//! change.

use serde::Serialize;

use std::ops::Range;

use super::grade;
use crate::model::{haversine_m, Activity, ElevationSource, LatLon};

/// Distance between grid points.
pub const STEP_M: f64 = 5.0;
/// Longer stretches without elevation break the profile.
pub const MAX_GAP_M: f64 = 200.0;
/// A fix implying a faster move than this is a GPS glitch for a runner.
pub const MAX_SPEED_MPS: f64 = 12.0;
/// Span of the rolling median (11 points at 5 m).
pub const MEDIAN_WINDOW_M: f64 = 50.0;
/// Span of the moving average (21 points at 5 m).
pub const MEAN_WINDOW_M: f64 = 100.0;
/// Span of the centred grade window.
pub const GRADE_WINDOW_M: f64 = 60.0;
/// A grade over a shorter span (clipped at a piece's end) is not given.
pub const MIN_GRADE_WINDOW_M: f64 = 50.0;
/// Steeper grades are artefacts, not terrain a runner runs.
pub const MAX_ABS_GRADE: f64 = 0.40;
/// Dead band of the ascent/descent count for barometric altitude.
pub const DEAD_BAND_BAROMETRIC_M: f64 = 3.0;
/// Dead band for GPS (or unknown) altitude, which is noisier.
pub const DEAD_BAND_GPS_M: f64 = 7.0;
/// A longer timer pause splits the ascent/descent count. Shorter ones
/// (a traffic light, an auto-pause at a crossing) leave the barometer no
/// time to drift, and GPX files that make every point a segment have a
/// "pause" of a second or two between all of them.
pub const MIN_SPLIT_PAUSE_S: f64 = 20.0;
/// A profile longer than this (1000 km) is corrupt distance, not a run.
const MAX_GRID_POINTS: usize = 200_000;

/// One run's smoothed elevation profile on a regular distance grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElevationProfile {
    /// Distance between grid points ([`STEP_M`]).
    pub step_m: f64,
    /// Grid points along the run's distance axis, `step_m` apart.
    pub distance_m: Vec<f64>,
    /// Smoothed elevation; `None` inside gaps of more than [`MAX_GAP_M`].
    pub elevation_m: Vec<Option<f64>>,
    /// Smoothed grade as a fraction (-0.10 is 10% downhill); `None` in
    /// gaps, where the window would be shorter than
    /// [`MIN_GRADE_WINDOW_M`], and where steeper than [`MAX_ABS_GRADE`].
    pub grade: Vec<Option<f64>>,
    /// Moving time (seconds during which the distance advanced, so stops
    /// add nothing) when each grid point was reached; `None` when the run
    /// has no usable time.
    pub moving_time_s: Vec<Option<f64>>,
    /// Sum over the pieces of the smoothed profile's ascent (for a
    /// barometric source, of the profile before its moving average, each
    /// piece counted in parts split at timer pauses longer than
    /// [`MIN_SPLIT_PAUSE_S`]).
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub source: ElevationSource,
    /// The dead band used for `ascent_m` and `descent_m`.
    pub dead_band_m: f64,
    /// The smoothed grade at each sample of the activity's streams (the
    /// grid point nearest its distance), for analyzers that keep only flat
    /// running; `None` for samples off the distance axis (GPS glitches,
    /// no distance) and where the grid has no grade.
    pub sample_grade: Vec<Option<f64>>,
}

/// One sample placed on the distance axis.
#[derive(Debug, Clone, Copy)]
struct AxisPoint {
    /// Index of the sample in the activity's streams.
    sample: usize,
    /// Seconds since the activity's start, as in the streams.
    time_s: f64,
    distance_m: f64,
    moving_time_s: f64,
    elevation_m: Option<f64>,
}

/// The run's elevation profile, or `None` for indoor runs, runs without
/// elevation, and runs whose distance axis is shorter than one step.
pub fn profile_of(activity: &Activity) -> Option<ElevationProfile> {
    if activity.is_indoor() {
        return None;
    }
    let elevation = activity.streams.elevation_m.as_ref()?;
    let source = activity
        .elevation_source
        .unwrap_or(ElevationSource::Unknown);
    let axis = distance_axis(activity, elevation)?;
    let pauses = long_pauses(activity);
    profile_from_axis(&axis, source, activity.streams.len(), &pauses)
}

/// The timer pauses longer than [`MIN_SPLIT_PAUSE_S`], as (start, end) in
/// seconds since the activity's start, sorted by start.
fn long_pauses(activity: &Activity) -> Vec<(f64, f64)> {
    let seconds = |t: chrono::DateTime<chrono::Utc>| {
        (t - activity.start_utc).num_milliseconds() as f64 / 1000.0
    };
    let mut spans: Vec<(f64, f64)> = activity
        .pauses
        .iter()
        .filter(|p| p.duration_s() > MIN_SPLIT_PAUSE_S)
        .map(|p| (seconds(p.start_utc), seconds(p.end_utc)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    spans
}

/// Builds the profile from samples ordered by non-decreasing distance.
/// `pauses` are the long timer pauses, sorted (see [`long_pauses`]).
fn profile_from_axis(
    axis: &[AxisPoint],
    source: ElevationSource,
    samples: usize,
    pauses: &[(f64, f64)],
) -> Option<ElevationProfile> {
    // Sized up front, here and for the axis: growing by pushes copied
    // every run's samples several times over.
    let mut with_elevation = Vec::with_capacity(axis.len());
    with_elevation.extend(
        axis.iter()
            .filter_map(|p| p.elevation_m.map(|e| (p.distance_m, e))),
    );
    let first = with_elevation.first()?.0;
    let last = with_elevation.last()?.0;
    let k0 = (first / STEP_M).ceil();
    let k1 = (last / STEP_M).floor();
    if k1 <= k0 || k1 - k0 > MAX_GRID_POINTS as f64 {
        return None;
    }
    let distance_m: Vec<f64> = (k0 as u64..=k1 as u64).map(|k| k as f64 * STEP_M).collect();
    let raw = resample_elevation(&with_elevation, &distance_m);
    let moving_time_s = resample_time(axis, &distance_m);
    // Only barometric counts are split at pauses. On the corpus's GPS runs
    // splitting read further under the watch (the FR310XT's -18% became
    // -26%): GPS altitude is re-fixed, not drifted, across a pause, and its
    // 7 m band already swallows most steps; so GPS counts stay as they were.
    let breaks = match source {
        ElevationSource::Barometric => pause_breaks(axis, pauses, k0, distance_m.len()),
        ElevationSource::Gps | ElevationSource::Unknown => Vec::new(),
    };

    let dead_band_m = match source {
        ElevationSource::Barometric => DEAD_BAND_BAROMETRIC_M,
        ElevationSource::Gps | ElevationSource::Unknown => DEAD_BAND_GPS_M,
    };
    let half = |window_m: f64| (window_m / 2.0 / STEP_M).round() as usize;
    let min_grade_steps = (MIN_GRADE_WINDOW_M / STEP_M).round() as usize;

    let mut elevation_m = vec![None; raw.len()];
    let mut grade = vec![None; raw.len()];
    let (mut ascent, mut descent) = (0.0, 0.0);
    let ends = match source {
        ElevationSource::Barometric => grade::Ends::Clip,
        ElevationSource::Gps | ElevationSource::Unknown => grade::Ends::Shrink,
    };
    // The series whose ascent and descent are counted on a part of a piece
    // split at pauses: for a barometric source the median alone, for others
    // (not split today, see `breaks`) the median and the average.
    let counted_of = |median: Vec<f64>| match source {
        ElevationSource::Barometric => median,
        ElevationSource::Gps | ElevationSource::Unknown => {
            grade::moving_average(&median, half(MEAN_WINDOW_M))
        }
    };
    for (start, piece) in pieces(&raw) {
        let median = grade::rolling_median(&piece, half(MEDIAN_WINDOW_M), ends);
        let smooth = grade::moving_average(&median, half(MEAN_WINDOW_M));
        let grades = grade::grades(
            &smooth,
            STEP_M,
            half(GRADE_WINDOW_M),
            min_grade_steps,
            MAX_ABS_GRADE,
        );
        let parts = counted_parts(start, piece.len(), &breaks);
        if parts.len() == 1 && parts.first() == Some(&(0..piece.len())) {
            // No pause inside: the piece's own smoothing is the count's.
            let counted = match source {
                ElevationSource::Barometric => &median,
                ElevationSource::Gps | ElevationSource::Unknown => &smooth,
            };
            let (up, down) = grade::ascent_descent(counted, dead_band_m);
            ascent += up;
            descent += down;
        } else {
            // Each side of a pause smoothed on its own, so no filter
            // window carries the step across into the other side's count.
            for part in parts {
                let values = piece.get(part).unwrap_or_default();
                let median = grade::rolling_median(values, half(MEDIAN_WINDOW_M), ends);
                let (up, down) = grade::ascent_descent(&counted_of(median), dead_band_m);
                ascent += up;
                descent += down;
            }
        }
        for (slot, value) in elevation_m.iter_mut().skip(start).zip(smooth) {
            *slot = Some(value);
        }
        for (slot, value) in grade.iter_mut().skip(start).zip(grades) {
            *slot = value;
        }
    }
    let sample_grade = grade_at_samples(axis, &grade, k0, samples);
    Some(ElevationProfile {
        sample_grade,
        step_m: STEP_M,
        distance_m,
        elevation_m,
        grade,
        moving_time_s,
        ascent_m: Some(ascent),
        descent_m: Some(descent),
        source,
        dead_band_m,
    })
}

/// The samples that have a place on the distance axis, in order, with
/// their elevation and moving time.
///
/// The device's distance is preferred (it includes foot pods and the
/// device's own smoothing); without it, the haversine length of the track.
/// Either way a sample that goes back, or moves faster than
/// [`MAX_SPEED_MPS`] from the last kept one, is dropped: one glitch would
/// otherwise stretch the whole grid behind it.
fn distance_axis(activity: &Activity, elevation: &[Option<f64>]) -> Option<Vec<AxisPoint>> {
    let streams = &activity.streams;
    let recorded = streams
        .distance_m
        .as_ref()
        .filter(|d| d.iter().flatten().filter(|v| v.is_finite()).count() >= 2);
    let mut axis: Vec<AxisPoint> = Vec::with_capacity(streams.time_s.len());
    // (distance, time) of the last kept sample, and its position when the
    // axis is built from the track.
    let mut last: Option<(f64, f64, Option<LatLon>)> = None;
    let mut moving_time_s = 0.0;
    for (i, &time_s) in streams.time_s.iter().enumerate() {
        if !time_s.is_finite() {
            continue;
        }
        let distance_m = match (recorded, &streams.position) {
            (Some(recorded), _) => recorded.get(i).copied().flatten(),
            (None, Some(track)) => {
                let here = track.get(i).copied().flatten().filter(valid_position);
                match (here, last) {
                    (Some(_), None) => Some(0.0),
                    (Some(here), Some((d, _, Some(prev)))) => Some(d + haversine_m(prev, here)),
                    _ => None,
                }
            }
            (None, None) => None,
        };
        let Some(distance_m) = distance_m.filter(|d| d.is_finite()) else {
            continue;
        };
        if let Some((last_d, last_t, _)) = last {
            let moved = distance_m - last_d;
            // Samples at the same second still get one second of leeway.
            let dt = (time_s - last_t).max(1.0);
            if moved < 0.0 || moved > MAX_SPEED_MPS * dt {
                continue;
            }
            if moved > 0.0 {
                moving_time_s += (time_s - last_t).max(0.0);
            }
        }
        let position = streams
            .position
            .as_ref()
            .and_then(|t| t.get(i).copied().flatten());
        last = Some((distance_m, time_s, position));
        axis.push(AxisPoint {
            sample: i,
            time_s,
            distance_m,
            moving_time_s,
            elevation_m: elevation
                .get(i)
                .copied()
                .flatten()
                .filter(|e| e.is_finite()),
        });
    }
    (axis.len() >= 2).then_some(axis)
}

fn valid_position(p: &LatLon) -> bool {
    p.lat_deg.is_finite()
        && p.lon_deg.is_finite()
        && p.lat_deg.abs() <= 90.0
        && p.lon_deg.abs() <= 180.0
}

/// Linear interpolation of elevation at each grid point; `None` where the
/// surrounding samples are more than [`MAX_GAP_M`] apart. One pass: both
/// the samples and the grid are in distance order.
fn resample_elevation(samples: &[(f64, f64)], grid: &[f64]) -> Vec<Option<f64>> {
    let mut j = 0;
    grid.iter()
        .map(|&x| {
            // Advance to the last sample at or before x.
            while samples.get(j + 1).is_some_and(|&(d, _)| d <= x) {
                j += 1;
            }
            let &(d0, e0) = samples.get(j)?;
            if d0 == x {
                return Some(e0);
            }
            let &(d1, e1) = samples.get(j + 1)?;
            if d1 - d0 > MAX_GAP_M || x < d0 {
                return None;
            }
            Some(e0 + (e1 - e0) * (x - d0) / (d1 - d0))
        })
        .collect()
}

/// Moving time at each grid point, interpolated along distance.
fn resample_time(axis: &[AxisPoint], grid: &[f64]) -> Vec<Option<f64>> {
    let mut j = 0;
    grid.iter()
        .map(|&x| {
            while axis.get(j + 1).is_some_and(|p| p.distance_m <= x) {
                j += 1;
            }
            let a = axis.get(j)?;
            if a.distance_m == x {
                return Some(a.moving_time_s);
            }
            let b = axis.get(j + 1)?;
            if x < a.distance_m || b.distance_m <= a.distance_m {
                return None;
            }
            let t = a.moving_time_s
                + (b.moving_time_s - a.moving_time_s) * (x - a.distance_m)
                    / (b.distance_m - a.distance_m);
            Some(t)
        })
        .collect()
}

/// Each sample's grade: that of the grid point nearest its distance
/// (grid point `k` lies at `(k0 + k) * STEP_M`).
fn grade_at_samples(
    axis: &[AxisPoint],
    grid_grade: &[Option<f64>],
    k0: f64,
    samples: usize,
) -> Vec<Option<f64>> {
    let mut out = vec![None; samples];
    for point in axis {
        let k = (point.distance_m / STEP_M).round() - k0;
        if k < 0.0 {
            continue;
        }
        let grade = grid_grade.get(k as usize).copied().flatten();
        if let Some(slot) = out.get_mut(point.sample) {
            *slot = grade;
        }
    }
    out
}

/// Where long timer pauses fall on the grid (grid point `k` lies at
/// `(k0 + k) * STEP_M`), as (end of the part before, start of the part
/// after) in grid indices, in order: for the last sample with elevation
/// before a pause at distance `a` and the first after it at `b`, the part
/// before ends with the grid points at `a` or before, the part after
/// starts at `b`. Grid points between the two (interpolated across the
/// pause, when the distance advanced while paused) belong to neither.
fn pause_breaks(
    axis: &[AxisPoint],
    pauses: &[(f64, f64)],
    k0: f64,
    len: usize,
) -> Vec<(usize, usize)> {
    if pauses.is_empty() {
        return Vec::new();
    }
    // The first grid index at or after (`after`: strictly after) distance
    // `d`, within 0..=len. Float to int casts saturate, so a negative or
    // NaN index is 0.
    let index = |d: f64, after: bool| {
        let k = if after {
            (d / STEP_M).floor() + 1.0
        } else {
            (d / STEP_M).ceil()
        };
        ((k - k0).max(0.0) as usize).min(len)
    };
    let mut out = Vec::new();
    // Pauses wholly before the current pair; both run forward in time, so
    // this is one sweep.
    let mut first_open = 0;
    let mut with_elevation = axis.iter().filter(|p| p.elevation_m.is_some());
    let Some(mut before) = with_elevation.next() else {
        return out;
    };
    for after in with_elevation {
        let (from_t, to_t) = (before.time_s, after.time_s);
        while pauses
            .get(first_open)
            .is_some_and(|&(_, end)| end <= from_t)
        {
            first_open += 1;
        }
        let paused = pauses
            .get(first_open..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&(start, _)| start < to_t)
            .any(|&(_, end)| from_t < end);
        if paused {
            let (a, b) = (before.distance_m, after.distance_m);
            // At equal distances the grid point at `a` already reads the
            // sample after the pause (see resample_elevation).
            let end = if b > a {
                index(a, true)
            } else {
                index(b, false)
            };
            let start = index(b, false);
            out.push((end.min(start), start));
        }
        before = after;
    }
    out
}

/// The parts of a piece (grid indices `start..start + len`) counted on
/// their own, as ranges within the piece: the piece split at `breaks`.
fn counted_parts(start: usize, len: usize, breaks: &[(usize, usize)]) -> Vec<Range<usize>> {
    let end = start + len;
    let mut out = Vec::new();
    let mut from = start;
    for &(before_end, after_start) in breaks {
        if after_start <= from {
            continue;
        }
        if before_end >= end {
            break;
        }
        if before_end > from {
            out.push(from - start..before_end - start);
        }
        from = after_start;
    }
    if end > from {
        out.push(from - start..end - start);
    }
    out
}

/// The unbroken stretches of a resampled profile: (first index, values).
fn pieces(values: &[Option<f64>]) -> Vec<(usize, Vec<f64>)> {
    let mut out: Vec<(usize, Vec<f64>)> = Vec::new();
    let mut at = 0;
    while let Some(offset) = values
        .get(at..)
        .and_then(|rest| rest.iter().position(Option::is_some))
    {
        let start = at + offset;
        let rest = values.get(start..).unwrap_or_default();
        let len = rest.iter().position(Option::is_none).unwrap_or(rest.len());
        // Sized up front: `flatten` tells `collect` no size.
        let mut piece = Vec::with_capacity(len);
        piece.extend(rest.iter().take(len).flatten());
        out.push((start, piece));
        at = start + len;
    }
    out
}

#[cfg(test)]
#[path = "elevation_tests.rs"]
pub(crate) mod tests;
