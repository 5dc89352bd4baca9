//! The generated activity that all three writers take, and its totals.
//!
//! Totals are computed here once, from the samples, so that a FIT session,
//! a TCX lap and a test expectation can never disagree about a number.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use patella::model::LatLon;

/// The sports the generator can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthSport {
    Running,
    Cycling,
}

impl SynthSport {
    /// FIT `sport` enum value.
    pub fn fit_code(self) -> u8 {
        match self {
            SynthSport::Running => 1,
            SynthSport::Cycling => 2,
        }
    }

    /// TCX `Activity/@Sport`.
    pub fn tcx_name(self) -> &'static str {
        match self {
            SynthSport::Running => "Running",
            SynthSport::Cycling => "Biking",
        }
    }

    /// GPX `<type>` as Garmin Connect writes it.
    pub fn garmin_gpx_type(self) -> &'static str {
        match self {
            SynthSport::Running => "running",
            SynthSport::Cycling => "cycling",
        }
    }

    /// GPX `<type>` as Strava writes it (its numeric activity codes).
    pub fn strava_gpx_type(self) -> &'static str {
        match self {
            SynthSport::Running => "9",
            SynthSport::Cycling => "1",
        }
    }
}

/// FIT sub-sports the fixtures need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubSport {
    Generic,
    Treadmill,
    Street,
    Trail,
    Road,
}

impl SubSport {
    /// FIT `sub_sport` enum value.
    pub fn fit_code(self) -> u8 {
        match self {
            SubSport::Generic => 0,
            SubSport::Treadmill => 1,
            SubSport::Street => 2,
            SubSport::Trail => 3,
            SubSport::Road => 7,
        }
    }
}

/// The recording device, as FIT `file_id`/`device_info` and TCX `Creator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthDevice {
    /// FIT manufacturer id (1 = Garmin).
    pub manufacturer: u16,
    /// FIT product id (3113 = Forerunner 945).
    pub product: u16,
    pub serial_number: u32,
    /// Software version times 100, as FIT stores it.
    pub software_version: u16,
    /// Human-readable product name for TCX and GPX `creator`.
    pub name: String,
}

impl SynthDevice {
    pub fn forerunner_945() -> Self {
        SynthDevice {
            manufacturer: 1,
            product: 3113,
            serial_number: 3_951_207_118,
            software_version: 1310,
            name: "Forerunner 945".into(),
        }
    }

    pub fn edge_530() -> Self {
        SynthDevice {
            manufacturer: 1,
            product: 3121,
            serial_number: 3_310_455_072,
            software_version: 975,
            name: "Edge 530".into(),
        }
    }
}

/// Running dynamics of one sample (HRM-Pro / Running Dynamics Pod style).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dynamics {
    pub stance_time_ms: f64,
    /// Percent of stance time on the left foot.
    pub stance_time_balance_pct: f64,
    pub vertical_oscillation_mm: f64,
    pub step_length_mm: f64,
}

/// One 1 Hz sample. Values are already rounded to what FIT can store, so a
/// decoded file gives back exactly these numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Seconds since the activity's `start_utc`.
    pub elapsed_s: u32,
    pub position: Option<LatLon>,
    /// Cumulative distance of the session.
    pub distance_m: f64,
    pub speed_mps: f64,
    pub altitude_m: Option<f64>,
    pub heart_rate_bpm: Option<u8>,
    /// Steps per minute (both legs) when running, crank rpm when cycling.
    pub cadence: Option<f64>,
    pub power_w: Option<u16>,
    pub dynamics: Option<Dynamics>,
}

/// A stretch with the timer stopped, in elapsed seconds of the activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PauseSpan {
    pub start_s: u32,
    pub end_s: u32,
}

/// One sport's part of an activity (FIT session, TCX activity, GPX track).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSession {
    pub sport: SynthSport,
    pub sub_sport: SubSport,
    pub samples: Vec<Sample>,
    pub pauses: Vec<PauseSpan>,
    /// Index of the last sample of each lap; the last entry is the last
    /// sample. A lap runs from the previous lap's last sample to its own.
    pub lap_ends: Vec<usize>,
}

/// Totals over a range of samples, as devices summarize sessions and laps.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub start_s: u32,
    pub end_s: u32,
    pub elapsed_s: f64,
    pub timer_s: f64,
    pub distance_m: f64,
    pub ascent_m: f64,
    pub descent_m: f64,
    pub avg_speed_mps: f64,
    pub max_speed_mps: f64,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<u8>,
    /// Same unit as [`Sample::cadence`].
    pub avg_cadence: Option<f64>,
    pub max_cadence: Option<f64>,
    pub start_position: Option<LatLon>,
    pub end_position: Option<LatLon>,
}

impl SyntheticSession {
    pub fn start_s(&self) -> u32 {
        self.samples.first().map_or(0, |s| s.elapsed_s)
    }

    pub fn end_s(&self) -> u32 {
        self.samples.last().map_or(0, |s| s.elapsed_s)
    }

    /// Whole-session totals; `None` for a session without samples.
    pub fn totals(&self) -> Option<Totals> {
        let last = self.samples.len().checked_sub(1)?;
        Some(self.totals_between(0, last))
    }

    /// Each lap as (first, last) sample index; a lap's first sample is the
    /// previous lap's last, so its distance and time count from there.
    pub fn lap_spans(&self) -> Vec<(usize, usize)> {
        let mut from = 0;
        let mut spans = Vec::new();
        for &to in &self.lap_ends {
            if to < self.samples.len() && to > from {
                spans.push((from, to));
                from = to;
            }
        }
        spans
    }

    /// Per-lap totals, in the order of [`Self::lap_spans`].
    pub fn lap_totals(&self) -> Vec<Totals> {
        self.lap_spans()
            .into_iter()
            .map(|(from, to)| self.totals_between(from, to))
            .collect()
    }

    fn totals_between(&self, from: usize, to: usize) -> Totals {
        let range = &self.samples[from..=to];
        // A lap's first sample belongs to the previous lap, except the first.
        let own = if from == 0 { range } else { &range[1..] };
        let start_s = range.first().map_or(0, |s| s.elapsed_s);
        let end_s = range.last().map_or(0, |s| s.elapsed_s);
        let paused: u32 = self
            .pauses
            .iter()
            .filter(|p| p.start_s >= start_s && p.end_s <= end_s)
            .map(|p| p.end_s.saturating_sub(p.start_s))
            .sum();
        let span = end_s.saturating_sub(start_s);
        let elapsed_s = f64::from(span);
        let timer_s = f64::from(span.saturating_sub(paused));
        let distance_m = range.last().map_or(0.0, |s| s.distance_m)
            - range.first().map_or(0.0, |s| s.distance_m);
        let (mut ascent_m, mut descent_m) = (0.0, 0.0);
        let altitudes: Vec<f64> = range.iter().filter_map(|s| s.altitude_m).collect();
        for pair in altitudes.windows(2) {
            let step = pair[1] - pair[0];
            if step > 0.0 {
                ascent_m += step;
            } else {
                descent_m -= step;
            }
        }
        let hr: Vec<u8> = own.iter().filter_map(|s| s.heart_rate_bpm).collect();
        let cadence: Vec<f64> = own.iter().filter_map(|s| s.cadence).collect();
        Totals {
            start_s,
            end_s,
            elapsed_s,
            timer_s,
            distance_m,
            ascent_m,
            descent_m,
            avg_speed_mps: if timer_s > 0.0 {
                distance_m / timer_s
            } else {
                0.0
            },
            max_speed_mps: own.iter().map(|s| s.speed_mps).fold(0.0, f64::max),
            avg_hr_bpm: mean(hr.iter().map(|&h| f64::from(h))),
            max_hr_bpm: hr.iter().copied().max(),
            avg_cadence: mean(cadence.iter().copied()),
            max_cadence: cadence.iter().copied().reduce(f64::max),
            start_position: range.iter().find_map(|s| s.position),
            end_position: range.iter().rev().find_map(|s| s.position),
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / f64::from(count))
}

/// A generated activity: one or more sessions on one timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticActivity {
    pub start_utc: DateTime<Utc>,
    /// The runner's local UTC offset at the start, in seconds.
    pub utc_offset_s: i32,
    pub device: SynthDevice,
    /// Title for GPX/TCX (`Morning Run`).
    pub name: String,
    pub sessions: Vec<SyntheticSession>,
}

impl SyntheticActivity {
    /// Wall-clock time of an elapsed second.
    pub fn time_at(&self, elapsed_s: u32) -> DateTime<Utc> {
        self.start_utc + Duration::seconds(i64::from(elapsed_s))
    }

    /// Elapsed seconds of the last sample of the last session.
    pub fn end_s(&self) -> u32 {
        self.sessions.iter().map(|s| s.end_s()).max().unwrap_or(0)
    }

    /// Timer time over all sessions.
    pub fn timer_s(&self) -> f64 {
        self.sessions
            .iter()
            .filter_map(|s| s.totals())
            .map(|t| t.timer_s)
            .sum()
    }

    pub fn sample_count(&self) -> usize {
        self.sessions.iter().map(|s| s.samples.len()).sum()
    }

    /// Distance over all sessions.
    pub fn distance_m(&self) -> f64 {
        self.sessions
            .iter()
            .filter_map(|s| s.totals())
            .map(|t| t.distance_m)
            .sum()
    }

    /// Local start time (`utc + offset`).
    pub fn start_local(&self) -> Option<DateTime<FixedOffset>> {
        FixedOffset::east_opt(self.utc_offset_s).map(|tz| self.start_utc.with_timezone(&tz))
    }
}

/// How GPX and TCX write times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeStyle {
    /// `2026-03-03T13:30:00Z`, as Garmin Connect and Strava export.
    #[default]
    Utc,
    /// `2026-03-03T06:30:00-07:00`, as some apps write, carrying the offset.
    LocalOffset,
}

/// Formats a time for XML formats; `millis` adds `.000` as Garmin TCX does.
pub(crate) fn xml_time(t: DateTime<Utc>, offset_s: i32, style: TimeStyle, millis: bool) -> String {
    let frac = if millis { ".000" } else { "" };
    match (style, FixedOffset::east_opt(offset_s)) {
        (TimeStyle::LocalOffset, Some(tz)) => {
            let local = t.with_timezone(&tz);
            format!(
                "{}{frac}{}",
                local.format("%Y-%m-%dT%H:%M:%S"),
                local.format("%:z")
            )
        }
        _ => format!("{}{frac}Z", t.format("%Y-%m-%dT%H:%M:%S")),
    }
}

/// Escapes text for XML content and attributes.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}
