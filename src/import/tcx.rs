//! Garmin Training Center (TCX) files: every `<Activity>`, also those in a
//! `<MultiSportSession>`, becomes its own [`Activity`].
//!
//! Choices worth knowing:
//! - The start is `<Id>`, except that Garmin Connect exports round the Id
//!   down to the minute (09:42:00 for a run that started 09:42:23, as its
//!   GPX and first lap say): an Id on a whole minute less than a minute
//!   before the first lap's start gives way to that lap start.
//! - The device summary is what the laps say: distance and timer are sums,
//!   heart rate and cadence are timer-weighted means.
//! - Pauses are the time gaps that account for elapsed minus timer time
//!   (the laps' `TotalTimeSeconds` exclude stops): Garmin and Polar leave a
//!   plain gap in the track, while Suunto also leaves gaps that were not
//!   stops. Without lap timers, a new `<Track>` after a gap is a pause.
//! - Cadence (`Cadence`, else `RunCadence`) becomes steps per minute
//!   through `cadence.rs`, for sports on foot only; laps and summary
//!   follow the stream's convention, or their own without a stream.
//! - Trackpoint distances are the device's. Where some are missing they are
//!   filled from the positions; a file whose distances start far beyond
//!   anything reachable (one FR310XT file starts at 42 km) is rebased.

use chrono::{DateTime, Utc};
use quick_xml::events::BytesStart;

use super::altimeter;
use super::plausible::{
    within, CADENCE, DISTANCE_M, ELEVATION_M, HEART_RATE_BPM, POWER_W, SPEED_MPS,
};
use super::xml_fields::{self, attr, creator_label, non_empty, number, positive, Flow, Handler};
use super::{cadence, infer_sport, track, xml_time, Decoded, ImportError};
use crate::model::{
    channel_from, Activity, CadenceConvention, DeviceSummary, Format, Lap, LatLon, OffsetSource,
    Sport, Streams, UtcOffset,
};

/// Decodes a TCX file's bytes into its activities.
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let (reader, ending) = xml_fields::walk::<TcxReader>(bytes);
    let built = match reader.root {
        None => Err(ImportError::NotActivity("no XML element found".into())),
        Some(false) => Err(ImportError::NotActivity(
            "XML, but not TCX (no <TrainingCenterDatabase> root)".into(),
        )),
        Some(true) => build_all(reader),
    };
    xml_fields::settle(built, ending, "TCX")
}

type Stamp = (DateTime<Utc>, Option<i32>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Activity,
    Lap,
    Track,
    Trackpoint,
    Position,
    HeartRate,
    LapAverageHeartRate,
    LapMaximumHeartRate,
    Creator,
    Other,
}

#[derive(Debug, Default, Clone)]
struct RawPoint {
    time: Option<Stamp>,
    lat: Option<f64>,
    lon: Option<f64>,
    altitude_m: Option<f64>,
    distance_m: Option<f64>,
    heart_rate_bpm: Option<f64>,
    cadence: Option<f64>,
    run_cadence: Option<f64>,
    speed_mps: Option<f64>,
    power_w: Option<f64>,
    /// First point of a `<Track>`.
    track_start: bool,
}

#[derive(Debug, Default)]
struct RawLap {
    start: Option<Stamp>,
    first_point: Option<Stamp>,
    total_time_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr_bpm: Option<f64>,
    max_hr_bpm: Option<f64>,
    cadence: Option<f64>,
}

#[derive(Debug, Default)]
struct RawActivity {
    sport: Option<String>,
    id: Option<Stamp>,
    creator: Option<String>,
    laps: Vec<RawLap>,
    points: Vec<RawPoint>,
}

#[derive(Debug, Default)]
struct TcxReader {
    root: Option<bool>,
    root_creator: Option<String>,
    activities: Vec<RawActivity>,
    stack: Vec<Tag>,
    lap: Option<RawLap>,
    point: Option<RawPoint>,
    track_opened: bool,
}

impl Handler for TcxReader {
    fn open(&mut self, name: &str, start: &BytesStart<'_>) -> Flow {
        if self.root.is_none() {
            let is_tcx = name.eq_ignore_ascii_case("TrainingCenterDatabase");
            self.root = Some(is_tcx);
            self.root_creator = attr(start, "creator").and_then(|c| creator_label(&c));
            return if is_tcx { Flow::Continue } else { Flow::Stop };
        }
        let parent = self.stack.last().copied();
        let tag = match (name, parent) {
            ("Activity", _) => {
                self.activities.push(RawActivity {
                    sport: attr(start, "Sport").and_then(|s| non_empty(&s)),
                    ..RawActivity::default()
                });
                Tag::Activity
            }
            ("Lap", Some(Tag::Activity)) => {
                self.lap = Some(RawLap {
                    start: attr(start, "StartTime").and_then(|t| xml_time::parse(&t)),
                    ..RawLap::default()
                });
                Tag::Lap
            }
            ("Track", Some(Tag::Lap)) => {
                self.track_opened = true;
                Tag::Track
            }
            ("Trackpoint", Some(Tag::Track)) => {
                self.point = Some(RawPoint {
                    track_start: std::mem::take(&mut self.track_opened),
                    ..RawPoint::default()
                });
                Tag::Trackpoint
            }
            ("Position", Some(Tag::Trackpoint)) => Tag::Position,
            ("HeartRateBpm", Some(Tag::Trackpoint)) => Tag::HeartRate,
            ("AverageHeartRateBpm", Some(Tag::Lap)) => Tag::LapAverageHeartRate,
            ("MaximumHeartRateBpm", Some(Tag::Lap)) => Tag::LapMaximumHeartRate,
            ("Creator", Some(Tag::Activity)) => Tag::Creator,
            _ => Tag::Other,
        };
        self.stack.push(tag);
        Flow::Continue
    }

    fn close(&mut self, name: &str, text: &str) -> Flow {
        let closed = self.stack.pop();
        let parent = self.stack.last().copied();
        match closed {
            Some(Tag::Trackpoint) => self.finish_point(),
            Some(Tag::Lap) => {
                if let (Some(lap), Some(activity)) = (self.lap.take(), self.activities.last_mut()) {
                    activity.laps.push(lap);
                }
            }
            _ => {
                if let Some(point) = self.point.as_mut() {
                    read_point_field(point, name, text, parent);
                } else if let Some(lap) = self.lap.as_mut() {
                    read_lap_field(lap, name, text, parent);
                } else if let Some(activity) = self.activities.last_mut() {
                    match (name, parent) {
                        ("Id", Some(Tag::Activity)) => activity.id = xml_time::parse(text),
                        ("Name", Some(Tag::Creator)) => activity.creator = non_empty(text),
                        _ => {}
                    }
                }
            }
        }
        Flow::Continue
    }
}

impl TcxReader {
    fn finish_point(&mut self) {
        let Some(point) = self.point.take() else {
            return;
        };
        if let Some(lap) = self.lap.as_mut() {
            if lap.first_point.is_none() {
                lap.first_point = point.time;
            }
        }
        if let Some(activity) = self.activities.last_mut() {
            activity.points.push(point);
        }
    }
}

fn read_point_field(point: &mut RawPoint, name: &str, text: &str, parent: Option<Tag>) {
    let set = |slot: &mut Option<f64>, value: Option<f64>| {
        if slot.is_none() {
            *slot = value;
        }
    };
    match (name, parent) {
        ("Time", Some(Tag::Trackpoint)) => {
            point.time = point.time.or_else(|| xml_time::parse(text))
        }
        ("LatitudeDegrees", Some(Tag::Position)) => set(&mut point.lat, number(text)),
        ("LongitudeDegrees", Some(Tag::Position)) => set(&mut point.lon, number(text)),
        ("AltitudeMeters", Some(Tag::Trackpoint)) => {
            set(&mut point.altitude_m, within(number(text), ELEVATION_M))
        }
        ("DistanceMeters", Some(Tag::Trackpoint)) => {
            set(&mut point.distance_m, within(number(text), DISTANCE_M))
        }
        ("Value", Some(Tag::HeartRate)) => set(
            &mut point.heart_rate_bpm,
            within(number(text), HEART_RATE_BPM),
        ),
        ("Cadence", Some(Tag::Trackpoint)) => {
            set(&mut point.cadence, within(number(text), CADENCE))
        }
        // Extensions sit under `<TPX>` with any prefix.
        ("RunCadence", _) => set(&mut point.run_cadence, within(number(text), CADENCE)),
        ("Speed", _) => set(&mut point.speed_mps, within(number(text), SPEED_MPS)),
        ("Watts", _) => set(&mut point.power_w, within(number(text), POWER_W)),
        _ => {}
    }
}

fn read_lap_field(lap: &mut RawLap, name: &str, text: &str, parent: Option<Tag>) {
    match (name, parent) {
        ("TotalTimeSeconds", Some(Tag::Lap)) => {
            lap.total_time_s = number(text).filter(|t| *t >= 0.0)
        }
        ("DistanceMeters", Some(Tag::Lap)) => lap.distance_m = number(text).filter(|d| *d >= 0.0),
        ("Value", Some(Tag::LapAverageHeartRate)) => lap.avg_hr_bpm = positive(text),
        ("Value", Some(Tag::LapMaximumHeartRate)) => lap.max_hr_bpm = positive(text),
        ("Cadence", Some(Tag::Lap)) => lap.cadence = lap.cadence.or(positive(text)),
        ("AvgRunCadence", _) => lap.cadence = lap.cadence.or(positive(text)),
        _ => {}
    }
}

fn build_all(reader: TcxReader) -> Result<Vec<Activity>, ImportError> {
    if reader.activities.is_empty() {
        return Err(ImportError::NotActivity(
            "TCX without activities (a course or a profile)".into(),
        ));
    }
    let several = reader.activities.len() > 1;
    let root_creator = reader.root_creator;
    let activities: Vec<Activity> = reader
        .activities
        .into_iter()
        .enumerate()
        .filter_map(|(index, raw)| {
            let mut activity = build(raw)?;
            activity.session_index = several.then_some(index);
            if activity.device.product.is_none() {
                activity.device.product = root_creator.clone();
                if activity.elevation_source.is_some() {
                    let names: Vec<&str> = root_creator.iter().map(String::as_str).collect();
                    activity.elevation_source = Some(altimeter::of_named(&names));
                }
            }
            Some(activity)
        })
        .collect();
    if activities.is_empty() {
        return Err(ImportError::Invalid {
            format: "TCX",
            message: "no timestamps".into(),
        });
    }
    Ok(activities)
}

/// When the activity started: see the module notes on `<Id>`.
fn start_of(raw: &RawActivity) -> Option<Stamp> {
    let lap_start = raw
        .laps
        .iter()
        .find_map(|lap| lap.start.or(lap.first_point));
    let first_point = raw.points.iter().find_map(|p| p.time);
    let stated = match (raw.id, lap_start) {
        (Some(id), Some(lap)) => {
            let ahead_s = (lap.0 - id.0).num_milliseconds();
            let whole_minute = id.0.timestamp_subsec_millis() == 0 && id.0.timestamp() % 60 == 0;
            Some(if whole_minute && (1..60_000).contains(&ahead_s) {
                lap
            } else {
                id
            })
        }
        (id, lap) => id.or(lap),
    };
    // Samples before the start would get negative times.
    match (stated, first_point) {
        (Some(s), Some(p)) if p.0 < s.0 => Some(p),
        (s, p) => s.or(p),
    }
}

fn build(raw: RawActivity) -> Option<Activity> {
    let (start, start_offset) = start_of(&raw)?;
    let labelled = raw.sport.as_deref().and_then(Sport::from_label);

    let points = in_time_order(raw.points);
    let seconds = |t: DateTime<Utc>| (t - start).num_milliseconds() as f64 / 1000.0;
    let time_s: Vec<f64> = points.iter().map(|(t, _)| seconds(*t)).collect();
    let column =
        |f: fn(&RawPoint) -> Option<f64>| points.iter().map(|(_, p)| f(p)).collect::<Vec<_>>();
    let positions: Vec<Option<LatLon>> = points
        .iter()
        .map(|(_, p)| track::position(p.lat, p.lon))
        .collect();

    let times: Vec<DateTime<Utc>> = points.iter().map(|(t, _)| *t).collect();
    let new_track: Vec<bool> = points.iter().map(|(_, p)| p.track_start).collect();
    let timer_s = summary_of(&raw.laps, None).timer_s;
    let (pauses, breaks) = track::pauses_from_gaps(&times, &new_track, timer_s);
    let limit = track::max_speed_mps(labelled.as_ref().map(|(s, _)| s));
    let spikes = track::spikes(&time_s, &positions, limit);
    let geo = track::cumulative_distance(&positions, &breaks, &spikes);
    let distance = track::merge_distance(&time_s, &column(|p| p.distance_m), &geo);

    let recorded_speed = column(|p| p.speed_mps);
    let speed_for_cadence = if recorded_speed.iter().any(Option::is_some) {
        recorded_speed.clone()
    } else {
        track::speed_from_distance(&time_s, &distance, 5.0)
    };
    let raw_cadence = column(|p| p.cadence.or(p.run_cadence));
    let (cadence_spm, convention) =
        cadence::to_steps_per_minute(&raw_cadence, Some(&speed_for_cadence));

    let mut streams = Streams {
        position: positions.iter().any(Option::is_some).then_some(positions),
        distance_m: channel_from(distance),
        speed_mps: channel_from(recorded_speed),
        elevation_m: channel_from(column(|p| p.altitude_m)),
        heart_rate_bpm: channel_from(column(|p| p.heart_rate_bpm)),
        cadence_spm,
        power_w: channel_from(column(|p| p.power_w)),
        time_s,
        ..Streams::default()
    };

    let (sport, sub_sport, inferred) = match labelled {
        Some((sport, sub)) => (sport, sub.map(str::to_string), false),
        None => (
            infer_sport::infer(&streams).unwrap_or_else(|| Sport::Other("unknown".into())),
            None,
            true,
        ),
    };
    let mut activity = Activity::new(Format::Tcx, sport, start);
    activity.sport_inferred = inferred;
    activity.sub_sport = sub_sport;
    activity.utc_offset = start_offset
        .or_else(|| points.iter().find_map(|(_, p)| p.time.and_then(|t| t.1)))
        .map(|seconds| UtcOffset {
            seconds,
            source: OffsetSource::FileTimestamp,
            zone: None,
        });
    activity.device.product = raw.creator;
    // Garmin Connect keeps the watch's name in `Creator/Name`.
    activity.elevation_source = streams.elevation_m.is_some().then(|| {
        let names: Vec<&str> = activity.device.product.iter().map(String::as_str).collect();
        altimeter::of_named(&names)
    });
    // Without a cadence stream, the laps' own numbers decide.
    let lap_cadences: Vec<Option<f64>> = raw.laps.iter().map(|lap| lap.cadence).collect();
    let convention = match convention {
        _ if !track::on_foot(&activity.sport) => CadenceConvention::None,
        CadenceConvention::None => cadence::convention_of(&lap_cadences, None),
        stream => stream,
    };
    let factor = match convention {
        CadenceConvention::StridesDoubled => Some(2.0),
        CadenceConvention::Steps => Some(1.0),
        CadenceConvention::None => None,
    };
    if factor.is_none() {
        streams.cadence_spm = None;
    }
    activity.cadence_convention = convention;
    activity.summary = summary_of(&raw.laps, factor);
    activity.laps = raw
        .laps
        .iter()
        .filter_map(|lap| {
            Some(Lap {
                start_utc: lap.start.or(lap.first_point)?.0,
                elapsed_s: None,
                timer_s: lap.total_time_s,
                distance_m: lap.distance_m,
                avg_hr_bpm: lap.avg_hr_bpm,
                avg_cadence_spm: lap.cadence.zip(factor).map(|(c, f)| c * f),
            })
        })
        .collect();
    activity.pauses = pauses;
    activity.streams = streams;
    Some(activity)
}

/// Timed points in time order: untimed points cannot be placed, points that
/// go back in time are dropped, and so are exact repeats (Garmin repeats
/// the last point of a lap as the first of the next).
fn in_time_order(points: Vec<RawPoint>) -> Vec<(DateTime<Utc>, RawPoint)> {
    let outliers = track::TimeOutliers::among(points.iter().filter_map(|p| p.time.map(|(t, _)| t)));
    let mut kept: Vec<(DateTime<Utc>, RawPoint)> = Vec::with_capacity(points.len());
    let mut track_start = false;
    for point in points {
        track_start |= point.track_start;
        let Some((time, _)) = point.time.filter(|(t, _)| !outliers.is_corrupt(*t)) else {
            continue;
        };
        if let Some((last_time, last)) = kept.last() {
            let repeat = time == *last_time && point.lat == last.lat && point.lon == last.lon;
            if time < *last_time || repeat {
                continue;
            }
        }
        kept.push((
            time,
            RawPoint {
                track_start,
                ..point
            },
        ));
        track_start = false;
    }
    kept
}

/// The device's totals, as the laps state them.
fn summary_of(laps: &[RawLap], cadence_factor: Option<f64>) -> DeviceSummary {
    let sum = |f: fn(&RawLap) -> Option<f64>| {
        let values: Vec<f64> = laps.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let weighted = |f: fn(&RawLap) -> Option<f64>| {
        let pairs: Vec<(f64, f64)> = laps
            .iter()
            .filter_map(|lap| Some((f(lap)?, lap.total_time_s.filter(|t| *t > 0.0)?)))
            .collect();
        let weight: f64 = pairs.iter().map(|(_, w)| w).sum();
        (weight > 0.0).then(|| pairs.iter().map(|(v, w)| v * w).sum::<f64>() / weight)
    };
    DeviceSummary {
        distance_m: sum(|lap| lap.distance_m),
        timer_s: sum(|lap| lap.total_time_s),
        avg_hr_bpm: weighted(|lap| lap.avg_hr_bpm),
        max_hr_bpm: laps
            .iter()
            .filter_map(|lap| lap.max_hr_bpm)
            .reduce(f64::max),
        avg_cadence_spm: weighted(|lap| lap.cadence)
            .zip(cadence_factor)
            .map(|(c, f)| c * f),
        ..DeviceSummary::default()
    }
}

#[cfg(test)]
#[path = "tcx_tests.rs"]
mod tests;
