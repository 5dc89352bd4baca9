//! Charts kept from the report a re-run replaces, when nothing they draw
//! has changed: drawing and compressing forty-odd PNGs is most of a warm
//! re-run's time, and their pixels are a function of their input.
//!
//! The input is fingerprinted whole: the athlete's report (every run,
//! measure and warning, and each run's id, which hashes its file), the
//! config, the chart size and the patella binary itself. Any change draws
//! every chart again; an equal fingerprint links (or copies) the earlier
//! files.

use std::hash::Hasher;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ChartOutcome, ChartSize};
use crate::config::Config;
use crate::report::json::AthleteReport;

/// Where an athlete's folder records its charts' fingerprint.
pub const RECORD: &str = ".patella-charts.json";

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    fingerprint: String,
    charts: Vec<ChartOutcome>,
}

/// The fingerprint of everything one athlete's charts draw: `report`
/// (the athlete's report.json object, hashed as it is serialized, never
/// held whole), the config, the chart size and the binary.
pub fn fingerprint(
    report: &AthleteReport,
    config: &Config,
    size: ChartSize,
) -> serde_json::Result<String> {
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .and_then(|m| crate::cache::Stamp::of(&m))
        .map_or_else(String::new, |s| format!("{}:{}", s.size, s.modified_ns));
    let setting = format!("{} {binary} {size:?} {config:?}", env!("CARGO_PKG_VERSION"));
    let mut hasher = Hashing(twox_hash::XxHash3_64::new());
    hasher.0.write(setting.as_bytes());
    serde_json::to_writer(&mut hasher, report)?;
    Ok(format!("{:016x}", hasher.0.finish()))
}

/// An `io::Write` that only hashes.
struct Hashing(twox_hash::XxHash3_64);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The charts of `earlier` (an athlete's folder in the report being
/// replaced) linked or copied into `dir`, when they were drawn from `fingerprint`
/// and every file is still there; `None` otherwise.
pub fn reuse(earlier: &Path, dir: &Path, fingerprint: &str) -> Option<Vec<ChartOutcome>> {
    let bytes = std::fs::read(earlier.join(RECORD)).ok()?;
    let record: Record = serde_json::from_slice(&bytes).ok()?;
    if record.fingerprint != fingerprint {
        return None;
    }
    for file in record.charts.iter().filter_map(ChartOutcome::file) {
        // A name from a file that anyone could have edited: plain PNG
        // names only, never one of the report's own files.
        if file.contains(['/', '\\']) || file.starts_with('.') || !file.ends_with(".png") {
            return None;
        }
        // Only a plain file: a symbolic link planted in the old report
        // would be linked as a link (or copied through), and the new
        // report must hold only what patella wrote. A hard link costs
        // nothing next to copying forty-odd PNGs; the report being
        // replaced is on the same disk (its staging folder sits beside
        // it), and it is deleted afterwards, never written.
        let (from, to) = (earlier.join(file), dir.join(file));
        if !std::fs::symlink_metadata(&from).is_ok_and(|m| m.file_type().is_file()) {
            return None;
        }
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).ok()?;
        }
    }
    Some(record.charts)
}

/// Records the fingerprint of the charts just drawn into `dir`.
pub fn record(dir: &Path, fingerprint: &str, charts: &[ChartOutcome]) -> std::io::Result<()> {
    let record = Record {
        fingerprint: fingerprint.to_string(),
        charts: charts.to_vec(),
    };
    let bytes = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
    super::super::write_atomically(&dir.join(RECORD), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(file: &str) -> ChartOutcome {
        ChartOutcome::Drawn {
            key: "weekly_distance".into(),
            file: file.into(),
            title: "Weekly distance".into(),
            about: None,
        }
    }

    /// An earlier report folder holding `files` and a record naming them.
    fn earlier_with(files: &[&str]) -> tempfile::TempDir {
        let earlier = tempfile::tempdir().unwrap();
        for file in files {
            std::fs::write(earlier.path().join(file), b"png").unwrap();
        }
        let charts: Vec<ChartOutcome> = files.iter().map(|f| drawn(f)).collect();
        record(earlier.path(), "f1", &charts).unwrap();
        earlier
    }

    #[test]
    fn unchanged_charts_are_linked_and_others_refused() {
        let earlier = earlier_with(&["weekly_distance.png"]);
        let dir = tempfile::tempdir().unwrap();
        let reused = reuse(earlier.path(), dir.path(), "f1").unwrap();
        assert_eq!(reused, [drawn("weekly_distance.png")]);
        assert_eq!(
            std::fs::read(dir.path().join("weekly_distance.png")).unwrap(),
            b"png"
        );
        // Another fingerprint: drawn again.
        let other = tempfile::tempdir().unwrap();
        assert!(reuse(earlier.path(), other.path(), "f2").is_none());
        // A record naming one of the report's own files, or a path.
        for name in [
            "index.html",
            "../weekly_distance.png",
            ".patella-charts.json",
        ] {
            let earlier = earlier_with(&[]);
            record(earlier.path(), "f1", &[drawn(name)]).unwrap();
            let dir = tempfile::tempdir().unwrap();
            assert!(reuse(earlier.path(), dir.path(), "f1").is_none(), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_old_report_is_not_reused() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("elsewhere.png");
        std::fs::write(&target, b"not patella's").unwrap();
        let earlier = earlier_with(&[]);
        std::os::unix::fs::symlink(&target, earlier.path().join("weekly_distance.png")).unwrap();
        record(earlier.path(), "f1", &[drawn("weekly_distance.png")]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        assert!(reuse(earlier.path(), dir.path(), "f1").is_none());
        assert!(!dir.path().join("weekly_distance.png").exists());
    }
}
