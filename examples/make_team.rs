//! Writes a coach's folder of athletes to try coach mode or to benchmark
//! it:
//!
//! ```sh
//! cargo run --release --example make_team -- OUT
//! cargo run --release --example make_team -- --athletes 100 --runs 300 OUT
//! ```
//!
//! Without `--athletes`: three athletes to look at, the demo runner (the
//! demo export's files, generated afresh), a healthy runner and a runner
//! building too fast (both from `patella_synth::athlete`).
//!
//! With `--athletes N --runs M`: N generated archives of M runs each
//! (`patella_synth::archive`, as `gen-archive` writes), in folders
//! `athlete-001`... named "Athlete 001"..., athlete i drawn from seed
//! `SEED * 1000 + i`, so the same arguments write the same bytes. Each
//! covers the years M runs take at about four a week (one to ten), and
//! `gen-archive --add 10 OUT/athlete-001` syncs ten new runs to one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use patella_synth::archive::{write_named_archive, ArchiveOptions};
use patella_synth::athlete::AthletePlan;
use patella_synth::demo::demo_export;
use patella_synth::{write_files, DEMO_PLAN};

/// Write a coach's folder: one sub-folder per athlete.
#[derive(Debug, Parser)]
#[command(name = "make_team")]
struct Args {
    /// Generated athletes (archives) instead of the three to look at.
    #[arg(long, value_name = "N", requires = "runs")]
    athletes: Option<usize>,
    /// Runs per generated athlete.
    #[arg(long, value_name = "M", requires = "athletes")]
    runs: Option<usize>,
    /// Seed of the generated athletes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder; must not exist.
    #[arg(value_name = "OUT")]
    out: PathBuf,
}

/// Runs a year at about four a week.
const RUNS_PER_YEAR: usize = 200;

fn run() -> Result<()> {
    let args = Args::parse();
    let out = &args.out;
    if out.exists() {
        bail!("{} exists; choose a new folder", out.display());
    }
    match (args.athletes, args.runs) {
        (Some(athletes), Some(runs)) => {
            let years = runs.div_ceil(RUNS_PER_YEAR).clamp(1, 10) as u32;
            let mut bytes = 0;
            for i in 1..=athletes {
                let options = ArchiveOptions {
                    runs,
                    years,
                    seed: args.seed * 1000 + i as u64,
                };
                let folder = out.join(format!("athlete-{i:03}"));
                let written =
                    write_named_archive(&folder, &options, &format!("Athlete {i:03}"), &|_, _| {})
                        .with_context(|| format!("cannot write {}", folder.display()))?;
                bytes += written.bytes;
                eprint!("\rmake_team: {i}/{athletes} athletes");
            }
            eprintln!();
            println!(
                "wrote {athletes} athletes of {runs} runs ({:.0} MB) to {}",
                bytes as f64 / 1e6,
                out.display()
            );
        }
        _ => {
            let demo = demo_export(DEMO_PLAN).context("cannot build the demo export")?;
            write_files(&out.join("demo-runner"), &demo)?;
            write_files(&out.join("healthy-runner"), &AthletePlan::healthy().files())?;
            write_files(
                &out.join("fast-builder"),
                &AthletePlan::overreaching().files(),
            )?;
            println!("wrote three athletes to {}", out.display());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("make_team: {error:#}");
            ExitCode::FAILURE
        }
    }
}
