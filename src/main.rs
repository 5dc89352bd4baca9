//! The `patella` binary: parses the command line and hands each command to
//! its file under `commands/`, which calls the library and prints.

mod commands;

use std::process::ExitCode;

use clap::Parser;

use commands::cli::{Cli, Command};

fn main() -> ExitCode {
    patella::memory::one_heap_per_core();
    let cli = Cli::parse();
    let ran = match cli.command {
        Command::Import(args) => commands::import::run(args),
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Init(args) => commands::init::run(&args),
        Command::Cache { action } => commands::cache::run(action),
    };
    match ran {
        Ok(code) => code,
        // `patella import ... | head` closing the pipe early is not a failure.
        Err(error) if commands::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("patella: {error:#}");
            ExitCode::from(2)
        }
    }
}
