//! Synthetic activity files for patella's fixtures, tests and benchmarks.
//!
//! Real-device files cannot be committed, so patella's tests and demo data
//! come from here: a deterministic generator of plausible runs and rides
//! ([`generate`], [`multisport`]) and writers for the three formats patella
//! reads ([`write_fit`], [`write_gpx`], [`write_tcx`]). Everything is seeded
//! explicitly and uses no clock, so the same inputs give the same bytes;
//! `cargo run --example make_fixtures -- fixtures` rebuilds the committed
//! `fixtures/` folder from [`fixtures::test_files`] and
//! [`demo::demo_export`].
//!
//! This crate is a dev-dependency of `patella`, never a dependency: the
//! product does not ship it. It uses only patella's public model (such as
//! [`patella::model::LatLon`]) and writes its files without the importer's
//! code (FIT's CRC included), so a file it makes is an independent check of
//! what the importer reads.
//!
//! The generated numbers are kept representable in FIT (positions on the
//! semicircle grid, altitude in 0.2 m, cadence in 1/128 strides), so a test
//! can compare what an importer decodes with the [`SyntheticActivity`] it
//! came from without tolerances beyond the other formats' decimals.
//!
//! Nothing here panics: the writers only ever see data this crate made,
//! and the few conversions that could fail fall back to FIT's "invalid"
//! markers.

mod activity;
pub mod apple_health;
pub mod archive;
pub mod athlete;
pub mod athlete_patterns;
pub mod demo;
pub mod demo_activity;
pub mod demo_csv;
mod demo_expected;
mod demo_patterns;
pub mod demo_plan;
mod fit_encode;
mod fit_writer;
pub mod fixtures;
pub mod garmin;
mod gpx_writer;
mod rng;
mod route;
mod run_profile;
mod tcx_writer;

#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod tests;

pub use activity::{
    Dynamics, PauseSpan, Sample, SubSport, SynthDevice, SynthSport, SyntheticActivity,
    SyntheticSession, TimeStyle, Totals,
};
pub use demo_plan::{FileFormat, Place, PlannedActivity, Special, DEMO_PLAN};
pub use fit_writer::{write_fit, write_fit_truncated, FitOptions};
pub use gpx_writer::{write_gpx, CadenceUnit, GpxOptions, GpxType};
pub use rng::SplitMix64;
pub use route::RouteShape;
pub use run_profile::{generate, multisport, PausePlan, RunParams, Target, WASH_PARK};
pub use tcx_writer::{write_tcx, TcxCadence, TcxOptions};

/// One generated file: its path relative to the output folder, and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl GeneratedFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        GeneratedFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Writes `files` under `root`, creating their folders; an error names the
/// path it failed on.
pub fn write_files(root: &std::path::Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    let named = |path: &std::path::Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    };
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| named(parent, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| named(&path, e))?;
    }
    Ok(())
}

/// Gzips bytes the way Strava's export does, with a zero mtime so the
/// output does not depend on when it was made.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail; were it to, an empty result is easier
    // to notice than half a gzip stream.
    let written = encoder.write_all(bytes);
    match (written, encoder.finish()) {
        (Ok(()), Ok(out)) => out,
        _ => Vec::new(),
    }
}
