//! Command-line definitions (clap). The work itself lives in the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// patella: measures what the evidence links to knee pain in runners, from
/// the files a watch or Strava exported. Offline; never writes into the
/// folders it reads.
#[derive(Debug, Parser)]
#[command(name = "patella", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every FIT, GPX and TCX file (also .gz, .zip and Strava bulk
    /// exports) and list the runs found, with what was skipped and why.
    Import {
        /// Folders, files or archives to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print JSON (the activities, excluded, duplicates and skipped keys
        /// of report.json) instead of a table.
        #[arg(long)]
        json: bool,
        /// IANA time zone (e.g. America/Denver) for files that carry no UTC
        /// offset.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
}
