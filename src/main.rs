use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use patella::cli::{Cli, Command};
use patella::import::import_paths;
use patella::log::{self, LogOptions};
use patella::report::{json, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
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

fn run(cli: Cli) -> anyhow::Result<()> {
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
            Ok(())
        }
    }
}
