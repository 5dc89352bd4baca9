//! The Records a run needs, kept compactly as the export streams by: heart
//! rate, step counts and the running dynamics. Everything else (energy,
//! sleep, walking steadiness...) is skipped unread past its `type`.
//!
//! Records usually come before the Workouts in an export, so a Record's
//! run is not known when it is read: the needed kinds are kept whole, a
//! few bytes each, and handed to the runs once the file has been read.
//! They are a small share of the file (a 1 GB export holds a few million
//! at 16 bytes each).

/// What a kept record measures, converted on reading to one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Beats per minute.
    HeartRate,
    /// Milliseconds.
    GroundContact,
    /// Millimetres.
    VerticalOscillation,
    /// Millimetres; Apple's "stride length" is one step, foot to foot.
    StrideLength,
    /// Watts.
    Power,
    /// Metres per second.
    Speed,
}

/// A record type the runs need: a point kind, or the step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Needed {
    Point(Kind),
    Steps,
}

/// The record type named by a `type` attribute, when a run needs it.
pub(super) fn needed(record_type: &[u8]) -> Option<Needed> {
    let name = record_type.strip_prefix(b"HKQuantityTypeIdentifier")?;
    Some(match name {
        b"HeartRate" => Needed::Point(Kind::HeartRate),
        b"StepCount" => Needed::Steps,
        b"RunningGroundContactTime" => Needed::Point(Kind::GroundContact),
        b"RunningVerticalOscillation" => Needed::Point(Kind::VerticalOscillation),
        b"RunningStrideLength" => Needed::Point(Kind::StrideLength),
        b"RunningPower" => Needed::Point(Kind::Power),
        b"RunningSpeed" => Needed::Point(Kind::Speed),
        _ => return None,
    })
}

/// `value` in `unit` converted to the kind's unit; `None` for a unit the
/// kind is never written in (the value is then not trusted at all).
pub(super) fn convert(kind: Kind, value: f64, unit: &[u8]) -> Option<f64> {
    let factor = match (kind, unit) {
        (Kind::HeartRate, b"count/min") => 1.0,
        (Kind::HeartRate, b"count/s") => 60.0,
        (Kind::GroundContact, b"ms") => 1.0,
        (Kind::GroundContact, b"s") => 1000.0,
        (Kind::VerticalOscillation | Kind::StrideLength, b"mm") => 1.0,
        (Kind::VerticalOscillation | Kind::StrideLength, b"cm") => 10.0,
        (Kind::VerticalOscillation | Kind::StrideLength, b"m") => 1000.0,
        (Kind::VerticalOscillation | Kind::StrideLength, b"in") => 25.4,
        (Kind::VerticalOscillation | Kind::StrideLength, b"ft") => 304.8,
        (Kind::Power, b"W") => 1.0,
        (Kind::Power, b"kW") => 1000.0,
        (Kind::Speed, b"m/s") => 1.0,
        (Kind::Speed, b"km/hr" | b"km/h") => 1000.0 / 3600.0,
        (Kind::Speed, b"mi/hr" | b"mph") => 1609.344 / 3600.0,
        _ => return None,
    };
    let converted = value * factor;
    let plausible = match kind {
        Kind::HeartRate => (20.0..=250.0).contains(&converted),
        Kind::GroundContact => (50.0..=2000.0).contains(&converted),
        Kind::VerticalOscillation => (5.0..=500.0).contains(&converted),
        Kind::StrideLength => (100.0..=4000.0).contains(&converted),
        Kind::Power => (0.0..=3000.0).contains(&converted),
        Kind::Speed => (0.0..=15.0).contains(&converted),
    };
    plausible.then_some(converted)
}

/// One point sample (`startDate` is `endDate` for these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Point {
    pub at: i64,
    pub value: f32,
    pub source: u16,
}

/// One step-count record: `count` steps over `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Steps {
    pub start: i64,
    pub end: i64,
    pub count: f32,
    pub source: u16,
}

/// Every kept record, by kind, and the names of their sources.
#[derive(Debug, Default)]
pub(super) struct Records {
    points: [Vec<Point>; 6],
    pub steps: Vec<Steps>,
    sources: Vec<String>,
}

impl Records {
    /// The number standing for a source name, given on first sight.
    pub fn source(&mut self, name: &str) -> u16 {
        if let Some(index) = self.sources.iter().rposition(|s| s == name) {
            return u16::try_from(index).unwrap_or(u16::MAX);
        }
        if self.sources.len() >= usize::from(u16::MAX) {
            return u16::MAX;
        }
        self.sources.push(name.to_string());
        u16::try_from(self.sources.len() - 1).unwrap_or(u16::MAX)
    }

    /// The number of a source already seen.
    pub fn known_source(&self, name: &str) -> Option<u16> {
        self.sources
            .iter()
            .position(|s| s == name)
            .and_then(|i| u16::try_from(i).ok())
    }

    pub fn push(&mut self, kind: Kind, point: Point) {
        if let Some(list) = self.points.get_mut(kind as usize) {
            list.push(point);
        }
    }

    /// The points of a kind, in time order once [`Records::sort`] ran.
    pub fn of(&self, kind: Kind) -> &[Point] {
        self.points.get(kind as usize).map_or(&[], Vec::as_slice)
    }

    pub fn sort(&mut self) {
        for list in &mut self.points {
            list.sort_by_key(|p| p.at);
        }
        self.steps.sort_by_key(|s| (s.start, s.end));
    }
}

/// The points of `all` within `start..=end`, of `source` when it has any
/// there (the Watch that recorded the run, not the phone in a pocket),
/// else of every source.
pub(super) fn points_within(
    all: &[Point],
    start: i64,
    end: i64,
    source: Option<u16>,
) -> Vec<Point> {
    let from = all.partition_point(|p| p.at < start);
    let to = all.partition_point(|p| p.at <= end);
    let within = all.get(from..to).unwrap_or_default();
    let own: Vec<Point> = within
        .iter()
        .filter(|p| Some(p.source) == source)
        .copied()
        .collect();
    if own.is_empty() {
        within.to_vec()
    } else {
        own
    }
}

/// The step counts overlapping `start..end` from one source: the run's own
/// when it has any there, else the source with the most steps (the phone
/// and the Watch count the same steps; summing them doubles the cadence).
pub(super) fn steps_within(all: &[Steps], start: i64, end: i64, source: Option<u16>) -> Vec<Steps> {
    // Step records last minutes at most; start a little before the run.
    let from = all.partition_point(|s| s.start < start - 3600);
    let overlapping = all
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|s| s.start < end)
        .filter(|s| s.end > start && s.end > s.start)
        .copied();
    let overlapping: Vec<Steps> = overlapping.collect();
    let chosen = source
        .filter(|own| overlapping.iter().any(|s| s.source == *own))
        .or_else(|| {
            let mut totals: Vec<(u16, f64)> = Vec::new();
            for s in &overlapping {
                match totals.iter_mut().find(|(source, _)| *source == s.source) {
                    Some((_, total)) => *total += f64::from(s.count),
                    None => totals.push((s.source, f64::from(s.count))),
                }
            }
            totals
                .into_iter()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(source, _)| source)
        });
    overlapping
        .into_iter()
        .filter(|s| Some(s.source) == chosen)
        .collect()
}
