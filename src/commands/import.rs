//! `patella import`: the runs found, as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use patella::pipeline::{import_from, ImportRequest};
use patella::report::{json, terminal};

use super::cli::ImportArgs;

/// Reads the paths as `analyze` does (same cache, same config zone) and
/// lists what was read.
pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let tz = args.tz.as_deref().map(patella::parse_zone).transpose()?;
    let bar = super::progress_bar(args.quiet);
    let progress = super::progress_of(&bar);
    let mut catalog = super::catalog(args.no_cache);
    let request = ImportRequest {
        paths: args.paths,
        tz,
        config: args.config,
    };
    let imported = import_from(&request, progress, &mut catalog);
    for notice in catalog.take_notices() {
        progress.finish();
        eprintln!("patella: {notice}");
    }
    progress.finish();
    let imported = imported?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let document = json::ImportDocument::new(&imported.log, &imported.skipped);
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
    } else {
        terminal::write_import(&mut out, &imported.log, &imported.skipped)?;
    }
    Ok(ExitCode::SUCCESS)
}
