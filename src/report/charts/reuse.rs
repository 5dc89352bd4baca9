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
    /// The folder's other files written from the same fingerprint (its
    /// page and its pieces of report.json and the tables), relative to it.
    #[serde(default)]
    files: Vec<String>,
}

/// What [`reuse`] took from the earlier folder.
#[derive(Debug, PartialEq)]
pub struct Reused {
    pub charts: Vec<ChartOutcome>,
    /// The other files asked for were linked too.
    pub files: bool,
}

/// The fingerprint of everything one athlete's folder is made from:
/// `report` (the athlete's report.json object, hashed as it is serialized,
/// never held whole), the config, the chart size, whether the report is a
/// team's (the page links back, the tables name the athlete) and the
/// binary.
pub fn fingerprint(
    report: &AthleteReport,
    config: &Config,
    size: ChartSize,
    team: bool,
) -> serde_json::Result<String> {
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .and_then(|m| crate::cache::Stamp::of(&m))
        .map_or_else(String::new, |s| format!("{}:{}", s.size, s.modified_ns));
    let setting = format!(
        "{} {binary} {size:?} {team} {config:?}",
        env!("CARGO_PKG_VERSION")
    );
    let mut hasher = Hashing(twox_hash::XxHash3_64::new());
    hasher.0.write(setting.as_bytes());
    // Through a buffer: serde_json writes a few bytes at a time, and the
    // hash is the same however its input is cut.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut hasher);
    serde_json::to_writer(&mut buffered, report)?;
    std::io::Write::flush(&mut buffered).map_err(serde_json::Error::io)?;
    drop(buffered);
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
/// replaced) linked or copied into `dir`, when they were drawn from
/// `fingerprint` and every file is still there; `None` otherwise. With
/// them, `files` (paths relative to the folder) when the earlier folder
/// recorded exactly these as written from the same fingerprint: all of
/// them or, having removed any it linked, none.
pub fn reuse(earlier: &Path, dir: &Path, fingerprint: &str, files: &[&str]) -> Option<Reused> {
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
        if !link(&earlier.join(file), &dir.join(file)) {
            return None;
        }
    }
    let files = !files.is_empty()
        && record
            .files
            .iter()
            .map(String::as_str)
            .eq(files.iter().copied())
        && link_all(earlier, dir, files);
    Some(Reused {
        charts: record.charts,
        files,
    })
}

/// Links each of `files` from `earlier` into `dir`, or none: a file linked
/// and then written again would write through the link into the earlier
/// report, which must stay whole until the new one replaces it.
fn link_all(earlier: &Path, dir: &Path, files: &[&str]) -> bool {
    for (done, file) in files.iter().enumerate() {
        let to = dir.join(file);
        let linked = to
            .parent()
            .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
            && link(&earlier.join(file), &to);
        if !linked {
            for file in &files[..done] {
                let _ = std::fs::remove_file(dir.join(file));
            }
            return false;
        }
    }
    true
}

/// Hard-links (or else copies) `from` to `to` when `from` is a plain file.
/// Only a plain file: a symbolic link planted in the old report would be
/// linked as a link (or copied through), and the new report must hold only
/// what patella wrote. A hard link costs nothing next to copying; the
/// report being replaced is on the same disk (its staging folder sits
/// beside it), and it is deleted afterwards, never written.
fn link(from: &Path, to: &Path) -> bool {
    if !std::fs::symlink_metadata(from).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    std::fs::hard_link(from, to).is_ok() || std::fs::copy(from, to).is_ok()
}

/// Records the fingerprint of the charts just drawn into `dir`, and of the
/// `files` written beside them, in a folder being staged (so written
/// plainly: the whole folder appears at once).
pub fn record(
    dir: &Path,
    fingerprint: &str,
    charts: &[ChartOutcome],
    files: &[&str],
) -> std::io::Result<()> {
    let record = Record {
        fingerprint: fingerprint.to_string(),
        charts: charts.to_vec(),
        files: files.iter().map(|f| f.to_string()).collect(),
    };
    let bytes = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
    std::fs::write(dir.join(RECORD), bytes)
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
        record(earlier.path(), "f1", &charts, &[]).unwrap();
        earlier
    }

    #[test]
    fn unchanged_charts_are_linked_and_others_refused() {
        let earlier = earlier_with(&["weekly_distance.png"]);
        let dir = tempfile::tempdir().unwrap();
        let reused = reuse(earlier.path(), dir.path(), "f1", &[]).unwrap();
        assert_eq!(reused.charts, [drawn("weekly_distance.png")]);
        assert_eq!(
            std::fs::read(dir.path().join("weekly_distance.png")).unwrap(),
            b"png"
        );
        // Another fingerprint: drawn again.
        let other = tempfile::tempdir().unwrap();
        assert!(reuse(earlier.path(), other.path(), "f2", &[]).is_none());
        // A record naming one of the report's own files, or a path.
        for name in [
            "index.html",
            "../weekly_distance.png",
            ".patella-charts.json",
        ] {
            let earlier = earlier_with(&[]);
            record(earlier.path(), "f1", &[drawn(name)], &[]).unwrap();
            let dir = tempfile::tempdir().unwrap();
            assert!(
                reuse(earlier.path(), dir.path(), "f1", &[]).is_none(),
                "{name}"
            );
        }
    }

    /// The page and pieces come too when the record lists exactly them;
    /// one missing takes none (the ones linked before it are removed).
    #[test]
    fn the_other_files_come_all_or_none() {
        let earlier = earlier_with(&["weekly_distance.png"]);
        std::fs::create_dir(earlier.path().join(".patella-parts")).unwrap();
        std::fs::write(earlier.path().join("index.html"), b"page").unwrap();
        std::fs::write(earlier.path().join(".patella-parts/a.json"), b"{}").unwrap();
        let files = ["index.html", ".patella-parts/a.json"];
        let charts = [drawn("weekly_distance.png")];
        record(earlier.path(), "f1", &charts, &files).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let reused = reuse(earlier.path(), dir.path(), "f1", &files).unwrap();
        assert!(reused.files);
        assert_eq!(
            std::fs::read(dir.path().join(".patella-parts/a.json")).unwrap(),
            b"{}"
        );
        // Another list than the one recorded: the charts only.
        let dir = tempfile::tempdir().unwrap();
        let reused = reuse(earlier.path(), dir.path(), "f1", &files[..1]).unwrap();
        assert!(!reused.files);
        assert!(!dir.path().join("index.html").exists());
        // The second file gone: none.
        std::fs::remove_file(earlier.path().join(".patella-parts/a.json")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let reused = reuse(earlier.path(), dir.path(), "f1", &files).unwrap();
        assert_eq!(reused.charts, charts);
        assert!(!reused.files);
        assert!(!dir.path().join("index.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_old_report_is_not_reused() {
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("elsewhere.png");
        std::fs::write(&target, b"not patella's").unwrap();
        let earlier = earlier_with(&[]);
        std::os::unix::fs::symlink(&target, earlier.path().join("weekly_distance.png")).unwrap();
        record(earlier.path(), "f1", &[drawn("weekly_distance.png")], &[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        assert!(reuse(earlier.path(), dir.path(), "f1", &[]).is_none());
        assert!(!dir.path().join("weekly_distance.png").exists());
    }
}
