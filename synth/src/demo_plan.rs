//! The demo runner's training, as a table.
//!
//! Each row is one planned activity in the runner's local time (the runner
//! lives in America/Denver). Rows are plain data built with `const`
//! builders, so a later change can add weeks or inject patterns (a weekly
//! jump, a single-run spike, a mountain week, a late cadence drop...) by
//! adding or tweaking rows without touching the generator. Each row's seed
//! comes from its own date and time, so adding a row never changes the
//! bytes of the others.

use patella::model::LatLon;

use super::activity::SynthSport;
use super::gpx_writer::GpxType;
use super::route::RouteShape;
use Place::{BearCreek, CherryCreek, GreenMountain, SloansLake};

/// The runner's time zone.
pub const RUNNER_ZONE: chrono_tz::Tz = chrono_tz::America::Denver;
/// Base cadence of the demo runner (steps/min at easy pace).
pub const RUNNER_CADENCE_SPM: f64 = 168.0;
/// Easy pace, and steady heart rate at that pace.
pub const RUNNER_EASY_PACE_S_PER_KM: f64 = 350.0;
pub const RUNNER_EASY_HR_BPM: f64 = 142.0;

/// File format of a planned activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Fit,
    Gpx,
    Tcx,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Fit => "fit",
            FileFormat::Gpx => "gpx",
            FileFormat::Tcx => "tcx",
        }
    }
}

/// Where the runner starts; each place has its own terrain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    WashPark,
    CherryCreek,
    SloansLake,
    BearCreek,
    GreenMountain,
    /// The gym's treadmill: no GPS.
    Gym,
}

impl Place {
    pub fn center(self) -> LatLon {
        let (lat_deg, lon_deg) = match self {
            Place::WashPark => (39.7000, -104.9660),
            Place::CherryCreek => (39.7170, -104.9530),
            Place::SloansLake => (39.7500, -105.0460),
            Place::BearCreek => (39.6520, -105.1720),
            Place::GreenMountain => (39.6950, -105.1650),
            Place::Gym => (39.7030, -104.9870),
        };
        LatLon { lat_deg, lon_deg }
    }

    pub fn base_altitude_m(self) -> f64 {
        match self {
            Place::WashPark => 1609.0,
            Place::CherryCreek => 1592.0,
            Place::SloansLake => 1590.0,
            Place::BearCreek => 1712.0,
            Place::GreenMountain => 1830.0,
            Place::Gym => 1612.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Place::WashPark => "Washington Park",
            Place::CherryCreek => "Cherry Creek Trail",
            Place::SloansLake => "Sloan's Lake",
            Place::BearCreek => "Bear Creek Lake Park",
            Place::GreenMountain => "Green Mountain",
            Place::Gym => "gym treadmill",
        }
    }
}

/// Something unusual about a planned activity's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    None,
    /// Also exported by hand from Garmin Connect as GPX: the one duplicate.
    AlsoGpx,
    /// The FIT file is cut in the middle of a record message; the records
    /// before the cut are intact, so an importer salvages them.
    TruncatedFit,
    /// The file is gzipped and the gzip stream is cut in the middle: nothing
    /// can be read. Strava still lists it in `activities.csv`.
    CutGzip,
    /// The file is empty (0 bytes), and not in `activities.csv`.
    EmptyFile,
}

/// One row of the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedActivity {
    /// Local date (year, month, day).
    pub date: (i32, u32, u32),
    /// Local start time (hour, minute).
    pub time: (u32, u32),
    pub sport: SynthSport,
    pub km: f64,
    pub pace_s_per_km: f64,
    pub format: FileFormat,
    pub gzip: bool,
    pub place: Place,
    pub route: RouteShape,
    pub hilliness_m: f64,
    pub treadmill: bool,
    /// Base cadence (steps/min, or rpm for rides).
    pub cadence: f64,
    /// Change of cadence from start to finish (negative: late drop).
    pub cadence_drift: f64,
    pub dynamics: bool,
    pub special: Special,
    /// `<type>` of a GPX file (Strava's numbers unless told otherwise).
    pub gpx_type: GpxType,
    /// Strava's Activity Type in `activities.csv` when it is not the plain
    /// `Run` or `Ride` of the sport.
    pub strava_type: Option<&'static str>,
    /// Strava's Activity Name when the runner renamed the activity.
    pub strava_name: Option<&'static str>,
    pub note: &'static str,
}

/// An easy loop run at the runner's defaults; refine with the builders.
pub const fn run(date: (i32, u32, u32), time: (u32, u32), km: f64, pace: f64) -> PlannedActivity {
    PlannedActivity {
        date,
        time,
        sport: SynthSport::Running,
        km,
        pace_s_per_km: pace,
        format: FileFormat::Fit,
        gzip: false,
        place: Place::WashPark,
        route: RouteShape::Loop,
        hilliness_m: 6.0,
        treadmill: false,
        cadence: RUNNER_CADENCE_SPM,
        cadence_drift: 0.0,
        dynamics: false,
        special: Special::None,
        gpx_type: GpxType::Strava,
        strava_type: None,
        strava_name: None,
        note: "",
    }
}

/// A road ride recorded on the bike computer.
pub const fn ride(date: (i32, u32, u32), time: (u32, u32), km: f64, pace: f64) -> PlannedActivity {
    let mut p = run(date, time, km, pace);
    p.sport = SynthSport::Cycling;
    p.cadence = 86.0;
    p
}

impl PlannedActivity {
    pub const fn gpx(mut self) -> Self {
        self.format = FileFormat::Gpx;
        self
    }
    pub const fn tcx(mut self) -> Self {
        self.format = FileFormat::Tcx;
        self
    }
    pub const fn gz(mut self) -> Self {
        self.gzip = true;
        self
    }
    pub const fn at(mut self, place: Place) -> Self {
        self.place = place;
        self
    }
    pub const fn out_and_back(mut self) -> Self {
        self.route = RouteShape::OutAndBack;
        self
    }
    /// An out-and-back over steep ground whose one hill wave has this
    /// amplitude (see [`RouteShape::Mountain`]).
    pub const fn mountain(mut self, amplitude_m: f64) -> Self {
        self.route = RouteShape::Mountain;
        self.hilliness_m = amplitude_m;
        self
    }
    pub const fn hills(mut self, amplitude_m: f64) -> Self {
        self.hilliness_m = amplitude_m;
        self
    }
    pub const fn treadmill(mut self) -> Self {
        self.treadmill = true;
        self.place = Place::Gym;
        self
    }
    pub const fn dynamics(mut self) -> Self {
        self.dynamics = true;
        self
    }
    pub const fn cadence(mut self, spm: f64) -> Self {
        self.cadence = spm;
        self
    }
    pub const fn cadence_drift(mut self, spm: f64) -> Self {
        self.cadence_drift = spm;
        self
    }
    pub const fn also_gpx(mut self) -> Self {
        self.special = Special::AlsoGpx;
        self
    }
    pub const fn truncated(mut self) -> Self {
        self.special = Special::TruncatedFit;
        self
    }
    /// The gzip stream of the file is cut in half (implies `.gz`).
    pub const fn cut_gzip(mut self) -> Self {
        self.gzip = true;
        self.special = Special::CutGzip;
        self
    }
    /// The file is written with no bytes at all.
    pub const fn empty_file(mut self) -> Self {
        self.special = Special::EmptyFile;
        self
    }
    /// A GPX file without `<type>`: only `activities.csv` says what it is.
    pub const fn gpx_without_type(mut self) -> Self {
        self.gpx_type = GpxType::None;
        self
    }
    pub const fn strava_type(mut self, activity_type: &'static str) -> Self {
        self.strava_type = Some(activity_type);
        self
    }
    pub const fn strava_name(mut self, name: &'static str) -> Self {
        self.strava_name = Some(name);
        self
    }
    pub const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
}

/// Seventeen weeks, Monday 2 February to Sunday 31 May 2026, spanning the
/// switch to daylight saving time (Sunday 8 March). Paces (s/km): easy 350,
/// recovery 355-360, tempo 300, long 365; Saturday is the long run. Weeks
/// 13-17 hold the patterns the knee-risk rules look for (see
/// `EXPECTED.md`, "Patterns for the rules").
#[rustfmt::skip]
pub const DEMO_PLAN: &[PlannedActivity] = &[
    // Week 1
    run((2026, 2, 3), (6, 15), 7.0, 350.0),
    run((2026, 2, 5), (17, 45), 8.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 2, 7), (7, 30), 14.0, 365.0).at(CherryCreek).out_and_back().hills(8.0),
    // Week 2
    run((2026, 2, 10), (6, 15), 7.0, 350.0),
    run((2026, 2, 11), (12, 10), 5.0, 345.0).treadmill().strava_name("Treadmill snow day").note("treadmill (snow day)"),
    run((2026, 2, 12), (17, 45), 8.0, 300.0).at(SloansLake).hills(2.0).gz(),
    run((2026, 2, 14), (7, 30), 15.0, 365.0).at(BearCreek).out_and_back().hills(15.0).gpx().gz(),
    // Week 3
    run((2026, 2, 17), (6, 15), 8.0, 350.0).gz(),
    run((2026, 2, 19), (17, 45), 8.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 2, 21), (7, 30), 16.0, 365.0).at(CherryCreek).out_and_back().hills(8.0).dynamics(),
    ride((2026, 2, 22), (9, 0), 40.0, 115.0).at(BearCreek).hills(12.0).note("road ride"),
    // Week 4 (shorter long run)
    run((2026, 2, 23), (6, 15), 6.0, 355.0),
    run((2026, 2, 24), (6, 15), 6.0, 355.0).gpx().gz(),
    run((2026, 2, 25), (12, 10), 7.0, 350.0).at(SloansLake).hills(2.0),
    run((2026, 2, 26), (17, 45), 7.0, 305.0).at(SloansLake).hills(2.0).tcx(),
    run((2026, 2, 28), (7, 30), 12.0, 360.0).at(GreenMountain).hills(25.0),
    run((2026, 3, 1), (8, 0), 5.0, 360.0).cut_gzip().note("gzip stream cut: skipped"),
    // Week 5
    run((2026, 3, 3), (6, 15), 8.0, 350.0),
    run((2026, 3, 4), (12, 10), 6.0, 345.0).at(SloansLake).hills(2.0).gz(),
    run((2026, 3, 5), (17, 45), 9.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 3, 7), (7, 30), 17.0, 365.0).at(BearCreek).out_and_back().hills(15.0).gpx().gz(),
    run((2026, 3, 8), (8, 0), 5.0, 360.0).note("first run on daylight saving time"),
    // Week 6
    run((2026, 3, 10), (6, 15), 8.0, 350.0).also_gpx(),
    run((2026, 3, 11), (12, 10), 7.0, 345.0).at(SloansLake).hills(2.0),
    run((2026, 3, 12), (17, 45), 9.0, 300.0).at(CherryCreek).hills(3.0).gz(),
    run((2026, 3, 14), (7, 30), 18.0, 365.0).at(CherryCreek).out_and_back().hills(8.0).dynamics().gz(),
    // Week 7
    run((2026, 3, 17), (6, 15), 8.0, 350.0),
    run((2026, 3, 18), (12, 10), 6.0, 345.0).at(SloansLake).hills(2.0).gpx().gz(),
    run((2026, 3, 19), (17, 45), 10.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 3, 21), (7, 30), 19.0, 365.0).at(BearCreek).out_and_back().hills(15.0).strava_type("Trail Run").note("Trail Run in activities.csv"),
    run((2026, 3, 22), (22, 30), 6.0, 355.0).note("late Sunday run: Monday in UTC"),
    // Week 8 (shorter long run)
    run((2026, 3, 24), (6, 15), 6.0, 355.0).tcx().gz(),
    run((2026, 3, 25), (12, 10), 8.0, 350.0).at(SloansLake).hills(2.0),
    run((2026, 3, 26), (17, 45), 7.0, 305.0).at(SloansLake).hills(2.0).gz(),
    run((2026, 3, 28), (7, 30), 13.0, 360.0).at(GreenMountain).hills(25.0),
    run((2026, 3, 29), (8, 0), 5.0, 360.0).gpx().empty_file().note("empty file: skipped"),
    // Week 9
    run((2026, 3, 31), (6, 15), 8.0, 350.0),
    run((2026, 4, 1), (12, 10), 6.0, 345.0).at(SloansLake).hills(2.0).gpx().gpx_without_type().note("GPX without `<type>`"),
    run((2026, 4, 2), (17, 45), 10.0, 300.0).at(CherryCreek).hills(3.0).gz(),
    run((2026, 4, 4), (7, 30), 20.0, 365.0).at(CherryCreek).out_and_back().hills(8.0).dynamics(),
    run((2026, 4, 5), (8, 0), 5.0, 360.0).tcx(),
    // Week 10
    run((2026, 4, 7), (6, 15), 9.0, 350.0),
    run((2026, 4, 9), (17, 45), 10.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 4, 11), (7, 30), 21.0, 365.0).at(BearCreek).out_and_back().hills(15.0).gz(),
    run((2026, 4, 12), (8, 0), 6.0, 360.0).truncated().note("FIT cut mid-record: salvaged"),
    // Week 11
    run((2026, 4, 14), (6, 15), 9.0, 350.0).gz(),
    run((2026, 4, 15), (12, 10), 7.0, 345.0).at(SloansLake).hills(2.0).gpx().gz(),
    run((2026, 4, 16), (17, 45), 10.0, 300.0).at(CherryCreek).hills(3.0).tcx().gz(),
    run((2026, 4, 18), (7, 30), 22.0, 365.0).at(CherryCreek).out_and_back().hills(8.0),
    // Week 12
    run((2026, 4, 21), (6, 15), 8.0, 350.0),
    run((2026, 4, 23), (17, 45), 8.0, 300.0).at(CherryCreek).hills(3.0).gz(),
    run((2026, 4, 25), (7, 30), 25.0, 370.0).at(BearCreek).out_and_back().hills(12.0).dynamics(),
    // Week 13: one run with low cadence for its speed
    run((2026, 4, 28), (6, 15), 8.0, 350.0).gz(),
    run((2026, 4, 29), (12, 10), 7.0, 345.0).at(SloansLake).hills(2.0).cadence(156.0).note("cadence 7% below the runner's usual"),
    run((2026, 4, 30), (17, 45), 9.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 5, 2), (7, 30), 16.0, 365.0).at(BearCreek).out_and_back().hills(15.0),
    // Week 14: mountain runs
    run((2026, 5, 5), (6, 15), 7.0, 350.0),
    run((2026, 5, 6), (12, 10), 6.0, 345.0).at(SloansLake).hills(2.0).gz(),
    run((2026, 5, 7), (7, 30), 16.0, 380.0).at(GreenMountain).mountain(46.0).note("mountain: steep descents"),
    run((2026, 5, 9), (7, 30), 12.0, 380.0).at(GreenMountain).mountain(44.0).note("mountain: steep descents"),
    // Week 15: weekly jump, spread over normal runs
    run((2026, 5, 12), (6, 15), 8.0, 350.0),
    run((2026, 5, 13), (6, 15), 14.0, 350.0).at(CherryCreek).out_and_back().hills(3.0).gz(),
    run((2026, 5, 14), (17, 45), 9.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 5, 15), (12, 10), 7.0, 345.0).at(SloansLake).hills(2.0),
    run((2026, 5, 16), (7, 30), 17.0, 365.0).at(BearCreek).out_and_back().hills(15.0),
    // Week 16: a run every day, and a long run whose cadence drops late
    run((2026, 5, 18), (6, 15), 4.0, 360.0),
    run((2026, 5, 19), (6, 15), 8.0, 350.0),
    run((2026, 5, 20), (12, 10), 4.0, 360.0).at(SloansLake).hills(2.0),
    run((2026, 5, 21), (17, 45), 6.0, 300.0).at(CherryCreek).hills(3.0),
    run((2026, 5, 22), (6, 15), 4.0, 360.0),
    run((2026, 5, 23), (7, 30), 18.0, 365.0).at(CherryCreek).out_and_back().hills(8.0).cadence(176.0).cadence_drift(-16.0).note("cadence drops late"),
    run((2026, 5, 24), (8, 0), 4.0, 360.0),
    // Week 17: single-run spike
    run((2026, 5, 26), (6, 15), 8.0, 350.0),
    run((2026, 5, 28), (17, 45), 9.0, 300.0).at(CherryCreek).hills(3.0).gz(),
    run((2026, 5, 30), (7, 30), 26.0, 370.0).at(CherryCreek).out_and_back().hills(8.0).note("single-run spike"),
];
