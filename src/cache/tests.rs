//! The store's reads and writes, and several caches at once. Damaged and
//! versioned files are in `tests_damage.rs`, paths, clearing, hashing and
//! stamps in `tests_files.rs`; the helpers here serve all three.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;

pub(super) fn entry(seed: u8, len: usize) -> Entry {
    let bytes: Vec<u8> = (0..len).map(|i| seed.wrapping_add(i as u8)).collect();
    Entry {
        stamp: Stamp {
            size: 1000 + u64::from(seed),
            modified_ns: 1_700_000_000_000_000_000 + i64::from(seed),
        },
        content_hash: content_hash(&bytes),
        bytes,
    }
}

pub(super) fn key(name: &str) -> String {
    format!("/runs/{name}")
}

pub(super) fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| key(name)).collect()
}

pub(super) fn db(dir: &Path) -> PathBuf {
    dir.join("cache.sqlite3")
}

/// A cache in `dir` holding entries a and b, closed again.
pub(super) fn filled(dir: &Path, layout: u32) {
    let mut cache = Cache::open(dir, layout).unwrap();
    assert_eq!(cache.rebuilt(), None);
    cache
        .store(&[(key("a"), entry(1, 100)), (key("b"), entry(2, 200))])
        .unwrap();
}

/// Runs SQL on the cache file behind patella's back.
pub(super) fn tamper(dir: &Path, sql: &str) {
    let connection = rusqlite::Connection::open(db(dir)).unwrap();
    connection.execute_batch(sql).unwrap();
}

#[test]
fn entries_round_trip_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let odd = Entry {
        stamp: Stamp {
            size: u64::MAX,
            modified_ns: -5,
        },
        content_hash: u64::MAX - 1,
        bytes: Vec::new(),
    };
    {
        let mut cache = Cache::open(dir.path(), 1).unwrap();
        assert_eq!(cache.path(), db(dir.path()));
        assert_eq!(cache.rebuilt(), None, "a new cache is not a rebuilt one");
        cache
            .store(&[(key("a"), entry(1, 20_000)), (key("odd"), odd.clone())])
            .unwrap();
    }
    let cache = Cache::open(dir.path(), 1).unwrap();
    assert_eq!(cache.rebuilt(), None);
    let found = cache.lookup(&keys(&["a", "odd"])).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[&key("a")], entry(1, 20_000));
    assert_eq!(found[&key("odd")], odd, "u64 bit patterns and empty blobs");
}

#[test]
fn store_replaces_an_existing_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(dir.path(), 1).unwrap();
    cache.store(&[(key("a"), entry(1, 10))]).unwrap();
    cache.store(&[(key("a"), entry(9, 30))]).unwrap();
    let found = cache.lookup(&keys(&["a"])).unwrap();
    assert_eq!(found[&key("a")], entry(9, 30));
    assert_eq!(cache.keys_under("").unwrap(), keys(&["a"]));
}

#[test]
fn lookup_leaves_out_missing_keys() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    let cache = Cache::open(dir.path(), 1).unwrap();
    let found = cache.lookup(&keys(&["a", "nope", "b", "a"])).unwrap();
    let mut names: Vec<&String> = found.keys().collect();
    names.sort();
    assert_eq!(names, [&key("a"), &key("b")]);
    assert!(cache.lookup(&[]).unwrap().is_empty());
}

#[test]
fn forget_removes_entries_and_ignores_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    let mut cache = Cache::open(dir.path(), 1).unwrap();
    cache.forget(&keys(&["a", "never stored"])).unwrap();
    assert_eq!(cache.keys_under("").unwrap(), keys(&["b"]));
    assert!(cache.lookup(&keys(&["a"])).unwrap().is_empty());
}

#[test]
fn keys_under_matches_the_prefix_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(dir.path(), 1).unwrap();
    let names = [
        "/u/runs/a.fit",
        "/u/runs/sub/b.gpx",
        "/u/runs2/c.fit",
        "/u/Runs/d.fit",
        "/u/run%/e.fit",
        "/u/run_x/f.fit",
        "/u/runs/é.tcx",
        "/v/g.fit",
    ];
    let entries: Vec<(String, Entry)> = names
        .iter()
        .map(|name| (name.to_string(), entry(0, 1)))
        .collect();
    cache.store(&entries).unwrap();
    assert_eq!(
        cache.keys_under("/u/runs/").unwrap(),
        ["/u/runs/a.fit", "/u/runs/sub/b.gpx", "/u/runs/é.tcx"]
    );
    assert_eq!(cache.keys_under("/u/run%").unwrap(), ["/u/run%/e.fit"]);
    assert_eq!(cache.keys_under("/u/run_").unwrap(), ["/u/run_x/f.fit"]);
    assert_eq!(cache.keys_under("/w").unwrap(), Vec::<String>::new());
    assert_eq!(cache.keys_under("").unwrap().len(), names.len());
}

#[test]
fn two_caches_on_one_file_write_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    let threads: Vec<_> = (0..2u8)
        .map(|thread| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut cache = Cache::open(&dir, 1).unwrap();
                for round in 0..20u8 {
                    let name = key(&format!("{thread}-{round}"));
                    cache.store(&[(name.clone(), entry(round, 5_000))]).unwrap();
                    assert!(cache.lookup(&[name]).unwrap().len() == 1);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let cache = Cache::open(dir.path(), 1).unwrap();
    assert_eq!(cache.keys_under("/runs/").unwrap().len(), 2 + 40);
}

#[test]
fn a_writer_blocks_writers_but_not_readers() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    let mut cache = Cache::open(dir.path(), 1).unwrap();
    cache.set_busy_timeout(Duration::from_millis(50));
    let other = rusqlite::Connection::open(db(dir.path())).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    // The write-ahead log lets reads go on during another's write.
    assert_eq!(cache.lookup(&keys(&["a", "b"])).unwrap().len(), 2);
    let error = cache.store(&[(key("c"), entry(3, 10))]).err().unwrap();
    assert!(matches!(error, CacheError::Busy { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "cache {}: another patella kept it locked while storing entries; gave up waiting",
            db(dir.path()).display()
        )
    );

    other.execute_batch("COMMIT").unwrap();
    cache.store(&[(key("c"), entry(3, 10))]).unwrap();
    assert_eq!(cache.keys_under("").unwrap().len(), 3);
}

/// The environment variable that turns [`child_writer`] on, naming the
/// cache folder.
const CHILD_DIR: &str = "PATELLA_CACHE_TEST_CHILD_DIR";

#[test]
fn two_processes_write_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    // This test binary again, running only `child_writer`, twice at once.
    let children: Vec<_> = (0..2)
        .map(|child| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "cache::tests::child_writer", "--ignored"])
                .args(["--test-threads", "1"])
                .env(CHILD_DIR, dir.path())
                .env("PATELLA_CACHE_TEST_CHILD", child.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        assert!(stdout.contains("1 passed"), "{stdout}");
    }
    // Both found layout 1 and rebuilt it for layout 2, one after the other
    // under the write lock: the second found the first one's cache current.
    let cache = Cache::open(dir.path(), 2).unwrap();
    assert_eq!(cache.rebuilt(), None);
    assert_eq!(cache.keys_under("/runs/child").unwrap().len(), 2 * 20 * 10);
    assert!(cache.lookup(&keys(&["a", "b"])).unwrap().is_empty());
}

/// One process of [`two_processes_write_in_turn`]: opens the cache with
/// layout 2, then stores and reads back 20 batches of 10 entries of 20 KB.
#[test]
#[ignore = "run by two_processes_write_in_turn"]
fn child_writer() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let child = std::env::var("PATELLA_CACHE_TEST_CHILD").unwrap();
    let mut cache = Cache::open(Path::new(&dir), 2).unwrap();
    for round in 0..20u8 {
        let batch: Vec<(String, Entry)> = (0..10u8)
            .map(|i| (key(&format!("child{child}/{round}-{i}")), entry(i, 20_000)))
            .collect();
        cache.store(&batch).unwrap();
        let names: Vec<String> = batch.iter().map(|(name, _)| name.clone()).collect();
        assert_eq!(cache.lookup(&names).unwrap().len(), 10);
    }
}

/// Prints the times of a store, an open and a lookup of 3000 entries of
/// 20 KB:
/// `cargo test --lib cache::tests::lookup_speed -- --ignored --nocapture`
/// (SQLite is compiled optimized even in the dev profile).
#[test]
#[ignore = "a measurement: prints timings"]
fn lookup_speed() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..3000)
        .map(|i| format!("/home/runner/activities/2024/{i:05}-morning-run.fit"))
        .collect();
    let entries: Vec<(String, Entry)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), entry((i % 251) as u8, 20_000)))
        .collect();
    {
        let mut cache = Cache::open(dir.path(), 1).unwrap();
        let start = Instant::now();
        cache.store(&entries).unwrap();
        println!("store, one transaction: {:?}", start.elapsed());
    }
    let (mut opens, mut lookups, mut cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        let start = Instant::now();
        let cache = Cache::open(dir.path(), 1).unwrap();
        opens.push(start.elapsed());
        let (start, cpu_start) = (Instant::now(), cpu_ns());
        let found = cache.lookup(&names).unwrap();
        lookups.push(start.elapsed());
        cpu.push(Duration::from_nanos(cpu_ns().saturating_sub(cpu_start)));
        assert_eq!(found.len(), 3000);
    }
    let (start, blob) = (Instant::now(), vec![7u8; 20_000]);
    let copies: Vec<Vec<u8>> = (0..3000).map(|_| blob.clone()).collect();
    let copying = start.elapsed();
    assert_eq!(copies.len(), 3000);
    for (what, mut times) in [
        ("open (with quick check)", opens),
        ("lookup, wall", lookups),
        ("lookup, this thread on a CPU", cpu),
    ] {
        times.sort();
        println!(
            "{what}: min {:?}, median {:?} of {}",
            times[0],
            times[times.len() / 2],
            times.len()
        );
    }
    println!("for scale, 3000 copies of a 20 KB Vec: {copying:?}");
}

/// This thread's time on a CPU so far (Linux; 0 elsewhere): on a loaded
/// machine wall time also counts waiting for a core.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
