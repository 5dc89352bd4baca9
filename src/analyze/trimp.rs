//! Training load per run for monotony and strain: Edwards' TRIMP when the
//! log has heart rate, moving minutes otherwise (knee-risk-rules.md
//! `training_monotony`: "load = minutes, or TRIMP when HR exists").
//!
//! Edwards' summated heart-rate zones weight each minute by its zone of
//! the maximum heart rate: 50-60% counts 1, 60-70% 2, 70-80% 3, 80-90% 4,
//! 90% and above 5, below 50% nothing. Unlike Banister's TRIMP it needs
//! no resting heart rate, which no export carries.
//!
//! One basis holds for the whole log, because monotony and strain compare
//! days with each other: mixing minutes and TRIMP in one week would make
//! the ratio meaningless. The log uses TRIMP when a maximum heart rate is
//! known and at least half of its timed runs recorded heart rate; a run
//! without heart rate then counts its minutes at the log's median TRIMP
//! per minute, and is listed as imputed.

use serde::Serialize;

use super::distribution::HeartRateTime;
use super::percentile::percentile;
use super::run_totals::run_time_s;
use crate::log::LoggedRun;
use crate::model::Streams;

/// The share of timed runs with their own TRIMP the log needs for TRIMP.
const MIN_LOG_COVERAGE: f64 = 0.5;
/// Runs with heart rate needed to estimate the maximum from the data.
pub const MIN_RUNS_FOR_OBSERVED_MAX: usize = 5;
/// An estimated maximum outside this range is sensor trouble, not a
/// runner's heart.
const PLAUSIBLE_MAX_BPM: std::ops::RangeInclusive<f64> = 140.0..=230.0;

/// Where the maximum heart rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxHrSource {
    /// The config's `[athlete] max_hr`.
    Config,
    /// The highest of the runs' 99th-percentile heart rates. It is at most
    /// the true maximum, so zones read a little high.
    Observed,
}

/// The maximum heart rate the zones are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MaxHr {
    pub bpm: f64,
    pub source: MaxHrSource,
}

/// What a day's `load` counts (knee-risk-rules.md `training_monotony`);
/// [`training_loads`] chooses it for a log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadBasis {
    /// Moving minutes (elapsed minutes when the moving time is unknown).
    #[default]
    Minutes,
    /// Edwards' heart-rate zone minutes.
    Trimp,
}

/// Each run's load, in the log's order, on one basis.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunLoads {
    pub basis: LoadBasis,
    /// Set when `basis` is TRIMP.
    pub max_hr: Option<MaxHr>,
    /// One per run; `None` for a run without a time.
    pub loads: Vec<Option<f64>>,
    /// Ids of runs whose TRIMP was estimated from their minutes.
    pub imputed: Vec<String>,
}

/// Edwards' weight of one heart-rate sample.
pub fn zone_weight(hr_bpm: f64, max_hr_bpm: f64) -> f64 {
    // Tenths of the maximum, computed as hr * 10 / max so that a zone
    // boundary (120 of 200) lands exactly on its integer.
    let tenths = hr_bpm * 10.0 / max_hr_bpm;
    if !tenths.is_finite() || tenths < 5.0 {
        0.0
    } else {
        // 5..6 tenths -> 1 ... 9 and above -> 5.
        (tenths.floor() - 4.0).min(5.0)
    }
}

/// Edwards' TRIMP of one run: each sample stands for the time to the next
/// one, at most `MAX_SAMPLE_GAP_S`, weighted by its
/// zone. `None` when fewer than half of the samples carry a heart rate.
pub fn edwards_trimp(streams: &Streams, max_hr_bpm: f64) -> Option<f64> {
    HeartRateTime::of(streams).and_then(|hr| trimp_of(&hr, max_hr_bpm))
}

/// Edwards' TRIMP from the time at each heart rate.
pub fn trimp_of(hr: &HeartRateTime, max_hr_bpm: f64) -> Option<f64> {
    hr.covered
        .then(|| hr.weighted_minutes(|bpm| zone_weight(bpm, max_hr_bpm)))
}

/// The configured maximum, else one observed in the log (with enough runs
/// recording heart rate and a plausible value).
pub fn max_hr_of(runs: &[LoggedRun], configured: Option<u16>) -> Option<MaxHr> {
    let hr: Vec<Option<HeartRateTime>> = runs
        .iter()
        .map(|r| HeartRateTime::of(&r.activity.streams))
        .collect();
    max_hr_measured(&borrowed(&hr), configured)
}

/// [`max_hr_of`] from each run's time at each heart rate.
pub fn max_hr_measured(hr: &[Option<&HeartRateTime>], configured: Option<u16>) -> Option<MaxHr> {
    if let Some(bpm) = configured {
        return Some(MaxHr {
            bpm: f64::from(bpm),
            source: MaxHrSource::Config,
        });
    }
    // Implausible peaks are sensor trouble of one run: left out before
    // the maximum is taken, so one glitch cannot switch TRIMP off.
    let peaks: Vec<f64> = hr
        .iter()
        .flatten()
        .filter_map(|h| h.peak_bpm)
        .filter(|bpm| PLAUSIBLE_MAX_BPM.contains(bpm))
        .collect();
    if peaks.len() < MIN_RUNS_FOR_OBSERVED_MAX {
        return None;
    }
    peaks.into_iter().reduce(f64::max).map(|bpm| MaxHr {
        bpm,
        source: MaxHrSource::Observed,
    })
}

/// Each run's table, borrowed.
fn borrowed(hr: &[Option<HeartRateTime>]) -> Vec<Option<&HeartRateTime>> {
    hr.iter().map(Option::as_ref).collect()
}

/// The loads of `runs` (see the module documentation for the choice).
pub fn training_loads(runs: &[LoggedRun], configured_max_hr: Option<u16>) -> RunLoads {
    let hr: Vec<Option<HeartRateTime>> = runs
        .iter()
        .map(|r| HeartRateTime::of(&r.activity.streams))
        .collect();
    training_loads_measured(runs, &borrowed(&hr), configured_max_hr)
}

/// [`training_loads`] from each run's time at each heart rate (`hr[i]`
/// belongs to `runs[i]`); no sample is read.
pub fn training_loads_measured(
    runs: &[LoggedRun],
    hr: &[Option<&HeartRateTime>],
    configured_max_hr: Option<u16>,
) -> RunLoads {
    let minutes: Vec<Option<f64>> = runs
        .iter()
        .map(|run| run_time_s(&run.summary).map(|s| s / 60.0))
        .collect();
    let by_minutes = RunLoads {
        basis: LoadBasis::Minutes,
        max_hr: None,
        loads: minutes.clone(),
        imputed: Vec::new(),
    };
    let Some(max_hr) = max_hr_measured(hr, configured_max_hr) else {
        return by_minutes;
    };
    let trimps: Vec<Option<f64>> = runs
        .iter()
        .zip(&minutes)
        .enumerate()
        .map(|(i, (_, minutes))| {
            let hr = hr.get(i).copied().flatten();
            minutes.and(hr.and_then(|hr| trimp_of(hr, max_hr.bpm)))
        })
        .collect();
    let timed = minutes.iter().flatten().count();
    let measured = trimps.iter().flatten().count();
    if timed == 0 || (measured as f64) < MIN_LOG_COVERAGE * timed as f64 {
        return by_minutes;
    }
    let per_minute = percentile(
        trimps
            .iter()
            .zip(&minutes)
            .filter_map(|(t, m)| Some(t.as_ref()? / m.filter(|m| *m > 0.0)?))
            .collect(),
        0.5,
    );
    let mut imputed = Vec::new();
    let loads = runs
        .iter()
        .zip(trimps.iter().zip(&minutes))
        .map(|(run, (trimp, minutes))| match (trimp, minutes) {
            (Some(trimp), _) => Some(*trimp),
            (None, Some(minutes)) => {
                imputed.push(run.activity.id.clone());
                per_minute.map(|rate| rate * minutes)
            }
            (None, None) => None,
        })
        .collect();
    RunLoads {
        basis: LoadBasis::Trimp,
        max_hr: Some(max_hr),
        loads,
        imputed,
    }
}

#[cfg(test)]
#[path = "trimp_tests.rs"]
mod tests;
