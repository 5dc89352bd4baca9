//! FIT sessions to activities: which records, laps and pauses belong to
//! which session, the device, the UTC offset, and the device's totals.

use std::ops::RangeInclusive;

use super::fields::{to_utc, DEVICE_RELATIVE_LIMIT_S};
use super::messages::{FitMessages, FitSession};
use super::samples::{distance_from_speed, in_time_order, mend_clock_jumps, streams_from, Sample};
use crate::model::{
    Activity, CadenceConvention, Device, DeviceSummary, ElevationSource, Format, Lap, OffsetSource,
    Pause, Sport, UtcOffset,
};

/// No recorded run lasts longer than this (the longest ultras take ~2 days).
const MAX_SESSION_S: i64 = 72 * 3600;
/// Totals beyond these are corrupt fields, not performances.
const MAX_DISTANCE_M: f64 = 1_000_000.0;
const MAX_CLIMB_M: f64 = 30_000.0;

/// A session's time span and identity, from a `session` message or, when a
/// file has none (cut short, or written by a minimal app), from its records.
struct Span<'a> {
    start_fit_s: i64,
    message: Option<&'a FitSession>,
}

/// Builds one activity per plausible session.
///
/// `damaged` relaxes nothing but tells whether a session-less file is a cut
/// recording (its records are worth keeping when they span a minute or more).
///
/// The records are taken out of `messages` and become samples in the same
/// memory (a long run has tens of thousands).
pub fn assemble(mut messages: FitMessages, damaged: bool) -> Vec<Activity> {
    let records = std::mem::take(&mut messages.records);
    let messages = &messages;
    let clock = Clock::of(messages);
    let raw_samples: Vec<Sample> = records
        .into_iter()
        .filter_map(|record| Sample::from_record(&record))
        .map(|mut s| {
            s.time_fit_s += clock.shift_s;
            s
        })
        .collect();
    let samples = in_time_order(mend_clock_jumps(
        raw_samples,
        recording_span(messages, clock.shift_s),
    ));
    let mut spans: Vec<Span> = messages
        .sessions
        .iter()
        .filter_map(|message| {
            let start = session_start(message)?;
            Some(Span {
                start_fit_s: start.saturating_add(clock.shift_s),
                message: Some(message),
            })
        })
        .collect();
    spans.sort_by_key(|span| span.start_fit_s);
    if spans.is_empty() {
        let long_enough = match (samples.first(), samples.last()) {
            (Some(first), Some(last)) => last.time_fit_s - first.time_fit_s >= 60,
            _ => false,
        };
        if let (Some(first), true) = (samples.first(), long_enough || !damaged) {
            spans.push(Span {
                start_fit_s: first.time_fit_s,
                message: None,
            });
        }
    }
    let multi = spans.len() > 1;
    let bounds: Vec<i64> = spans.iter().map(|s| s.start_fit_s).collect();
    spans
        .iter()
        .enumerate()
        .filter_map(|(index, span)| {
            // A record stamped days after its session is a corrupt clock
            // (a salvaged Strava file has one dated 2085), not a sample.
            let latest = span.start_fit_s.saturating_add(MAX_SESSION_S);
            let end = bounds.get(index + 1).copied().unwrap_or(latest).min(latest);
            // Records written a moment before the session's start belong to
            // the first session; later sessions start at their own start.
            let from = if index == 0 {
                i64::MIN
            } else {
                span.start_fit_s
            };
            let in_span = |t: i64| t >= from && t < end;
            // Samples are in strict time order: the span's are one slice.
            let first = samples.partition_point(|s| s.time_fit_s < from);
            let last = samples.partition_point(|s| s.time_fit_s < end).max(first);
            let session_samples = samples.get(first..last).unwrap_or_default();
            let mut activity = build(messages, &clock, span, session_samples, &in_span)?;
            activity.session_index = multi.then_some(index);
            Some(activity)
        })
        .collect()
}

/// The span the file's sessions state (earliest start, latest start +
/// elapsed), which anchors the record timeline.
fn recording_span(messages: &FitMessages, shift_s: i64) -> Option<(i64, i64)> {
    messages
        .sessions
        .iter()
        .filter_map(|session| {
            let start = session_start(session)?.saturating_add(shift_s);
            let elapsed = session_elapsed_s(session).unwrap_or(0.0);
            Some((start, start.saturating_add(elapsed.ceil() as i64)))
        })
        .reduce(|(s1, e1), (s2, e2)| (s1.min(s2), e1.max(e2)))
}

/// A session's elapsed seconds, when plausible.
fn session_elapsed_s(session: &FitSession) -> Option<f64> {
    within(session.total_elapsed_time, 0.0..=MAX_SESSION_S as f64)
}

/// A device total inside a plausible range; anything else (a corrupt or
/// hostile file can hold 1e300 in a float field) is treated as absent.
fn within(value: Option<f64>, range: RangeInclusive<f64>) -> Option<f64> {
    value.filter(|v| range.contains(v))
}

/// A session's start: `start_time`, else its end (`timestamp`) less its
/// elapsed time. The end alone would put the whole run before its start.
fn session_start(session: &FitSession) -> Option<i64> {
    session.start_time.or_else(|| {
        let end = session.timestamp?;
        Some(end - session_elapsed_s(session).unwrap_or(0.0).round() as i64)
    })
}

/// How the file's clock maps to real time.
struct Clock {
    /// Added to every FIT time. Non-zero only for device-relative clocks.
    shift_s: i64,
    offset: Option<UtcOffset>,
}

impl Clock {
    /// The UTC offset comes from `activity.local_timestamp - timestamp`, kept
    /// only when it is a real offset (within ±14 h, on a quarter hour): some
    /// devices write garbage there (FR70: -6.7 days).
    ///
    /// Devices without a clock fix (old foot-pod watches) write times as
    /// seconds since power-on (below 0x10000000) while `local_timestamp`
    /// holds the wall clock; then all times are shifted onto that wall
    /// clock. The true UTC instant is unknown there, so the start is the
    /// local time read as UTC with a zero offset: local dates stay right.
    fn of(messages: &FitMessages) -> Clock {
        let activity = messages.activities.first();
        let utc = activity.and_then(|a| a.timestamp);
        let local = activity.and_then(|a| a.local_timestamp);
        let (Some(utc), Some(local)) = (utc, local) else {
            return Clock {
                shift_s: 0,
                offset: None,
            };
        };
        if utc < DEVICE_RELATIVE_LIMIT_S && local >= DEVICE_RELATIVE_LIMIT_S {
            return Clock {
                shift_s: local - utc,
                offset: Some(UtcOffset {
                    seconds: 0,
                    source: OffsetSource::FitLocalTimestamp,
                    zone: None,
                }),
            };
        }
        let raw = local - utc;
        let quarter_hours = (raw as f64 / 900.0).round() as i64;
        let plausible = raw.abs() <= 14 * 3600 && (raw - quarter_hours * 900).abs() <= 60;
        Clock {
            shift_s: 0,
            offset: plausible.then(|| UtcOffset {
                seconds: (quarter_hours * 900) as i32,
                source: OffsetSource::FitLocalTimestamp,
                zone: None,
            }),
        }
    }
}

fn build(
    messages: &FitMessages,
    clock: &Clock,
    span: &Span,
    samples: &[Sample],
    in_span: &dyn Fn(i64) -> bool,
) -> Option<Activity> {
    let message = span.message;
    let start_utc = to_utc(span.start_fit_s)?;
    let label = message
        .and_then(|m| m.sport.clone())
        .or_else(|| messages.sports.first().and_then(|m| m.sport.clone()))
        .or_else(|| messages.laps.first().and_then(|m| m.sport.clone()));
    let folded = label.as_deref().and_then(Sport::from_label);
    let sub_sport = message
        .and_then(|m| m.sub_sport.clone())
        .or_else(|| messages.sports.first().and_then(|m| m.sub_sport.clone()))
        .or_else(|| folded.as_ref().and_then(|(_, sub)| sub.map(str::to_string)));

    let placeholder = Sport::Other("unknown".into());
    let sport = folded
        .as_ref()
        .map_or(placeholder.clone(), |(sport, _)| sport.clone());
    // Running and walking cadence is counted per leg in FIT.
    let cadence_factor = matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
        .then_some(2.0)
        .or(folded.is_none().then_some(2.0));
    let mut streams = streams_from(samples, span.start_fit_s, cadence_factor);

    let mut summary = message
        .map(|m| summary_of(m, cadence_factor))
        .unwrap_or_default();
    if summary.distance_m.is_none() && samples.is_empty() {
        return None;
    }
    if recorded_distance_is_wrong(&streams, summary.distance_m) {
        streams.distance_m = distance_from_speed(&streams);
    }
    if message.is_none() {
        summary.elapsed_s = streams.time_s.last().copied();
    }

    let mut activity = Activity::new(Format::Fit, sport, start_utc);
    if folded.is_none() {
        match super::super::infer_sport::infer(&streams) {
            Some(inferred) => {
                activity.sport = inferred;
                activity.sport_inferred = true;
            }
            None => activity.sport = placeholder,
        }
        if activity.sport != Sport::Running {
            streams.cadence_spm = None;
        }
    }
    activity.cadence_convention = if streams.cadence_spm.is_some() {
        CadenceConvention::StridesDoubled
    } else {
        CadenceConvention::None
    };
    activity.sub_sport = sub_sport;
    activity.utc_offset = clock.offset.clone();
    activity.device = device_of(messages);
    activity.elevation_source = streams
        .elevation_m
        .is_some()
        .then(|| elevation_source_of(messages));
    activity.laps = laps_of(messages, clock.shift_s, in_span, cadence_factor);
    activity.pauses = pauses_of(messages, clock.shift_s, in_span);
    activity.summary = summary;
    activity.streams = streams;
    Some(activity)
}

/// The recorded distance disagrees with the session total by more than 5%.
fn recorded_distance_is_wrong(streams: &crate::model::Streams, total: Option<f64>) -> bool {
    let last = streams
        .distance_m
        .as_ref()
        .and_then(|d| d.iter().rev().find_map(|v| *v));
    match (last, total) {
        (Some(last), Some(total)) if total > 0.0 => (last - total).abs() / total > 0.05,
        _ => false,
    }
}

fn summary_of(session: &FitSession, cadence_factor: Option<f64>) -> DeviceSummary {
    // Device totals pass through range checks: a corrupt field must not
    // reach the report as 1e297 seconds.
    let cadence = session
        .avg_cadence
        .filter(|c| *c > 0.0 && *c < 300.0)
        .map(|c| c + session.avg_fractional_cadence.unwrap_or(0.0));
    DeviceSummary {
        distance_m: within(session.total_distance, 0.0..=MAX_DISTANCE_M),
        elapsed_s: session_elapsed_s(session),
        timer_s: within(session.total_timer_time, 0.0..=MAX_SESSION_S as f64),
        ascent_m: within(session.total_ascent, 0.0..=MAX_CLIMB_M),
        descent_m: within(session.total_descent, 0.0..=MAX_CLIMB_M),
        avg_hr_bpm: within(session.avg_heart_rate, 20.0..=250.0),
        max_hr_bpm: within(session.max_heart_rate, 20.0..=250.0),
        avg_cadence_spm: cadence.zip(cadence_factor).map(|(c, f)| c * f),
    }
}

fn laps_of(
    messages: &FitMessages,
    shift_s: i64,
    in_span: &dyn Fn(i64) -> bool,
    cadence_factor: Option<f64>,
) -> Vec<Lap> {
    messages
        .laps
        .iter()
        .filter_map(|lap| {
            let start = lap.start_time? + shift_s;
            if !in_span(start) {
                return None;
            }
            let cadence = lap
                .avg_cadence
                .filter(|c| *c > 0.0 && *c < 300.0)
                .map(|c| c + lap.avg_fractional_cadence.unwrap_or(0.0));
            Some(Lap {
                start_utc: to_utc(start)?,
                elapsed_s: within(lap.total_elapsed_time, 0.0..=MAX_SESSION_S as f64),
                timer_s: within(lap.total_timer_time, 0.0..=MAX_SESSION_S as f64),
                distance_m: within(lap.total_distance, 0.0..=MAX_DISTANCE_M),
                avg_hr_bpm: within(lap.avg_heart_rate, 20.0..=250.0),
                avg_cadence_spm: cadence.zip(cadence_factor).map(|(c, f)| c * f),
            })
        })
        .collect()
}

/// Timer stops followed by a start, inside the session.
fn pauses_of(messages: &FitMessages, shift_s: i64, in_span: &dyn Fn(i64) -> bool) -> Vec<Pause> {
    let mut pauses = Vec::new();
    let mut stopped_at: Option<i64> = None;
    for event in &messages.events {
        if event.event.as_deref() != Some("timer") {
            continue;
        }
        let Some(at) = event.timestamp.map(|t| t + shift_s) else {
            continue;
        };
        match event.event_type.as_deref() {
            Some("stop" | "stop_all" | "stop_disable" | "stop_disable_all") => {
                stopped_at = Some(at);
            }
            Some("start") => {
                if let Some(stop) = stopped_at.take() {
                    if at > stop && in_span(stop) {
                        if let (Some(start_utc), Some(end_utc)) = (to_utc(stop), to_utc(at)) {
                            pauses.push(Pause { start_utc, end_utc });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    pauses
}

/// The creator device: `device_info` with index "creator" (0), else
/// `file_id`. Garmin names its products in `garmin_product`, others in
/// `product_name` or only by number.
fn device_of(messages: &FitMessages) -> Device {
    let creator = messages
        .device_infos
        .iter()
        .find(|info| matches!(info.device_index.as_deref(), Some("creator" | "0")));
    let device = |manufacturer: &Option<String>, names: [&Option<String>; 3]| Device {
        manufacturer: manufacturer.clone(),
        product: names
            .into_iter()
            .find_map(Clone::clone)
            // A bare number ("suunto 34") names nothing a person knows.
            .filter(|product| product.parse::<f64>().is_err()),
    };
    let by_creator = creator
        .map(|m| {
            device(
                &m.manufacturer,
                [&m.product_name, &m.garmin_product, &m.product],
            )
        })
        .unwrap_or_default();
    let by_file = messages
        .file_ids
        .first()
        .map(|m| {
            device(
                &m.manufacturer,
                [&m.product_name, &m.garmin_product, &m.product],
            )
        })
        .unwrap_or_default();
    Device {
        manufacturer: by_creator.manufacturer.or(by_file.manufacturer),
        product: by_creator.product.or(by_file.product),
    }
}

/// Barometric when the watch lists a barometer among its sensors, else
/// what its model says (the creator's names, then the file's): older
/// watches (fenix 2, FR910XT) write no sensor list.
fn elevation_source_of(messages: &FitMessages) -> ElevationSource {
    let barometer = messages
        .device_infos
        .iter()
        .any(|info| info.local_device_type.as_deref() == Some("barometer"));
    let creator = messages
        .device_infos
        .iter()
        .filter(|info| matches!(info.device_index.as_deref(), Some("creator" | "0")))
        .flat_map(|m| [&m.product_name, &m.garmin_product, &m.product]);
    let file = messages
        .file_ids
        .iter()
        .take(1)
        .flat_map(|m| [&m.product_name, &m.garmin_product, &m.product]);
    let models: Vec<&str> = creator.chain(file).flatten().map(String::as_str).collect();
    crate::import::altimeter::of_fit(barometer, &models)
}
