//! Cadence: per run the median on steady, flat running; the runner's own
//! cadence-vs-speed line over the previous 8 weeks and each run's residual
//! from it; and the late-run drift on runs of an hour or more.
//!
//! Only running is counted: stops and walking (speed under 1.7 m/s or
//! cadence under 130 steps/min) are left out, and so are climbs and
//! descents (|grade| of 2% or more) when the grade is known.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::baseline_window;
use super::by_day::ByDay;
use super::percentile::{median, percentiles};
use crate::log::LoggedRun;
use crate::model::{Activity, MIN_RUNNING_MPS, MIN_RUNNING_SPM};

use super::steady::{FLAT_GRADE, STEADY_FRACTION};
/// Fewer runs than this cannot place a line.
const MIN_LINE_RUNS: usize = 5;
/// Runs this long or longer are judged for late drift.
const LONG_RUN_S: f64 = 3600.0;
/// Too few samples in a segment to trust its median.
const MIN_SEGMENT_SAMPLES: usize = 60;

/// Cadence of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCadence {
    pub activity_id: String,
    pub local_date: NaiveDate,
    /// Median of the steady, flat running samples.
    pub median_spm: Option<f64>,
    pub p10_spm: Option<f64>,
    pub p90_spm: Option<f64>,
    /// Median speed of the same samples.
    pub speed_mps: Option<f64>,
    /// Seconds of running the medians stand on.
    pub counted_s: f64,
    /// (median - line at this speed) / line, from runs of the previous 8
    /// weeks; `None` without enough earlier runs.
    pub residual_vs_line: Option<f64>,
    /// The line used for the residual.
    pub line: Option<CadenceLine>,
    /// Runs of an hour or more: speed-adjusted median cadence of the last
    /// 25% of the time against minutes 10%-25%, as a fraction.
    pub late_drift: Option<f64>,
    /// The same for ground contact time, when recorded.
    pub late_gct_drift: Option<f64>,
}

/// cadence = intercept + slope x speed, fitted by least squares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CadenceLine {
    pub intercept_spm: f64,
    pub slope_spm_per_mps: f64,
    pub runs: usize,
}

impl CadenceLine {
    pub fn at(&self, speed_mps: f64) -> f64 {
        self.intercept_spm + self.slope_spm_per_mps * speed_mps
    }

    /// Least squares over (speed, cadence) points; `None` when there are
    /// too few or their speeds do not spread (a line through one speed is
    /// a guess).
    pub fn fit(points: &[(f64, f64)]) -> Option<CadenceLine> {
        if points.len() < MIN_LINE_RUNS {
            return None;
        }
        let n = points.len() as f64;
        let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        // Under 0.1 m/s of spread the slope is noise: use a flat line.
        let slope = if sxx / n > 0.01 { sxy / sxx } else { 0.0 };
        let line = CadenceLine {
            intercept_spm: mean_y - slope * mean_x,
            slope_spm_per_mps: slope,
            runs: points.len(),
        };
        (line.intercept_spm.is_finite() && line.slope_spm_per_mps.is_finite()).then_some(line)
    }
}

/// The samples of one run that count, with their time.
struct Counted {
    /// The time the kept samples stand for (each to the next sample, at
    /// most [`super::sample_speed::MAX_SAMPLE_GAP_S`]).
    seconds: f64,
    time_s: Vec<f64>,
    cadence: Vec<f64>,
    speed: Vec<f64>,
    gct: Vec<Option<f64>>,
}

/// Picks steady, flat running samples. `grade` is per sample when the
/// elevation analyzer could give one; treadmill runs are flat by nature.
fn counted(activity: &Activity, grade: Option<&[Option<f64>]>) -> Option<Counted> {
    let streams = &activity.streams;
    let cadence = streams.cadence_spm.as_ref()?;
    // GPX carries no speed: it is derived from the distance there.
    let speed = super::sample_speed::speed_of(streams)?;
    let speed = speed.as_ref();
    // Sized for every sample up front: growing these one push at a time
    // copied each run's samples several times over.
    let mut running = Vec::with_capacity(cadence.len());
    running.extend(speed.iter().zip(cadence).filter_map(|(v, c)| match (v, c) {
        (Some(v), Some(c)) if *v >= MIN_RUNNING_MPS && *c >= MIN_RUNNING_SPM => Some(*v),
        _ => None,
    }));
    let typical = median(running)?;
    let capacity = cadence.len();
    let mut kept = Counted {
        seconds: 0.0,
        time_s: Vec::with_capacity(capacity),
        cadence: Vec::with_capacity(capacity),
        speed: Vec::with_capacity(capacity),
        gct: Vec::with_capacity(capacity),
    };
    for (i, (time, (v, c))) in streams
        .time_s
        .iter()
        .zip(speed.iter().zip(cadence))
        .enumerate()
    {
        let (Some(v), Some(c)) = (v, c) else { continue };
        let steady = (v - typical).abs() <= STEADY_FRACTION * typical;
        let flat = grade
            .and_then(|g| g.get(i).copied().flatten())
            .is_none_or(|g| g.abs() < FLAT_GRADE);
        if *v >= MIN_RUNNING_MPS && *c >= MIN_RUNNING_SPM && steady && flat {
            kept.seconds += streams
                .time_s
                .get(i + 1)
                .map(|next| next - time)
                .filter(|dt| dt.is_finite())
                .map_or(0.0, |dt| {
                    dt.clamp(0.0, super::sample_speed::MAX_SAMPLE_GAP_S)
                });
            kept.time_s.push(*time);
            kept.cadence.push(*c);
            kept.speed.push(*v);
            kept.gct.push(
                streams
                    .stance_time_ms
                    .as_ref()
                    .and_then(|g| g.get(i).copied().flatten()),
            );
        }
    }
    (!kept.cadence.is_empty()).then_some(kept)
}

/// What one run's own samples say about its cadence; the line, the
/// residual and the drift need the other runs too (see
/// [`analyze_measured`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadenceSamples {
    pub median_spm: Option<f64>,
    pub p10_spm: Option<f64>,
    pub p90_spm: Option<f64>,
    pub speed_mps: Option<f64>,
    pub counted_s: f64,
    /// The two stretches the late drift compares, when both hold enough
    /// samples.
    pub late: Option<LateSegments>,
}

/// Medians of minutes 10%-25% and of the last 25% of a run's counted time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LateSegments {
    pub early_spm: f64,
    pub late_spm: f64,
    pub early_mps: f64,
    pub late_mps: f64,
    pub early_gct_ms: Option<f64>,
    pub late_gct_ms: Option<f64>,
}

impl LateSegments {
    /// (cadence drift, ground-contact drift) as fractions. Cadence is
    /// adjusted to the early stretch's speed with the runner's slope, so a
    /// slower finish is not read as a form change.
    pub fn drift(&self, slope_spm_per_mps: f64) -> (Option<f64>, Option<f64>) {
        let adjusted = self.late_spm + slope_spm_per_mps * (self.early_mps - self.late_mps);
        let cadence = (self.early_spm > 0.0).then(|| (adjusted - self.early_spm) / self.early_spm);
        let gct = match (self.early_gct_ms, self.late_gct_ms) {
            (Some(e), Some(l)) if e > 0.0 => Some((l - e) / e),
            _ => None,
        };
        (cadence, gct)
    }
}

/// Measures one run's samples; `grade` is its per-sample grade when known.
/// `None` without cadence or speed.
pub fn measure_run(activity: &Activity, grade: Option<&[Option<f64>]>) -> Option<CadenceSamples> {
    let samples = counted(activity, grade)?;
    let late = late_segments(&samples);
    let [p10_spm, median_spm, p90_spm] = percentiles(samples.cadence, [0.10, 0.5, 0.90]);
    Some(CadenceSamples {
        median_spm,
        p10_spm,
        p90_spm,
        speed_mps: median(samples.speed),
        counted_s: samples.seconds,
        late,
    })
}

/// Measures every run. `grades[i]` is the per-sample grade of `runs[i]`
/// when known. Runs are oldest first, as the log keeps them.
pub fn analyze(runs: &[LoggedRun], grades: &[Option<Vec<Option<f64>>>]) -> Vec<RunCadence> {
    let measured: Vec<Option<CadenceSamples>> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| measure_run(&run.activity, grades.get(i).and_then(|g| g.as_deref())))
        .collect();
    analyze_measured(runs, &measured)
}

/// The cross-run part: each run's line from the 8 weeks before, its
/// residual and, on runs of an hour or more, its late drift. `measured[i]`
/// belongs to `runs[i]`; the runs' streams are not read.
pub fn analyze_measured(
    runs: &[LoggedRun],
    measured: &[Option<CadenceSamples>],
) -> Vec<RunCadence> {
    let mut out: Vec<RunCadence> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let m = measured.get(i).and_then(Option::as_ref);
            RunCadence {
                activity_id: run.activity.id.clone(),
                local_date: run.local_date,
                median_spm: m.and_then(|m| m.median_spm),
                p10_spm: m.and_then(|m| m.p10_spm),
                p90_spm: m.and_then(|m| m.p90_spm),
                speed_mps: m.and_then(|m| m.speed_mps),
                counted_s: m.map_or(0.0, |m| m.counted_s),
                residual_vs_line: None,
                line: None,
                late_drift: None,
                late_gct_drift: None,
            }
        })
        .collect();
    let by_day = ByDay::new(out.iter().map(|m| m.local_date));
    for i in 0..out.len() {
        let Some(day) = out.get(i).map(|m| m.local_date) else {
            continue;
        };
        let points: Vec<(f64, f64)> = baseline_window::runs_before(&by_day, day)
            .into_iter()
            .filter_map(|j| out.get(j))
            .filter_map(|m| Some((m.speed_mps?, m.median_spm?)))
            .collect();
        let line = CadenceLine::fit(&points);
        let long = runs
            .get(i)
            .and_then(|r| r.summary.moving_s.or(r.summary.elapsed_s))
            .is_some_and(|s| s >= LONG_RUN_S);
        let drift = measured
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|m| m.late)
            .filter(|_| long)
            .map(|late| late.drift(line.map_or(0.0, |l| l.slope_spm_per_mps)));
        if let Some(m) = out.get_mut(i) {
            m.line = line;
            m.residual_vs_line = match (line, m.speed_mps, m.median_spm) {
                (Some(line), Some(speed), Some(cadence)) => {
                    let expected = line.at(speed);
                    (expected > 0.0).then(|| (cadence - expected) / expected)
                }
                _ => None,
            };
            if let Some((cadence, gct)) = drift {
                m.late_drift = cadence;
                m.late_gct_drift = gct;
            }
        }
    }
    out
}

/// The early (minutes 10%-25%) and late (last 25%) stretches of a run's
/// counted time, when each holds enough samples.
fn late_segments(samples: &Counted) -> Option<LateSegments> {
    let (first, last) = (samples.time_s.first()?, samples.time_s.last()?);
    let span = last - first;
    let at = |fraction: f64| first + span * fraction;
    // The samples in `from..to` seconds. Streams are in time order, so
    // these are one stretch, found by two binary searches; any other
    // order is filtered sample by sample.
    let in_order = samples.time_s.is_sorted_by(|a, b| a <= b);
    let segment = |from: f64, to: f64| -> Vec<usize> {
        // Empty, as the filter finds it, for an empty or NaN span.
        if from.partial_cmp(&to) != Some(std::cmp::Ordering::Less) {
            return Vec::new();
        }
        if in_order {
            let start = samples.time_s.partition_point(|t| *t < from);
            let end = samples.time_s.partition_point(|t| *t < to);
            (start..end.max(start)).collect()
        } else {
            (0..samples.time_s.len())
                .filter(|&i| samples.time_s.get(i).is_some_and(|t| *t >= from && *t < to))
                .collect()
        }
    };
    let early = segment(at(0.10), at(0.25));
    let late = segment(at(0.75), last + 1.0);
    if early.len() < MIN_SEGMENT_SAMPLES || late.len() < MIN_SEGMENT_SAMPLES {
        return None;
    }
    let pick = |idx: &[usize], values: &[f64]| -> Vec<f64> {
        let mut picked = Vec::with_capacity(idx.len());
        picked.extend(idx.iter().filter_map(|&i| values.get(i).copied()));
        picked
    };
    let gct_of = |idx: &[usize]| {
        let mut picked = Vec::with_capacity(idx.len());
        picked.extend(
            idx.iter()
                .filter_map(|&i| samples.gct.get(i).copied().flatten()),
        );
        median(picked)
    };
    Some(LateSegments {
        early_spm: median(pick(&early, &samples.cadence))?,
        late_spm: median(pick(&late, &samples.cadence))?,
        early_mps: median(pick(&early, &samples.speed))?,
        late_mps: median(pick(&late, &samples.speed))?,
        early_gct_ms: gct_of(&early),
        late_gct_ms: gct_of(&late),
    })
}

#[cfg(test)]
#[path = "cadence_tests.rs"]
mod tests;
