//! Writes a large generated run archive for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen-archive -- --runs 3000 OUT
//! cargo run --release --example gen-archive -- --add 10 OUT
//! ```
//!
//! Everything comes from `patella_synth::archive` (see its module docs
//! for what the archive holds); this program parses the arguments, writes
//! the files and prints progress. The same arguments write the same bytes.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use patella_synth::archive::{add_runs, write_archive, ArchiveOptions, ADDED_DIR};

/// Generate a deterministic archive of one runner's years of training.
#[derive(Debug, Parser)]
#[command(name = "gen-archive")]
struct Args {
    /// Number of runs.
    #[arg(long, default_value_t = 3000)]
    runs: usize,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Years covered, ending on 1 March 2026.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Add this many new runs after the last one to the existing archive
    /// OUT (into OUT/activities/added/); --runs, --seed and --years then come from
    /// the archive's manifest.
    #[arg(long, value_name = "N")]
    add: Option<usize>,
    /// Output folder; must not exist or be empty, unless --add.
    #[arg(value_name = "OUT")]
    out: PathBuf,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen-archive: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    // Progress every 5% on a terminal (one line rewritten), every 10%
    // otherwise (one line each).
    let terminal = std::io::stderr().is_terminal();
    let steps = if terminal { 20 } else { 10 };
    let last_step = Mutex::new(0usize);
    let progress = |done: usize, total: usize| {
        let step = done * steps / total.max(1);
        let mut last = last_step.lock().unwrap_or_else(|e| e.into_inner());
        if step > *last || done == total {
            *last = step;
            if terminal {
                eprint!("\rgen-archive: {done}/{total} runs");
                if done == total {
                    eprintln!();
                }
                let _ = std::io::stderr().flush();
            } else {
                eprintln!("gen-archive: {done}/{total} runs");
            }
        }
    };
    let out = &args.out;
    let (summary, what) = match args.add {
        Some(count) => {
            let (summary, options) = add_runs(out, count, &progress)
                .with_context(|| format!("cannot add runs to {}", out.display()))?;
            (
                summary,
                format!(
                    "added {count} runs to {}/{ADDED_DIR} (archive of {} runs, seed {})",
                    out.display(),
                    options.runs,
                    options.seed
                ),
            )
        }
        None => {
            let options = ArchiveOptions {
                runs: args.runs,
                years: args.years,
                seed: args.seed,
            };
            let summary = write_archive(out, &options, &progress)
                .with_context(|| format!("cannot write the archive into {}", out.display()))?;
            (
                summary,
                format!(
                    "wrote {} runs over {} weeks from {} (seed {}) to {}",
                    options.runs,
                    options.weeks(),
                    options.first_monday(),
                    options.seed,
                    out.display()
                ),
            )
        }
    };
    println!(
        "{what}: {} files, {:.1} MB in {:.1} s",
        summary.files,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
