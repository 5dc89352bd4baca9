//! Mutation test: damaged copies of real files, through the library's
//! decoding entry (`import::decode_file`, containers included), must never
//! panic and must explain every skip in one line.
//!
//! The inputs come from the project's fixtures and, where it exists, the
//! shared corpus (`../shared/corpus`): bit flips, cuts, splices of two
//! files, inserted and deleted bytes, overwritten bytes, for FIT, GPX, TCX
//! and for their .gz and .zip containers (mutated packed, or mutated and
//! then packed so the damage reaches the decoders). Input `i` is made from
//! its own generator seeded by `i` alone, so a failure names the index
//! that reproduces it:
//!
//! `PATELLA_MUTATION_INDEX=1234 cargo test --test mutation -- --nocapture`
//!
//! `PATELLA_MUTATIONS=n` asks for `n` inputs instead of [`DEFAULT_COUNT`],
//! and `PATELLA_MUTATION_START=i` starts at index `i` (see
//! `scripts/soak.sh`, which reads on past the indices `cargo test` reads).

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use patella::import::decode_file;

/// Inputs of a plain `cargo test`: about a minute in the debug profile on
/// two cores (docs/performance.md, Robustness).
const DEFAULT_COUNT: usize = 15_000;
/// Larger seeds are cut to a window of this many bytes (their head, or
/// their head and tail): the debug profile decodes a few MB/s, and the
/// damage that matters is in the framing, not the length.
const MAX_SEED_BYTES: usize = 48 * 1024;
const SEED: u64 = 0x7061_7465_6c6c_6121;

/// SplitMix64: small, fast, and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A seed file: its name (whose extension the containers keep) and bytes.
struct Seed {
    name: String,
    bytes: Vec<u8>,
}

fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![
        root.join("fixtures/files"),
        root.join("fixtures/demo-export/activities"),
        root.join("fixtures/demo-export/garmin-connect"),
    ];
    let corpus = root.join("../shared/corpus");
    if corpus.join("MANIFEST.tsv").exists() {
        folders.push(corpus);
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in folders {
        collect(&folder, &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).ok()?;
            Some(Seed { name, bytes })
        })
        .collect()
}

fn collect(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if is_activity_name(&path.to_string_lossy()) {
            out.push(path);
        }
    }
}

fn is_activity_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".fit", ".gpx", ".tcx"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(bytes), &mut out).ok()?;
    Some(out)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        writer.start_file(*name, options).expect("zip into memory");
        writer.write_all(bytes).expect("zip into memory");
    }
    writer.finish().expect("zip into memory").into_inner()
}

/// Seeds unpacked (the decoders' view), each at most [`MAX_SEED_BYTES`]
/// long unless kept whole for the tail's sake.
struct Pool {
    /// (name without .gz, unpacked bytes).
    plain: Vec<(String, Vec<u8>)>,
}

impl Pool {
    fn new(seeds: &[Seed]) -> Pool {
        let plain = seeds
            .iter()
            .filter_map(|seed| {
                let lower = seed.name.to_ascii_lowercase();
                match lower.strip_suffix(".gz") {
                    Some(_) => {
                        let name = seed.name.get(..seed.name.len() - 3)?.to_string();
                        Some((name, gunzip(&seed.bytes)?))
                    }
                    None => Some((seed.name.clone(), seed.bytes.clone())),
                }
            })
            .collect();
        Pool { plain }
    }

    /// A seed's bytes, cut to a window when it is large: its head, or its
    /// head joined to its tail (which holds a FIT file's sessions and
    /// CRC, or an XML file's closing tags).
    fn pick(&self, rng: &mut Rng) -> (&str, Vec<u8>) {
        let (name, bytes) = &self.plain[rng.below(self.plain.len())];
        if bytes.len() <= MAX_SEED_BYTES {
            return (name, bytes.clone());
        }
        let window = if rng.below(2) == 0 {
            let head = MAX_SEED_BYTES / 2 + rng.below(MAX_SEED_BYTES / 2);
            bytes[..head].to_vec()
        } else {
            let keep = 14 + rng.below(MAX_SEED_BYTES - 14);
            [
                &bytes[..keep],
                &bytes[bytes.len() - (MAX_SEED_BYTES - keep)..],
            ]
            .concat()
        };
        (name, window)
    }
}

/// One random change to `bytes`; `other` is another seed for splices.
fn mutate(bytes: &mut Vec<u8>, other: &[u8], rng: &mut Rng) -> &'static str {
    let len = bytes.len();
    match rng.below(7) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                if len > 0 {
                    let at = rng.below(len);
                    bytes[at] ^= 1 << rng.below(8);
                }
            }
            "bit flips"
        }
        1 => {
            bytes.truncate(rng.below(len + 1));
            "cut"
        }
        2 => {
            let keep = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            bytes.truncate(keep);
            bytes.extend_from_slice(&other[from..]);
            "splice"
        }
        3 => {
            let at = rng.below(len + 1);
            let count = 1 + rng.below(16);
            let inserted: Vec<u8> = (0..count).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, inserted);
            "inserted bytes"
        }
        4 => {
            let at = rng.below(len + 1);
            let end = (at + 1 + rng.below(64)).min(len);
            bytes.drain(at..end.max(at));
            "deleted bytes"
        }
        5 => {
            // Values that sit on the edges of sizes and counts.
            const EDGES: [u8; 6] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE];
            for _ in 0..1 + rng.below(4) {
                if len > 0 {
                    let at = rng.below(len);
                    bytes[at] = EDGES[rng.below(EDGES.len())];
                }
            }
            "edge bytes"
        }
        _ => {
            // A stretch of the file repeated, as a bad copy would.
            if len > 0 {
                let from = rng.below(len);
                let end = (from + 1 + rng.below(512)).min(len);
                let chunk = bytes[from..end].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, chunk);
            }
            "repeated stretch"
        }
    }
}

/// Input number `index`: its display name, bytes and what was done.
fn input(pool: &Pool, index: usize) -> (String, Vec<u8>, String) {
    let mut rng = Rng::new(SEED ^ (index as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let (name, mut bytes) = pool.pick(&mut rng);
    let name = name.to_string();
    let (_, other) = pool.pick(&mut rng);
    let mut what = Vec::new();
    // Containers: plain, gzip or zip; damaged inside, outside, or both.
    let container = rng.below(6);
    if container < 3 || rng.below(2) == 0 {
        for _ in 0..1 + rng.below(3) {
            what.push(mutate(&mut bytes, &other, &mut rng));
        }
    }
    let (display, mut packed) = match container {
        0..=2 => (name.clone(), bytes),
        3 | 4 => (format!("{name}.gz"), gzip(&bytes)),
        _ => {
            let (other_name, other_bytes) = pool.pick(&mut rng);
            let first = format!("a/{name}");
            let second = format!("b/{other_name}");
            let zipped = zip_of(&[(&first, &bytes), (&second, &other_bytes)]);
            (format!("{name}.zip"), zipped)
        }
    };
    if container >= 3 && (what.is_empty() || rng.below(2) == 0) {
        what.push("then packed and damaged:");
        let original = packed.clone();
        what.push(mutate(&mut packed, &original, &mut rng));
    }
    (display, packed, what.join(" "))
}

/// Decodes one input, checking the house rules on what comes out.
fn check(display: &str, bytes: Vec<u8>) -> Result<(), String> {
    let outcome = decode_file(display, bytes, &|_| true);
    for skipped in &outcome.skipped {
        if skipped.reason.trim().is_empty() || skipped.reason.contains('\n') {
            return Err(format!("skip reason not one line: {:?}", skipped.reason));
        }
    }
    for activity in &outcome.activities {
        if let Some(reason) = &activity.salvaged {
            if reason.trim().is_empty() || reason.contains('\n') {
                return Err(format!("salvage reason not one line: {reason:?}"));
            }
        }
        let streams = &activity.streams;
        let n = streams.time_s.len();
        let lengths = [
            streams.position.as_ref().map(Vec::len),
            streams.distance_m.as_ref().map(Vec::len),
            streams.speed_mps.as_ref().map(Vec::len),
            streams.elevation_m.as_ref().map(Vec::len),
            streams.heart_rate_bpm.as_ref().map(Vec::len),
            streams.cadence_spm.as_ref().map(Vec::len),
            streams.power_w.as_ref().map(Vec::len),
        ];
        if lengths.iter().flatten().any(|&len| len != n) {
            return Err(format!("streams of unequal length: {n} times, {lengths:?}"));
        }
        if streams.time_s.windows(2).any(|w| w[1] < w[0]) {
            return Err("samples out of time order".into());
        }
    }
    Ok(())
}

thread_local! {
    static DECODING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.trim().parse().ok()
}

#[test]
fn mutated_files_never_panic() {
    let seeds = seeds();
    assert!(seeds.len() >= 80, "seed files found: {}", seeds.len());
    let pool = Pool::new(&seeds);
    let (first, count) = match env_number("PATELLA_MUTATION_INDEX") {
        Some(index) => (index, 1),
        None => (
            env_number("PATELLA_MUTATION_START").unwrap_or(0),
            env_number("PATELLA_MUTATIONS").unwrap_or(DEFAULT_COUNT),
        ),
    };
    // The default hook would print every caught panic of a decoder; keep
    // its message for the report instead. Any other panic (of this test
    // itself) is printed as usual.
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !DECODING.with(std::cell::Cell::get) {
            return default_hook(info);
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("{info}{at}")));
    }));
    let next = AtomicUsize::new(first);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = std::time::Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= first + count {
                    break;
                }
                let (display, bytes, what) = input(&pool, index);
                let len = bytes.len();
                DECODING.with(|d| d.set(true));
                let result = panic::catch_unwind(AssertUnwindSafe(|| check(&display, bytes)));
                DECODING.with(|d| d.set(false));
                let failure = match result {
                    Ok(Ok(())) => continue,
                    Ok(Err(broken)) => broken,
                    Err(_) => format!(
                        "panic: {}",
                        PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default()
                    ),
                };
                let mut failures = failures.lock().unwrap_or_else(|e| e.into_inner());
                failures.push(format!(
                    "index {index} ({display}, {len} bytes, {what}): {failure}"
                ));
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    // Counts for the soak script; no assertion on time.
    println!(
        "mutation: {count} inputs (indices {first}..{}) from {} seeds, {} failures, {:.1} s",
        first + count,
        seeds.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} inputs failed (replay one with PATELLA_MUTATION_INDEX):\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
