//! Test helpers shared by the analyzers', the rules' and the charts'
//! tests: a run built directly, the way the log would keep it, in UTC so
//! the local date is the UTC date.

use chrono::{NaiveDate, NaiveTime};

use crate::log::{LoggedRun, RunSummary};
use crate::model::{Activity, Format, OffsetSource, Sport, UtcOffset};

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A run on `day` (YYYY-MM-DD) at 07:00 with `km` and `minutes`.
pub fn run(id: &str, day: &str, km: Option<f64>, minutes: Option<f64>) -> LoggedRun {
    let start_local = date(day).and_time(NaiveTime::from_hms_opt(7, 0, 0).unwrap());
    let mut activity = Activity::new(Format::Fit, Sport::Running, start_local.and_utc());
    activity.id = id.to_string();
    LoggedRun {
        activity,
        offset: UtcOffset {
            seconds: 0,
            source: OffsetSource::AssumedUtc,
            zone: None,
        },
        offset_note: None,
        start_local,
        local_date: date(day),
        summary: RunSummary {
            distance_m: km.map(|km| km * 1000.0),
            moving_s: minutes.map(|m| m * 60.0),
            ..RunSummary::default()
        },
    }
}

/// A run on `day` at 1 Hz: `segments` of (seconds, heart rate, speed m/s),
/// then one closing sample, which adds no time. Its id is `id`.
pub fn sampled(id: &str, day: &str, segments: &[(usize, Option<f64>, f64)]) -> LoggedRun {
    let seconds: usize = segments.iter().map(|s| s.0).sum();
    let mut r = simple(day, 10.0, seconds as f64 / 60.0);
    r.activity.id = id.to_string();
    let (mut hr, mut speed) = (Vec::new(), Vec::new());
    for &(n, bpm, v) in segments {
        hr.extend(std::iter::repeat_n(bpm, n));
        speed.extend(std::iter::repeat_n(Some(v), n));
    }
    hr.push(hr.last().copied().flatten());
    speed.push(speed.last().copied().flatten());
    let streams = &mut r.activity.streams;
    streams.time_s = (0..=seconds).map(|t| t as f64).collect();
    streams.heart_rate_bpm = Some(hr);
    streams.speed_mps = Some(speed);
    r
}

/// A timed run of `km` and `minutes` on `day`, its id the date.
pub fn simple(day: &str, km: f64, minutes: f64) -> LoggedRun {
    run(day, day, Some(km), Some(minutes))
}
