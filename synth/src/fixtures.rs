//! The committed fixture set: small single files for unit and end-to-end
//! tests (`files/`), the demo export (`demo-export/`) and a README.
//!
//! Each small file comes from a named builder, so a test can regenerate the
//! exact activity a fixture holds and compare decoded values with it.

use std::fmt::Write as _;

use chrono::{DateTime, TimeZone, Utc};

use super::activity::{SynthSport, SyntheticActivity};
use super::demo::{demo_export, DemoError, DEMO_PLAN};
use super::fit_writer::{write_fit, write_fit_truncated, FitOptions};
use super::gpx_writer::{write_gpx, GpxOptions, GpxType};
use super::run_profile::{generate, multisport, PausePlan, RunParams, Target};
use super::tcx_writer::{write_tcx, TcxOptions};
use super::GeneratedFile;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap_or_default()
}

/// 3 km loop in Washington Park, Tue 2026-03-03 06:30 MST, one 30 s stop at
/// a crossing after 7 minutes. Written as FIT, GPX and TCX.
pub fn run_basic() -> SyntheticActivity {
    generate(&RunParams {
        target: Target::DistanceM(3000.0),
        pauses: vec![PausePlan {
            after_timer_s: 420,
            duration_s: 30,
        }],
        seed: 11,
        ..RunParams::default()
    })
}

/// 4 km tempo with running dynamics and power, Wed 2026-03-04 17:45 MST.
pub fn run_with_dynamics() -> SyntheticActivity {
    generate(&RunParams {
        start_utc: utc(2026, 3, 5, 0, 45),
        target: Target::DistanceM(4000.0),
        pace_s_per_km: 295.0,
        cadence: 176.0,
        hr_steady_bpm: 162.0,
        dynamics: true,
        power: true,
        name: "Evening Run".into(),
        seed: 12,
        ..RunParams::default()
    })
}

/// A 12 km ride, 150 s transition, then a 3 km run: one FIT file with two
/// sessions, Sun 2026-06-14 08:00 MDT.
pub fn multisport_bike_run() -> SyntheticActivity {
    let start = utc(2026, 6, 14, 14, 0);
    let bike = RunParams {
        start_utc: start,
        utc_offset_s: -6 * 3600,
        target: Target::DistanceM(12_000.0),
        name: "Brick".into(),
        device: super::SynthDevice::forerunner_945(),
        seed: 13,
        ..RunParams::ride()
    };
    let run = RunParams {
        start_utc: start,
        utc_offset_s: -6 * 3600,
        target: Target::DistanceM(3000.0),
        cadence: 172.0,
        hr_steady_bpm: 155.0,
        pace_s_per_km: 320.0,
        seed: 14,
        ..RunParams::default()
    };
    multisport(&[bike, run], 150)
}

/// 4 km on a treadmill: no positions, Tue 2026-01-20 12:00 MST.
pub fn treadmill() -> SyntheticActivity {
    generate(
        &RunParams {
            start_utc: utc(2026, 1, 20, 19, 0),
            target: Target::DistanceM(4000.0),
            pace_s_per_km: 340.0,
            seed: 15,
            ..RunParams::default()
        }
        .on_treadmill(),
    )
}

/// 2.5 km run for a GPX without `<type>`, Sat 2026-02-14 08:10 MST.
pub fn run_no_type() -> SyntheticActivity {
    generate(&RunParams {
        start_utc: utc(2026, 2, 14, 15, 10),
        target: Target::DistanceM(2500.0),
        pace_s_per_km: 345.0,
        seed: 16,
        ..RunParams::default()
    })
}

/// 10 km road ride, Sat 2026-05-16 09:00 MDT.
pub fn ride() -> SyntheticActivity {
    generate(&RunParams {
        start_utc: utc(2026, 5, 16, 15, 0),
        utc_offset_s: -6 * 3600,
        target: Target::DistanceM(10_000.0),
        hilliness_m: 10.0,
        seed: 17,
        ..RunParams::ride()
    })
}

/// 1.5 km run with a 40 s stop, written with compressed-timestamp record
/// headers (the stop forces one full timestamp), Thu 2026-03-05 06:30 MST.
pub fn run_compressed() -> SyntheticActivity {
    generate(&RunParams {
        start_utc: utc(2026, 3, 5, 13, 30),
        target: Target::DistanceM(1500.0),
        pauses: vec![PausePlan {
            after_timer_s: 200,
            duration_s: 40,
        }],
        seed: 18,
        ..RunParams::default()
    })
}

struct Fixture {
    path: &'static str,
    activity: SyntheticActivity,
    bytes: Vec<u8>,
    what: &'static str,
}

fn fixtures() -> Vec<Fixture> {
    let fit = FitOptions::default();
    let basic = run_basic();
    let no_type = run_no_type();
    let ride = ride();
    let compressed = run_compressed();
    let dynamics = run_with_dynamics();
    let multi = multisport_bike_run();
    let treadmill = treadmill();
    let strava = |sport_type| GpxOptions {
        sport_type,
        creator: Some("StravaGPX".into()),
        ..GpxOptions::default()
    };
    vec![
        Fixture {
            path: "files/run-basic.fit",
            bytes: write_fit(&basic, &fit),
            activity: basic.clone(),
            what: "easy run with HR, cadence, barometric altitude, 1 pause, 1 km laps",
        },
        Fixture {
            path: "files/run-basic.gpx",
            bytes: write_gpx(&basic, &GpxOptions::default()).into_bytes(),
            activity: basic.clone(),
            what: "same run as run-basic.fit (duplicate), Garmin GPX, `<type>running</type>`",
        },
        Fixture {
            path: "files/run-basic.tcx",
            bytes: write_tcx(&basic, &TcxOptions::default()).into_bytes(),
            activity: basic.clone(),
            what: "same run as run-basic.fit, TCX with RunCadence extension",
        },
        Fixture {
            path: "files/run-with-dynamics.fit",
            bytes: write_fit(&dynamics, &fit),
            activity: dynamics,
            what: "tempo run with stance time, balance, vertical oscillation, step length, power",
        },
        Fixture {
            path: "files/multisport-bike-run.fit",
            bytes: write_fit(&multi, &fit),
            activity: multi,
            what: "two sessions: cycling then running, 150 s transition",
        },
        Fixture {
            path: "files/treadmill.fit",
            bytes: write_fit(&treadmill, &fit),
            activity: treadmill,
            what: "treadmill run: no positions, sub_sport treadmill",
        },
        Fixture {
            path: "files/run-no-type.gpx",
            bytes: write_gpx(&no_type, &strava(GpxType::None)).into_bytes(),
            activity: no_type,
            what: "Strava GPX without `<type>`: the sport must be inferred",
        },
        Fixture {
            path: "files/ride.gpx",
            bytes: write_gpx(&ride, &strava(GpxType::Strava)).into_bytes(),
            activity: ride,
            what: "Strava GPX of a ride, `<type>1</type>`, cadence in rpm",
        },
        Fixture {
            path: "files/run-compressed-timestamps.fit",
            bytes: write_fit(
                &compressed,
                &FitOptions {
                    compressed_timestamps: true,
                },
            ),
            activity: compressed,
            what: "records with compressed-timestamp headers; one full timestamp after the pause",
        },
        Fixture {
            path: "files/run-truncated.fit",
            bytes: write_fit_truncated(&basic, &fit, 0.5),
            activity: basic,
            what: "run-basic.fit cut in the middle of the record halfway through: no CRC",
        },
    ]
}

/// The small single-file fixtures, paths under `files/`.
pub fn test_files() -> Vec<GeneratedFile> {
    fixtures()
        .into_iter()
        .map(|f| GeneratedFile::new(f.path, f.bytes))
        .collect()
}

/// Everything `make_fixtures` writes: `README.md`, `files/…`,
/// `demo-export/…` and `garmin-export/…`.
pub fn all_files() -> Result<Vec<GeneratedFile>, DemoError> {
    let fixtures = fixtures();
    let mut out = vec![GeneratedFile::new("README.md", readme(&fixtures))];
    out.extend(
        fixtures
            .into_iter()
            .map(|f| GeneratedFile::new(f.path, f.bytes)),
    );
    out.extend(crate::apple_health::files());
    for file in demo_export(DEMO_PLAN)? {
        out.push(GeneratedFile::new(
            format!("demo-export/{}", file.path),
            file.bytes,
        ));
    }
    for file in super::garmin::garmin_export() {
        out.push(GeneratedFile::new(
            format!("garmin-export/{}", file.path),
            file.bytes,
        ));
    }
    Ok(out)
}

fn readme(fixtures: &[Fixture]) -> String {
    let mut out = String::from(
        "# Fixtures\n\n\
         Every file in this folder is generated by\n\n\
         ```\ncargo run --example make_fixtures -- fixtures\n```\n\n\
         from the `patella-synth` crate in `synth/` (the builders in\n\
         `synth/src/fixtures.rs` and the plan in `synth/src/demo_plan.rs`). Do not\n\
         edit them by hand: change the generator and rerun the command. Running it\n\
         twice gives byte-identical files. No file here comes from a real device.\n\n\
         - `files/`: small single files for unit and end-to-end tests (below).\n\
         - `demo-export/`: twelve weeks of one runner's training in mixed formats,\n\
         \x20 laid out like a Strava bulk export with its `activities.csv`;\n\
         \x20 `demo-export/EXPECTED.md` lists what is in it.\n\
         - `garmin-export/`: a Garmin account export (\"Export Your Data\") of four\n\
         \x20 runs: their FITs in\n\
         \x20 `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`, the\n\
         \x20 summarized activities and the gear (two pairs of shoes, one with a\n\
         \x20 600 km retirement distance; one run linked to no shoe) in\n\
         \x20 `DI_CONNECT/DI-Connect-Fitness/` (`patella_synth::garmin`).\n\n\
         - `apple-health-export/`: an Apple Health export as unzipped (three runs,\n\
         \x20 a walk, a ride, one route; `synth/src/apple_health.rs` says what is in\n\
         \x20 it), and `apple-health-damaged/`: its export.xml cut short.\n\n\
         ## files/\n\n\
         | file | sport | start (UTC) | offset | km | samples | what |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for f in fixtures {
        let a = &f.activity;
        let sports: Vec<&str> = a
            .sessions
            .iter()
            .map(|s| match s.sport {
                SynthSport::Running => "running",
                SynthSport::Cycling => "cycling",
            })
            .collect();
        let truncated = f.path.contains("truncated");
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {:+}h | {:.2} | {} | {} |",
            f.path.trim_start_matches("files/"),
            sports.join(" + "),
            a.start_utc.format("%Y-%m-%dT%H:%M:%SZ"),
            a.utc_offset_s / 3600,
            a.distance_m() / 1000.0,
            if truncated {
                "-".to_string()
            } else {
                a.sample_count().to_string()
            },
            f.what,
        );
    }
    out.push_str(
        "\nThe builders are `patella_synth::fixtures::{run_basic, run_with_dynamics,\n\
         multisport_bike_run, treadmill, run_no_type, ride, run_compressed}`: tests can\n\
         regenerate the activity behind a file and compare decoded values with it.\n",
    );
    out
}
