//! `patella analyze`: the terminal summary, the report folder, report.json
//! and `--fail-on`'s exit code.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use patella::pipeline::{AnalyzeRequest, AthleteRun};
use patella::report::folder::{check_destination, Staging};
use patella::report::output::{Added, ReportOptions, ReportWriter};
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
    let names: Vec<String> = requests.iter().map(AnalyzeRequest::athlete_name).collect();
    let options = ReportOptions {
        chart_size: args.chart_size,
        team,
    };
    let writer = if out.is_some() || args.json.is_some() {
        Some(ReportWriter::begin(
            out.as_deref(),
            &args.paths,
            &names,
            &options,
        )?)
    } else {
        None
    };
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let summary = (!json_to_stdout).then_some(colour);
    let handle = |index: usize, run: AthleteRun| -> Added {
        if !team {
            progress.stage("charts", None);
        }
        match &writer {
            Some(writer) => writer.add(index, &run, summary),
            None => Added {
                summary: summary
                    .map(|colour| summary::analysis_text(&json::AthleteReport::of(&run), colour))
                    .unwrap_or_default(),
                worst: run.worst_tier(),
            },
        }
    };
    let mut worst = None;
    let mut printed = 0;
    let mut not_analyzed = 0;
    team::analyze_each(
        &requests,
        team,
        progress,
        super::catalog(args.no_cache),
        &handle,
        &mut |event| match event {
            Event::Notice(notice) => progress.suspend(&mut || eprintln!("patella: {notice}")),
            Event::Failed {
                index,
                folder,
                error,
            } => {
                not_analyzed += 1;
                let folder = folder.map(|p| p.display().to_string());
                progress.suspend(&mut || {
                    eprintln!(
                        "patella: {}: {error:#}",
                        folder.as_deref().unwrap_or_default()
                    )
                });
                if let Some(writer) = &writer {
                    let name = names.get(index).map_or("athlete", String::as_str);
                    writer.failed(index, name, format!("{error:#}"));
                    writer.settled(index);
                }
            }
            Event::Done { index, handled } => {
                if let Some(writer) = &writer {
                    writer.settled(index);
                }
                worst = worst.max(handled.worst);
                if summary.is_some() {
                    let separator = if printed > 0 {
                        format!("\n{}\n", "=".repeat(72))
                    } else {
                        String::new()
                    };
                    printed += 1;
                    progress.suspend(&mut || {
                        let mut stdout = std::io::stdout().lock();
                        // A closed stdout shows at the end, in the Report line.
                        let _ = stdout.write_all(separator.as_bytes());
                        let _ = stdout.write_all(&handled.summary);
                    });
                }
            }
        },
    )
    .inspect_err(|_| progress.finish())?;
    // The summaries are out before the report folder is put together, so
    // a folder that fails to write costs the folder only.
    let finished = writer.map(ReportWriter::finish).transpose();
    progress.finish();
    let finished = finished?;
    let mut stdout = std::io::stdout().lock();
    if let Some(written) = finished.as_ref().and_then(|f| f.written.as_ref()) {
        writeln!(stdout, "\nReport: {}", written.index().display())?;
    }
    if let Some(finished) = &finished {
        match args.json.as_deref() {
            Some("-") => {
                finished.write_json(&mut stdout)?;
                writeln!(stdout)?;
            }
            Some(file) => {
                patella::report::write_streamed_atomically(Path::new(file), &mut |out| {
                    finished.write_json(out)
                })
                .with_context(|| format!("cannot write {file}"))?;
            }
            None => {}
        }
    }
    let tripped = match (args.fail_on, worst) {
        (Some(limit), Some(worst)) => worst >= limit.into(),
        _ => false,
    };
    Ok(if not_analyzed > 0 {
        ExitCode::from(3)
    } else if tripped {
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
