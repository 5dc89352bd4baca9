//! `patella analyze`: the terminal summary, the report folder, report.json
//! and `--fail-on`'s exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use patella::pipeline::{AnalyzeRequest, AthleteRun};
use patella::report::folder::{check_destination, Staging};
use patella::report::output::{write_report, ReportOptions};
use patella::report::{json, summary};
use patella::team::{self, Event};

use super::cli::AnalyzeArgs;

/// Analyzes one athlete or a coach's folder and writes what was asked.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let bar = super::progress_bar(args.quiet);
    let progress = super::progress_of(&bar);
    let tz = args.tz.as_deref().map(patella::parse_zone).transpose()?;
    let json_to_stdout = args.json.as_deref() == Some("-");
    let out = report_folder(args.out, args.no_report || json_to_stdout, &args.paths)?;
    if let Some(file) = args.json.as_deref().filter(|f| *f != "-") {
        check_destination(Path::new(file), &args.paths)?;
    }
    let request = |paths: Vec<PathBuf>| AnalyzeRequest {
        paths,
        tz,
        config: args.config.clone(),
        since: args.since,
        until: args.until,
    };
    let folders = if args.one_athlete {
        None
    } else {
        team::athlete_folders(&args.paths, args.athletes)
    };
    let requests: Vec<AnalyzeRequest> = match folders {
        Some(folders) => {
            if !args.quiet {
                announce_team(&folders);
            }
            folders.into_iter().map(|f| request(vec![f])).collect()
        }
        None => vec![request(args.paths.clone())],
    };
    let team = requests.len() > 1 || args.athletes;
    let mut catalog = super::catalog(args.no_cache);
    let runs = team::analyze_each(
        &requests,
        team,
        progress,
        &mut catalog,
        &mut |event| match event {
            Event::Notice(notice) => {
                progress.finish();
                eprintln!("patella: {notice}");
            }
            Event::Failed { folder, error } => {
                let folder = folder.map(|p| p.display().to_string());
                eprintln!("patella: {}: {error:#}", folder.unwrap_or_default());
            }
        },
    )
    .inspect_err(|_| progress.finish())?;
    let reports: Vec<json::AthleteReport> = runs.iter().map(json::AthleteReport::of).collect();
    if !json_to_stdout {
        progress.finish();
        print_summaries(&reports)?;
    }
    // The summary is out before the report folder is written, so a
    // folder that fails to write costs the folder only.
    let written = out
        .map(|out| {
            progress.stage("charts", None);
            let options = ReportOptions {
                chart_size: args.chart_size,
                team,
            };
            let written = write_report(&out, &args.paths, &runs, &options);
            progress.finish();
            written
        })
        .transpose()?;
    progress.finish();
    let mut stdout = std::io::stdout().lock();
    if let Some(written) = &written {
        writeln!(stdout, "\nReport: {}", written.index().display())?;
    }
    match args.json.as_deref() {
        Some("-") => {
            serde_json::to_writer_pretty(
                &mut stdout,
                &json::ReportDocument::new(reports, Vec::new()),
            )?;
            writeln!(stdout)?;
        }
        Some(file) => {
            let document = json::ReportDocument::new(reports, Vec::new());
            patella::report::write_atomically(
                Path::new(file),
                &serde_json::to_vec_pretty(&document)?,
            )
            .with_context(|| format!("cannot write {file}"))?;
        }
        None => {}
    }
    let worst = runs.iter().filter_map(AthleteRun::worst_tier).max();
    let tripped = match (args.fail_on, worst) {
        (Some(limit), Some(worst)) => worst >= limit.into(),
        _ => false,
    };
    Ok(if tripped {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where the report folder goes, checked before the (long) analysis:
/// never into an input folder. A refused default folder is only skipped;
/// a refused `--out` is an error. `None` when no folder is wanted.
fn report_folder(
    out: Option<PathBuf>,
    no_default: bool,
    inputs: &[PathBuf],
) -> anyhow::Result<Option<PathBuf>> {
    Ok(match (out, no_default) {
        (Some(out), _) => {
            Staging::check(&out, inputs)?;
            Some(out)
        }
        (None, false) => {
            let default = PathBuf::from("patella-report");
            match Staging::check(&default, inputs) {
                Ok(_) => Some(default),
                Err(error) => {
                    eprintln!("patella: no report folder written: {error}");
                    None
                }
            }
        }
        (None, true) => None,
    })
}

/// Says on stderr that the folder was taken for a coach's, and how not to.
fn announce_team(folders: &[PathBuf]) {
    let names: Vec<String> = folders
        .iter()
        .filter_map(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    eprintln!(
        "patella: a coach's folder: {} athletes ({}); --one-athlete (or a patella.toml at its root) makes it one",
        folders.len(),
        names.join(", ")
    );
}

/// Each athlete's terminal summary, a rule between two athletes; coloured
/// when stdout is a terminal.
fn print_summaries(reports: &[json::AthleteReport]) -> anyhow::Result<()> {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut stdout = std::io::stdout().lock();
    for (i, report) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(stdout, "\n{}", "=".repeat(72))?;
        }
        summary::write_analysis(&mut stdout, report, colour)?;
    }
    Ok(())
}
