//! The traces of one run's chart, reduced to about one point per couple of
//! pixels: a run of 4 hours at 1 Hz has 14,400 samples, the chart's width
//! a fraction of that. Each bin holds the mean of its samples; bins without
//! a value are gaps, never zeros.

use crate::analyze::elevation::profile_of;
use crate::analyze::percentile::median;
use crate::analyze::sample_speed::speed_of;
use crate::log::LoggedRun;
use crate::model::haversine_m;

/// Slower than this (12:00 per km) is standing or walking: no pace drawn.
const MIN_PACE_MPS: f64 = 1000.0 / 720.0;
/// Cadence under this is walking or a sensor dropout.
const MIN_CADENCE_SPM: f64 = 100.0;

/// One binned trace: the x of each bin's middle and its value.
pub type Trace = Vec<(f64, Option<f64>)>;

/// The elevation profile by bin: x, smoothed elevation, mean grade.
pub type Profile = Vec<(f64, Option<f64>, Option<f64>)>;

/// The two stretches of a run the late-drift rule compares, as x ranges
/// (from, to) on the chart's axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compared {
    /// Minutes 10%-25% of the counted running time.
    pub early: (f64, f64),
    /// Its last 25%.
    pub late: (f64, f64),
}

pub struct Traces {
    /// x is distance in km; otherwise minutes from the start.
    pub by_distance: bool,
    pub x_max: f64,
    /// Where the late-drift stretches fall, when the run has counted
    /// cadence samples.
    pub compared: Option<Compared>,
    pub profile: Option<Profile>,
    /// Pace in minutes per km.
    pub pace: Option<Trace>,
    pub cadence: Option<Trace>,
    pub heart_rate: Option<Trace>,
    /// Percent of stance time on the left foot.
    pub balance: Option<Trace>,
}

/// Cumulative distance of every sample in metres: the device's distance,
/// else the length of the track.
fn sample_distance_m(run: &LoggedRun) -> Option<Vec<Option<f64>>> {
    let streams = &run.activity.streams;
    if let Some(distance) = &streams.distance_m {
        if distance.iter().flatten().filter(|d| d.is_finite()).count() >= 2 {
            return Some(distance.clone());
        }
    }
    let track = streams.position.as_ref()?;
    let mut total = 0.0;
    let mut last = None;
    let out: Vec<Option<f64>> = track
        .iter()
        .map(|p| {
            let p = (*p)?;
            if let Some(prev) = last {
                let step = haversine_m(prev, p);
                // A jump no runner makes in one sample is a glitch.
                if step.is_finite() && step < 100.0 {
                    total += step;
                }
            }
            last = Some(p);
            Some(total)
        })
        .collect();
    (total > 0.0).then_some(out)
}

/// Mean of the values falling in each of `bins` equal bins over `0..x_max`.
fn bin(x: &[Option<f64>], values: &[Option<f64>], x_max: f64, bins: usize) -> Trace {
    let mut sum = vec![0.0; bins];
    let mut count = vec![0usize; bins];
    for (x, v) in x.iter().zip(values) {
        let (Some(x), Some(v)) = (x, v) else { continue };
        if !x.is_finite() || !v.is_finite() || *x < 0.0 {
            continue;
        }
        let i = ((x / x_max) * bins as f64) as usize;
        if let (Some(s), Some(c)) = (sum.get_mut(i.min(bins - 1)), count.get_mut(i.min(bins - 1))) {
            *s += v;
            *c += 1;
        }
    }
    let width = x_max / bins as f64;
    sum.iter()
        .zip(&count)
        .enumerate()
        .map(|(i, (s, c))| {
            let middle = (i as f64 + 0.5) * width;
            (middle, (*c > 0).then(|| s / *c as f64))
        })
        .collect()
}

/// A centred rolling mean over 2 * half + 1 bins, across known values only.
fn smooth(trace: Trace, half: usize) -> Trace {
    let values: Vec<Option<f64>> = trace.iter().map(|p| p.1).collect();
    trace
        .iter()
        .enumerate()
        .map(|(i, (x, v))| {
            let v = v.and_then(|_| {
                let from = i.saturating_sub(half);
                let window = values.get(from..=(i + half).min(values.len() - 1))?;
                let known: Vec<f64> = window.iter().flatten().copied().collect();
                (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
            });
            (*x, v)
        })
        .collect()
}

fn channel(
    values: &Option<Vec<Option<f64>>>,
    keep: impl Fn(f64) -> bool,
) -> Option<Vec<Option<f64>>> {
    let values = values.as_ref()?;
    let kept: Vec<Option<f64>> = values.iter().map(|v| v.filter(|v| keep(*v))).collect();
    kept.iter().any(Option::is_some).then_some(kept)
}

/// The traces of `run` in `bins` bins.
pub fn traces(run: &LoggedRun, bins: usize) -> Traces {
    let bins = bins.clamp(10, 4000);
    let streams = &run.activity.streams;
    let distance = sample_distance_m(run);
    let by_distance = distance.is_some();
    let x: Vec<Option<f64>> = match &distance {
        Some(d) => d.iter().map(|m| m.map(|m| m / 1000.0)).collect(),
        None => streams.time_s.iter().map(|t| Some(t / 60.0)).collect(),
    };
    let profile = profile_of(&run.activity).filter(|_| by_distance);
    let sample_max = x
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let profile_max = profile
        .as_ref()
        .and_then(|p| p.distance_m.last())
        .map_or(0.0, |m| m / 1000.0);
    let x_max = sample_max.max(profile_max);
    let empty = Traces {
        by_distance,
        x_max,
        compared: None,
        profile: None,
        pace: None,
        cadence: None,
        heart_rate: None,
        balance: None,
    };
    if x_max <= 0.0 {
        return empty;
    }
    let half = (bins / 150).max(1);
    let trace =
        |values: Option<Vec<Option<f64>>>| values.map(|v| smooth(bin(&x, &v, x_max, bins), half));
    let pace = channel(&streams.speed_mps, |v| v >= MIN_PACE_MPS).map(|speed| {
        // Speed is averaged, then turned into pace: the mean of paces
        // would overweight the slow samples.
        let speed = smooth(bin(&x, &speed, x_max, bins), half);
        speed
            .into_iter()
            .map(|(x, v)| (x, v.map(|v| 1000.0 / 60.0 / v)))
            .collect::<Trace>()
    });
    let compared = compared(run, profile.as_ref().map(|p| p.sample_grade.as_slice()), &x);
    let profile = profile.map(|p| {
        let x: Vec<Option<f64>> = p.distance_m.iter().map(|m| Some(m / 1000.0)).collect();
        let elevation = bin(&x, &p.elevation_m, x_max, bins);
        let grade = bin(&x, &p.grade, x_max, bins);
        elevation
            .into_iter()
            .zip(grade)
            .map(|((x, e), (_, g))| (x, e, g))
            .collect::<Profile>()
    });
    Traces {
        compared,
        profile: profile.filter(|p| p.iter().any(|b| b.1.is_some())),
        pace,
        cadence: trace(channel(&streams.cadence_spm, |v| v >= MIN_CADENCE_SPM)),
        heart_rate: trace(channel(&streams.heart_rate_bpm, |v| v > 0.0)),
        balance: trace(channel(&streams.stance_time_balance_pct, |v| {
            (30.0..=70.0).contains(&v)
        })),
        ..empty
    }
}

/// The cadence analyzer's choice of samples, from its own definition of
/// steady, flat running (src/analyze/steady.rs, src/model/running.rs), so
/// the shading follows it.
use crate::analyze::steady::{FLAT_GRADE as COUNTED_FLAT, STEADY_FRACTION as COUNTED_STEADY};
use crate::model::{MIN_RUNNING_MPS as COUNTED_MIN_MPS, MIN_RUNNING_SPM as COUNTED_MIN_SPM};

/// The times (s) of the samples the cadence analyzer counts: steady, flat
/// running, as it picks them for the late drift.
fn counted_times(run: &LoggedRun, grade: Option<&[Option<f64>]>) -> Vec<f64> {
    let streams = &run.activity.streams;
    let (Some(cadence), Some(speed)) = (streams.cadence_spm.as_ref(), speed_of(streams)) else {
        return Vec::new();
    };
    let running = |v: f64, c: f64| v >= COUNTED_MIN_MPS && c >= COUNTED_MIN_SPM;
    let speeds: Vec<f64> = speed
        .iter()
        .zip(cadence)
        .filter_map(|(v, c)| match (v, c) {
            (Some(v), Some(c)) if running(*v, *c) => Some(*v),
            _ => None,
        })
        .collect();
    let Some(typical) = median(speeds) else {
        return Vec::new();
    };
    streams
        .time_s
        .iter()
        .zip(speed.iter().zip(cadence))
        .enumerate()
        .filter_map(|(i, (time, (v, c)))| {
            let (v, c) = ((*v)?, (*c)?);
            let steady = (v - typical).abs() <= COUNTED_STEADY * typical;
            let flat = grade
                .and_then(|g| g.get(i).copied().flatten())
                .is_none_or(|g| g.abs() < COUNTED_FLAT);
            (running(v, c) && steady && flat).then_some(*time)
        })
        .collect()
}

/// The late-drift stretches of `run` on the axis `x` (one value per
/// sample): minutes 10%-25% and the last 25% of the span from the first
/// to the last counted sample, as the analyzer cuts them, mapped to x
/// through the samples' times.
fn compared(run: &LoggedRun, grade: Option<&[Option<f64>]>, x: &[Option<f64>]) -> Option<Compared> {
    let times = counted_times(run, grade);
    let (first, last) = (*times.first()?, *times.last()?);
    let span = last - first;
    if !span.is_finite() || span <= 0.0 {
        return None;
    }
    let known: Vec<(f64, f64)> = run
        .activity
        .streams
        .time_s
        .iter()
        .zip(x)
        .filter_map(|(t, x)| Some((*t, (*x)?)).filter(|(t, x)| t.is_finite() && x.is_finite()))
        .collect();
    let at = |fraction: f64| x_at_time(&known, first + span * fraction);
    Some(Compared {
        early: (at(0.10)?, at(0.25)?),
        late: (at(0.75)?, at(1.0)?),
    })
}

/// The x of time `t` (s), interpolated between the samples either side;
/// `known` is (time, x) in time order.
pub fn x_at_time(known: &[(f64, f64)], t: f64) -> Option<f64> {
    let after = known.partition_point(|(time, _)| *time < t);
    match (known.get(after.wrapping_sub(1)), known.get(after)) {
        (Some(&(t0, x0)), Some(&(t1, x1))) if t1 > t0 => {
            Some(x0 + (x1 - x0) * (t - t0) / (t1 - t0))
        }
        (_, Some(&(_, x))) | (Some(&(_, x)), None) => Some(x),
        (None, None) => None,
    }
}
