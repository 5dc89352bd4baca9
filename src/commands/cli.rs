//! Command-line definitions (clap). The work itself lives in the library;
//! these types stay in the binary so the library's API carries no clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Read every FIT, GPX and TCX file (also .gz, .zip, Strava bulk
    /// exports and Apple Health's export) and list the runs found, with
    /// what was skipped and why.
    Import(ImportArgs),
    /// Write a commented patella.toml into DIR (shoes pre-filled from
    /// Strava's activities.csv when present). Never overwrites one.
    Init(InitArgs),
    /// Measure the training log and warn about knee-pain risk factors,
    /// each warning citing its evidence. Not medical advice.
    Analyze(AnalyzeArgs),
    /// Manage the cache of decoded files.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

/// What `patella import` takes.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Folders, files or archives to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print JSON (the activities, excluded, duplicates and skipped keys
    /// of report.json) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// IANA time zone (e.g. America/Denver) for runs with neither a GPS
    /// fix nor a UTC offset in the file.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// The config file, for its time zone (default: patella.toml in the
    /// first folder read).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Decode every file and leave the cache alone. The cache is the one
    /// `analyze` keeps, so after either command the other reads only new
    /// or changed files.
    #[arg(long)]
    pub no_cache: bool,
}

/// What `patella init` takes.
#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// What `patella analyze` takes.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Folders, files or archives of one athlete.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the full report.json to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<String>,
    /// Only report findings on or after this local date (earlier runs
    /// still count as history).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    /// Leave out runs after this local date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<chrono::NaiveDate>,
    /// IANA time zone for runs with neither a GPS fix nor a UTC offset in
    /// the file.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// The config file (default: patella.toml in the analyzed folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with code 1 when a warning of this tier or higher is found.
    #[arg(long, value_name = "TIER")]
    pub fail_on: Option<FailOn>,
    /// Write the report folder (index.html, charts, report.json, CSV
    /// tables) here [default: ./patella-report; not written with
    /// `--json -` unless given]. Never inside an input folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the terminal summary (and --json) only; write no folder.
    #[arg(long, conflicts_with = "out")]
    pub no_report: bool,
    /// Size of the PNG charts, in pixels.
    #[arg(long, value_name = "WxH", default_value = "1600x900")]
    pub chart_size: patella::report::charts::ChartSize,
    /// Treat each sub-folder of PATH as one athlete (coach mode). Found
    /// on its own when PATH holds only athletes' folders.
    #[arg(long)]
    pub athletes: bool,
    /// Treat everything given as one athlete, even a folder that looks
    /// like a coach's.
    #[arg(long, conflicts_with = "athletes")]
    pub one_athlete: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Decode every file and leave the cache alone. The cache (in the
    /// user's cache folder, or $PATELLA_CACHE_DIR) keeps what each file
    /// gave, so a re-run reads only new or changed files.
    #[arg(long)]
    pub no_cache: bool,
}

/// What `patella cache` does.
#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Delete the cache; the next analysis decodes every file again.
    Clear,
    /// Print the cache's folder.
    Path,
}

/// The tier that `--fail-on` trips at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Notice,
    Warning,
    High,
}

impl From<FailOn> for patella::rules::Tier {
    fn from(fail_on: FailOn) -> Self {
        match fail_on {
            FailOn::Notice => patella::rules::Tier::Notice,
            FailOn::Warning => patella::rules::Tier::Warning,
            FailOn::High => patella::rules::Tier::High,
        }
    }
}
