//! GPX 1.0 and 1.1 tracks to one [`Activity`] per file.
//!
//! One quick-xml pass collects the track points; the activity is built
//! afterwards because the glitch threshold depends on the sport, which a
//! file without `<type>` only reveals once all points are known.
//!
//! Choices worth knowing:
//! - All `<trk>` and `<trkseg>` of a file form one activity, in time order;
//!   the time between two segments is a [`Pause`], and no distance is
//!   counted across it (the device was not recording).
//! - Cadence becomes steps per minute through `cadence.rs`, and is
//!   kept only for sports on foot: a bike's crank rpm are not steps.
//! - Points whose time goes back are dropped (Runkeeper writes one at the
//!   start), as are out-and-back GPS spikes faster than 12 m/s on foot.
//! - Points without a time cannot be placed on the time axis and are
//!   dropped; a file with no timed point is a route, not an activity.
//! - `<metadata><time>` is when the file was written (Apple Health exports
//!   show days of difference), so it is never taken as the start.
//! - The `creator` attribute goes to `Device::product` as written, minus a
//!   trailing URL, even when it names a service ("Garmin Connect",
//!   "StravaGPX"): it is the only hint of the source there is.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use quick_xml::events::BytesStart;

use super::altimeter;
use super::plausible::{within, CADENCE, ELEVATION_M, HEART_RATE_BPM, POWER_W, TEMPERATURE_C};
use super::xml_fields::{self, attr, attrs, creator_label, non_empty, number, Flow, Handler};
use super::{cadence, infer_sport, track, Decoded, ImportError};
use crate::model::{
    channel_from, Activity, CadenceConvention, Format, LatLon, OffsetSource, Pause, Sport, Streams,
    UtcOffset,
};

/// Decodes a GPX file's bytes into its one activity.
pub fn decode(bytes: &[u8]) -> Decoded {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let (reader, ending) = xml_fields::walk::<GpxReader>(bytes);
    let built = match reader.root {
        None => Err(ImportError::NotActivity("no XML element found".into())),
        Some(false) => Err(ImportError::NotActivity(
            "XML, but not GPX (no <gpx> root)".into(),
        )),
        Some(true) => build(reader),
    };
    xml_fields::settle(built.map(|activity| vec![activity]), ending, "GPX")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Gpx,
    Metadata,
    Trk,
    Trkseg,
    Trkpt,
    Other,
}

#[derive(Debug, Default, Clone)]
struct RawPoint {
    time: Option<(DateTime<Utc>, Option<i32>)>,
    position: Option<LatLon>,
    elevation_m: Option<f64>,
    speed_mps: Option<f64>,
    heart_rate_bpm: Option<f64>,
    cadence: Option<f64>,
    power_w: Option<f64>,
    temperature_c: Option<f64>,
}

#[derive(Debug, Default)]
struct Track {
    name: Option<String>,
    kind: Option<String>,
    segments: Vec<Vec<RawPoint>>,
}

#[derive(Debug, Default)]
struct GpxReader {
    /// `Some(true)` once a `<gpx>` root was seen, `Some(false)` for another root.
    root: Option<bool>,
    creator: Option<String>,
    metadata_name: Option<String>,
    tracks: Vec<Track>,
    stack: Vec<Tag>,
    point: Option<RawPoint>,
}

fn is_any(name: &str, candidates: &[&str]) -> bool {
    candidates.iter().any(|c| name.eq_ignore_ascii_case(c))
}

impl Handler for GpxReader {
    fn open(&mut self, name: &str, start: &BytesStart<'_>) -> Flow {
        if self.root.is_none() {
            let is_gpx = name.eq_ignore_ascii_case("gpx");
            self.root = Some(is_gpx);
            if !is_gpx {
                return Flow::Stop;
            }
            self.creator = attr(start, "creator").and_then(|c| non_empty(&c));
            self.stack.push(Tag::Gpx);
            return Flow::Continue;
        }
        let parent = self.stack.last().copied();
        let tag = match name {
            "metadata" if parent == Some(Tag::Gpx) => Tag::Metadata,
            "trk" if parent == Some(Tag::Gpx) => {
                self.tracks.push(Track::default());
                Tag::Trk
            }
            "trkseg" if parent == Some(Tag::Trk) => {
                if let Some(track) = self.tracks.last_mut() {
                    track.segments.push(Vec::new());
                }
                Tag::Trkseg
            }
            "trkpt" if matches!(parent, Some(Tag::Trkseg | Tag::Trk)) => {
                let [lat, lon] = attrs(start, ["lat", "lon"]);
                let coordinate = |value: Option<Cow<'_, str>>| value.and_then(|v| number(&v));
                self.point = Some(RawPoint {
                    position: track::position(coordinate(lat), coordinate(lon)),
                    ..RawPoint::default()
                });
                Tag::Trkpt
            }
            _ => Tag::Other,
        };
        self.stack.push(tag);
        Flow::Continue
    }

    fn close(&mut self, name: &str, text: &str) -> Flow {
        let closed = self.stack.pop();
        let parent = self.stack.last().copied();
        if closed == Some(Tag::Trkpt) {
            self.finish_point();
        } else if let Some(point) = self.point.as_mut() {
            read_point_field(point, name, text, parent == Some(Tag::Trkpt));
        } else if parent == Some(Tag::Trk) {
            if let Some(track) = self.tracks.last_mut() {
                match name {
                    "name" => track.name = track.name.take().or_else(|| non_empty(text)),
                    "type" => track.kind = track.kind.take().or_else(|| non_empty(text)),
                    _ => {}
                }
            }
        } else if name == "name" && matches!(parent, Some(Tag::Metadata | Tag::Gpx)) {
            self.metadata_name = self.metadata_name.take().or_else(|| non_empty(text));
        }
        Flow::Continue
    }
}

impl GpxReader {
    fn finish_point(&mut self) {
        let Some(point) = self.point.take() else {
            return;
        };
        // A `<trkpt>` straight under `<trk>` (no segment) still counts.
        let Some(track) = self.tracks.last_mut() else {
            return;
        };
        if track.segments.is_empty() {
            track.segments.push(Vec::new());
        }
        if let Some(segment) = track.segments.last_mut() {
            segment.push(point);
        }
    }
}

/// One child of `<trkpt>`, at any depth (extensions nest under vendor
/// elements); the first value of each kind wins, as some files repeat `hr`.
fn read_point_field(point: &mut RawPoint, name: &str, text: &str, direct_child: bool) {
    let set = |slot: &mut Option<f64>, value: Option<f64>| {
        if slot.is_none() {
            *slot = value;
        }
    };
    match name {
        "time" if direct_child && point.time.is_none() => {
            point.time = super::xml_time::parse(text);
        }
        "ele" if direct_child => set(&mut point.elevation_m, within(number(text), ELEVATION_M)),
        _ if is_any(name, &["speed"]) => {
            set(&mut point.speed_mps, number(text).filter(|v| *v >= 0.0))
        }
        _ if is_any(name, &["hr", "heartrate"]) => set(
            &mut point.heart_rate_bpm,
            within(number(text), HEART_RATE_BPM),
        ),
        _ if is_any(name, &["cad", "cadence", "runcadence"]) => {
            set(&mut point.cadence, within(number(text), CADENCE))
        }
        _ if is_any(name, &["power", "powerinwatts", "watts"]) => {
            set(&mut point.power_w, within(number(text), POWER_W))
        }
        _ if is_any(name, &["atemp", "temp", "temperature"]) => set(
            &mut point.temperature_c,
            within(number(text), TEMPERATURE_C),
        ),
        _ => {}
    }
}

/// A timed point and whether a new segment starts at it.
struct Timed {
    time: DateTime<Utc>,
    offset: Option<i32>,
    segment_start: bool,
    point: RawPoint,
}

fn build(reader: GpxReader) -> Result<Activity, ImportError> {
    let GpxReader {
        creator,
        metadata_name,
        tracks,
        ..
    } = reader;
    let has_points = tracks
        .iter()
        .flat_map(|t| &t.segments)
        .any(|s| !s.is_empty());
    if !has_points {
        return Err(ImportError::NotActivity(
            "GPX without track points (a route or waypoints only)".into(),
        ));
    }
    let labelled = tracks
        .iter()
        .filter_map(|t| t.kind.as_deref())
        .find_map(Sport::from_label);
    let name = tracks.iter().find_map(|t| t.name.clone()).or(metadata_name);
    let points = timed_points(tracks);
    let Some(first) = points.first() else {
        return Err(ImportError::Invalid {
            format: "GPX",
            message: "no timestamps (a route, not an activity)".into(),
        });
    };
    let start = first.time;

    let (sport, sub_sport, inferred) = match labelled {
        Some((sport, sub)) => (Some(sport), sub.map(str::to_string), false),
        None => (None, None, true),
    };
    let first_limit = track::max_speed_mps(sport.as_ref());
    let (mut streams, mut convention, mut pauses) = assemble(&points, start, first_limit);
    let sport = match sport {
        Some(sport) => sport,
        None => match infer_sport::infer(&streams) {
            Some(guess) => {
                // A ride's fast fixes are not glitches: build again.
                let limit = track::max_speed_mps(Some(&guess));
                if limit != first_limit {
                    (streams, convention, pauses) = assemble(&points, start, limit);
                }
                guess
            }
            None => Sport::Other("unknown".into()),
        },
    };
    if !track::on_foot(&sport) {
        streams.cadence_spm = None;
        convention = CadenceConvention::None;
    }

    let mut activity = Activity::new(Format::Gpx, sport, start);
    activity.sport_inferred = inferred;
    activity.sub_sport = sub_sport;
    activity.name = name;
    activity.utc_offset = points
        .iter()
        .find_map(|p| p.offset)
        .map(|seconds| UtcOffset {
            seconds,
            source: OffsetSource::FileTimestamp,
            zone: None,
        });
    activity.device.product = creator.as_deref().and_then(creator_label);
    // A GPX names its device only when the device wrote it ("Suunto 9
    // Baro"); an export names the service ("Garmin Connect", "StravaGPX"),
    // which says nothing about the altimeter behind it.
    activity.elevation_source = streams.elevation_m.is_some().then(|| {
        let names: Vec<&str> = activity.device.product.iter().map(String::as_str).collect();
        altimeter::of_named(&names)
    });
    activity.cadence_convention = convention;
    activity.pauses = pauses;
    activity.streams = streams;
    Ok(activity)
}

/// The timed points of all tracks, segments in order of their first time,
/// with points that go back in time (or repeat the previous one) dropped.
fn timed_points(tracks: Vec<Track>) -> Vec<Timed> {
    let outliers = track::TimeOutliers::among(
        tracks
            .iter()
            .flat_map(|t| &t.segments)
            .flatten()
            .filter_map(|p| p.time.map(|(time, _)| time)),
    );
    let mut segments: Vec<Vec<Timed>> = tracks
        .into_iter()
        .flat_map(|t| t.segments)
        .map(|segment| {
            segment
                .into_iter()
                .filter_map(|point| {
                    let (time, offset) = point.time.filter(|(t, _)| !outliers.is_corrupt(*t))?;
                    Some(Timed {
                        time,
                        offset,
                        segment_start: false,
                        point,
                    })
                })
                .collect::<Vec<_>>()
        })
        .filter(|segment| !segment.is_empty())
        .collect();
    segments.sort_by_key(|segment| segment.first().map(|p| p.time));
    let mut kept: Vec<Timed> = Vec::new();
    for segment in segments {
        let mut segment_start = true;
        for mut timed in segment {
            if let Some(last) = kept.last() {
                let repeat = timed.time == last.time && timed.point.position == last.point.position;
                if timed.time < last.time || repeat {
                    continue;
                }
            }
            timed.segment_start = segment_start && !kept.is_empty();
            segment_start = false;
            kept.push(timed);
        }
    }
    kept
}

/// Streams, cadence convention and pauses from the timed points, GPS spikes
/// faster than `max_mps` dropped.
fn assemble(
    points: &[Timed],
    start: DateTime<Utc>,
    max_mps: f64,
) -> (Streams, CadenceConvention, Vec<Pause>) {
    let seconds = |t: DateTime<Utc>| (t - start).num_milliseconds() as f64 / 1000.0;
    let all_time: Vec<f64> = points.iter().map(|p| seconds(p.time)).collect();
    let all_positions: Vec<Option<LatLon>> = points.iter().map(|p| p.point.position).collect();
    let spikes = track::spikes(&all_time, &all_positions, max_mps);
    let mut kept: Vec<&Timed> = Vec::with_capacity(points.len());
    let mut breaks = Vec::with_capacity(points.len());
    let mut pauses = Vec::new();
    let mut pending_break = false;
    for (timed, spike) in points.iter().zip(&spikes) {
        pending_break |= timed.segment_start;
        if *spike {
            continue;
        }
        let is_break = pending_break && !kept.is_empty();
        if let (true, Some(last)) = (is_break, kept.last()) {
            if timed.time > last.time {
                pauses.push(Pause {
                    start_utc: last.time,
                    end_utc: timed.time,
                });
            }
        }
        breaks.push(is_break);
        pending_break = false;
        kept.push(timed);
    }

    let column =
        |f: fn(&RawPoint) -> Option<f64>| kept.iter().map(|p| f(&p.point)).collect::<Vec<_>>();
    let positions: Vec<Option<LatLon>> = kept.iter().map(|p| p.point.position).collect();
    let time_s: Vec<f64> = kept.iter().map(|p| seconds(p.time)).collect();
    let distance = track::cumulative_distance(&positions, &breaks, &[]);
    let recorded_speed = column(|p| p.speed_mps);
    let speed_for_cadence = if recorded_speed.iter().any(Option::is_some) {
        recorded_speed.clone()
    } else {
        track::speed_from_distance(&time_s, &distance, 5.0)
    };
    let (cadence_spm, convention) =
        cadence::to_steps_per_minute(&column(|p| p.cadence), Some(&speed_for_cadence));
    let streams = Streams {
        position: positions.iter().any(Option::is_some).then_some(positions),
        distance_m: channel_from(distance),
        speed_mps: channel_from(recorded_speed),
        elevation_m: channel_from(column(|p| p.elevation_m)),
        heart_rate_bpm: channel_from(column(|p| p.heart_rate_bpm)),
        cadence_spm,
        power_w: channel_from(column(|p| p.power_w)),
        temperature_c: channel_from(column(|p| p.temperature_c)),
        time_s,
        ..Streams::default()
    };
    (streams, convention, pauses)
}

#[cfg(test)]
#[path = "gpx_tests.rs"]
mod tests;
