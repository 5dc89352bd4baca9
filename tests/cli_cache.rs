//! The incremental cache from the outside: a warm run gives the report a
//! cold one gives; changed, touched and deleted files are noticed; a
//! corrupt, newer or unwritable cache never costs the analysis and is
//! mentioned once; `--no-cache` and `patella cache clear`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A copy of the demo export and an empty cache folder, both temporary.
struct Setup {
    _temp: tempfile::TempDir,
    input: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let temp = tempfile::tempdir().expect("temporary folder");
    let input = temp.path().join("export");
    copy_tree(&demo(), &input);
    let cache = temp.path().join("cache");
    Setup {
        input,
        cache,
        _temp: temp,
    }
}

fn analyze(input: &Path, cache: &Path, extra: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache)
        .arg("analyze")
        .arg(input)
        .args(["--json", "-", "--quiet"])
        .args(extra)
        .output()
        .expect("run patella");
    assert!(
        output.status.success(),
        "patella failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("report.json")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn runs(report: &Value) -> usize {
    report["athletes"][0]["activities"]
        .as_array()
        .expect("activities")
        .len()
}

fn cache_file(cache: &Path) -> PathBuf {
    cache.join("cache.sqlite3")
}

#[test]
fn a_warm_run_gives_the_cold_report() {
    let s = setup();
    let cold = analyze(&s.input, &s.cache, &[]);
    assert!(
        cache_file(&s.cache).is_file(),
        "the first run fills the cache"
    );
    let warm = analyze(&s.input, &s.cache, &[]);
    let uncached = analyze(&s.input, &s.cache, &["--no-cache"]);
    assert_eq!(runs(&report(&cold)), 72, "the demo's runs");
    assert_eq!(report(&cold), report(&warm));
    assert_eq!(report(&cold), report(&uncached));
    // Nothing to say about a healthy cache.
    assert_eq!(stderr(&warm), "");
}

#[test]
fn changed_touched_and_deleted_files_are_noticed() {
    let s = setup();
    analyze(&s.input, &s.cache, &[]);
    let activities = s.input.join("activities");

    // Touched, not changed: the same report (the entry stands by its hash).
    let touched = activities.join("14000338205.fit");
    let file = std::fs::File::options()
        .append(true)
        .open(&touched)
        .expect("open");
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .expect("set mtime");
    drop(file);
    let after_touch = analyze(&s.input, &s.cache, &[]);
    assert_eq!(
        report(&after_touch),
        report(&analyze(&s.input, &s.cache, &["--no-cache"]))
    );

    // Deleted: one run fewer, as a cold run counts.
    std::fs::remove_file(&touched).expect("delete");
    let after_delete = analyze(&s.input, &s.cache, &[]);
    assert_eq!(runs(&report(&after_delete)), 71);
    assert_eq!(
        report(&after_delete),
        report(&analyze(&s.input, &s.cache, &["--no-cache"]))
    );

    // Changed: a file whose bytes are now another run's (same size and
    // time stamp would be trusted; a different size is read again). The
    // copy is a duplicate of that run, merged by the log.
    let other = std::fs::read(activities.join("14000363195.fit")).expect("read");
    std::fs::write(activities.join("14000379050.fit"), other).expect("write");
    let after_change = analyze(&s.input, &s.cache, &[]);
    assert_eq!(runs(&report(&after_change)), 70);
    assert_eq!(
        report(&after_change),
        report(&analyze(&s.input, &s.cache, &["--no-cache"]))
    );
}

#[test]
fn a_corrupt_cache_is_rebuilt_and_said_once() {
    let s = setup();
    let cold = analyze(&s.input, &s.cache, &[]);
    std::fs::write(cache_file(&s.cache), b"not a database, twice over").expect("corrupt");
    let after = analyze(&s.input, &s.cache, &[]);
    assert_eq!(report(&cold), report(&after));
    let said = stderr(&after);
    assert_eq!(said.matches("rebuilt").count(), 1, "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    // Rebuilt: the next run is warm and quiet.
    assert_eq!(stderr(&analyze(&s.input, &s.cache, &[])), "");
}

#[test]
fn a_newer_cache_is_left_alone() {
    let s = setup();
    drop(
        patella::cache::Cache::open(&s.cache, patella::catalog::LAYOUT + 1)
            .expect("a cache of a newer layout"),
    );
    let before = std::fs::read(cache_file(&s.cache)).expect("read cache");
    let output = analyze(&s.input, &s.cache, &[]);
    assert_eq!(runs(&report(&output)), 72);
    let said = stderr(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("newer"), "{said}");
    assert_eq!(std::fs::read(cache_file(&s.cache)).expect("read"), before);
}

#[test]
fn an_unusable_cache_folder_costs_nothing_but_a_line() {
    let s = setup();
    // A file where the cache folder should be.
    std::fs::write(&s.cache, b"in the way").expect("write");
    let output = analyze(&s.input, &s.cache, &[]);
    assert_eq!(runs(&report(&output)), 72);
    let said = stderr(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("cache"), "{said}");
}

#[test]
fn no_cache_writes_none_and_clear_removes_it() {
    let s = setup();
    analyze(&s.input, &s.cache, &["--no-cache"]);
    assert!(!cache_file(&s.cache).exists(), "--no-cache writes no cache");
    analyze(&s.input, &s.cache, &[]);
    assert!(cache_file(&s.cache).is_file());

    let path = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", &s.cache)
        .args(["cache", "path"])
        .output()
        .expect("run patella");
    assert_eq!(
        String::from_utf8_lossy(&path.stdout).trim(),
        s.cache.display().to_string()
    );
    let clear = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", &s.cache)
        .args(["cache", "clear"])
        .output()
        .expect("run patella");
    assert!(clear.status.success(), "{}", stderr(&clear));
    assert!(String::from_utf8_lossy(&clear.stdout).starts_with("cleared"));
    assert!(!cache_file(&s.cache).exists());
}

fn report_folder(input: &Path, cache: &Path, out: &Path, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache)
        .arg("analyze")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("run patella");
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_rerun_keeps_the_charts_of_an_unchanged_log() {
    let s = setup();
    let out = s.cache.with_file_name("report");
    report_folder(&s.input, &s.cache, &out, &[]);
    let chart = out.join("weekly_distance.png");
    let drawn = std::fs::read(&chart).expect("a chart");
    assert!(out.join(".patella-charts.json").is_file());

    // Nothing changed: the charts are the earlier files, copied. A chart
    // replaced by a stand-in shows it: the stand-in is carried over.
    std::fs::write(&chart, b"stand-in").expect("write");
    report_folder(&s.input, &s.cache, &out, &[]);
    assert_eq!(std::fs::read(&chart).expect("read"), b"stand-in");

    // Another chart size is another drawing: drawn afresh.
    report_folder(&s.input, &s.cache, &out, &["--chart-size", "800x1000"]);
    let redrawn = std::fs::read(&chart).expect("read");
    assert_eq!(&redrawn[1..4], b"PNG");
    assert_ne!(redrawn, drawn, "another size");

    // A run less: the log changed, so every chart is drawn again.
    std::fs::write(&chart, b"stand-in").expect("write");
    std::fs::remove_file(s.input.join("activities/14000338205.fit")).expect("delete");
    report_folder(&s.input, &s.cache, &out, &["--chart-size", "800x1000"]);
    assert_eq!(&std::fs::read(&chart).expect("read")[1..4], b"PNG");
}
