//! End-to-end: the binary on bad input. Every bad file gets a one-line
//! reason in `skipped`, the run goes on, the exit code stays 0, nothing is
//! written into the input folder, and a missing path is exit code 2.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use serde_json::Value;

fn patella() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_patella"));
    command.env("PATELLA_CACHE_DIR", env!("CARGO_TARGET_TMPDIR"));
    command
}

/// Every path under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    let mut seen = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path.clone());
            }
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            seen.insert(path.display().to_string(), (meta.len(), modified));
        }
    }
    seen
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write test file");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// A well-formed FIT header (14 bytes, ".FIT") promising `data_size` bytes.
fn fit_header(data_size: u32) -> Vec<u8> {
    let mut header = vec![14u8, 0x20, 0x5C, 0x08];
    header.extend_from_slice(&data_size.to_le_bytes());
    header.extend_from_slice(b".FIT");
    let crc = patella::import::fit::crc16(&header);
    header.extend_from_slice(&crc.to_le_bytes());
    header
}

#[test]
fn bad_files_are_skipped_with_reasons_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "empty.fit", b"");
    write(
        root,
        "random.fit",
        &[
            0x5a, 0x13, 0xff, 0x00, 0x42, 0x99, 0x10, 0x01, 0x77, 0x3c, 0xa0, 0x0f, 0x00, 0x01,
            0x02,
        ],
    );
    write(
        root,
        "broken.gpx",
        b"<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg><trkpt lat=\"1\"",
    );
    let mut truncated = fit_header(5000);
    truncated.extend_from_slice(&[0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00]);
    write(root, "nested/truncated.fit", &truncated);
    let mut cut_gzip = gzip(&b"<gpx version=\"1.1\"></gpx>".repeat(200));
    cut_gzip.truncate(cut_gzip.len() / 2);
    write(root, "cut.gpx.gz", &cut_gzip);
    write(root, "photo.jpg", b"\xFF\xD8\xFF\xE0 not really a photo");
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("gone"), root.join("dangling.fit")).expect("symlink");

    let before = snapshot(root);
    let output = patella()
        .args(["import", "--json"])
        .arg(root)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(snapshot(root), before, "the input folder was modified");

    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["activities"].as_array().map(Vec::len), Some(0));
    let skipped: BTreeMap<String, String> = report["skipped"]
        .as_array()
        .expect("skipped list")
        .iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap_or("").to_string(),
                s["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = [
        ("empty.fit", "empty file"),
        ("random.fit", "unrecognized binary data"),
        ("broken.gpx", "invalid XML"),
        ("nested/truncated.fit", "truncated FIT file"),
        ("cut.gpx.gz", "broken gzip stream"),
        ("photo.jpg", "JPEG image"),
    ];
    for (file, reason) in expect {
        let found = skipped
            .get(file)
            .unwrap_or_else(|| panic!("{file} not skipped: {skipped:#?}"));
        assert!(found.contains(reason), "{file}: {found:?} lacks {reason:?}");
        assert!(
            !found.contains('\n'),
            "{file}: reason is not one line: {found:?}"
        );
    }
    #[cfg(unix)]
    assert!(skipped.contains_key("dangling.fit"), "{skipped:#?}");
}

#[test]
fn missing_path_is_one_line_and_exit_code_2() {
    let output = patella()
        .args(["import", "/no/such/folder/anywhere"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("/no/such/folder/anywhere: no such file or folder"),
        "{stderr}"
    );
}

#[test]
fn unknown_time_zone_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = patella()
        .args(["import", "--tz", "Mars/Olympus"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown time zone"));
}
