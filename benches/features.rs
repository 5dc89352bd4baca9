//! What each per-run feature costs (issue 16): `cargo bench --bench
//! features`. Throughput is in samples (one element per sample of the
//! runs' streams), so the figures read as samples per second.
//!
//! One group per set of runs, one benchmark per feature, each measured on
//! its own over every run of the set:
//!
//! - `elevation_profile`: the smoothed profile on its distance grid
//!   (`analyze::elevation::profile_of`), which the downhill bands and the
//!   per-sample grade come from;
//! - `downhill_bands`, `cadence`, `balance`: what each reads once the
//!   profile is built (the profile is built outside the timing);
//! - `heart_rate_time`, `speed_time`: the time at each heart rate and
//!   speed, with their percentiles;
//! - `run_summary`: the log's per-run totals (`log::RunSummary::of`), the
//!   other pass over every sample of a cold analysis;
//! - `all_features`: `RunFeatures::of`, what a cold analysis runs per run
//!   (profile included, summary not).
//!
//! The sets: `generated`, the first runs of the benchmark archive's plan
//! (seed 1) written as FIT and decoded by patella, so their streams are
//! the ones the pipeline sees; `corpus`, every run decoded from
//! `../shared/corpus` (MANIFEST.tsv), when that folder exists.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use patella::analyze::distribution::{HeartRateTime, SpeedTime};
use patella::analyze::elevation::{profile_of, ElevationProfile};
use patella::analyze::features::RunFeatures;
use patella::analyze::{cadence, downhill, dynamics};
use patella::import::decode_file;
use patella::log::RunSummary;
use patella::model::{Activity, Sport};
use patella_synth::archive::{plan, ArchiveFormat, ArchiveOptions};

/// Enough runs (about 70,000 samples) for an iteration of a few
/// milliseconds at the slowest feature.
const GENERATED_RUNS: usize = 20;

/// The runs of one file, opened as the importer opens it (gzip and zip
/// unpacked): `display` only names it.
fn runs_of(display: &str, bytes: Vec<u8>) -> Vec<Activity> {
    decode_file(display, bytes, &|_| true)
        .activities
        .into_iter()
        .filter(|a| a.sport == Sport::Running)
        .collect()
}

fn generated() -> Vec<Activity> {
    let options = ArchiveOptions {
        runs: GENERATED_RUNS,
        years: 1,
        seed: 1,
    };
    plan(&options)
        .iter()
        .flat_map(|run| {
            runs_of(
                "generated.fit",
                run.encode(&run.activity(), ArchiveFormat::Fit),
            )
        })
        .collect()
}

fn corpus() -> Vec<Activity> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        eprintln!("features: no ../shared/corpus, corpus set skipped");
        return Vec::new();
    };
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let Some(path_col) = header.iter().position(|h| *h == "path") else {
        return Vec::new();
    };
    lines
        .filter_map(|line| line.split('\t').nth(path_col))
        .filter_map(|path| Some((path, std::fs::read(dir.join(path)).ok()?)))
        .flat_map(|(path, bytes)| runs_of(path, bytes))
        .collect()
}

/// One run with what the features after the profile read.
struct Prepared {
    activity: Activity,
    profile: Option<ElevationProfile>,
}

fn features(c: &mut Criterion) {
    for (set, runs) in [("generated", generated()), ("corpus", corpus())] {
        if runs.is_empty() {
            continue;
        }
        let samples: usize = runs.iter().map(|a| a.streams.len()).sum();
        let runs: Vec<Prepared> = runs
            .into_iter()
            .map(|activity| Prepared {
                profile: profile_of(&activity),
                activity,
            })
            .collect();
        // The profile's cost follows its grid (a point every 5 m), not the
        // samples: both are printed. The group's name stays the set's, so
        // that criterion's saved baselines still match when the corpus
        // grows.
        let grid: usize = runs
            .iter()
            .filter_map(|r| r.profile.as_ref())
            .map(|p| p.distance_m.len())
            .sum();
        eprintln!(
            "features: {set}: {} runs, {samples} samples, {grid} grid points",
            runs.len()
        );
        let mut group = c.benchmark_group(set);
        group
            .sample_size(20)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Elements(samples as u64));
        group.bench_function("elevation_profile", |b| {
            b.iter(|| count(&runs, |r| profile_of(black_box(&r.activity)).is_some()))
        });
        group.bench_function("downhill_bands", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    downhill::measure_run(black_box(&r.activity), r.profile.as_ref()).has_profile
                })
            })
        });
        group.bench_function("cadence", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    cadence::measure_run(black_box(&r.activity), grade(r)).is_some()
                })
            })
        });
        group.bench_function("balance", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    dynamics::measure_run(black_box(&r.activity), grade(r)).is_some()
                })
            })
        });
        group.bench_function("heart_rate_time", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    HeartRateTime::of(black_box(&r.activity.streams)).is_some()
                })
            })
        });
        group.bench_function("speed_time", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    SpeedTime::of(black_box(&r.activity.streams)).is_some()
                })
            })
        });
        group.bench_function("run_summary", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    RunSummary::of(black_box(&r.activity)).distance_m.is_some()
                })
            })
        });
        group.bench_function("all_features", |b| {
            b.iter(|| {
                count(&runs, |r| {
                    RunFeatures::of(black_box(&r.activity)).cadence.is_some()
                })
            })
        });
        group.finish();
    }
}

fn grade(run: &Prepared) -> Option<&[Option<f64>]> {
    run.profile.as_ref().map(|p| p.sample_grade.as_slice())
}

/// The runs for which `measure` found something, so nothing is optimized
/// away and a set where a feature never applies shows in the output.
fn count(runs: &[Prepared], measure: impl Fn(&Prepared) -> bool) -> usize {
    runs.iter().filter(|r| measure(r)).count()
}

criterion_group!(benches, features);
criterion_main!(benches);
