//! Writes the 16-week pattern log (`patella_synth::athlete_patterns`):
//! `cargo run --example make_pattern_log -- DIR` then
//! `patella analyze DIR`.
//!
//! DIR gets `activities/YYYY-MM-DD.fit` (81 runs) and the plan's
//! `patella.toml`. DIR must be new, empty, or a pattern log written
//! before (its `patella.toml` starts with the generated header), whose
//! `activities/` folder is then replaced.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use patella_synth::athlete_patterns::PatternLog;
use patella_synth::write_files;

/// The first line of the generated `patella.toml`.
fn header(log: &PatternLog) -> String {
    log.config().lines().next().unwrap_or_default().to_string()
}

/// True when `dir` is a pattern log written before by this example.
fn is_previous_output(dir: &Path, header: &str) -> bool {
    std::fs::read_to_string(dir.join("patella.toml"))
        .is_ok_and(|text| text.lines().next() == Some(header))
}

fn prepare(out: &Path, header: &str) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let mut entries =
        std::fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
    if entries.next().is_none() {
        return Ok(());
    }
    if !is_previous_output(out, header) {
        bail!(
            "{} exists and is not an earlier pattern log; choose a new or empty folder",
            out.display()
        );
    }
    let activities = out.join("activities");
    if activities.exists() {
        std::fs::remove_dir_all(&activities)
            .with_context(|| format!("cannot remove {}", activities.display()))?;
    }
    Ok(())
}

fn run() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        bail!("usage: make_pattern_log DIR");
    };
    let out = PathBuf::from(out);
    let log = PatternLog::standard();
    prepare(&out, &header(&log))?;
    let files = log.files();
    write_files(&out, &files)?;
    println!(
        "wrote {} runs and patella.toml to {}",
        files.len() - 1,
        out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("make_pattern_log: {error:#}");
            ExitCode::FAILURE
        }
    }
}
