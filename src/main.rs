use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use patella::catalog::Catalog;
use patella::cli::{CacheAction, Cli, Command, FailOn};
use patella::import::import_paths_with;
use patella::log::{self, LogOptions};
use std::path::PathBuf;

use anyhow::Context;
use patella::report::folder::{check_destination, Staging};
use patella::report::output::{write_report, ReportOptions};
use patella::report::{json, summary, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // `patella import ... | head` closing the pipe early is not a failure.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("patella: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Import {
            paths,
            json,
            tz,
            quiet,
        } => {
            let cli_zone = tz.as_deref().map(patella::parse_zone).transpose()?;
            let bar = patella::progress::Bar::on_terminal(!quiet);
            let imported = match &bar {
                Some(bar) => import_paths_with(&paths, bar),
                None => import_paths_with(&paths, &patella::progress::Silent),
            };
            if let Some(bar) = &bar {
                patella::progress::Progress::finish(bar);
            }
            let imported = imported?;
            let log = log::build(
                imported.activities,
                &LogOptions {
                    cli_zone,
                    config_zone: None,
                },
            );
            let mut out = std::io::stdout().lock();
            if json {
                let document = json::ImportDocument::new(&log, &imported.skipped);
                serde_json::to_writer_pretty(&mut out, &document)?;
                writeln!(out)?;
            } else {
                terminal::write_import(&mut out, &log, &imported.skipped)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Cache { action } => {
            let dir = patella::cache::Cache::default_dir().context(
                "no cache folder: set PATELLA_CACHE_DIR (or HOME, XDG_CACHE_HOME, LOCALAPPDATA)",
            )?;
            match action {
                CacheAction::Path => println!("{}", dir.display()),
                CacheAction::Clear => {
                    let freed = patella::cache::clear(&dir)
                        .with_context(|| format!("cannot clear the cache in {}", dir.display()))?;
                    println!(
                        "cleared {} ({:.1} MB freed)",
                        dir.display(),
                        freed as f64 / 1_000_000.0
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            if !dir.is_dir() {
                anyhow::bail!("{}: no such folder", dir.display());
            }
            let written = patella::config::init::write_init(&dir)?;
            println!("wrote {}", written.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze {
            paths,
            json,
            since,
            until,
            tz,
            config,
            fail_on,
            out,
            no_report,
            chart_size,
            athletes,
            one_athlete,
            quiet,
            no_cache,
        } => {
            let bar = patella::progress::Bar::on_terminal(!quiet);
            let progress: &dyn patella::progress::Progress = match &bar {
                Some(bar) => bar,
                None => &patella::progress::Silent,
            };
            let tz = tz.as_deref().map(patella::parse_zone).transpose()?;
            let json_to_stdout = json.as_deref() == Some("-");
            // Where the outputs go is checked before the (long) analysis:
            // never into an input folder. A refused default folder is only
            // skipped; a refused --out or --json FILE is an error.
            let out = match (out, no_report || json_to_stdout) {
                (Some(out), _) => {
                    Staging::check(&out, &paths)?;
                    Some(out)
                }
                (None, false) => {
                    let default = PathBuf::from("patella-report");
                    match Staging::check(&default, &paths) {
                        Ok(_) => Some(default),
                        Err(error) => {
                            eprintln!("patella: no report folder written: {error}");
                            None
                        }
                    }
                }
                (None, true) => None,
            };
            if let Some(file) = json.as_deref().filter(|f| *f != "-") {
                check_destination(std::path::Path::new(file), &paths)?;
            }
            let request = |paths: Vec<PathBuf>| patella::pipeline::AnalyzeRequest {
                paths,
                tz,
                config: config.clone(),
                since,
                until,
            };
            let folders = if one_athlete {
                None
            } else {
                patella::team::athlete_folders(&paths, athletes)
            };
            let requests = match folders {
                Some(folders) => {
                    if !quiet {
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
                    folders.into_iter().map(|f| request(vec![f])).collect()
                }
                None => vec![request(paths.clone())],
            };
            let team = requests.len() > 1 || athletes;
            // In a team, one athlete's bad folder or config costs that
            // athlete only.
            let mut catalog = if no_cache {
                Catalog::uncached()
            } else {
                Catalog::open(None)
            };
            let mut runs = Vec::new();
            let mut first_error = None;
            for request in &requests {
                let analyzed = patella::pipeline::analyze_from(request, progress, &mut catalog);
                for notice in catalog.take_notices() {
                    progress.finish();
                    eprintln!("patella: {notice}");
                }
                match analyzed {
                    Ok(run) => runs.push(run),
                    Err(error) if team => {
                        let folder = request.paths.first().map(|p| p.display().to_string());
                        eprintln!("patella: {}: {error:#}", folder.unwrap_or_default());
                        first_error.get_or_insert(error);
                    }
                    Err(error) => {
                        progress.finish();
                        return Err(error);
                    }
                }
            }
            if runs.is_empty() {
                progress.finish();
                if let Some(error) = first_error {
                    return Err(error);
                }
            }
            let reports: Vec<json::AthleteReport> =
                runs.iter().map(json::AthleteReport::of).collect();
            let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
            if !json_to_stdout {
                progress.finish();
                let mut stdout = std::io::stdout().lock();
                for (i, report) in reports.iter().enumerate() {
                    if i > 0 {
                        writeln!(stdout, "\n{}", "=".repeat(72))?;
                    }
                    summary::write_analysis(&mut stdout, report, colour)?;
                }
            }
            // The summary is out before the report folder is written, so a
            // folder that fails to write costs the folder only.
            let written = out
                .map(|out| {
                    progress.stage("charts", None);
                    let options = ReportOptions { chart_size, team };
                    let written = write_report(&out, &paths, &runs, &options);
                    progress.finish();
                    written
                })
                .transpose()?;
            progress.finish();
            let mut stdout = std::io::stdout().lock();
            if let Some(written) = &written {
                writeln!(stdout, "\nReport: {}", written.index().display())?;
            }
            match json.as_deref() {
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
                        std::path::Path::new(file),
                        &serde_json::to_vec_pretty(&document)?,
                    )
                    .with_context(|| format!("cannot write {file}"))?;
                }
                None => {}
            }
            let worst = runs
                .iter()
                .flat_map(|run| &run.evaluation.warnings)
                .map(|w| w.tier)
                .max();
            let tripped = match (fail_on, worst) {
                (Some(limit), Some(worst)) => worst >= tier_of(limit),
                _ => false,
            };
            Ok(if tripped {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn tier_of(fail_on: FailOn) -> patella::rules::Tier {
    match fail_on {
        FailOn::Notice => patella::rules::Tier::Notice,
        FailOn::Warning => patella::rules::Tier::Warning,
        FailOn::High => patella::rules::Tier::High,
    }
}
