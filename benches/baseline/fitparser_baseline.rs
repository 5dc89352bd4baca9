//! The fitparser baseline of `benches/e2e.sh`: decodes every `.fit` and
//! `.fit.gz` file under a folder with `fitparser::from_bytes`, files spread
//! over `--threads N` threads (rayon; default: every core, as `patella
//! analyze` uses them), and prints files, bytes, seconds and MB/s.
//!
//! ```sh
//! cargo run --release --example fitparser-baseline -- target/bench-archive-3000
//! cargo run --release --example fitparser-baseline -- target/bench-archive-3000 --threads 1
//! ```
//!
//! A ratio against patella holds only on the same cores: with `--threads
//! 1` this is the one-thread figure, to be labelled as such.
//!
//! It lives under `benches/baseline/` rather than directly in `benches/`
//! so that Cargo does not also take it for a benchmark target.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// What one file gave.
#[derive(Default)]
struct Tally {
    files: usize,
    failed: usize,
    messages: usize,
    file_bytes: u64,
    fit_bytes: u64,
    /// Time inside `fitparser::from_bytes`, summed over threads.
    decoding: Duration,
}

impl Tally {
    fn add(mut self, other: Tally) -> Tally {
        self.files += other.files;
        self.failed += other.failed;
        self.messages += other.messages;
        self.file_bytes += other.file_bytes;
        self.fit_bytes += other.fit_bytes;
        self.decoding += other.decoding;
        self
    }
}

fn decode(path: &Path) -> Tally {
    let mut tally = Tally::default();
    let failed = |error: &dyn std::fmt::Display, mut tally: Tally| {
        eprintln!("{}: {error}", path.display());
        tally.failed += 1;
        tally
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return failed(&error, tally),
    };
    tally.file_bytes = bytes.len() as u64;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 4);
        match flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut out) {
            Ok(_) => out,
            Err(error) => return failed(&error, tally),
        }
    } else {
        bytes
    };
    tally.fit_bytes = bytes.len() as u64;
    let start = Instant::now();
    let decoded = fitparser::from_bytes(&bytes);
    tally.decoding = start.elapsed();
    match decoded {
        Ok(messages) => {
            tally.files = 1;
            tally.messages = messages.len();
            tally
        }
        Err(error) => failed(&error, tally),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (root, threads) = match args.as_slice() {
        [root] => (root, None),
        [root, flag, n] | [flag, n, root] if flag == "--threads" => match n.parse::<usize>() {
            Ok(n) if n > 0 => (root, Some(n)),
            _ => {
                eprintln!("--threads takes a number of threads, 1 or more");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("usage: fitparser-baseline FOLDER [--threads N]");
            return ExitCode::FAILURE;
        }
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        pool = pool.num_threads(threads);
    }
    let pool = match pool.build() {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("cannot start the threads: {error}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            let name = p.to_string_lossy().to_ascii_lowercase();
            name.ends_with(".fit") || name.ends_with(".fit.gz")
        })
        .collect();
    paths.sort();
    let tally = pool.install(|| {
        paths
            .par_iter()
            .map(|path| decode(path))
            .reduce(Tally::default, Tally::add)
    });
    let wall = started.elapsed().as_secs_f64();
    let fit_mb = tally.fit_bytes as f64 / 1e6;
    println!(
        "fitparser on {} thread(s): {} files decoded ({} failed), {} messages",
        pool.current_num_threads(),
        tally.files,
        tally.failed,
        tally.messages
    );
    println!(
        "bytes: {:.1} MB on disk, {fit_mb:.1} MB of FIT after gunzip",
        tally.file_bytes as f64 / 1e6,
    );
    println!(
        "seconds: {wall:.2} wall ({:.1} MB/s of FIT), {:.2} in fitparser::from_bytes summed over threads ({:.1} MB/s a thread)",
        fit_mb / wall.max(1e-9),
        tally.decoding.as_secs_f64(),
        fit_mb / tally.decoding.as_secs_f64().max(1e-9)
    );
    if tally.failed > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
