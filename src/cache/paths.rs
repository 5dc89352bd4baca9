//! Where the cache lives, and deleting it.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// The database's file name inside the cache folder.
pub(super) const FILE: &str = "cache.sqlite3";

/// The files SQLite may keep beside the database: the write-ahead log, its
/// shared-memory index, and a rollback journal (a database not yet in WAL
/// mode, or one left by a crash).
const SIDE_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The platforms whose cache-folder conventions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Platform {
    Linux,
    MacOs,
    Windows,
}

impl Platform {
    /// The platform this binary runs on (other Unixes follow XDG, like
    /// Linux); None where no convention is known.
    pub(super) fn current() -> Option<Platform> {
        if cfg!(target_os = "macos") {
            Some(Platform::MacOs)
        } else if cfg!(windows) {
            Some(Platform::Windows)
        } else if cfg!(unix) {
            Some(Platform::Linux)
        } else {
            None
        }
    }
}

/// The cache folder for `platform` given the environment `var` (a lookup
/// of one variable), so that tests can check every platform's rule without
/// touching the process environment.
///
/// `PATELLA_CACHE_DIR` wins. Otherwise the platform's convention: an
/// absolute `$XDG_CACHE_HOME` or else `$HOME/.cache` on Linux (the XDG spec
/// says a relative `XDG_CACHE_HOME` is to be ignored),
/// `$HOME/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows; then
/// `patella`. Empty variables count as unset.
pub(super) fn default_dir_from(
    platform: Option<Platform>,
    var: impl Fn(&str) -> Option<OsString>,
) -> Option<PathBuf> {
    let set = |name: &str| {
        var(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = set("PATELLA_CACHE_DIR") {
        return Some(dir);
    }
    let base = match platform? {
        Platform::Linux => set("XDG_CACHE_HOME")
            .filter(|dir| dir.is_absolute())
            .or_else(|| set("HOME").map(|home| home.join(".cache")))?,
        Platform::MacOs => set("HOME")?.join("Library").join("Caches"),
        Platform::Windows => set("LOCALAPPDATA")?,
    };
    Some(base.join("patella"))
}

/// The database and every side file SQLite may keep, database first.
pub(super) fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join(FILE)];
    for suffix in SIDE_SUFFIXES {
        files.push(dir.join(format!("{FILE}{suffix}")));
    }
    files
}

/// Deletes the cache database and its side files in `dir`, returning the
/// bytes freed (`Ok(0)` when there was no cache). It never opens the
/// database, so it works on a damaged or newer cache too: the way out when
/// a cache is in the way.
///
/// Run it while no other patella uses the cache: SQLite cannot protect a
/// database whose files are deleted under an open connection.
pub fn clear(dir: &Path) -> io::Result<u64> {
    let mut freed = 0;
    for file in all_files(dir) {
        let metadata = match std::fs::symlink_metadata(&file) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        match std::fs::remove_file(&file) {
            Ok(()) => freed += metadata.len(),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    Ok(freed)
}

/// Deletes the cache files in `dir` for a rebuild, reporting the first
/// file that could not be deleted.
pub(super) fn delete_all(dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    for file in all_files(dir) {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err((file, error)),
        }
    }
    Ok(())
}
