//! One recorded activity and its metadata.

use chrono::{DateTime, Utc};
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{GearSource, LatLon, Outline, Sport, Streams};

/// The file format an activity was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Fit,
    Gpx,
    Tcx,
    /// Apple Health's export.xml (with the route GPX files it names).
    #[serde(rename = "apple_health")]
    AppleHealth,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Fit => "FIT",
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
            Format::AppleHealth => "apple_health",
        }
    }
}

/// Where a UTC offset came from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetSource {
    /// FIT `activity.local_timestamp` minus `activity.timestamp`.
    FitLocalTimestamp,
    /// An explicit offset in the file's own time stamps (e.g. `+01:00`).
    FileTimestamp,
    /// The time zone given with `--tz`.
    CommandLine,
    /// The time zone in the config file.
    Config,
    /// The zone containing the first GPS fix.
    GpsPosition,
    /// Nothing known: local time is taken as UTC.
    AssumedUtc,
}

/// The runner's local UTC offset at the start of an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtcOffset {
    pub seconds: i32,
    pub source: OffsetSource,
    /// IANA zone name when the offset came from a zone.
    pub zone: Option<String>,
}

/// How the file's cadence numbers were turned into steps per minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceConvention {
    /// The file counts one leg (strides/min); values were doubled.
    StridesDoubled,
    /// The file already counts steps (both legs).
    Steps,
    /// No cadence recorded.
    None,
}

/// Whether the elevation stream is barometric or from GPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElevationSource {
    Barometric,
    Gps,
    Unknown,
}

/// The recording device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub manufacturer: Option<String>,
    pub product: Option<String>,
}

impl Device {
    /// "garmin forerunner 945"-style label, or `None` when nothing is known.
    pub fn label(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.manufacturer, &self.product]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Totals as the device itself reported them (FIT session, TCX laps).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceSummary {
    pub distance_m: Option<f64>,
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
}

/// A lap as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lap {
    pub start_utc: DateTime<Utc>,
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub avg_cadence_spm: Option<f64>,
}

/// A stretch during which the timer was stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
}

impl Pause {
    pub fn duration_s(&self) -> f64 {
        (self.end_utc - self.start_utc).num_milliseconds() as f64 / 1000.0
    }
}

/// One activity, normalized from whatever file it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Stable identifier: start time plus a short hash of file and session.
    pub id: String,
    /// Source files, relative to the analyzed input folder (a zip member
    /// reads `export.zip/activities/1.fit.gz`). The first one holds the data.
    pub files: Vec<String>,
    pub format: Format,
    /// Index of the session inside a multi-session FIT file.
    pub session_index: Option<usize>,
    pub sport: Sport,
    /// FIT-style sub-sport (`trail`, `treadmill`, `track`, `virtual_activity`...).
    pub sub_sport: Option<String>,
    /// True when the file named no sport and it was inferred from the data.
    pub sport_inferred: bool,
    /// Name given by the runner (Strava, Garmin Connect), when known.
    pub name: Option<String>,
    /// Gear named by an export (Strava's activities.csv, Garmin's gear
    /// links), when known.
    pub gear: Option<String>,
    /// Which export named `gear`; `None` reads as Strava's.
    pub gear_source: Option<GearSource>,
    pub start_utc: DateTime<Utc>,
    /// The offset the file itself states; the log stage fills in the rest.
    pub utc_offset: Option<UtcOffset>,
    pub device: Device,
    pub summary: DeviceSummary,
    pub laps: Vec<Lap>,
    pub pauses: Vec<Pause>,
    pub streams: Streams,
    pub cadence_convention: CadenceConvention,
    pub elevation_source: Option<ElevationSource>,
    /// Why the file was only partly readable, when it was salvaged.
    pub salvaged: Option<String>,
    /// Set when the streams were released (see [`Activity::release_streams`]).
    pub released: Option<Outline>,
}

impl AsRef<Activity> for Activity {
    fn as_ref(&self) -> &Activity {
        self
    }
}

impl AsMut<Activity> for Activity {
    fn as_mut(&mut self) -> &mut Activity {
        self
    }
}

impl Activity {
    /// An activity with no data yet, for importers to fill in.
    pub fn new(format: Format, sport: Sport, start_utc: DateTime<Utc>) -> Self {
        Activity {
            id: String::new(),
            files: Vec::new(),
            format,
            session_index: None,
            sport,
            sub_sport: None,
            sport_inferred: false,
            name: None,
            gear: None,
            gear_source: None,
            start_utc,
            utc_offset: None,
            device: Device::default(),
            summary: DeviceSummary::default(),
            laps: Vec::new(),
            pauses: Vec::new(),
            streams: Streams::default(),
            cadence_convention: CadenceConvention::None,
            elevation_source: None,
            salvaged: None,
            released: None,
        }
    }

    /// Running of any kind: road, trail, treadmill, track, virtual.
    pub fn is_running(&self) -> bool {
        self.sport == Sport::Running
    }

    /// Indoor runs have no position to judge grades by.
    pub fn is_indoor(&self) -> bool {
        matches!(
            self.sub_sport.as_deref(),
            Some("treadmill" | "indoor_running" | "virtual_activity" | "indoor")
        ) || !self.has_position()
    }

    /// Drops the samples once everything measured from them is kept
    /// elsewhere, keeping their [`Outline`]. Ten years of runs at 1 Hz are
    /// gigabytes; their outlines are megabytes.
    pub fn release_streams(&mut self) {
        if self.released.is_none() {
            self.released = Some(Outline::of(&self.streams));
            self.streams = Streams::default();
        }
    }

    /// Drops the released outline's track, which only the matching of
    /// copies reads: once the log is built it would be a few megabytes of
    /// ten years of runs held for nothing.
    pub fn forget_track(&mut self) {
        if let Some(outline) = &mut self.released {
            outline.track = super::PackedTrack::default();
        }
    }

    /// The outline of the streams, held or released.
    pub fn outline(&self) -> Cow<'_, Outline> {
        match &self.released {
            Some(outline) => Cow::Borrowed(outline),
            None => Cow::Owned(Outline::of(&self.streams)),
        }
    }

    /// Whether the file recorded a position channel.
    pub fn has_position(&self) -> bool {
        match &self.released {
            Some(outline) => outline.has_position,
            None => self.streams.position.is_some(),
        }
    }

    /// The first valid GPS fix.
    pub fn first_fix(&self) -> Option<LatLon> {
        match &self.released {
            Some(outline) => outline.first_fix(),
            None => self
                .streams
                .position
                .iter()
                .flatten()
                .flatten()
                .copied()
                .find(super::valid_fix),
        }
    }

    /// (channels with a value, samples): how rich the recording is.
    pub fn richness(&self) -> (usize, usize) {
        match &self.released {
            Some(outline) => (outline.channels, outline.samples),
            None => (self.streams.channel_count(), self.streams.len()),
        }
    }
}
