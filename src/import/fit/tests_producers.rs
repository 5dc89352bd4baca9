//! The fast decoder against fitparser, field by field, on every FIT file
//! there is: the shared real-device corpus (where it exists), the
//! committed fixtures, and files from the generator (plain, compressed
//! timestamps, multisport, cut at many points, bytes flipped). For each
//! file the typed messages must be equal (integers, times and texts
//! exactly, floats to the bit or within 1e-9 relative) and so must the
//! activities `decode` builds from them.
//!
//! `cargo test --lib producers -- --nocapture` prints the counts.

use std::path::{Path, PathBuf};

use super::messages::Num;
use super::{activities_from, read_fast, read_fitparser, FitMessages};
use patella_synth::{
    fixtures, generate, gzip, multisport, write_fit, write_fit_truncated, FitOptions, PausePlan,
    RunParams, SynthDevice, SynthSport, Target,
};

/// What the comparisons found over a set of files.
#[derive(Debug, Default)]
struct Tally {
    files: usize,
    /// Files the fast decoder handed to fitparser, with its reason.
    declined: Vec<String>,
    messages: usize,
    fields: usize,
    /// Files whose activities were compared.
    activities: usize,
    mismatches: Vec<String>,
}

impl Tally {
    fn print(&self, what: &str) {
        println!(
            "{what}: {} files, {} compared ({} declined), {} messages, {} fields, \
             {} activity sets, {} mismatches",
            self.files,
            self.files - self.declined.len(),
            self.declined.len(),
            self.messages,
            self.fields,
            self.activities,
            self.mismatches.len()
        );
        for declined in &self.declined {
            println!("  declined: {declined}");
        }
        for mismatch in self.mismatches.iter().take(20) {
            println!("  MISMATCH {mismatch}");
        }
    }

    /// Compares the two producers on one file, then the activities.
    fn compare(&mut self, name: &str, bytes: &[u8]) {
        self.files += 1;
        let oracle = read_fitparser(bytes);
        let fast = match read_fast(bytes) {
            Ok(fast) => fast,
            Err(unsupported) => {
                // decode() hands the file to fitparser: nothing to compare.
                self.declined.push(format!("{name}: {unsupported}"));
                return;
            }
        };
        self.messages(name, &fast, &oracle);
        self.activities += 1;
        if activities_from(bytes, fast) != activities_from(bytes, oracle) {
            self.mismatches
                .push(format!("{name}: the activities differ"));
        }
    }

    fn assert_agree(&self) {
        assert!(
            self.mismatches.is_empty(),
            "{} mismatches, first: {:?}",
            self.mismatches.len(),
            self.mismatches.first()
        );
    }

    fn messages(&mut self, file: &str, fast: &FitMessages, oracle: &FitMessages) {
        let mut c = Fields {
            file,
            tally: self,
            at: String::new(),
        };
        macro_rules! each {
            ($list:ident, $kind:literal, |$a:ident, $b:ident| $body:block) => {
                c.same_len($kind, fast.$list.len(), oracle.$list.len());
                for (i, ($a, $b)) in fast.$list.iter().zip(&oracle.$list).enumerate() {
                    c.at = format!("{} {i}", $kind);
                    $body
                }
                c.tally.messages += fast.$list.len().min(oracle.$list.len());
            };
        }
        macro_rules! fields {
            ($c:ident, $a:ident, $b:ident, $how:ident: $($field:ident),*) => {
                $( $c.$how(stringify!($field), &$a.$field, &$b.$field); )*
            };
        }
        each!(file_ids, "file_id", |a, b| {
            fields!(c, a, b, text: kind, manufacturer, product, garmin_product, product_name);
        });
        each!(device_infos, "device_info", |a, b| {
            fields!(c, a, b, text: device_index, local_device_type, manufacturer, product,
                garmin_product, product_name);
        });
        each!(sports, "sport", |a, b| {
            fields!(c, a, b, text: sport, sub_sport);
        });
        each!(sessions, "session", |a, b| {
            fields!(c, a, b, time: timestamp, start_time);
            fields!(c, a, b, text: sport, sub_sport);
            fields!(c, a, b, number: total_elapsed_time, total_timer_time, total_distance,
                total_ascent, total_descent, avg_heart_rate, max_heart_rate, avg_cadence,
                avg_fractional_cadence);
        });
        each!(laps, "lap", |a, b| {
            fields!(c, a, b, time: start_time);
            fields!(c, a, b, text: sport);
            fields!(c, a, b, number: total_elapsed_time, total_timer_time, total_distance,
                avg_heart_rate, avg_cadence, avg_fractional_cadence);
        });
        each!(events, "event", |a, b| {
            fields!(c, a, b, time: timestamp);
            fields!(c, a, b, text: event, event_type);
        });
        each!(records, "record", |a, b| {
            fields!(c, a, b, time: timestamp);
            fields!(c, a, b, num: position_lat, position_long, distance, speed, altitude,
                heart_rate, cadence, fractional_cadence, power, temperature, stance_time,
                stance_time_balance, vertical_oscillation, step_length);
        });
        each!(activities, "activity", |a, b| {
            fields!(c, a, b, time: timestamp, local_timestamp);
        });
        c.at = "end".into();
        let describe = |m: &FitMessages| m.fault.as_ref().map(|f| f.describe());
        c.text("fault", &describe(fast), &describe(oracle));
    }
}

/// Field comparisons inside one file.
struct Fields<'a> {
    file: &'a str,
    tally: &'a mut Tally,
    at: String,
}

impl Fields<'_> {
    fn check(
        &mut self,
        field: &str,
        same: bool,
        fast: &dyn std::fmt::Debug,
        oracle: &dyn std::fmt::Debug,
    ) {
        self.tally.fields += 1;
        if !same {
            self.tally.mismatches.push(format!(
                "{}: {} {field}: fast {fast:?}, fitparser {oracle:?}",
                self.file, self.at
            ));
        }
    }

    fn same_len(&mut self, kind: &str, fast: usize, oracle: usize) {
        self.at = "counts".into();
        self.check(kind, fast == oracle, &fast, &oracle);
    }

    fn text(&mut self, field: &str, fast: &Option<String>, oracle: &Option<String>) {
        self.check(field, fast == oracle, fast, oracle);
    }

    fn time(&mut self, field: &str, fast: &Option<i64>, oracle: &Option<i64>) {
        self.check(field, fast == oracle, fast, oracle);
    }

    fn num(&mut self, field: &str, fast: &Num, oracle: &Num) {
        self.number(field, &fast.get(), &oracle.get());
    }

    fn number(&mut self, field: &str, fast: &Option<f64>, oracle: &Option<f64>) {
        let same = match (fast, oracle) {
            (Some(a), Some(b)) => {
                a.to_bits() == b.to_bits() || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
            }
            (None, None) => true,
            _ => false,
        };
        self.check(field, same, fast, oracle);
    }
}

/// FIT files under a folder (`.fit`, `.fit.gz`), sorted, with their bytes.
fn fit_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path.to_string_lossy().to_lowercase();
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let bytes = if name.ends_with(".fit.gz") {
                // The demo export holds a deliberately broken gzip stream.
                let Some(bytes) = gunzip(&bytes) else {
                    continue;
                };
                bytes
            } else if name.ends_with(".fit") {
                bytes
            } else {
                continue;
            };
            let shown = path.strip_prefix(dir).unwrap_or(&path);
            found.push((shown.to_string_lossy().into_owned(), bytes));
        }
    }
    found.sort();
    found
}

fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    dir.is_dir().then_some(dir)
}

#[test]
fn producers_agree_on_the_real_device_corpus() {
    let Some(dir) = corpus() else {
        println!("no corpus at ../shared/corpus: skipped");
        return;
    };
    let mut tally = Tally::default();
    for (name, bytes) in fit_files(&dir) {
        tally.compare(&name, &bytes);
    }
    tally.print("corpus");
    assert!(tally.files >= 40, "corpus FIT files: {}", tally.files);
    tally.assert_agree();
}

#[test]
fn producers_agree_on_the_committed_fixtures() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
    let mut tally = Tally::default();
    for (name, bytes) in fit_files(&dir) {
        tally.compare(&name, &bytes);
    }
    tally.print("fixtures");
    assert!(tally.files >= 60, "fixture FIT files: {}", tally.files);
    assert_eq!(tally.declined, Vec::<String>::new());
    tally.assert_agree();
}

/// Generated activities of every shape the generator makes.
fn generated() -> Vec<(String, patella_synth::SyntheticActivity)> {
    let mut out = vec![
        ("run_basic".to_string(), fixtures::run_basic()),
        ("run_with_dynamics".into(), fixtures::run_with_dynamics()),
        (
            "multisport_bike_run".into(),
            fixtures::multisport_bike_run(),
        ),
        ("treadmill".into(), fixtures::treadmill()),
        ("run_no_type".into(), fixtures::run_no_type()),
        ("ride".into(), fixtures::ride()),
        ("run_compressed".into(), fixtures::run_compressed()),
    ];
    for seed in 0..6u64 {
        let params = RunParams {
            target: Target::DurationS(1200 + 300 * seed as u32),
            dynamics: seed % 2 == 0,
            power: seed % 3 == 0,
            heart_rate: seed != 4,
            altitude: seed != 5,
            gps: seed != 1,
            pauses: vec![PausePlan {
                after_timer_s: 300,
                duration_s: 20 + 10 * seed as u32,
            }],
            seed: 100 + seed,
            ..RunParams::default()
        };
        out.push((format!("generated run {seed}"), generate(&params)));
    }
    let bike = RunParams {
        sport: SynthSport::Cycling,
        device: SynthDevice::edge_530(),
        target: Target::DistanceM(8000.0),
        pace_s_per_km: 120.0,
        cadence: 85.0,
        seed: 7,
        ..RunParams::default()
    };
    let run = RunParams {
        target: Target::DistanceM(2000.0),
        seed: 8,
        ..RunParams::default()
    };
    out.push(("generated multisport".into(), multisport(&[bike, run], 90)));
    out
}

#[test]
fn producers_agree_on_generated_files() {
    let mut tally = Tally::default();
    for (name, activity) in generated() {
        for compressed_timestamps in [false, true] {
            let options = FitOptions {
                compressed_timestamps,
            };
            let tag = if compressed_timestamps {
                "compressed"
            } else {
                "plain"
            };
            tally.compare(&format!("{name} ({tag})"), &write_fit(&activity, &options));
            for fraction in [0.1, 0.5, 0.9] {
                let bytes = write_fit_truncated(&activity, &options, fraction);
                tally.compare(&format!("{name} ({tag}) cut at {fraction}"), &bytes);
            }
        }
    }
    tally.print("generated");
    assert_eq!(tally.declined, Vec::<String>::new());
    tally.assert_agree();
}

/// Cuts at every length class, chained copies, trailing bytes and flipped
/// bytes: whatever the fast decoder does not decline must agree.
#[test]
fn producers_agree_on_mangled_files() {
    let bytes = write_fit(&fixtures::run_with_dynamics(), &FitOptions::default());
    let mut tally = Tally::default();
    for cut in (0..bytes.len()).step_by(509).chain(0..64) {
        tally.compare(
            &format!("cut at {cut}"),
            bytes.get(..cut).unwrap_or_default(),
        );
    }
    let mut chained = bytes.clone();
    chained.extend_from_slice(&write_fit(&fixtures::run_basic(), &FitOptions::default()));
    tally.compare("two chained files", &chained);
    // (One to eleven zero bytes make fitparser's debug build panic: declined.)
    for extra in [&[0u8; 13][..], &[14, 0x20], b"garbage after the file"] {
        let mut padded = bytes.clone();
        padded.extend_from_slice(extra);
        tally.compare(&format!("{} bytes after the file", extra.len()), &padded);
    }
    let gz = gzip(&bytes);
    tally.compare("gzip bytes (no FIT header)", &gz);
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..120 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut mangled = bytes.clone();
        let at = (state % mangled.len() as u64) as usize;
        mangled[at] ^= (state >> 32) as u8 | 1;
        tally.compare(&format!("flip {i} at byte {at}"), &mangled);
    }
    tally.print("mangled");
    tally.assert_agree();
}

/// Sixty random corruptions (one to four bytes) of every corpus file.
/// About a minute in release: `cargo test --release --lib
/// producers_agree_on_corrupted_corpus -- --ignored --nocapture`.
#[test]
#[ignore]
fn producers_agree_on_corrupted_corpus_files() {
    let Some(dir) = corpus() else {
        return;
    };
    let mut tally = Tally::default();
    let mut state = 0x1234_5678_9e37_79b9u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (name, bytes) in fit_files(&dir) {
        if bytes.len() < 20 {
            continue;
        }
        for i in 0..60 {
            let mut mangled = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = 14 + (next() % (mangled.len() as u64 - 14)) as usize;
                mangled[at] = (next() >> 24) as u8;
            }
            tally.compare(&format!("{name} corrupted {i}"), &mangled);
        }
    }
    tally.print("corrupted corpus");
    tally.assert_agree();
}
