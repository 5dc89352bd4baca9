//! Workout elements: the attributes and children that make a run's
//! metadata and totals.
//!
//! Totals come from the attributes on exports of iOS 15 and before
//! (`totalDistance`, `duration`), from the `WorkoutStatistics` children
//! since iOS 16; the attributes win when both are there. Only the
//! statistics straight under the Workout count: those inside a
//! `WorkoutActivity` repeat them per part.

use std::borrow::Cow;

use quick_xml::events::BytesStart;

use super::dates::{self, Stamp};

/// One Workout as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Workout {
    /// `HKWorkoutActivityTypeRunning`, without the prefix: `Running`.
    pub activity_type: String,
    pub source: String,
    /// The `device` attribute's `model:` (`Watch`, `iPhone`), when given.
    pub device: Option<String>,
    pub start: Option<Stamp>,
    pub end: Option<Stamp>,
    /// `duration`, in seconds: the timer, pauses left out.
    pub duration_s: Option<f64>,
    /// `totalDistance`, in metres.
    pub total_distance_m: Option<f64>,
    /// The `DistanceWalkingRunning` statistic's sum, in metres.
    pub statistics_distance_m: Option<f64>,
    /// The same summed over the workout's `WorkoutActivity` parts, for a
    /// workout whose total is only given per part.
    pub parts_distance_m: Option<f64>,
    pub average_hr_bpm: Option<f64>,
    pub maximum_hr_bpm: Option<f64>,
    /// The `StepCount` statistic's sum.
    pub step_count: Option<f64>,
    pub indoor: bool,
    /// `HKTimeZone`: the IANA zone the run was recorded in.
    pub time_zone: Option<String>,
    /// Pause and resume instants (Unix seconds), in file order.
    pub events: Vec<(Event, i64)>,
    /// `FileReference path`: `/workout-routes/route_....gpx`.
    pub route: Option<String>,
    /// Whether the route was written inline as `Location` elements (very
    /// old exports), which patella does not read.
    pub inline_route: bool,
}

/// A timer event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Event {
    Pause,
    Resume,
}

/// An attribute's value by its name, unescaped.
pub(super) fn attribute<'a>(start: &'a BytesStart<'_>, name: &str) -> Option<Cow<'a, str>> {
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
}

/// A number as Apple writes them (also with a decimal comma, in case).
pub(super) fn number(text: &str) -> Option<f64> {
    super::super::xml_fields::number(text)
}

/// Metres in a distance written in `unit`.
pub(super) fn metres(value: f64, unit: &str) -> Option<f64> {
    let factor = match unit {
        "m" => 1.0,
        "km" => 1000.0,
        "mi" => 1609.344,
        "yd" => 0.9144,
        "ft" => 0.3048,
        "cm" => 0.01,
        _ => return None,
    };
    Some(value * factor).filter(|m| m.is_finite() && *m >= 0.0)
}

/// Seconds in a duration written in `unit` (minutes when none is given).
pub(super) fn seconds(value: f64, unit: Option<&str>) -> Option<f64> {
    let factor = match unit.unwrap_or("min") {
        "min" => 60.0,
        "s" => 1.0,
        "hr" | "h" => 3600.0,
        "ms" => 0.001,
        _ => return None,
    };
    Some(value * factor).filter(|s| s.is_finite() && *s >= 0.0)
}

impl Workout {
    /// A Workout from its start tag.
    pub fn open(start: &BytesStart<'_>) -> Workout {
        let mut workout = Workout::default();
        let (mut duration, mut duration_unit) = (None, None);
        let (mut distance, mut distance_unit) = (None, None);
        for attribute in start.attributes().with_checks(false).flatten() {
            let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                continue;
            };
            match attribute.key.as_ref() {
                "workoutActivityType" => {
                    workout.activity_type = value
                        .strip_prefix("HKWorkoutActivityType")
                        .unwrap_or(&value)
                        .to_string();
                }
                "sourceName" => workout.source = value.into_owned(),
                "device" => workout.device = device_name(&value),
                "startDate" => workout.start = dates::parse(value.as_bytes()),
                "endDate" => workout.end = dates::parse(value.as_bytes()),
                "duration" => duration = number(&value),
                "durationUnit" => duration_unit = Some(value.into_owned()),
                "totalDistance" => distance = number(&value),
                "totalDistanceUnit" => distance_unit = Some(value.into_owned()),
                _ => {}
            }
        }
        workout.duration_s = duration.and_then(|d| seconds(d, duration_unit.as_deref()));
        workout.total_distance_m = distance
            .zip(distance_unit)
            .and_then(|(d, unit)| metres(d, &unit))
            .filter(|m| *m > 0.0);
        workout
    }

    /// A `MetadataEntry` of the workout itself.
    pub fn metadata(&mut self, start: &BytesStart<'_>) {
        let (Some(key), Some(value)) = (attribute(start, "key"), attribute(start, "value")) else {
            return;
        };
        match key.as_ref() {
            "HKIndoorWorkout" => self.indoor = value.trim() == "1",
            "HKTimeZone" => {
                self.time_zone = Some(value.trim().to_string()).filter(|z| !z.is_empty())
            }
            _ => {}
        }
    }

    /// A `WorkoutEvent`: pauses and resumes, the runner's and automatic.
    pub fn event(&mut self, start: &BytesStart<'_>) {
        let event = match attribute(start, "type").as_deref() {
            Some("HKWorkoutEventTypePause" | "HKWorkoutEventTypeMotionPaused") => Event::Pause,
            Some("HKWorkoutEventTypeResume" | "HKWorkoutEventTypeMotionResumed") => Event::Resume,
            _ => return,
        };
        if let Some(at) = attribute(start, "date").and_then(|d| dates::parse(d.as_bytes())) {
            self.events.push((event, at.utc));
        }
    }

    /// A `WorkoutStatistics` straight under the workout.
    pub fn statistics(&mut self, start: &BytesStart<'_>) {
        let Some(kind) = attribute(start, "type") else {
            return;
        };
        let unit = attribute(start, "unit");
        let value = |name: &str| attribute(start, name).and_then(|v| number(&v));
        match kind.strip_prefix("HKQuantityTypeIdentifier") {
            Some("DistanceWalkingRunning") => {
                self.statistics_distance_m = value("sum")
                    .zip(unit)
                    .and_then(|(sum, unit)| metres(sum, &unit))
                    .filter(|m| *m > 0.0);
            }
            Some("HeartRate") if unit.as_deref() == Some("count/min") => {
                self.average_hr_bpm = value("average");
                self.maximum_hr_bpm = value("maximum");
            }
            Some("StepCount") => self.step_count = value("sum").filter(|s| *s > 0.0),
            _ => {}
        }
    }

    /// The distance: the attribute, else the statistic, else its parts'.
    pub fn distance_m(&self) -> Option<f64> {
        self.total_distance_m
            .or(self.statistics_distance_m)
            .or(self.parts_distance_m)
    }

    /// A `WorkoutStatistics` of one `WorkoutActivity` part: only its
    /// distance counts, summed over the parts.
    pub fn part_statistics(&mut self, start: &BytesStart<'_>) {
        let is_distance = attribute(start, "type")
            .is_some_and(|kind| kind == "HKQuantityTypeIdentifierDistanceWalkingRunning");
        let metres_of_part = attribute(start, "sum")
            .and_then(|sum| number(&sum))
            .zip(attribute(start, "unit"))
            .and_then(|(sum, unit)| metres(sum, &unit));
        if let (true, Some(part)) = (is_distance, metres_of_part) {
            self.parts_distance_m =
                Some(self.parts_distance_m.unwrap_or(0.0) + part).filter(|m| *m > 0.0);
        }
    }

    /// The timer's pauses as (start, end) in Unix seconds: each pause to
    /// the next resume (or the end), overlapping ones (a pause and the
    /// motion pause Apple writes with it) joined.
    pub fn pauses(&self) -> Vec<(i64, i64)> {
        let Some(end) = self.end.map(|e| e.utc) else {
            return Vec::new();
        };
        let mut events = self.events.clone();
        events.sort_by_key(|(_, at)| *at);
        let mut spans: Vec<(i64, i64)> = Vec::new();
        let mut paused_at: Option<i64> = None;
        let mut depth = 0u32;
        for (event, at) in events {
            match event {
                Event::Pause => {
                    if depth == 0 {
                        paused_at = Some(at);
                    }
                    depth += 1;
                }
                Event::Resume => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if let Some(from) = paused_at.take() {
                            spans.push((from, at));
                        }
                    }
                }
            }
        }
        if let Some(from) = paused_at {
            spans.push((from, end));
        }
        spans.retain(|(from, to)| to > from);
        spans
    }
}

/// `name:Apple Watch` out of `<<HKDevice: 0x...>, name:Apple Watch,
/// manufacturer:Apple Inc., ...>`.
fn device_name(device: &str) -> Option<String> {
    let after = device
        .split(", ")
        .find_map(|part| part.strip_prefix("model:"))?;
    let name = after.trim_end_matches('>').trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_and_motion_pause_make_one_pause() {
        let mut workout = Workout {
            end: Some(Stamp {
                utc: 1000,
                offset_s: 0,
            }),
            ..Workout::default()
        };
        workout.events = vec![
            (Event::Pause, 100),
            (Event::Pause, 100),
            (Event::Resume, 160),
            (Event::Resume, 160),
            (Event::Pause, 900),
        ];
        assert_eq!(workout.pauses(), vec![(100, 160), (900, 1000)]);
    }

    #[test]
    fn device_names() {
        assert_eq!(
            device_name("<<HKDevice: 0x283704460>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,10, software:10.6.1>"),
            Some("Watch".into())
        );
        assert_eq!(device_name("nothing"), None);
    }
}
