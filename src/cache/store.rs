//! [`Cache`]: opening (and rebuilding) the database, and the reads and
//! writes of entries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row, TransactionBehavior};

use super::paths::{self, Platform};
use super::schema::{self, Verdict};
use super::{CacheError, Entry, Stamp};

/// How long a second patella waits for the first one's write before giving
/// up with [`CacheError::Busy`]. Writes are one transaction per run and
/// take well under a second, so only a stuck process outlasts this.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The page size of a new cache file, in bytes.
const PAGE_SIZE: i64 = 16 * 1024;

/// An open cache database. Several processes may hold one on the same file:
/// SQLite's locks (and its write-ahead log, which lets readers go on while
/// one process writes) keep them from corrupting it.
pub struct Cache {
    connection: Connection,
    path: PathBuf,
    rebuilt: Option<String>,
}

impl Cache {
    /// The cache folder: `$PATELLA_CACHE_DIR`, else the platform's cache
    /// folder plus `patella` (`$XDG_CACHE_HOME/patella` or
    /// `~/.cache/patella` on Linux, `~/Library/Caches/patella` on macOS,
    /// `%LOCALAPPDATA%\patella` on Windows). None when the environment names
    /// no home; the caller then runs without a cache.
    pub fn default_dir() -> Option<PathBuf> {
        paths::default_dir_from(Platform::current(), |name| std::env::var_os(name))
    }

    /// Opens or creates `dir/cache.sqlite3`, creating `dir`.
    ///
    /// `layout` is the caller's format number for the blobs. A cache with an
    /// older layout or schema, one that is not a patella cache, or one that
    /// is damaged is emptied and rebuilt, and [`Cache::rebuilt`] says why.
    /// A cache with a newer layout or schema is left byte for byte as it is
    /// and [`CacheError::Newer`] returned, so that switching between patella
    /// versions does not throw away the newer one's work.
    pub fn open(dir: &Path, layout: u32) -> Result<Cache, CacheError> {
        std::fs::create_dir_all(dir).map_err(|source| CacheError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(paths::FILE);
        let fail = |during| {
            let path = path.clone();
            move |error| CacheError::sqlite(path, during, error)
        };
        let mut connection = connect(&path)?;
        let mut rebuilt = None;
        match schema::inspect(&connection, layout).map_err(fail("reading"))? {
            Verdict::Good => return Cache::ready(connection, path, None),
            Verdict::Newer {
                layout,
                schema,
                written_by,
            } => {
                return Err(CacheError::Newer {
                    path,
                    layout,
                    schema,
                    written_by,
                })
            }
            Verdict::Empty => {}
            Verdict::Stale(reason) => rebuilt = Some(reason),
            Verdict::Broken(reason) => {
                rebuilt = Some(reason);
                if let Err(error) = schema::reset(&connection) {
                    // Deleting the files under another process's lock
                    // could corrupt what it writes: wait for it or give up.
                    if let error @ CacheError::Busy { .. } = fail("rebuilding")(error) {
                        return Err(error);
                    }
                    drop(connection);
                    paths::delete_all(dir)
                        .map_err(|(path, source)| CacheError::Delete { path, source })?;
                    connection = connect(&path)?;
                }
            }
        }

        // Judge again under the write lock: another patella may have
        // rebuilt (or a newer one written) the file since the first look.
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail("rebuilding"))?;
        match schema::inspect(&transaction, layout).map_err(fail("reading"))? {
            Verdict::Good => {}
            Verdict::Empty | Verdict::Stale(_) => {
                schema::build(&transaction, layout).map_err(fail("rebuilding"))?
            }
            Verdict::Newer {
                layout,
                schema,
                written_by,
            } => {
                return Err(CacheError::Newer {
                    path,
                    layout,
                    schema,
                    written_by,
                })
            }
            Verdict::Broken(reason) => return Err(CacheError::Unusable { path, reason }),
        }
        transaction.commit().map_err(fail("rebuilding"))?;
        Cache::ready(connection, path, rebuilt)
    }

    /// Another connection to this cache, already checked by
    /// [`Cache::open`]: for a second thread of the same run, which then
    /// reads and writes beside the first as a second process would.
    pub fn another(&self) -> Result<Cache, CacheError> {
        Cache::ready(connect(&self.path)?, self.path.clone(), None)
    }

    /// Switches a checked database to the write-ahead log and returns it.
    fn ready(
        connection: Connection,
        path: PathBuf,
        rebuilt: Option<String>,
    ) -> Result<Cache, CacheError> {
        // WAL lets one process read while another writes, and with
        // synchronous=NORMAL a commit costs no fsync (a power cut may lose
        // the last commit, never the database's integrity): right for a
        // cache. The journal mode is stored in the file; where SQLite
        // cannot use a write-ahead log it keeps its rollback journal, which
        // is slower (readers wait for writers) but just as safe.
        let configured = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .and_then(|()| connection.pragma_update(None, "synchronous", "NORMAL"));
        match configured {
            Ok(()) => Ok(Cache {
                connection,
                path,
                rebuilt,
            }),
            Err(error) => Err(CacheError::sqlite(path, "opening", error)),
        }
    }

    /// Shortens the wait for another process's lock, for tests.
    #[cfg(test)]
    pub(super) fn set_busy_timeout(&self, timeout: Duration) {
        self.connection.busy_timeout(timeout).unwrap();
    }

    /// Why `open` emptied the cache (`written by an older patella (0.1.0,
    /// layout 3)`, `not a SQLite database`, `damaged`, ...), for the caller
    /// to say once; None when it was usable as it was, or new.
    pub fn rebuilt(&self) -> Option<&str> {
        self.rebuilt.as_deref()
    }

    /// The database file, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The entries of `keys` (canonical file paths) that the cache holds;
    /// keys it does not hold are absent. One statement, prepared once, in
    /// one read transaction, so the entries are from one moment even while
    /// another patella writes.
    pub fn lookup(&self, keys: &[String]) -> Result<HashMap<String, Entry>, CacheError> {
        let fail = |error| CacheError::sqlite(self.path.clone(), "reading entries", error);
        let transaction = self.connection.unchecked_transaction().map_err(fail)?;
        let mut found = HashMap::with_capacity(keys.len());
        {
            let mut statement = transaction
                .prepare("SELECT size, modified_ns, content_hash, bytes FROM files WHERE key = ?1")
                .map_err(fail)?;
            for key in keys {
                let mut rows = statement.query([key]).map_err(fail)?;
                if let Some(row) = rows.next().map_err(fail)? {
                    if let Some(entry) = entry_of(row).map_err(fail)? {
                        found.insert(key.clone(), entry);
                    }
                }
            }
        }
        transaction.commit().map_err(fail)?;
        Ok(found)
    }

    /// Inserts or replaces `entries`, all in one transaction: after a crash
    /// or an error the cache holds all of them or none.
    pub fn store(&mut self, entries: &[(String, Entry)]) -> Result<(), CacheError> {
        let path = &self.path;
        let fail = |error| CacheError::sqlite(path.clone(), "storing entries", error);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        {
            let mut statement = transaction
                .prepare(
                    "INSERT INTO files (key, size, modified_ns, content_hash, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (key) DO UPDATE SET
                         size = excluded.size,
                         modified_ns = excluded.modified_ns,
                         content_hash = excluded.content_hash,
                         bytes = excluded.bytes",
                )
                .map_err(fail)?;
            for (key, entry) in entries {
                statement
                    .execute((
                        key,
                        // Bit patterns: SQLite integers are signed.
                        entry.stamp.size as i64,
                        entry.stamp.modified_ns,
                        entry.content_hash as i64,
                        &entry.bytes,
                    ))
                    .map_err(fail)?;
            }
        }
        transaction.commit().map_err(fail)
    }

    /// Removes the entries of `keys` (files that vanished) in one
    /// transaction; keys the cache does not hold are ignored.
    pub fn forget(&mut self, keys: &[String]) -> Result<(), CacheError> {
        let path = &self.path;
        let fail = |error| CacheError::sqlite(path.clone(), "forgetting entries", error);
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        {
            let mut statement = transaction
                .prepare("DELETE FROM files WHERE key = ?1")
                .map_err(fail)?;
            for key in keys {
                statement.execute([key]).map_err(fail)?;
            }
        }
        transaction.commit().map_err(fail)
    }

    /// Every stored key that starts with `prefix` (byte for byte), sorted:
    /// with the keys found on disk, the ones of files that vanished from a
    /// folder.
    pub fn keys_under(&self, prefix: &str) -> Result<Vec<String>, CacheError> {
        let fail = |error| CacheError::sqlite(self.path.clone(), "listing entries", error);
        // Keys with a prefix sort together, from the prefix itself on, so a
        // range scan of the key's index finds them (LIKE would be case-blind
        // and read `%` and `_` as wildcards).
        let mut statement = self
            .connection
            .prepare("SELECT key FROM files WHERE key >= ?1 ORDER BY key")
            .map_err(fail)?;
        let mut rows = statement.query([prefix]).map_err(fail)?;
        let mut keys = Vec::new();
        while let Some(row) = rows.next().map_err(fail)? {
            let ValueRef::Text(key) = row.get_ref(0).map_err(fail)? else {
                break; // blobs sort after all text
            };
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(key) = std::str::from_utf8(key) {
                keys.push(key.to_string());
            }
        }
        Ok(keys)
    }
}

/// Opens the database file read-write, creating it, with the busy timeout.
/// No URI interpretation: the path is a path.
fn connect(path: &Path) -> Result<Connection, CacheError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let fail = |error| CacheError::sqlite(path.to_path_buf(), "opening", error);
    let connection = Connection::open_with_flags(path, flags).map_err(fail)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    // The page size does not read the file, so a damaged one still gets
    // to `inspect`. 16 KB pages (for a new file only) hold a typical blob
    // in one or two pages rather than four; with 3000 entries of 20 KB
    // (`lookup_speed`) the open's quick check went from about 17 ms to 6
    // against 4 KB pages. The file is read, not memory-mapped: a mapped
    // cache counts every page a warm run touches in its resident memory
    // (about 30 MB per 3000 runs) for no time measurably saved, and a
    // program truncating the file under a mapping would crash patella.
    connection
        .pragma_update(None, "page_size", PAGE_SIZE)
        .map_err(fail)?;
    Ok(connection)
}

/// The entry in a `files` row; None when a column has the wrong type (the
/// row is then treated as missing, and rewritten by the next store).
fn entry_of(row: &Row) -> rusqlite::Result<Option<Entry>> {
    let integer = |index| match row.get_ref(index) {
        Ok(ValueRef::Integer(value)) => Ok(Some(value)),
        Ok(_) => Ok(None),
        Err(error) => Err(error),
    };
    let (Some(size), Some(modified_ns), Some(content_hash)) =
        (integer(0)?, integer(1)?, integer(2)?)
    else {
        return Ok(None);
    };
    let ValueRef::Blob(bytes) = row.get_ref(3)? else {
        return Ok(None);
    };
    Ok(Some(Entry {
        stamp: Stamp {
            size: size as u64,
            modified_ns,
        },
        content_hash: content_hash as u64,
        bytes: bytes.to_vec(),
    }))
}
