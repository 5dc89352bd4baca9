//! Test support for the GPX and TCX importers: the shared real-file corpus
//! with its independent truth, and hostile inputs.
//!
//! The corpus lives outside the crate (`../shared/corpus`) and is read in
//! place; tests skip silently where it is absent.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde_json::Value;

pub(crate) fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("truth.json").is_file().then_some(dir)
}

/// The corpus files with this extension, as (path relative to the corpus,
/// bytes, truth entry), sorted by path.
pub(crate) fn corpus_files(extension: &str) -> Vec<(String, Vec<u8>, Value)> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let truth: Value = std::fs::read_to_string(dir.join("truth.json"))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(folder.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            if path.extension().and_then(|e| e.to_str()) != Some(extension) {
                continue;
            }
            let Ok(relative) = path.strip_prefix(&dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap_or_default();
            let entry = truth.get(&relative).cloned().unwrap_or(Value::Null);
            files.push((relative, bytes, entry));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The MANIFEST.tsv row of a corpus file: (sport column, notes column).
pub(crate) fn manifest(relative: &str) -> Option<(String, String)> {
    let text = std::fs::read_to_string(corpus_dir()?.join("MANIFEST.tsv")).ok()?;
    text.lines().find_map(|line| {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.first() != Some(&relative) {
            return None;
        }
        Some((columns.get(6)?.to_string(), columns.get(9)?.to_string()))
    })
}

/// Whether the manifest says the file holds a run.
pub(crate) fn manifest_says_running(relative: &str) -> bool {
    let Some((sport, notes)) = manifest(relative) else {
        return false;
    };
    let sport_is_run = sport.split('+').all(|s| {
        matches!(
            crate::model::Sport::from_label(s),
            Some((crate::model::Sport::Running, _))
        )
    });
    let notes_say_run = notes
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("run"));
    sport_is_run || notes_say_run
}

/// An RFC 3339 time from the truth file.
pub(crate) fn truth_time(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Prefixes of `bytes` cut at many places, and runs of pseudo-random bytes
/// (with and without an XML-looking start), for never-panic tests.
pub(crate) fn hostile_inputs(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut inputs = Vec::new();
    let step = (bytes.len() / 300).max(1);
    let mut cut = 0;
    while cut < bytes.len() {
        inputs.push(bytes.get(..cut).unwrap_or_default().to_vec());
        cut += step;
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..200 {
        let len = (next() % 2048) as usize;
        let mut noise: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if round % 2 == 0 {
            noise.splice(
                0..0,
                b"<?xml version=\"1.0\"?><gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\">"
                    .iter()
                    .copied(),
            );
        }
        inputs.push(noise);
    }
    // The corpus file with bytes flipped here and there.
    for round in 0..50u64 {
        let mut flipped = bytes.to_vec();
        for _ in 0..8 {
            let at = (next() as usize) % flipped.len().max(1);
            if let Some(b) = flipped.get_mut(at) {
                *b ^= (next() as u8) | 1;
            }
        }
        if round % 5 == 0 {
            flipped.truncate(flipped.len() / 2);
        }
        inputs.push(flipped);
    }
    inputs
}
