//! Writes a coach's folder of three athletes to try coach mode:
//! `cargo run --release --example make_team -- OUT` then
//! `patella analyze OUT --out OUT-report`.
//!
//! The athletes: the demo runner (the demo export's files, generated
//! afresh), a healthy runner and a runner building too fast (both from
//! `patella_synth::athlete`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use patella_synth::athlete::AthletePlan;
use patella_synth::demo::demo_export;
use patella_synth::{write_files, DEMO_PLAN};

fn run() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        bail!("usage: make_team OUT_DIR");
    };
    let out = PathBuf::from(out);
    if out.exists() {
        bail!("{} exists; choose a new folder", out.display());
    }
    let demo = demo_export(DEMO_PLAN).context("cannot build the demo export")?;
    write_files(&out.join("demo-runner"), &demo)?;
    write_files(&out.join("healthy-runner"), &AthletePlan::healthy().files())?;
    write_files(
        &out.join("fast-builder"),
        &AthletePlan::overreaching().files(),
    )?;
    println!("wrote three athletes to {}", out.display());
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
