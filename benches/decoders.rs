//! Decoder throughput (bytes of uncompressed file per second), one group
//! per format: `cargo bench --bench decoders`.
//!
//! Each group decodes a whole set per iteration through patella's public
//! entry `patella::import::decode` (sniffing included) and, for FIT,
//! through `fitparser::from_bytes` as the baseline. The sets:
//!
//! - `generated`: the first runs of the benchmark archive's plan
//!   (`patella_synth::archive`, seed 1), each written in all three
//!   formats in memory, so every format decodes the same runs;
//! - `corpus`: the files of `../shared/corpus` listed in its MANIFEST.tsv
//!   (gzipped FIT unpacked first), when that folder exists.
//!
//! A filter picks benchmarks as usual: `cargo bench --bench decoders -- fit/`.

use std::hint::black_box;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use patella::import::{decode, sniff};
use patella_synth::archive::{plan, ArchiveFormat, ArchiveOptions};

/// Runs of the generated set: FIT files are small, XML ones about ten
/// times larger, so fewer of those keep an iteration near a second.
const GENERATED_FIT_RUNS: usize = 20;
const GENERATED_XML_RUNS: usize = 8;

fn generated() -> Vec<(ArchiveFormat, &'static str, Vec<Vec<u8>>)> {
    let options = ArchiveOptions {
        runs: GENERATED_FIT_RUNS,
        years: 1,
        seed: 1,
    };
    let runs = plan(&options);
    let mut fit = Vec::new();
    let mut gpx = Vec::new();
    let mut tcx = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let activity = run.activity();
        fit.push(run.encode(&activity, ArchiveFormat::Fit));
        if i < GENERATED_XML_RUNS {
            gpx.push(run.encode(&activity, ArchiveFormat::Gpx));
            tcx.push(run.encode(&activity, ArchiveFormat::Tcx));
        }
    }
    vec![
        (ArchiveFormat::Fit, "generated", fit),
        (ArchiveFormat::Gpx, "generated", gpx),
        (ArchiveFormat::Tcx, "generated", tcx),
    ]
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("MANIFEST.tsv").exists().then_some(dir)
}

/// The corpus files by format, from MANIFEST.tsv's `path` and `format`
/// columns.
fn corpus() -> Vec<(ArchiveFormat, &'static str, Vec<Vec<u8>>)> {
    let Some(dir) = corpus_dir() else {
        eprintln!("decoders: no ../shared/corpus, corpus sets skipped");
        return Vec::new();
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_default();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(path_col), Some(format_col)) = (column("path"), column("format")) else {
        eprintln!("decoders: MANIFEST.tsv has no path/format columns, corpus sets skipped");
        return Vec::new();
    };
    let mut by_format: Vec<(ArchiveFormat, &'static str, Vec<Vec<u8>>)> =
        [ArchiveFormat::Fit, ArchiveFormat::Gpx, ArchiveFormat::Tcx]
            .into_iter()
            .map(|f| (f, "corpus", Vec::new()))
            .collect();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(path), Some(format)) = (fields.get(path_col), fields.get(format_col)) else {
            continue;
        };
        let format = match *format {
            "fit" | "fit.gz" => ArchiveFormat::Fit,
            "gpx" | "gpx.gz" => ArchiveFormat::Gpx,
            "tcx" | "tcx.gz" => ArchiveFormat::Tcx,
            _ => continue,
        };
        let Ok(bytes) = std::fs::read(dir.join(path)) else {
            continue;
        };
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            if flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .is_err()
            {
                continue;
            }
            out
        } else {
            bytes
        };
        if let Some(set) = by_format.iter_mut().find(|(f, _, _)| *f == format) {
            set.2.push(bytes);
        }
    }
    by_format.retain(|(_, _, files)| !files.is_empty());
    by_format
}

fn decode_all(files: &[Vec<u8>]) -> usize {
    files
        .iter()
        .map(|bytes| match decode(sniff(bytes), black_box(bytes)) {
            Ok(activities) => activities.len(),
            Err(_) => 0,
        })
        .sum()
}

fn fitparser_all(files: &[Vec<u8>]) -> usize {
    files
        .iter()
        .map(|bytes| fitparser::from_bytes(black_box(bytes)).map_or(0, |m| m.len()))
        .sum()
}

fn decoders(c: &mut Criterion) {
    // (format, set name, files)
    let mut sets = generated();
    sets.extend(corpus());
    for format in [ArchiveFormat::Fit, ArchiveFormat::Gpx, ArchiveFormat::Tcx] {
        let mut group = c.benchmark_group(format.extension());
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        for (_, set, files) in sets.iter().filter(|(f, _, _)| *f == format) {
            let bytes: usize = files.iter().map(Vec::len).sum();
            group.throughput(Throughput::Bytes(bytes as u64));
            let label = format!(
                "{set} ({} files, {:.1} MB)",
                files.len(),
                bytes as f64 / 1e6
            );
            group.bench_with_input(BenchmarkId::new("patella", &label), files, |b, files| {
                b.iter(|| decode_all(files))
            });
            if format == ArchiveFormat::Fit {
                group.bench_with_input(BenchmarkId::new("fitparser", &label), files, |b, files| {
                    b.iter(|| fitparser_all(files))
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, decoders);
criterion_main!(benches);
