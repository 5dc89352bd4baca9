//! End-to-end: on the whole shared corpus (`../shared/corpus`, where it
//! exists) and the fixtures, the binary's stderr holds only patella's own
//! lines. Those all start with `patella: ` (notices and errors, see
//! main.rs); the progress bar is drawn only on a terminal, which a test's
//! pipe is not. fitparser prints `ERROR: field size...` for some FIT
//! definitions; it must never be handed one it would print about.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("MANIFEST.tsv").exists().then_some(dir)
}

/// The stderr lines of `patella args...` that patella did not write,
/// read with an empty cache so that every file is decoded.
fn foreign_stderr_lines(args: &[&str], path: &Path) -> Vec<String> {
    let cache = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .args(args)
        .arg(path)
        .env("PATELLA_CACHE_DIR", cache.path())
        .output()
        .expect("patella runs");
    assert!(
        output.status.success(),
        "{args:?} {}: {output:?}",
        path.display()
    );
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| !line.starts_with("patella: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn stderr_holds_only_patellas_lines_on_the_corpus() {
    let Some(corpus) = corpus() else {
        println!("no corpus at ../shared/corpus: skipped");
        return;
    };
    assert_eq!(
        foreign_stderr_lines(&["import"], &corpus),
        Vec::<String>::new()
    );
    assert_eq!(
        foreign_stderr_lines(&["analyze", "--no-report"], &corpus),
        Vec::<String>::new()
    );
}

#[test]
fn stderr_holds_only_patellas_lines_on_the_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    assert_eq!(
        foreign_stderr_lines(&["import"], &fixtures),
        Vec::<String>::new()
    );
}

/// A FIT file the fast decoder hands to fitparser (file_id defines its
/// field 0 twice) whose definition declares a field fitparser prints
/// about: field 3, one byte of a uint32z. patella 0.1.0 before this test
/// let fitparser print `ERROR: field size: 1 is not a multiple of the base
/// type Uint32z (size 4) parsing as a byte array` for it.
fn misaligned_fit() -> Vec<u8> {
    let data = [
        0x40, 0, 0, 0, 0, 3, 0, 1, 0x00, 0, 1, 0x00, 3, 1, 0x8C, // definition
        0x00, 4, 4, 7, // its data message
    ];
    let mut file = vec![12, 0x10, 0x2D, 0x08, data.len() as u8, 0, 0, 0];
    file.extend_from_slice(b".FIT");
    file.extend_from_slice(&data);
    file.extend_from_slice(&[0, 0]);
    file
}

#[test]
fn stderr_stays_patellas_when_fitparser_reads_a_misaligned_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("x.fit"), misaligned_fit()).expect("write");
    assert_eq!(
        foreign_stderr_lines(&["import"], dir.path()),
        Vec::<String>::new()
    );
}
