//! A large generated archive for benchmarks: years of one runner's training
//! as FIT, GPX and TCX files (some gzipped), with a `patella.toml`.
//!
//! `cargo run --release --example gen-archive -- --runs 3000 OUT` writes
//! one. The plan is built from the seed alone (no clock), so the same
//! options give the same bytes; every run is drawn from its own seed
//! (its date and slot), so planning is cheap and the files can be
//! generated in parallel.
//!
//! The runner trains in eras of six to eighteen months, each with its own
//! easy pace, cadence, weekly frequency, device (running dynamics and
//! power on the later ones) and home park in Denver. A week puts its long
//! run on Sunday, a tempo run on Tuesday, a short recovery run on
//! Saturday when there are five or more runs, and rest days between;
//! a few weeks are breaks. The requested number of runs is spread over the
//! weeks in proportion to each week's planned frequency. A run lasts 30 to
//! 150 minutes at 1 Hz with position, altitude, heart rate and cadence;
//! about one in twenty is a hilly trail run in the foothills.
//!
//! About 85% of the runs are FIT (a quarter of them `.fit.gz`), the rest
//! GPX and TCX (half of those gzipped). [`add_runs`] appends runs after
//! the last one, as a sync of new activities would, into `activities/added/`.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use patella::model::LatLon;

use super::activity::{SubSport, SynthDevice, SyntheticActivity};
use super::fit_writer::{write_fit, FitOptions};
use super::gpx_writer::{write_gpx, GpxOptions};
use super::rng::{mix, SplitMix64};
use super::route::RouteShape;
use super::run_profile::{generate, PausePlan, RunParams, Target};
use super::tcx_writer::{write_tcx, TcxOptions};
use super::{gzip, GeneratedFile};

/// The athlete's zone: a real IANA zone with daylight saving time, so
/// local dates and offsets move twice a year as a real watch's do.
pub const TIMEZONE: Tz = chrono_tz::America::Denver;

/// Name of the hidden file recording how an archive was made (hidden
/// files are never read by patella).
pub const MANIFEST: &str = ".gen-archive";

/// Folder (inside the archive) of the runs added by [`add_runs`]: inside
/// `activities/`, so the archive's root keeps one folder of runs and is
/// never taken for a coach's folder of athletes.
pub const ADDED_DIR: &str = "activities/added";

/// Shortest and longest run, minutes.
const MIN_RUN_MIN: f64 = 30.0;
const MAX_RUN_MIN: f64 = 150.0;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveOptions {
    pub runs: usize,
    /// Years covered; more weeks are used when the runs would not fit in
    /// two a day.
    pub years: u32,
    pub seed: u64,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            runs: 3000,
            years: 10,
            seed: 1,
        }
    }
}

impl ArchiveOptions {
    /// Sunday 1 March 2026, the last day of the archive proper; added runs
    /// come after it.
    pub fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
    }

    /// Number of weeks the archive covers: the years asked for, or more
    /// when the runs would not fit at twelve a week. Never before FIT's
    /// epoch (31 December 1989), which a FIT timestamp cannot go below,
    /// while fourteen a week still fit: 24,000 runs at twelve a week
    /// would start in 1987 and every run before 1990 would carry the
    /// epoch itself.
    pub fn weeks(&self) -> u32 {
        let since_epoch = self.weeks_since_fit_epoch();
        let by_years = ((f64::from(self.years) * 365.25 / 7.0).round() as u32).min(since_epoch);
        let needed = (self.runs.div_ceil(12) as u32)
            .min(since_epoch)
            .max(self.runs.div_ceil(14) as u32);
        by_years.max(needed).max(1)
    }

    /// Whole weeks from the first Monday after FIT's epoch to the last
    /// week of the archive, that one included.
    fn weeks_since_fit_epoch(&self) -> u32 {
        let first_fit_monday = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        let last_monday = self.last_day() - Duration::days(6);
        ((last_monday - first_fit_monday).num_weeks() + 1).max(1) as u32
    }

    /// Monday of the first week.
    pub fn first_monday(&self) -> NaiveDate {
        let last_monday = self.last_day() - Duration::days(6);
        last_monday - Duration::weeks(i64::from(self.weeks()) - 1)
    }

    /// The manifest's text (see [`MANIFEST`]).
    pub fn manifest(&self) -> String {
        format!(
            "# written by patella's gen-archive example; runs under {ADDED_DIR}/ were added later\nseed = {}\nruns = {}\nyears = {}\n",
            self.seed, self.runs, self.years
        )
    }

    /// Reads a manifest written by [`Self::manifest`].
    pub fn from_manifest(text: &str) -> Option<ArchiveOptions> {
        let value = |key: &str| {
            text.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().to_string())
            })
        };
        Some(ArchiveOptions {
            seed: value("seed")?.parse().ok()?,
            runs: value("runs")?.parse().ok()?,
            years: value("years")?.parse().ok()?,
        })
    }
}

/// File format of a planned run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    Fit,
    Gpx,
    Tcx,
}

impl ArchiveFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ArchiveFormat::Fit => "fit",
            ArchiveFormat::Gpx => "gpx",
            ArchiveFormat::Tcx => "tcx",
        }
    }
}

/// What a run is for; it sets duration, pace and heart rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Easy,
    Recovery,
    Tempo,
    Long,
}

/// One planned run: where it goes and everything that shapes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveRun {
    /// Relative to the archive folder, `/`-separated.
    pub path: String,
    pub format: ArchiveFormat,
    pub gzipped: bool,
    pub role: Role,
    pub local_start: NaiveDateTime,
    pub params: RunParams,
    pub fit_options: FitOptions,
}

impl ArchiveRun {
    /// The generated activity (the costly part).
    pub fn activity(&self) -> SyntheticActivity {
        generate(&self.params)
    }

    /// The activity written in `format`, uncompressed.
    pub fn encode(&self, activity: &SyntheticActivity, format: ArchiveFormat) -> Vec<u8> {
        match format {
            ArchiveFormat::Fit => write_fit(activity, &self.fit_options),
            ArchiveFormat::Gpx => write_gpx(activity, &GpxOptions::default()).into_bytes(),
            ArchiveFormat::Tcx => write_tcx(activity, &TcxOptions::default()).into_bytes(),
        }
    }

    /// The file as the archive holds it.
    pub fn file(&self) -> GeneratedFile {
        let bytes = self.encode(&self.activity(), self.format);
        let bytes = if self.gzipped { gzip(&bytes) } else { bytes };
        GeneratedFile::new(self.path.clone(), bytes)
    }
}

/// One training era of the runner.
#[derive(Debug, Clone)]
struct Era {
    first_week: u32,
    runs_per_week: f64,
    /// Easy-run duration scale.
    volume: f64,
    easy_pace: f64,
    cadence: f64,
    cadence_drift: f64,
    hr_easy: f64,
    hr_rest: f64,
    hilliness_m: f64,
    home: LatLon,
    device: usize,
    dynamics: bool,
    power: bool,
}

/// Home parks in Denver (start of most runs), about 1600 m up.
const HOMES: [LatLon; 3] = [
    LatLon {
        lat_deg: 39.7000,
        lon_deg: -104.9660,
    },
    LatLon {
        lat_deg: 39.7476,
        lon_deg: -104.9504,
    },
    LatLon {
        lat_deg: 39.7500,
        lon_deg: -105.0450,
    },
];

/// Trailheads in the foothills for the hilly runs.
const TRAILHEADS: [(LatLon, f64); 2] = [
    (
        LatLon {
            lat_deg: 39.9990,
            lon_deg: -105.2820,
        },
        1750.0,
    ),
    (
        LatLon {
            lat_deg: 39.6650,
            lon_deg: -105.2050,
        },
        1900.0,
    ),
];

/// The watches, oldest first: (FIT product id, name, serial).
const DEVICES: [(u16, &str, u32); 4] = [
    (2431, "Forerunner 235", 3_871_224_013),
    (2886, "Forerunner 645", 3_902_518_744),
    (3113, "Forerunner 945", 3_951_207_118),
    (4024, "Forerunner 955", 3_998_310_562),
];

fn device(index: usize) -> SynthDevice {
    let (product, name, serial) = DEVICES[index.min(DEVICES.len() - 1)];
    SynthDevice {
        manufacturer: 1,
        product,
        serial_number: serial,
        software_version: 1000 + 110 * index as u16,
        name: name.into(),
    }
}

/// The eras covering `weeks` weeks.
fn eras(options: &ArchiveOptions) -> Vec<Era> {
    let weeks = options.weeks();
    let mut rng = SplitMix64::new(mix(options.seed ^ 0x00E7_A5E7));
    let mut eras = Vec::new();
    let mut week = 0;
    let (mut pace, mut cadence) = (rng.range(360.0, 385.0), rng.range(160.0, 166.0));
    while week < weeks {
        let device = (week as usize * DEVICES.len()) / weeks as usize;
        let era = Era {
            first_week: week,
            runs_per_week: rng.range(3.5, 6.8),
            volume: rng.range(0.85, 1.15),
            easy_pace: pace,
            cadence,
            cadence_drift: rng.range(-8.0, 0.0),
            hr_easy: rng.range(136.0, 148.0),
            hr_rest: rng.range(48.0, 56.0),
            hilliness_m: rng.range(2.0, 8.0),
            home: HOMES[(rng.next_u64() % HOMES.len() as u64) as usize],
            device,
            dynamics: device > 0 && rng.unit() < 0.4 + 0.15 * device as f64,
            power: device == DEVICES.len() - 1 && rng.unit() < 0.6,
        };
        eras.push(era);
        week += 26 + (rng.next_u64() % 52) as u32;
        // Fitness mostly improves, with setbacks.
        pace = (pace + rng.range(-14.0, 8.0)).clamp(285.0, 400.0);
        cadence = (cadence + rng.range(-2.5, 4.0)).clamp(156.0, 184.0);
    }
    eras
}

fn era_of(eras: &[Era], week: u32) -> &Era {
    let index = eras.partition_point(|e| e.first_week <= week);
    &eras[index.saturating_sub(1).min(eras.len() - 1)]
}

/// Run days of a week with `count` runs, as (days after Monday, role);
/// past seven, second runs of the day.
fn week_slots(count: usize) -> Vec<(i64, Role)> {
    let days: &[i64] = match count {
        0 => &[],
        1 => &[6],
        2 => &[2, 6],
        3 => &[1, 3, 6],
        4 => &[1, 3, 5, 6],
        5 => &[0, 1, 3, 5, 6],
        6 => &[0, 1, 2, 3, 5, 6],
        _ => &[0, 1, 2, 3, 4, 5, 6],
    };
    let mut slots: Vec<(i64, Role)> = days
        .iter()
        .map(|&day| {
            let role = match day {
                6 if count >= 2 => Role::Long,
                1 if count >= 3 => Role::Tempo,
                5 if count >= 5 => Role::Recovery,
                _ => Role::Easy,
            };
            (day, role)
        })
        .collect();
    for extra in 0..count.saturating_sub(7) {
        slots.push(([0, 2, 3, 4, 1, 5, 6][extra % 7], Role::Recovery));
    }
    slots.sort_by_key(|&(day, _)| day);
    slots
}

/// Runs per week: the total spread in proportion to each week's planned
/// frequency (breaks plan none), at most 14 a week.
fn weekly_counts(options: &ArchiveOptions, eras: &[Era]) -> Vec<usize> {
    let weeks = options.weeks();
    let mut rng = SplitMix64::new(mix(options.seed ^ 0x0000_5EED_3EE6));
    let mut weights = Vec::with_capacity(weeks as usize);
    let mut break_left = 0;
    for week in 0..weeks {
        if break_left == 0 && rng.unit() < 0.035 {
            break_left = 1 + rng.next_u64() % 4;
        }
        let era = era_of(eras, week);
        let noise = (1.0 + 0.2 * rng.gauss()).max(0.3);
        if break_left > 0 {
            break_left -= 1;
            weights.push(0.0);
        } else {
            weights.push(era.runs_per_week * noise);
        }
    }
    if weights.iter().all(|&w| w == 0.0) {
        weights.iter_mut().for_each(|w| *w = 1.0);
    }
    let total: f64 = weights.iter().sum();
    let mut counts = Vec::with_capacity(weights.len());
    let (mut cumulative, mut given, mut carry) = (0.0, 0usize, 0usize);
    for w in &weights {
        cumulative += w;
        let target = (cumulative / total * options.runs as f64).round() as usize;
        let want = target.saturating_sub(given) + carry;
        let count = want.min(14);
        carry = want - count;
        given += target.saturating_sub(given);
        counts.push(count);
    }
    // Runs that did not fit go to the last weeks with room.
    for count in counts.iter_mut().rev() {
        let room = 14 - *count;
        let moved = room.min(carry);
        *count += moved;
        carry -= moved;
    }
    counts
}

/// The runs of the archive proper, oldest first.
pub fn plan(options: &ArchiveOptions) -> Vec<ArchiveRun> {
    let eras = eras(options);
    let counts = weekly_counts(options, &eras);
    let first_monday = options.first_monday();
    let mut runs = Vec::with_capacity(options.runs);
    for (week, &count) in counts.iter().enumerate() {
        let era = era_of(&eras, week as u32);
        let monday = first_monday + Duration::weeks(week as i64);
        let slots = week_slots(count);
        for (i, &(day, role)) in slots.iter().enumerate() {
            let part = if i > 0 && slots[i - 1].0 == day {
                DayPart::Evening
            } else if slots.get(i + 1).is_some_and(|next| next.0 == day) {
                DayPart::Morning
            } else {
                DayPart::Any
            };
            let date = monday + Duration::days(day);
            runs.push(plan_run(options, era, date, role, part, "activities"));
        }
    }
    runs
}

/// Runs `already..already + count` of those after the archive's last run,
/// at the last era's weekly frequency, for [`add_runs`].
pub fn plan_added(options: &ArchiveOptions, already: usize, count: usize) -> Vec<ArchiveRun> {
    let eras = eras(options);
    let Some(era) = eras.last() else {
        return Vec::new();
    };
    let last = plan(options)
        .last()
        .map_or(options.last_day(), |r| r.local_start.date());
    let per_week = (era.runs_per_week.round() as usize).clamp(1, 7);
    let slots = week_slots(per_week);
    let mut monday = last - Duration::days(i64::from(last.weekday().num_days_from_monday()));
    let mut runs = Vec::with_capacity(count);
    let mut index = 0;
    while runs.len() < count {
        for &(day, role) in &slots {
            let date = monday + Duration::days(day);
            if date <= last {
                continue;
            }
            if index >= already && runs.len() < count {
                runs.push(plan_run(options, era, date, role, DayPart::Any, ADDED_DIR));
            }
            index += 1;
        }
        monday += Duration::weeks(1);
    }
    runs
}

/// When in the day a run may start: a day with two runs has one in the
/// morning and one in the evening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayPart {
    Any,
    Morning,
    Evening,
}

/// One run on `date`, drawn from its own seed.
fn plan_run(
    options: &ArchiveOptions,
    era: &Era,
    date: NaiveDate,
    role: Role,
    part: DayPart,
    folder: &str,
) -> ArchiveRun {
    let day_number = u64::from(date.num_days_from_ce().unsigned_abs());
    let seed = mix(options.seed ^ mix(day_number * 2 + u64::from(part == DayPart::Evening)));
    let mut rng = SplitMix64::new(seed);
    let hilly = matches!(role, Role::Easy | Role::Long) && rng.unit() < 0.07;
    let minutes = match role {
        Role::Easy => rng.range(35.0, 70.0) * era.volume,
        Role::Recovery => rng.range(30.0, 42.0),
        Role::Tempo => rng.range(40.0, 65.0),
        Role::Long => rng.range(80.0, 150.0),
    }
    .clamp(MIN_RUN_MIN, MAX_RUN_MIN);
    let (pace, hr, cadence) = match role {
        Role::Easy => (era.easy_pace, era.hr_easy, era.cadence),
        Role::Recovery => (era.easy_pace + 20.0, era.hr_easy - 6.0, era.cadence - 3.0),
        Role::Tempo => (
            era.easy_pace - rng.range(35.0, 55.0),
            era.hr_easy + 20.0,
            era.cadence + 6.0,
        ),
        Role::Long => (
            era.easy_pace + rng.range(0.0, 15.0),
            era.hr_easy + 4.0,
            era.cadence - 1.0,
        ),
    };
    let pace = pace + 6.0 * rng.gauss() + if hilly { 45.0 } else { 0.0 };
    let cadence = cadence + 1.5 * rng.gauss();
    let morning = rng.unit() < 0.7;
    let start_min = if part == DayPart::Evening {
        rng.range(17.0 * 60.0, 19.25 * 60.0)
    } else if role == Role::Long {
        rng.range(7.0 * 60.0, 8.5 * 60.0)
    } else if morning || part == DayPart::Morning {
        rng.range(5.75 * 60.0, 7.5 * 60.0)
    } else {
        rng.range(17.0 * 60.0, 19.25 * 60.0)
    } as i64;
    let local_start = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(start_min);
    let offset_s = TIMEZONE
        .from_local_datetime(&local_start)
        .earliest()
        .map_or(-7 * 3600, |t| t.offset().fix().local_minus_utc());
    let start_utc = Utc.from_utc_datetime(&(local_start - Duration::seconds(i64::from(offset_s))));
    let timer_s = (minutes * 60.0).round() as u32;
    let pauses = if rng.unit() < 0.35 {
        let n = 1 + rng.next_u64() % 3;
        (0..n)
            .map(|_| PausePlan {
                after_timer_s: rng.range(300.0, f64::from(timer_s) - 120.0) as u32,
                duration_s: rng.range(15.0, 150.0) as u32,
            })
            .collect()
    } else {
        Vec::new()
    };
    let (center, base_altitude_m) = if hilly {
        TRAILHEADS[(rng.next_u64() % TRAILHEADS.len() as u64) as usize]
    } else {
        (era.home, 1600.0 + rng.range(-15.0, 15.0))
    };
    let route = if hilly {
        RouteShape::Mountain
    } else if rng.unit() < 0.6 {
        RouteShape::Loop
    } else {
        RouteShape::OutAndBack
    };
    let name = match (hilly, role) {
        (true, _) => "Trail Run",
        (_, Role::Easy) => "Easy Run",
        (_, Role::Recovery) => "Recovery Run",
        (_, Role::Tempo) => "Tempo Run",
        (_, Role::Long) => "Long Run",
    };
    let params = RunParams {
        start_utc,
        utc_offset_s: offset_s,
        sub_sport: if hilly {
            SubSport::Trail
        } else {
            SubSport::Generic
        },
        target: Target::DurationS(timer_s),
        pace_s_per_km: pace,
        cadence,
        cadence_drift: era.cadence_drift + if role == Role::Long { -3.0 } else { 0.0 },
        hilliness_m: if hilly {
            rng.range(25.0, 45.0)
        } else {
            era.hilliness_m
        },
        route,
        center,
        base_altitude_m,
        hr_steady_bpm: hr + 2.0 * rng.gauss(),
        hr_rest_bpm: era.hr_rest,
        dynamics: era.dynamics,
        power: era.power,
        pauses,
        device: device(era.device),
        name: name.into(),
        seed: rng.next_u64(),
        ..RunParams::default()
    };
    let draw = rng.unit();
    let format = if draw < 0.85 {
        ArchiveFormat::Fit
    } else if draw < 0.925 {
        ArchiveFormat::Gpx
    } else {
        ArchiveFormat::Tcx
    };
    let gzipped = rng.unit()
        < match format {
            ArchiveFormat::Fit => 0.25,
            _ => 0.5,
        };
    let fit_options = FitOptions {
        // The oldest watch writes compressed-timestamp record headers.
        compressed_timestamps: era.device == 0,
    };
    let stamp = local_start.format("%Y-%m-%d-%H%M");
    let path = match folder {
        ADDED_DIR => format!("{folder}/{stamp}"),
        _ => format!("{folder}/{}/{stamp}", date.year()),
    };
    let path = format!(
        "{path}.{}{}",
        format.extension(),
        if gzipped { ".gz" } else { "" }
    );
    ArchiveRun {
        path,
        format,
        gzipped,
        role,
        local_start,
        params,
        fit_options,
    }
}

/// The archive's `patella.toml`: the athlete, the zone, and a new pair of
/// shoes every five to seven months.
pub fn config(options: &ArchiveOptions) -> String {
    config_named(options, DEFAULT_NAME)
}

/// The athlete's name in [`config`].
pub const DEFAULT_NAME: &str = "Archive runner";

/// [`config`] with the athlete called `athlete` (a coach's team needs each
/// athlete named apart).
pub fn config_named(options: &ArchiveOptions, athlete: &str) -> String {
    const MODELS: [&str; 5] = ["Pegasus", "Ghost", "Clifton", "Kinvara", "Novablast"];
    let mut rng = SplitMix64::new(mix(options.seed ^ 0x5_400E));
    let mut out = format!(
        "# A generated runner (patella's gen-archive, seed {}).\n[athlete]\nname = \"{athlete}\"\ntimezone = \"{}\"\nweek_start = \"monday\"\n",
        options.seed,
        TIMEZONE.name()
    );
    let mut from = options.first_monday();
    let mut pair = 0;
    loop {
        let until = from + Duration::days(150 + (rng.next_u64() % 60) as i64);
        let name = format!(
            "{} {}",
            MODELS[pair % MODELS.len()],
            30 + pair / MODELS.len()
        );
        out.push_str(&format!("\n[[shoes]]\nname = \"{name}\"\nfrom = {from}\n"));
        if until >= options.last_day() {
            break;
        }
        out.push_str(&format!("until = {until}\n"));
        from = until + Duration::days(1);
        pair += 1;
    }
    out
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArchiveSummary {
    pub files: usize,
    pub bytes: u64,
}

/// Writes the archive into `dir` (created; it must not exist or be empty):
/// the runs, `patella.toml`, and the manifest last, so a folder without
/// a manifest is an interrupted one. `progress(done, total)` is called
/// after each file, from any thread.
pub fn write_archive(
    dir: &Path,
    options: &ArchiveOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<ArchiveSummary> {
    write_named_archive(dir, options, DEFAULT_NAME, progress)
}

/// [`write_archive`] for an athlete called `name`.
pub fn write_named_archive(
    dir: &Path,
    options: &ArchiveOptions,
    name: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<ArchiveSummary> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not empty", dir.display()),
        ));
    }
    fs::create_dir_all(dir)?;
    let runs = plan(options);
    let summary = write_runs(dir, &runs, progress)?;
    let config = config_named(options, name);
    fs::write(dir.join("patella.toml"), &config)?;
    fs::write(dir.join(MANIFEST), options.manifest())?;
    Ok(ArchiveSummary {
        files: summary.files + 1,
        bytes: summary.bytes + config.len() as u64,
    })
}

/// Adds `count` runs after the last one to an archive written by
/// [`write_archive`], into its `activities/added/` folder, continuing after the runs
/// added before. Returns what was written and the options read from the
/// manifest.
pub fn add_runs(
    dir: &Path,
    count: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<(ArchiveSummary, ArchiveOptions)> {
    let text = fs::read_to_string(dir.join(MANIFEST))?;
    let options = ArchiveOptions::from_manifest(&text).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} is not a gen-archive manifest",
                dir.join(MANIFEST).display()
            ),
        )
    })?;
    let added = dir.join(ADDED_DIR);
    let already = if added.is_dir() {
        fs::read_dir(&added)?.count()
    } else {
        0
    };
    let runs = plan_added(&options, already, count);
    Ok((write_runs(dir, &runs, progress)?, options))
}

fn write_runs(
    dir: &Path,
    runs: &[ArchiveRun],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> io::Result<ArchiveSummary> {
    let done = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    runs.par_iter().try_for_each(|run| -> io::Result<()> {
        let file = run.file();
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.bytes)?;
        bytes.fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, runs.len());
        Ok(())
    })?;
    Ok(ArchiveSummary {
        files: runs.len(),
        bytes: bytes.into_inner(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;
    use patella::import::{decode, sniff};

    fn tiny() -> ArchiveOptions {
        ArchiveOptions {
            runs: 8,
            years: 1,
            seed: 42,
        }
    }

    #[test]
    fn plan_has_the_runs_asked_for_in_order_within_bounds() {
        let options = ArchiveOptions {
            runs: 900,
            years: 3,
            seed: 5,
        };
        let runs = plan(&options);
        assert_eq!(runs.len(), 900);
        assert!(runs.windows(2).all(|w| w[0].local_start < w[1].local_start));
        assert_eq!(options.first_monday().weekday(), Weekday::Mon);
        assert!(runs[0].local_start.date() >= options.first_monday());
        assert!(runs
            .last()
            .is_some_and(|r| r.local_start.date() <= options.last_day()));
        let mut paths: Vec<&str> = runs.iter().map(|r| r.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), 900, "paths are unique");
        for run in &runs {
            let Target::DurationS(s) = run.params.target else {
                panic!("runs are planned by duration");
            };
            assert!((1800..=9000).contains(&s), "{s} s");
        }
        let fit = runs
            .iter()
            .filter(|r| r.format == ArchiveFormat::Fit)
            .count();
        assert!((700..=830).contains(&fit), "{fit} FIT of 900");
        assert!(runs
            .iter()
            .any(|r| r.format == ArchiveFormat::Gpx && r.gzipped));
        assert!(runs
            .iter()
            .any(|r| r.format == ArchiveFormat::Tcx && !r.gzipped));
        assert!(runs.iter().any(|r| r.params.dynamics));
        assert!(runs.iter().any(|r| r.params.route == RouteShape::Mountain));
        // Long runs are on Sundays.
        assert!(runs
            .iter()
            .filter(|r| r.role == Role::Long)
            .all(|r| r.local_start.weekday() == Weekday::Sun));
    }

    #[test]
    fn a_large_archive_stays_after_the_fit_epoch() {
        // At twelve a week, 24,000 runs take 2,000 weeks, back to November
        // 1987; from Monday 1 January 1990 to the last week (Monday 23
        // February 2026) there are 13,202 days, 1,886 weeks and the last
        // one, 1,887 weeks, enough at up to fourteen a week (26,418).
        let options = ArchiveOptions {
            runs: 24_000,
            years: 10,
            seed: 1,
        };
        assert_eq!(options.weeks(), 1887);
        assert_eq!(
            options.first_monday(),
            NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
        );
        let runs = plan(&options);
        assert_eq!(runs.len(), 24_000);
        // Below that, twelve a week as before: 12,000 runs in 1,000 weeks.
        let half = ArchiveOptions {
            runs: 12_000,
            ..options
        };
        assert_eq!(half.weeks(), 1000);
    }

    #[test]
    fn added_runs_follow_the_last_one_and_continue() {
        let options = tiny();
        let last = plan(&options).last().map(|r| r.local_start).unwrap();
        let first_ten = plan_added(&options, 0, 10);
        assert_eq!(first_ten.len(), 10);
        assert!(first_ten[0].local_start > last);
        assert!(first_ten
            .iter()
            .all(|r| r.path.starts_with("activities/added/")));
        let next = plan_added(&options, 4, 6);
        assert_eq!(next, first_ten[4..].to_vec());
    }

    #[test]
    fn manifest_round_trips() {
        let options = tiny();
        assert_eq!(
            ArchiveOptions::from_manifest(&options.manifest()),
            Some(options)
        );
    }

    #[test]
    fn config_is_a_valid_patella_toml() {
        let text = config(&ArchiveOptions::default());
        let parsed = patella::config::Config::parse_str(&text, "patella.toml")
            .expect("the generated config loads");
        assert_eq!(parsed.athlete.timezone, Some(TIMEZONE));
        assert!(parsed.shoes.len() > 10, "{} shoes", parsed.shoes.len());
    }

    #[test]
    fn same_options_write_the_same_bytes() {
        let options = tiny();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let quiet = |_: usize, _: usize| {};
        let written = write_archive(a.path(), &options, &quiet).unwrap();
        write_archive(b.path(), &options, &quiet).unwrap();
        add_runs(a.path(), 2, &quiet).unwrap();
        add_runs(b.path(), 2, &quiet).unwrap();
        assert_eq!(written.files, 9);
        let files = |dir: &Path| {
            let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(dir).unwrap();
                    (
                        rel.to_string_lossy().into_owned(),
                        fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            files.sort();
            files
        };
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert_eq!(fa.len(), 8 + 2 + 2);
        assert!(fa == fb, "same options, same bytes");
        // A different seed is a different archive.
        let c = tempfile::tempdir().unwrap();
        let other = ArchiveOptions {
            seed: 43,
            ..options
        };
        write_archive(c.path(), &other, &quiet).unwrap();
        assert!(files(c.path()) != fa);
        // Writing over an archive is refused.
        assert!(write_archive(a.path(), &options, &quiet).is_err());
    }

    #[test]
    fn every_format_decodes_as_a_run_of_the_planned_length() {
        let run = plan(&tiny()).swap_remove(0);
        let activity = run.activity();
        let Target::DurationS(timer_s) = run.params.target else {
            panic!("planned by duration");
        };
        for format in [ArchiveFormat::Fit, ArchiveFormat::Gpx, ArchiveFormat::Tcx] {
            let bytes = run.encode(&activity, format);
            let decoded = decode(sniff(&bytes), &bytes).expect("decodes");
            assert_eq!(decoded.len(), 1, "{format:?}");
            let samples = decoded[0].streams.time_s.len();
            assert!(
                samples as u32 >= timer_s,
                "{format:?}: {samples} samples for {timer_s} s"
            );
        }
    }
}
