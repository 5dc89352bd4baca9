//! Where the cache lives, clearing it, content hashes and stamps.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use super::paths::{default_dir_from, Platform};
use super::tests::{db, filled};
use super::*;

#[test]
fn clear_deletes_the_files_and_counts_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(clear(dir.path()).unwrap(), 0, "no cache");
    assert_eq!(clear(&dir.path().join("absent")).unwrap(), 0, "no folder");

    let cache_dir = dir.path().join("patella");
    filled(&cache_dir, 1);
    let size = std::fs::metadata(db(&cache_dir)).unwrap().len();
    assert!(size > 0);
    std::fs::write(cache_dir.join("unrelated.txt"), b"keep").unwrap();
    assert_eq!(clear(&cache_dir).unwrap(), size);
    let left: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|file| file.unwrap().file_name())
        .collect();
    assert_eq!(left, [OsString::from("unrelated.txt")]);

    // A damaged cache with side files: counted, deleted, never opened.
    std::fs::write(db(&cache_dir), b"garbage").unwrap();
    std::fs::write(cache_dir.join("cache.sqlite3-wal"), b"wal!").unwrap();
    assert_eq!(clear(&cache_dir).unwrap(), 11);
    assert_eq!(clear(&cache_dir).unwrap(), 0);
}

#[test]
fn delete_all_removes_the_database_and_its_side_files_only() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "cache.sqlite3",
        "cache.sqlite3-wal",
        "cache.sqlite3-shm",
        "other",
    ] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    super::paths::delete_all(dir.path()).unwrap();
    super::paths::delete_all(dir.path()).unwrap();
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|file| file.unwrap().file_name())
        .collect();
    assert_eq!(left, [OsString::from("other")]);

    std::fs::create_dir(db(dir.path())).unwrap();
    let (path, _) = super::paths::delete_all(dir.path()).err().unwrap();
    assert_eq!(path, db(dir.path()));
    assert!(
        clear(dir.path()).is_err(),
        "a folder in the database's place"
    );
}

#[test]
fn content_hash_is_xxh3_64() {
    // Reference values from Python's `xxhash` package 3.x (libxxhash 0.8),
    // computed independently in a throwaway venv:
    //   python3 -m venv /tmp/xx && /tmp/xx/bin/pip install xxhash
    //   /tmp/xx/bin/python -c "import xxhash; print(hex(xxhash.xxh3_64_intdigest(b'patella')))"
    // 0x2d06800538d394c2 is also the empty input's value in xxHash's own
    // sanity tests.
    assert_eq!(content_hash(b""), 0x2d06_8005_38d3_94c2);
    assert_eq!(content_hash(b"patella"), 0xb9ce_9ba3_d47b_8b5e);
}

#[test]
fn stamp_reads_size_and_nanosecond_mtime() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.fit");
    std::fs::write(&path, b"12345").unwrap();
    let when = UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789);
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(when).unwrap();
    let stamp = Stamp::of(&file.metadata().unwrap()).unwrap();
    assert_eq!(stamp.size, 5);
    // Some file systems keep coarser times; none keeps more than a second's.
    assert!((stamp.modified_ns - 1_700_000_000_123_456_789).abs() < 1_000_000_000);

    file.set_modified(UNIX_EPOCH - Duration::from_secs(10))
        .unwrap();
    let before = Stamp::of(&file.metadata().unwrap()).unwrap();
    assert_eq!(before.modified_ns, -10_000_000_000, "before the epoch");
}

#[test]
fn default_dir_follows_each_platform() {
    let env = |pairs: &[(&str, &str)]| -> HashMap<String, OsString> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), OsString::from(value)))
            .collect()
    };
    let dir =
        |os, vars: &HashMap<String, OsString>| default_dir_from(os, |name| vars.get(name).cloned());
    let p = |path: &str| Some(PathBuf::from(path));

    let home = env(&[
        ("HOME", "/home/u"),
        ("LOCALAPPDATA", r"C:\Users\u\AppData\Local"),
    ]);
    assert_eq!(
        dir(Some(Platform::Linux), &home),
        p("/home/u/.cache/patella")
    );
    assert_eq!(
        dir(Some(Platform::MacOs), &home),
        p("/home/u/Library/Caches/patella")
    );
    assert_eq!(
        dir(Some(Platform::Windows), &home),
        Some(PathBuf::from(r"C:\Users\u\AppData\Local").join("patella"))
    );
    assert_eq!(dir(None, &home), None);

    let xdg = env(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "/fast/cache")]);
    assert_eq!(dir(Some(Platform::Linux), &xdg), p("/fast/cache/patella"));
    assert_eq!(
        dir(Some(Platform::MacOs), &xdg),
        p("/home/u/Library/Caches/patella")
    );
    let relative = env(&[("HOME", "/home/u"), ("XDG_CACHE_HOME", "cache")]);
    assert_eq!(
        dir(Some(Platform::Linux), &relative),
        p("/home/u/.cache/patella")
    );

    let own = env(&[("PATELLA_CACHE_DIR", "/tmp/pc"), ("HOME", "/home/u")]);
    for os in [
        Some(Platform::Linux),
        Some(Platform::MacOs),
        Some(Platform::Windows),
        None,
    ] {
        assert_eq!(dir(os, &own), p("/tmp/pc"), "{os:?}");
    }

    let empty = env(&[
        ("PATELLA_CACHE_DIR", ""),
        ("HOME", ""),
        ("XDG_CACHE_HOME", ""),
    ]);
    assert_eq!(dir(Some(Platform::Linux), &empty), None);
    assert_eq!(dir(Some(Platform::Windows), &empty), None);
}
