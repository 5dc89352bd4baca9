//! patella: an offline run-log analyzer for knee-pain risk factors.
//!
//! It reads the files a watch or Strava exported (FIT, GPX and TCX, also
//! gzipped, zipped and in Strava's bulk-export layout), keeps the runs,
//! measures what the evidence links to knee pain in runners, and words
//! each finding with its evidence. It is not medical advice.
//!
//! # Where to start
//!
//! [`pipeline::analyze`] runs everything for one athlete's folder and gives
//! an [`pipeline::AthleteRun`]: its [`log::TrainingLog`], the
//! [`analyze::Analysis`] and the [`rules::Evaluation`] with its
//! [`rules::Warning`]s.
//!
//! ```no_run
//! use patella::pipeline::{analyze, AnalyzeRequest};
//!
//! let run = analyze(&AnalyzeRequest {
//!     paths: vec!["export".into()],
//!     ..AnalyzeRequest::default()
//! })?;
//! for warning in &run.evaluation.warnings {
//!     println!("{:?} {}: {}", warning.tier, warning.date, warning.headline);
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! # The stages
//!
//! The pipeline runs one way, each stage knowing only those before it:
//!
//! - [`model`]: the run model every importer fills ([`model::Activity`]).
//! - [`import`]: files to activities, with a reason for each file skipped;
//!   [`import::fit`], [`import::gpx`], [`import::tcx`] and
//!   [`import::strava`] decode one format each.
//! - [`catalog`] and [`cache`]: the import as the pipeline runs it, each
//!   file decoded once and kept in a cache while it is unchanged.
//! - [`config`]: `patella.toml`, validated.
//! - [`log`]: runs only, copies merged, local dates and time zones.
//! - [`analyze`]: the measures, one analyzer per file.
//! - [`rules`]: the knee-risk rules, judged and shaped into findings.
//! - [`report`]: report.json ([`report::json`]), the terminal summary, the
//!   HTML page and the PNG charts.
//! - [`team`]: a coach's folder, one athlete at a time.

// Before the modules: the rules and the config both expand it.
#[macro_use]
mod rule_list;

pub mod analyze;
pub mod cache;
pub mod catalog;
pub mod config;
pub mod import;
pub mod log;
pub mod memory;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod rules;
pub mod team;

/// Parses an IANA time zone name, with a one-line error naming it.
pub fn parse_zone(name: &str) -> anyhow::Result<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>().map_err(|_| {
        anyhow::anyhow!("unknown time zone {name:?} (expected an IANA name such as America/Denver)")
    })
}
