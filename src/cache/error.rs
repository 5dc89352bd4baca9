//! Why the cache could not be used. Every message is one line that names
//! the cache file (or folder) and the cause, ready to be shown as a warning
//! by a caller that goes on without the cache.

use std::path::PathBuf;

use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// A newer patella wrote the cache; it is left untouched so that the
    /// newer version keeps its work.
    #[error(
        "cache {}: written by a newer patella ({written_by}, layout {layout}, schema {schema}); running without it",
        path.display()
    )]
    Newer {
        path: PathBuf,
        /// The stored blob layout (the caller's format number).
        layout: i64,
        /// The stored table layout (this module's format number).
        schema: i64,
        /// The version of patella that created the cache, as it stored it.
        written_by: String,
    },

    /// The cache folder could not be created (or is not a folder).
    #[error("cache {}: cannot create the folder: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A damaged cache file could not be deleted for a rebuild.
    #[error("cache {}: cannot delete the damaged file: {source}", path.display())]
    Delete {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A damaged cache was emptied, yet still looked damaged afterwards.
    #[error("cache {}: {reason}, and rebuilding did not help", path.display())]
    Unusable { path: PathBuf, reason: String },

    /// Another patella held the cache locked for longer than the wait.
    #[error(
        "cache {}: another patella kept it locked while {during}; gave up waiting",
        path.display()
    )]
    Busy { path: PathBuf, during: &'static str },

    /// SQLite failed: cannot open or write the file (read-only folder, full
    /// disk, permissions, an I/O error).
    #[error("cache {}: {during} failed: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        during: &'static str,
        source: rusqlite::Error,
    },
}

impl CacheError {
    /// Wraps a SQLite error met while doing `during`, telling a lock that
    /// outlasted the busy timeout from other failures.
    pub(super) fn sqlite(path: PathBuf, during: &'static str, source: rusqlite::Error) -> Self {
        match code(&source) {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                CacheError::Busy { path, during }
            }
            _ => CacheError::Sqlite {
                path,
                during,
                source,
            },
        }
    }
}

/// SQLite's result code in `error`, also for an error in a statement's text
/// (which rusqlite reports apart, with the offending SQL).
pub(super) fn code(error: &rusqlite::Error) -> Option<ErrorCode> {
    match error {
        rusqlite::Error::SqliteFailure(error, _) => Some(error.code),
        rusqlite::Error::SqlInputError { error, .. } => Some(error.code),
        _ => None,
    }
}
