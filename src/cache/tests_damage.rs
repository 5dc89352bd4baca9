//! Caches from other versions, damaged files, unusable folders.

use std::path::{Path, PathBuf};

use super::tests::{db, entry, filled, key, keys, tamper};
use super::*;

#[test]
fn an_older_layout_is_rebuilt_empty() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 3);
    let cache = Cache::open(dir.path(), 4).unwrap();
    let reason = cache.rebuilt().unwrap();
    assert!(
        reason.contains("older patella") && reason.contains("layout 3"),
        "{reason}"
    );
    assert!(cache.lookup(&keys(&["a", "b"])).unwrap().is_empty());
    drop(cache);
    let again = Cache::open(dir.path(), 4).unwrap();
    assert_eq!(again.rebuilt(), None, "rebuilt once, then current");
}

#[test]
fn an_older_schema_is_rebuilt_empty() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(dir.path(), "UPDATE meta SET value = 0 WHERE key = 'schema'");
    let cache = Cache::open(dir.path(), 1).unwrap();
    assert!(cache.rebuilt().unwrap().contains("schema 0"));
    assert!(cache.keys_under("").unwrap().is_empty());
}

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|file| {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_newer_layout_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 8);
    let before = snapshot(dir.path());
    let error = Cache::open(dir.path(), 7).err().unwrap();
    let CacheError::Newer { layout, schema, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!((*layout, *schema), (8, 1));
    assert_eq!(snapshot(dir.path()), before);
    let message = error.to_string();
    let expected = format!(
        "cache {}: written by a newer patella ({}, layout 8, schema 1); running without it",
        db(dir.path()).display(),
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(message, expected);
    // Still intact for the newer patella.
    let newer = Cache::open(dir.path(), 8).unwrap();
    assert_eq!(newer.lookup(&keys(&["a", "b"])).unwrap().len(), 2);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(
        dir.path(),
        "UPDATE meta SET value = 2 WHERE key = 'schema';
         UPDATE meta SET value = 0 WHERE key = 'layout';
         UPDATE meta SET value = '9.9.9' WHERE key = 'written_by';",
    );
    let before = snapshot(dir.path());
    let error = Cache::open(dir.path(), 1).err().unwrap();
    assert!(
        matches!(&error, CacheError::Newer { schema: 2, layout: 0, written_by, .. } if written_by == "9.9.9"),
        "{error}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Opens a cache that must have been rebuilt, checks it works, and returns
/// the reason given.
fn rebuilt_reason(dir: &Path) -> String {
    let mut cache = Cache::open(dir, 1).unwrap();
    let reason = cache.rebuilt().expect("rebuilt").to_string();
    assert!(cache.keys_under("").unwrap().is_empty());
    cache.store(&[(key("new"), entry(5, 50))]).unwrap();
    drop(cache);
    let again = Cache::open(dir, 1).unwrap();
    assert_eq!(again.rebuilt(), None);
    assert_eq!(again.keys_under("").unwrap(), keys(&["new"]));
    reason
}

#[test]
fn a_garbage_file_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..10_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(db(dir.path()), garbage).unwrap();
    assert_eq!(rebuilt_reason(dir.path()), "not a SQLite database");
}

#[test]
fn a_truncated_file_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut cache = Cache::open(dir.path(), 1).unwrap();
        let entries: Vec<_> = (0..50u8)
            .map(|i| (key(&i.to_string()), entry(i, 10_000)))
            .collect();
        cache.store(&entries).unwrap();
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(db(dir.path()))
        .unwrap();
    let len = file.metadata().unwrap().len();
    file.set_len(len / 2).unwrap();
    drop(file);
    let reason = rebuilt_reason(dir.path());
    assert!(reason.starts_with("damaged"), "{reason}");
}

#[test]
fn a_damaged_page_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut cache = Cache::open(dir.path(), 1).unwrap();
        let entries: Vec<_> = (0..50u8)
            .map(|i| (key(&i.to_string()), entry(i, 10_000)))
            .collect();
        cache.store(&entries).unwrap();
    }
    // Overwrite the third page (a B-tree page, past the schema) with noise;
    // the page size is the big-endian u16 at offset 16 of the header.
    let mut bytes = std::fs::read(db(dir.path())).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(bytes.len() >= 4 * page);
    for (i, byte) in bytes[2 * page..3 * page].iter_mut().enumerate() {
        *byte = (i * 31 % 256) as u8;
    }
    std::fs::write(db(dir.path()), bytes).unwrap();
    let reason = rebuilt_reason(dir.path());
    assert!(reason.starts_with("damaged"), "{reason}");
}

#[test]
fn a_zero_length_file_is_a_new_cache() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(db(dir.path()), b"").unwrap();
    let cache = Cache::open(dir.path(), 1).unwrap();
    assert_eq!(cache.rebuilt(), None);
}

#[test]
fn an_unrelated_database_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    tamper(
        dir.path(),
        "CREATE TABLE files (name TEXT); CREATE TABLE other (x INTEGER PRIMARY KEY);
         CREATE INDEX other_x ON other (x); CREATE VIEW v AS SELECT * FROM other;
         CREATE TRIGGER t AFTER INSERT ON other BEGIN DELETE FROM files; END;
         INSERT INTO other VALUES (1);",
    );
    assert_eq!(rebuilt_reason(dir.path()), "not a patella cache");
}

#[test]
fn missing_or_changed_tables_are_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(dir.path(), "DROP TABLE files");
    assert_eq!(rebuilt_reason(dir.path()), "its files table is missing");

    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(dir.path(), "ALTER TABLE files DROP COLUMN content_hash");
    assert_eq!(
        rebuilt_reason(dir.path()),
        "its files table has other columns"
    );

    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(dir.path(), "DROP TABLE meta");
    assert_eq!(rebuilt_reason(dir.path()), "its meta table is missing");

    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(
        dir.path(),
        "UPDATE meta SET value = 'x' WHERE key = 'layout'",
    );
    assert_eq!(rebuilt_reason(dir.path()), "its meta table is incomplete");
}

#[test]
fn a_row_of_the_wrong_types_reads_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    filled(dir.path(), 1);
    tamper(
        dir.path(),
        "UPDATE files SET bytes = 'text', size = 'big' WHERE key = '/runs/a'",
    );
    let cache = Cache::open(dir.path(), 1).unwrap();
    let found = cache.lookup(&keys(&["a", "b"])).unwrap();
    assert_eq!(found.keys().collect::<Vec<_>>(), [&key("b")]);
}

#[test]
fn an_unusable_folder_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    // A folder path that goes through a regular file.
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let error = Cache::open(&file.join("cache"), 1).err().unwrap();
    assert!(matches!(error, CacheError::CreateDir { .. }), "{error}");
    assert!(error
        .to_string()
        .starts_with(&format!("cache {}", file.join("cache").display())));

    // The database's name taken by a folder.
    std::fs::create_dir(db(dir.path())).unwrap();
    let error = Cache::open(dir.path(), 1).err().unwrap();
    let message = error.to_string();
    assert!(matches!(error, CacheError::Sqlite { .. }), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.contains(&db(dir.path()).display().to_string()),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_a_clean_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("ro");
    std::fs::create_dir(&cache_dir).unwrap();
    std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writable = std::fs::write(cache_dir.join("probe"), b"").is_ok();
    if !writable {
        // Not root: permissions apply.
        let error = Cache::open(&cache_dir, 1).err().unwrap();
        assert!(matches!(error, CacheError::Sqlite { .. }), "{error}");
    }
    std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}
