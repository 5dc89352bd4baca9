//! Writes patella's committed fixtures: `cargo run --example make_fixtures -- OUT_DIR`.
//!
//! Everything comes from `patella_synth`; this program only writes the
//! files. It never deletes anything: files in OUT_DIR that it did not write
//! are listed as stale, so a plan change cannot silently leave old files
//! behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use patella_synth::fixtures::all_files;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("make_fixtures: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(out_dir), None) = (args.next(), args.next()) else {
        bail!("usage: make_fixtures OUT_DIR");
    };
    let out_dir = PathBuf::from(out_dir);
    let files = all_files().context("cannot build the demo export")?;
    let mut written = BTreeSet::new();
    let mut bytes = 0usize;
    for file in &files {
        let path = out_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        bytes += file.bytes.len();
        written.insert(path);
    }
    println!(
        "wrote {} files ({:.1} MB) to {}",
        files.len(),
        bytes as f64 / 1e6,
        out_dir.display()
    );
    for stale in stale_files(&out_dir, &written) {
        println!("stale (not written by this run): {}", stale.display());
    }
    Ok(())
}

/// Files under the generated folders that this run did not write.
fn stale_files(out_dir: &Path, written: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    for folder in [
        "files",
        "demo-export",
        "garmin-export",
        "apple-health-export",
        "apple-health-damaged",
    ] {
        for entry in walkdir::WalkDir::new(out_dir.join(folder))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() && !written.contains(entry.path()) {
                stale.push(entry.into_path());
            }
        }
    }
    stale
}
