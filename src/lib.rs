//! patella: an offline run-log analyzer for knee-pain risk factors.
//!
//! The pipeline runs one way: [`import`] turns files into
//! [`model::Activity`] values, [`log`] keeps the runs, merges duplicates and
//! assigns local dates, and [`report`] renders the result.

pub mod analyze;
pub mod cache;
pub mod catalog;
pub mod config;
pub mod import;
pub mod log;
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
