//! The fitparser baseline of `benches/e2e.sh`: decodes every `.fit` and
//! `.fit.gz` file under a folder with `fitparser::from_bytes`, one file
//! after another on one thread, and prints files, bytes, seconds and MB/s.
//!
//! ```sh
//! cargo run --release --example fitparser-baseline -- target/bench-archive-3000
//! ```
//!
//! It lives under `benches/baseline/` rather than directly in `benches/`
//! so that Cargo does not also take it for a benchmark target.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(root), None) = (args.next(), args.next()) else {
        eprintln!("usage: fitparser-baseline FOLDER");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&root)
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
    let (mut files, mut failed, mut records) = (0usize, 0usize, 0usize);
    let (mut file_bytes, mut fit_bytes) = (0u64, 0u64);
    let mut decoding = Duration::ZERO;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{}: {error}", path.display());
                failed += 1;
                continue;
            }
        };
        file_bytes += bytes.len() as u64;
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::with_capacity(bytes.len() * 4);
            match flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut out) {
                Ok(_) => out,
                Err(error) => {
                    eprintln!("{}: {error}", path.display());
                    failed += 1;
                    continue;
                }
            }
        } else {
            bytes
        };
        fit_bytes += bytes.len() as u64;
        let start = Instant::now();
        let decoded = fitparser::from_bytes(&bytes);
        decoding += start.elapsed();
        match decoded {
            Ok(messages) => {
                files += 1;
                records += messages.len();
            }
            Err(error) => {
                eprintln!("{}: {error}", path.display());
                failed += 1;
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let decode_s = decoding.as_secs_f64();
    println!("fitparser: {files} files decoded ({failed} failed), {records} messages");
    println!(
        "bytes: {:.1} MB on disk, {:.1} MB of FIT after gunzip",
        file_bytes as f64 / 1e6,
        fit_bytes as f64 / 1e6
    );
    println!(
        "seconds: {wall:.2} wall, {decode_s:.2} in fitparser::from_bytes; {:.1} MB/s of FIT decoded",
        fit_bytes as f64 / 1e6 / decode_s.max(1e-9)
    );
    if failed > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
