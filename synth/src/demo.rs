//! The demo export: the planned weeks of [`DEMO_PLAN`] turned into files
//! laid out like a Strava bulk export (with its `activities.csv`), plus
//! `EXPECTED.md` describing them.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

use super::activity::SynthSport;
use super::demo_activity::{DemoActivity, TRUNCATE_AT};
use super::demo_plan::{
    FileFormat, Place, PlannedActivity, Special, RUNNER_EASY_HR_BPM, RUNNER_EASY_PACE_S_PER_KM,
    RUNNER_ZONE,
};
use super::fit_writer::{write_fit, write_fit_truncated, FitOptions};
use super::gpx_writer::{write_gpx, GpxOptions};
use super::rng::mix;
use super::run_profile::{generate, PausePlan, RunParams, Target};
use super::tcx_writer::{write_tcx, TcxOptions};
use super::{gzip, GeneratedFile, SubSport};

pub use super::demo_plan::DEMO_PLAN;

/// Weekend runs at least this long are long runs (trail shoes, "Long Run").
pub const LONG_RUN_KM: f64 = 12.0;

/// A plan row that cannot be placed in the runner's time zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("planned date {0:?} does not exist")]
    BadDate((i32, u32, u32)),
    #[error("planned local time {0} does not exist in America/Denver")]
    NoSuchLocalTime(NaiveDateTime),
}

/// Steady heart rate of the demo runner at a pace.
fn steady_hr(plan: &PlannedActivity) -> f64 {
    match plan.sport {
        SynthSport::Running => {
            RUNNER_EASY_HR_BPM + 110.0 * (RUNNER_EASY_PACE_S_PER_KM / plan.pace_s_per_km - 1.0)
        }
        SynthSport::Cycling => 130.0,
    }
}

/// Runners step quicker at faster paces: about 14 steps/min per m/s above
/// easy pace, on top of the planned base cadence.
fn cadence_at_pace(plan: &PlannedActivity) -> f64 {
    match plan.sport {
        SynthSport::Running => {
            let faster_mps = 1000.0 / plan.pace_s_per_km - 1000.0 / RUNNER_EASY_PACE_S_PER_KM;
            plan.cadence + 14.0 * faster_mps
        }
        SynthSport::Cycling => plan.cadence,
    }
}

/// Strava's Activity Gear: two pairs of shoes in rotation (the trail shoes
/// for the weekend long runs) and one bike.
fn gear(plan: &PlannedActivity, start_local: NaiveDateTime) -> &'static str {
    let weekend = matches!(
        start_local.weekday(),
        chrono::Weekday::Sat | chrono::Weekday::Sun
    );
    match plan.sport {
        SynthSport::Cycling => "Allez",
        SynthSport::Running if weekend && plan.km >= LONG_RUN_KM => "Speedgoat 5",
        SynthSport::Running => "Pegasus 39",
    }
}

/// Strava's Activity Name: "Long Run" for the weekend long runs, the
/// runner's own name when there is one, else Strava's automatic title.
fn strava_name(plan: &PlannedActivity, start_local: NaiveDateTime) -> String {
    if let Some(name) = plan.strava_name {
        return name.to_string();
    }
    if gear(plan, start_local) == "Speedgoat 5" {
        return "Long Run".to_string();
    }
    title(plan.sport, plan.time.0)
}

/// Strava's automatic title for the time of day.
fn title(sport: SynthSport, hour: u32) -> String {
    let part = match hour {
        5..=10 => "Morning",
        11..=12 => "Lunch",
        13..=16 => "Afternoon",
        17..=20 => "Evening",
        _ => "Night",
    };
    let what = if sport == SynthSport::Running {
        "Run"
    } else {
        "Ride"
    };
    format!("{part} {what}")
}

fn params(plan: &PlannedActivity, start_utc: DateTime<Utc>, offset_s: i32) -> RunParams {
    let (y, m, d) = plan.date;
    let seed = mix((y as u64) * 10_000 + u64::from(m) * 100 + u64::from(d))
        ^ mix(u64::from(plan.time.0) * 60 + u64::from(plan.time.1));
    let base = match plan.sport {
        SynthSport::Running => RunParams::default(),
        SynthSport::Cycling => RunParams::ride(),
    };
    let mut pauses = Vec::new();
    if plan.km >= 14.0 && plan.sport == SynthSport::Running {
        // A drink at a fountain a little past halfway through long runs.
        let at = plan.km * 1000.0 * 0.55 / (1000.0 / plan.pace_s_per_km);
        pauses.push(PausePlan {
            after_timer_s: at as u32,
            duration_s: 40 + (seed % 50) as u32,
        });
    }
    let params = RunParams {
        start_utc,
        utc_offset_s: offset_s,
        sub_sport: if plan.place == Place::GreenMountain {
            SubSport::Trail
        } else {
            base.sub_sport
        },
        target: Target::DistanceM(plan.km * 1000.0),
        pace_s_per_km: plan.pace_s_per_km,
        cadence: cadence_at_pace(plan),
        cadence_drift: plan.cadence_drift,
        hilliness_m: plan.hilliness_m,
        route: plan.route,
        center: plan.place.center(),
        base_altitude_m: plan.place.base_altitude_m(),
        hr_steady_bpm: steady_hr(plan),
        dynamics: plan.dynamics,
        power: plan.dynamics,
        pauses,
        name: title(plan.sport, plan.time.0),
        seed,
        ..base
    };
    if plan.treadmill {
        params.on_treadmill()
    } else {
        params
    }
}

/// Generates every planned activity and decides its file names.
pub fn demo_activities(plan: &[PlannedActivity]) -> Result<Vec<DemoActivity>, DemoError> {
    plan.iter().map(demo_activity).collect()
}

fn demo_activity(plan: &PlannedActivity) -> Result<DemoActivity, DemoError> {
    let (y, m, d) = plan.date;
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(DemoError::BadDate(plan.date))?;
    let start_local = date
        .and_hms_opt(plan.time.0, plan.time.1, 0)
        .ok_or(DemoError::BadDate(plan.date))?;
    let zoned = RUNNER_ZONE
        .from_local_datetime(&start_local)
        .earliest()
        .ok_or(DemoError::NoSuchLocalTime(start_local))?;
    let offset_s = zoned.offset().fix().local_minus_utc();
    let start_utc = zoned.with_timezone(&Utc);
    let activity = generate(&params(plan, start_utc, offset_s));
    // Strava ids grow with time; derive them from the start so that adding
    // rows never renames existing files.
    let minutes = (start_utc.timestamp() - 1_767_225_600).max(0) / 60;
    let strava_id = 14_000_000_000 + minutes * 7;
    let gz = if plan.gzip { ".gz" } else { "" };
    let mut files = vec![format!(
        "activities/{strava_id}.{}{gz}",
        plan.format.extension()
    )];
    if plan.special == Special::AlsoGpx {
        files.push(format!(
            "garmin-connect/activity_{}.gpx",
            21_000_000_000 + minutes * 3
        ));
    }
    let week_start = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    let strava_type = plan.strava_type.unwrap_or(match plan.sport {
        SynthSport::Running => "Run",
        SynthSport::Cycling => "Ride",
    });
    Ok(DemoActivity {
        plan: *plan,
        activity,
        start_local,
        week_start,
        files,
        strava_id,
        strava_name: strava_name(plan, start_local),
        strava_type,
        gear: gear(plan, start_local),
    })
}

fn render(demo: &DemoActivity) -> Vec<GeneratedFile> {
    let a = &demo.activity;
    let strava_gpx = GpxOptions {
        sport_type: demo.plan.gpx_type,
        creator: Some("StravaGPX".into()),
        ..GpxOptions::default()
    };
    let main: Vec<u8> = match (demo.plan.format, demo.plan.special) {
        (_, Special::EmptyFile) => Vec::new(),
        (FileFormat::Fit, Special::TruncatedFit) => {
            write_fit_truncated(a, &FitOptions::default(), TRUNCATE_AT)
        }
        (FileFormat::Fit, _) => write_fit(a, &FitOptions::default()),
        (FileFormat::Gpx, _) => write_gpx(a, &strava_gpx).into_bytes(),
        (FileFormat::Tcx, _) => write_tcx(a, &TcxOptions::default()).into_bytes(),
    };
    let main = if demo.plan.gzip { gzip(&main) } else { main };
    let main = if demo.plan.special == Special::CutGzip {
        cut_gzip(main)
    } else {
        main
    };
    let mut out = Vec::new();
    let mut paths = demo.files.iter();
    if let Some(path) = paths.next() {
        out.push(GeneratedFile::new(path.clone(), main));
    }
    if let Some(path) = paths.next() {
        let garmin_gpx = GpxOptions {
            creator: Some("Garmin Connect".into()),
            ..GpxOptions::default()
        };
        out.push(GeneratedFile::new(
            path.clone(),
            write_gpx(a, &garmin_gpx).into_bytes(),
        ));
    }
    out
}

/// A gzip stream cut in the middle of its deflate data, as an interrupted
/// download leaves it: the header is intact, the end and trailer are not.
pub fn cut_gzip(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// Every file of the demo export (paths relative to its root), with
/// `activities.csv` and `EXPECTED.md` last.
pub fn demo_export(plan: &[PlannedActivity]) -> Result<Vec<GeneratedFile>, DemoError> {
    let demos = demo_activities(plan)?;
    let mut files: Vec<GeneratedFile> = demos.iter().flat_map(render).collect();
    files.push(GeneratedFile::new(
        "activities.csv",
        super::demo_csv::activities_csv(&demos).into_bytes(),
    ));
    files.push(GeneratedFile::new("patella.toml", DEMO_CONFIG));
    let expected = super::demo_expected::expected_md(&demos, &files);
    files.push(GeneratedFile::new("EXPECTED.md", expected.into_bytes()));
    Ok(files)
}

/// The runner's config: the time zone, and the "Pegasus 39" bought second
/// hand with 427 km on it, so the shoe crosses 500 km on 2026-02-26 and
/// 800 km on 2026-05-19 (EXPECTED.md, "shoe past 800 km").
const DEMO_CONFIG: &str = "\
# patella.toml of the demo runner (generated; see EXPECTED.md).
[athlete]
name = \"Demo runner\"
timezone = \"America/Denver\"
week_start = \"monday\"

[[shoes]]
name = \"Pegasus 39\"
initial_km = 427.0

[[shoes]]
name = \"Speedgoat 5\"
initial_km = 0.0
";
