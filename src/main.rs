use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use patella::cli::{Cli, Command, FailOn};
use patella::import::import_paths;
use patella::log::{self, LogOptions};
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
        Command::Import { paths, json, tz } => {
            let cli_zone = tz.as_deref().map(patella::parse_zone).transpose()?;
            let imported = import_paths(&paths)?;
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
        } => {
            let request = patella::pipeline::AnalyzeRequest {
                paths,
                tz: tz.as_deref().map(patella::parse_zone).transpose()?,
                config,
                since,
                until,
            };
            let athlete = patella::pipeline::analyze(&request)?;
            let report = json::AthleteReport::of(&athlete);
            let mut out = std::io::stdout().lock();
            match json.as_deref() {
                Some("-") => {
                    let document = json::ReportDocument::single(report);
                    serde_json::to_writer_pretty(&mut out, &document)?;
                    writeln!(out)?;
                }
                Some(file) => {
                    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
                    summary::write_analysis(&mut out, &report, colour)?;
                    let document = json::ReportDocument::single(report);
                    patella::report::write_atomically(
                        std::path::Path::new(file),
                        &serde_json::to_vec_pretty(&document)?,
                    )?;
                }
                None => {
                    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
                    summary::write_analysis(&mut out, &report, colour)?;
                }
            }
            let worst = athlete.evaluation.warnings.iter().map(|w| w.tier).max();
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
