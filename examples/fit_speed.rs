//! FIT decoding speed, fitparser against patella's fast decoder.
//!
//! ```text
//! cargo run --release --example fit_speed -- FOLDER [REPEATS]
//! cargo run --release --example fit_speed -- --write-runs OUT_DIR [COUNT]
//! ```
//!
//! The first form reads every `.fit` / `.fit.gz` file under FOLDER into
//! memory (gzip undone beforehand, so only decoding is timed), then decodes
//! them all REPEATS times (default 5) with each producer, single-threaded,
//! and prints MB/s of FIT bytes per second of CPU time (so that a busy
//! machine does not skew the figures):
//!
//! - `fitparser`: fitparser alone, every message decoded (what patella's
//!   import did before the fast path);
//! - `fitparser, parse only`: its deserializer without the profile
//!   decoding, the most any fitparser option could leave (the ceiling of
//!   "making fitparser fast enough");
//! - `fitparser -> messages`: the same plus patella's adapter to its typed
//!   messages (the oracle and fallback);
//! - `fast -> messages`: the fast decoder;
//! - `decode (fitparser)` and `decode (fast)`: the whole FIT import, from
//!   bytes to activities, with each producer.
//!
//! The second form writes COUNT (default 50) generated 1 Hz runs of 60 to
//! 120 minutes, for a folder with the size of real long runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use chrono::{Duration as Days, TimeZone, Utc};
use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use patella::import::fit::{decode_with, read_fast, read_fitparser, Producer};
use patella_synth::{generate, write_fit, FitOptions, PausePlan, RunParams, Target};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("fit_speed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["--write-runs", out] => write_runs(Path::new(out), 50),
        ["--write-runs", out, count] => write_runs(Path::new(out), count.parse()?),
        [folder] => measure(Path::new(folder), 5, false),
        [folder, repeats] => measure(Path::new(folder), repeats.parse()?, false),
        [folder, repeats, "--fast-only"] => measure(Path::new(folder), repeats.parse()?, true),
        _ => bail!(
            "usage: fit_speed FOLDER [REPEATS [--fast-only]] | fit_speed --write-runs OUT_DIR [COUNT]"
        ),
    }
}

fn measure(folder: &Path, repeats: usize, fast_only: bool) -> Result<()> {
    let files = fit_files(folder)?;
    if files.is_empty() {
        bail!("no FIT files under {}", folder.display());
    }
    let total: usize = files.iter().map(Vec::len).sum();
    let declined = files.iter().filter(|f| read_fast(f).is_err()).count();
    println!(
        "{} FIT files, {:.1} MB, {repeats} passes, one thread; the fast decoder declines {declined}",
        files.len(),
        total as f64 / 1e6
    );
    let mb = (total * repeats) as f64 / 1e6;
    println!("(MB/s of FIT bytes per CPU second, best of 3 rounds of {repeats} passes)");
    let report = |what: &str, time: Duration, fitparser: Option<Duration>| {
        let speedup = fitparser
            .map(|f| format!("  ({:.0}x fitparser)", f.as_secs_f64() / time.as_secs_f64()))
            .unwrap_or_default();
        println!(
            "{what:<24} {:>9.1} MB/s  {:>8.3} s{speedup}",
            mb / time.as_secs_f64(),
            time.as_secs_f64()
        );
    };
    let fast = time(repeats, &files, |bytes| {
        read_fast(bytes).map_or(0, |m| m.records.len())
    });
    let fast_decode = time(repeats, &files, |bytes| {
        decode_with(bytes, Producer::Fast).map_or(0, |a| a.len())
    });
    if fast_only {
        report("fast -> messages", fast, None);
        report("decode (fast)", fast_decode, None);
        return Ok(());
    }
    let raw = time(repeats, &files, |bytes| raw_fitparser(bytes, true));
    let parse_only = time(repeats, &files, |bytes| raw_fitparser(bytes, false));
    let adapter = time(repeats, &files, |bytes| read_fitparser(bytes).records.len());
    let slow_decode = time(repeats, &files, |bytes| {
        decode_with(bytes, Producer::Fitparser).map_or(0, |a| a.len())
    });
    report("fitparser", raw, None);
    report("fitparser, parse only", parse_only, Some(raw));
    report("fitparser -> messages", adapter, Some(raw));
    report("fast -> messages", fast, Some(raw));
    report("decode (fitparser)", slow_decode, Some(raw));
    report("decode (fast)", fast_decode, Some(raw));
    Ok(())
}

/// Runs `work` over every file `repeats` times and gives the time this
/// thread spent on a CPU (the wall clock where Linux does not tell), so
/// that other processes on the machine do not count; the sum of the
/// results is kept alive so that nothing is optimized away.
///
/// The best of three such rounds is kept: on a shared machine the others
/// only ever make a round slower.
fn time(repeats: usize, files: &[Vec<u8>], work: impl Fn(&[u8]) -> usize) -> Duration {
    let round = || {
        let start = Instant::now();
        let cpu_start = thread_cpu_time();
        let mut sink = 0usize;
        for _ in 0..repeats {
            for file in files {
                sink = sink.wrapping_add(work(file));
            }
        }
        std::hint::black_box(sink);
        match (cpu_start, thread_cpu_time()) {
            (Some(from), Some(to)) if to > from => to - from,
            _ => start.elapsed(),
        }
    };
    (0..3).map(|_| round()).min().unwrap_or_default()
}

/// This thread's CPU time so far, from `/proc/thread-self/schedstat`.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// fitparser's stream processor over the whole file, every message decoded
/// (as patella's import did before the fast path) or only parsed.
fn raw_fitparser(bytes: &[u8], decode: bool) -> usize {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    let mut rest = bytes;
    let mut decoded = 0;
    while !rest.is_empty() {
        let Ok((remaining, object)) = processor.deserialize_next(rest) else {
            break;
        };
        rest = remaining;
        match object {
            FitObject::DataMessage(message) => {
                if decode && processor.decode_message(message).is_err() {
                    break;
                }
                decoded += 1;
            }
            FitObject::Crc(_) => processor.reset(),
            _ => {}
        }
    }
    decoded
}

fn fit_files(folder: &Path) -> Result<Vec<Vec<u8>>> {
    let mut paths = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path.to_string_lossy().to_lowercase();
        let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
        if name.ends_with(".fit") {
            files.push(bytes);
        } else if name.ends_with(".fit.gz") {
            use std::io::Read as _;
            let mut out = Vec::new();
            if flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .is_ok()
            {
                files.push(out);
            }
        }
    }
    Ok(files)
}

/// Writes `count` generated 1 Hz runs of 60 to 120 minutes.
fn write_runs(out: &Path, count: u32) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
    let first = Utc
        .with_ymd_and_hms(2025, 1, 6, 13, 0, 0)
        .single()
        .context("start date")?;
    let mut total = 0;
    for i in 0..count {
        let minutes = 60 + (i * 37) % 61;
        let params = RunParams {
            start_utc: first + Days::days(i64::from(i) * 2),
            target: Target::DurationS(minutes * 60),
            pace_s_per_km: 300.0 + f64::from(i % 7) * 10.0,
            dynamics: i % 3 == 0,
            power: i % 4 == 0,
            pauses: vec![PausePlan {
                after_timer_s: 1800,
                duration_s: 40,
            }],
            seed: 1000 + u64::from(i),
            ..RunParams::default()
        };
        let bytes = write_fit(&generate(&params), &FitOptions::default());
        total += bytes.len();
        let path: PathBuf = out.join(format!("run-{i:03}.fit"));
        std::fs::write(&path, bytes).with_context(|| path.display().to_string())?;
    }
    println!(
        "wrote {count} runs, {:.1} MB, to {}",
        total as f64 / 1e6,
        out.display()
    );
    Ok(())
}
