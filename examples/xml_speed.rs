//! GPX, TCX and gzip decoding speed, one thread.
//!
//! ```text
//! cargo run --release --example xml_speed -- FOLDER [REPEATS [STEP]]
//! cargo run --release --example xml_speed -- --dump FOLDER... > activities.tsv
//! ```
//!
//! The first form reads every `.gpx`, `.tcx` and `.gz` file under FOLDER
//! into memory, then times, single-threaded, in CPU time of the thread
//! (best of 3 rounds of REPEATS passes, default 3, as `fit_speed` does):
//!
//! - `gzip inflate`: every `.gz` file unpacked the way the importer does it
//!   (the same flate2 calls as `import::container`, ISIZE pre-sizing
//!   included), MB/s of unpacked bytes; `gzip, unsized`: the same through
//!   `flate2::read` into a growing buffer, as the importer did before;
//! - `gpx xml only`, `tcx xml only`: quick-xml's event loop over the
//!   documents with nothing done per event, the ceiling of any decoder
//!   built on it;
//! - `gpx tag scan`, `tcx tag scan`: every `<` of the documents found
//!   with memchr's SIMD search and nothing read: a bound no XML scanner
//!   passes, since each must at least find every tag;
//! - `gpx decode`, `tcx decode`: `patella::import::decode` from bytes to
//!   activities (`.gpx.gz` and `.tcx.gz` unpacked beforehand), MB/s of XML
//!   bytes.
//!
//! Each line gives MB/s and files/s. STEP (`gzip`, `xml` or `decode`)
//! times only the lines of that name, for a profiler.
//!
//! The second form prints, for every GPX/TCX file under the folders
//! (gzipped ones unpacked), its path, a tab and the JSON of what
//! `decode` gives (or the error's text), one line per file, sorted: two
//! builds' outputs can be diffed to prove they decode alike.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use patella::import::{decode, sniff, Content};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xml_speed: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--dump", folders @ ..] if !folders.is_empty() => dump(folders),
        [folder] => measure(Path::new(folder), 3, None),
        [folder, repeats] => measure(Path::new(folder), repeats.parse()?, None),
        [folder, repeats, step @ ("gzip" | "xml" | "decode")] => {
            measure(Path::new(folder), repeats.parse()?, Some(step))
        }
        _ => bail!(
            "usage: xml_speed FOLDER [REPEATS [gzip|xml|decode]] | xml_speed --dump FOLDER..."
        ),
    }
}

/// A file read into memory: its path, its bytes as stored and, for a
/// gzip file, its unpacked bytes.
struct File {
    path: PathBuf,
    stored: Vec<u8>,
    unpacked: Option<Vec<u8>>,
}

impl File {
    fn content(&self) -> &[u8] {
        self.unpacked.as_deref().unwrap_or(&self.stored)
    }
}

fn measure(folder: &Path, repeats: usize, step: Option<&str>) -> Result<()> {
    let wanted = |name: &str| step.is_none_or(|s| s == name);
    let files = read_files(&[folder])?;
    let gz: Vec<&[u8]> = files
        .iter()
        .filter(|f| f.unpacked.is_some())
        .map(|f| f.stored.as_slice())
        .collect();
    let of = |format: Content| -> Vec<&[u8]> {
        files
            .iter()
            .map(File::content)
            .filter(|bytes| sniff(bytes) == format)
            .collect()
    };
    let (gpx, tcx) = (of(Content::Gpx), of(Content::Tcx));
    println!(
        "{} GPX ({:.1} MB), {} TCX ({:.1} MB), {} gzip ({:.1} MB packed, {:.1} MB unpacked); \
         {repeats} passes, one thread, MB/s per CPU second, best of 3 rounds",
        gpx.len(),
        megabytes(&gpx),
        tcx.len(),
        megabytes(&tcx),
        gz.len(),
        megabytes(&gz),
        files
            .iter()
            .filter_map(|f| f.unpacked.as_ref())
            .map(Vec::len)
            .sum::<usize>() as f64
            / 1e6,
    );
    let report = |what: &str, set: &[&[u8]], output_bytes: usize, time: Duration| {
        let seconds = time.as_secs_f64();
        println!(
            "{what:<16} {:>8.1} MB/s  {:>8.0} files/s  {seconds:>7.3} s",
            (output_bytes * repeats) as f64 / 1e6 / seconds,
            (set.len() * repeats) as f64 / seconds,
        );
    };
    if !gz.is_empty() && wanted("gzip") {
        let unpacked: usize = gz.iter().map(|b| gunzip(b).map_or(0, |v| v.len())).sum();
        let presized = time(repeats, &gz, |bytes| gunzip(bytes).map_or(0, |v| v.len()));
        report("gzip inflate", &gz, unpacked, presized);
        let growing = time(repeats, &gz, |bytes| {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_or(0, |_| out.len())
        });
        report("gzip, unsized", &gz, unpacked, growing);
    }
    for (name, set) in [("gpx", &gpx), ("tcx", &tcx)] {
        if set.is_empty() {
            continue;
        }
        let bytes = set.iter().map(|b| b.len()).sum();
        if wanted("xml") {
            let events = time(repeats, set, xml_events);
            report(&format!("{name} xml only"), set, bytes, events);
            let tags = time(repeats, set, |bytes| {
                memchr::memchr_iter(b'<', bytes).count()
            });
            report(&format!("{name} tag scan"), set, bytes, tags);
        }
        if wanted("decode") {
            let decoded = time(repeats, set, |bytes| {
                decode(sniff(bytes), bytes).map_or(0, |a| a.len())
            });
            report(&format!("{name} decode"), set, bytes, decoded);
        }
    }
    Ok(())
}

fn megabytes(set: &[&[u8]]) -> f64 {
    set.iter().map(|b| b.len()).sum::<usize>() as f64 / 1e6
}

/// Unpacks a gzip file as `import::container` does: the trailer's ISIZE
/// (the unpacked size of the last member modulo 4 GiB, written by the
/// packer, so only a hint) sizes the buffer, capped by DEFLATE's maximum
/// ratio and 64 MiB, and every member is read from the slice.
fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let hint = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .and_then(|tail| <[u8; 4]>::try_from(tail).ok())
        .map_or(0, |isize| u32::from_le_bytes(isize) as usize);
    let mut out = Vec::with_capacity(hint.min(bytes.len().saturating_mul(1032)).min(64 << 20));
    flate2::bufread::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// quick-xml's events over the document (borrowed from it, no copy),
/// nothing done with them.
fn xml_events(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

/// Runs `work` over every file `repeats` times and gives the CPU time of
/// this thread (the wall clock where Linux does not tell); best of three.
fn time(repeats: usize, files: &[&[u8]], work: impl Fn(&[u8]) -> usize) -> Duration {
    let round = || {
        let start = Instant::now();
        let cpu_start = thread_cpu_time();
        let mut sink = 0usize;
        for _ in 0..repeats {
            for file in files {
                sink = sink.wrapping_add(work(file));
            }
        }
        std::hint::black_box(sink);
        match (cpu_start, thread_cpu_time()) {
            (Some(from), Some(to)) if to > from => to - from,
            _ => start.elapsed(),
        }
    };
    (0..3).map(|_| round()).min().unwrap_or_default()
}

/// This thread's CPU time so far, from `/proc/thread-self/schedstat`.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Every `.gpx`, `.tcx` and `.gz` file under the folders, sorted by path,
/// gzip ones unpacked.
fn read_files(folders: &[&Path]) -> Result<Vec<File>> {
    let mut paths = Vec::new();
    let mut pending: Vec<PathBuf> = folders.iter().map(|f| f.to_path_buf()).collect();
    while let Some(dir) = pending.pop() {
        if dir.is_file() {
            paths.push(dir);
            continue;
        }
        for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path.to_string_lossy().to_lowercase();
        if !(name.ends_with(".gpx") || name.ends_with(".tcx") || name.ends_with(".gz")) {
            continue;
        }
        let stored = std::fs::read(&path).with_context(|| path.display().to_string())?;
        let unpacked = if name.ends_with(".gz") {
            gunzip(&stored)
        } else {
            None
        };
        files.push(File {
            path,
            stored,
            unpacked,
        });
    }
    Ok(files)
}

fn dump(folders: &[&str]) -> Result<()> {
    let folders: Vec<&Path> = folders.iter().map(Path::new).collect();
    use std::io::Write as _;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut counts = [0usize; 3];
    for file in read_files(&folders)? {
        let bytes = file.content();
        let content = sniff(bytes);
        if !matches!(content, Content::Gpx | Content::Tcx) {
            continue;
        }
        let decoded = match decode(content, bytes) {
            Ok(activities) => {
                counts[0] += 1;
                serde_json::to_string(&activities)?
            }
            Err(error) => {
                counts[1] += 1;
                format!("error: {error}")
            }
        };
        counts[2] += 1;
        writeln!(out, "{}\t{decoded}", file.path.display())?;
    }
    out.flush()?;
    eprintln!(
        "{} GPX/TCX files: {} decoded, {} errors",
        counts[2], counts[0], counts[1]
    );
    Ok(())
}
