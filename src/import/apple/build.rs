//! Workouts and their records to activities: one per workout, runs with
//! their samples on one timeline (the route's when there is one).

use chrono::{DateTime, Offset, TimeZone, Utc};

use super::records::{self, Kind, Point, Records, Steps};
use super::scan::Scan;
use super::workouts::Workout;
use crate::import::{gpx, ImportError};
use crate::model::{
    channel_from, Activity, CadenceConvention, Format, OffsetSource, Pause, Sport, Streams,
    UtcOffset,
};

/// Without a route, a run's samples are placed every this many seconds.
const GRID_S: i64 = 5;
/// A point sample holds its value this long at most (the watch writes one
/// every few seconds while a workout runs; longer is a gap).
const HOLD_S: f64 = 60.0;
/// A sample just after a time still stands for it (the first beats after
/// the start).
const AHEAD_S: f64 = 5.0;

/// What an export gave: its activities, and the route files it names that
/// could not be read.
#[derive(Debug, Default)]
pub struct Export {
    pub activities: Vec<Activity>,
    /// One line per run whose route is missing or unreadable.
    pub notes: Vec<String>,
}

impl Scan {
    /// The activities of the export, each running workout's route read
    /// through `routes` (given the `FileReference` path).
    pub fn build(self, routes: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<Export, ImportError> {
        let mut activities = Vec::new();
        let notes = self.build_each(routes, &mut |activity| activities.push(activity))?;
        Ok(Export { activities, notes })
    }

    /// [`Scan::build`], handing each activity to `each` as soon as it is
    /// made, so that its samples can be measured and dropped before the
    /// next run's are read (a thousand routes at 1 Hz are hundreds of MB).
    /// Returns the notes.
    pub fn build_each(
        self,
        routes: &dyn Fn(&str) -> Option<Vec<u8>>,
        each: &mut dyn FnMut(Activity),
    ) -> Result<Vec<String>, ImportError> {
        let Scan {
            root,
            workouts,
            records,
            cut,
        } = self;
        if !root {
            return Err(ImportError::NotActivity(
                "XML, but not an Apple Health export (no <HealthData> root)".into(),
            ));
        }
        let count = workouts
            .iter()
            .filter(|w| w.start.zip(w.end).is_some_and(|(s, e)| e.utc >= s.utc))
            .count();
        let salvaged = match cut {
            Some(cut) if count == 0 => {
                return Err(ImportError::Invalid {
                    format: "Apple Health export",
                    message: format!(
                        "cut at line {} (byte {}) before any workout: {}",
                        cut.line, cut.position, cut.message
                    ),
                })
            }
            Some(cut) => Some(format!(
                "Apple Health export cut at line {} (byte {}): {}; the {count} workouts before \
                 it were read, the rest of the file was not",
                cut.line, cut.position, cut.message,
            )),
            None if count == 0 => {
                return Err(ImportError::NotActivity(
                    "an Apple Health export without workouts".into(),
                ))
            }
            None => None,
        };
        let mut notes = Vec::new();
        for (index, workout) in workouts.iter().enumerate() {
            let Some(mut activity) = activity(workout, index) else {
                continue;
            };
            if activity.is_running() {
                if let Some(note) = samples(&mut activity, workout, &records, routes) {
                    notes.push(note);
                }
            }
            activity.salvaged.clone_from(&salvaged);
            each(activity);
        }
        Ok(notes)
    }
}

/// The sport of an `HKWorkoutActivityType...` name.
fn sport_of(activity_type: &str) -> Sport {
    match activity_type {
        "Running" => Sport::Running,
        "Walking" => Sport::Walking,
        "Cycling" | "HandCycling" => Sport::Cycling,
        "Hiking" => Sport::Hiking,
        "Swimming" => Sport::Swimming,
        other => {
            let mut snake = String::with_capacity(other.len() + 4);
            for (i, c) in other.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.extend(c.to_lowercase());
            }
            Sport::Other(if snake.is_empty() {
                "unknown".into()
            } else {
                snake
            })
        }
    }
}

fn utc(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(seconds, 0)
}

/// A workout's activity with its metadata and totals, no samples yet.
fn activity(workout: &Workout, index: usize) -> Option<Activity> {
    let start = workout.start?;
    let end = workout.end.filter(|end| end.utc >= start.utc)?;
    let start_utc = utc(start.utc)?;
    let mut activity = Activity::new(
        Format::AppleHealth,
        sport_of(&workout.activity_type),
        start_utc,
    );
    activity.session_index = Some(index);
    if workout.indoor && activity.is_running() {
        activity.sub_sport = Some("treadmill".into());
    }
    let zone = workout
        .time_zone
        .as_deref()
        .and_then(|name| name.parse::<chrono_tz::Tz>().ok());
    activity.utc_offset = Some(match zone {
        Some(zone) => UtcOffset {
            seconds: zone
                .offset_from_utc_datetime(&start_utc.naive_utc())
                .fix()
                .local_minus_utc(),
            source: OffsetSource::FileTimestamp,
            zone: Some(zone.name().to_string()),
        },
        None => UtcOffset {
            seconds: start.offset_s,
            source: OffsetSource::FileTimestamp,
            zone: None,
        },
    });
    activity.device.manufacturer = Some("Apple".into());
    activity.device.product = workout.device.clone();
    let summary = &mut activity.summary;
    summary.distance_m = workout.distance_m();
    summary.elapsed_s = Some((end.utc - start.utc) as f64);
    summary.timer_s = workout.duration_s.filter(|s| *s > 0.0);
    summary.avg_hr_bpm = workout.average_hr_bpm;
    summary.max_hr_bpm = workout.maximum_hr_bpm;
    if activity.sport == Sport::Running {
        let minutes = summary.timer_s.or(summary.elapsed_s).map(|s| s / 60.0);
        summary.avg_cadence_spm = workout
            .step_count
            .zip(minutes)
            .filter(|(_, m)| *m > 0.0)
            .map(|(steps, minutes)| steps / minutes);
    }
    activity.pauses = workout
        .pauses()
        .into_iter()
        .filter_map(|(from, to)| {
            Some(Pause {
                start_utc: utc(from)?,
                end_utc: utc(to)?,
            })
        })
        .collect();
    Some(activity)
}

/// A run's samples: the route's track when its file can be read, with
/// heart rate, cadence and running dynamics on its timeline; without one,
/// those alone every [`GRID_S`] seconds. Returns a note when the route
/// named could not be used.
fn samples(
    activity: &mut Activity,
    workout: &Workout,
    records: &Records,
    routes: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<String> {
    let start = workout.start?.utc;
    let end = workout.end?.utc;
    let mut note = None;
    let route = workout.route.as_deref().and_then(|path| {
        let track = routes(path).and_then(|bytes| gpx::decode(&bytes).ok()?.into_iter().next());
        if track.is_none() {
            note = Some(format!(
                "route {path} is missing or unreadable: the run of {} keeps its totals, \
                 without a track",
                activity.start_utc.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        track
    });
    let mut streams = match route {
        Some(track) => {
            let shift = (track.start_utc - activity.start_utc).num_milliseconds() as f64 / 1000.0;
            activity.elevation_source = track.elevation_source;
            let mut streams = track.streams;
            streams.time_s.iter_mut().for_each(|t| *t += shift);
            Streams {
                time_s: streams.time_s,
                position: streams.position,
                distance_m: streams.distance_m,
                speed_mps: streams.speed_mps,
                elevation_m: streams.elevation_m,
                ..Streams::default()
            }
        }
        None => Streams {
            time_s: (0..=(end - start) / GRID_S)
                .map(|i| (i * GRID_S) as f64)
                .collect(),
            ..Streams::default()
        },
    };
    let source = records.known_source(&workout.source);
    let times: Vec<f64> = streams.time_s.iter().map(|t| start as f64 + t).collect();
    let channel = |kind: Kind| {
        let points = records::points_within(records.of(kind), start, end, source);
        channel_from(hold(&points, &times))
    };
    streams.heart_rate_bpm = channel(Kind::HeartRate);
    streams.stance_time_ms = channel(Kind::GroundContact);
    streams.vertical_oscillation_mm = channel(Kind::VerticalOscillation);
    streams.step_length_mm = channel(Kind::StrideLength);
    streams.power_w = channel(Kind::Power);
    if streams.speed_mps.is_none() {
        streams.speed_mps = channel(Kind::Speed);
    }
    let steps = records::steps_within(&records.steps, start, end, source);
    streams.cadence_spm = channel_from(cadence(&steps, &times));
    if streams.cadence_spm.is_some() {
        activity.cadence_convention = CadenceConvention::Steps;
    }
    activity.streams = streams;
    note
}

/// Each time's value: the last point at or before it, held up to
/// [`HOLD_S`], else a point up to [`AHEAD_S`] after it.
fn hold(points: &[Point], times: &[f64]) -> Vec<Option<f64>> {
    let mut next = 0;
    times
        .iter()
        .map(|&t| {
            while points.get(next).is_some_and(|p| (p.at as f64) <= t) {
                next += 1;
            }
            let before = next
                .checked_sub(1)
                .and_then(|i| points.get(i))
                .filter(|p| t - p.at as f64 <= HOLD_S);
            let after = points.get(next).filter(|p| p.at as f64 - t <= AHEAD_S);
            before.or(after).map(|p| f64::from(p.value))
        })
        .collect()
}

/// Steps per minute at each time: the count of the step record spanning
/// it spread evenly over the record's interval.
fn cadence(steps: &[Steps], times: &[f64]) -> Vec<Option<f64>> {
    let mut first = 0;
    times
        .iter()
        .map(|&t| {
            while steps.get(first).is_some_and(|s| (s.end as f64) <= t) {
                first += 1;
            }
            steps
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|s| (s.start as f64) <= t)
                .find(|s| t < s.end as f64)
                .map(|s| f64::from(s.count) * 60.0 / (s.end - s.start) as f64)
                .filter(|spm| (0.0..=400.0).contains(spm))
        })
        .collect()
}
