//! Why a file could not be imported, as one line a user can read.

use thiserror::Error;

/// A reason a file (or part of it) could not be imported.
///
/// `Display` gives the one-line reason shown in the report's skipped list;
/// the caller adds which file it was.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ImportError {
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("not an activity file: {0}")]
    NotActivity(String),
    #[error("truncated FIT file: {0}")]
    TruncatedFit(String),
    #[error("corrupt FIT file: {0}")]
    CorruptFit(String),
    #[error("FIT file holds no activity: {0}")]
    NoActivity(String),
    #[error("invalid XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
    #[error("invalid {format}: {message}")]
    Invalid {
        format: &'static str,
        message: String,
    },
    /// A container member that unpacks to more than any activity file.
    #[error("{what} inflates past {limit}: not an activity file")]
    Inflates { what: String, limit: String },
    #[error("broken gzip stream: {0}")]
    Gzip(String),
    #[error("broken zip archive: {0}")]
    Zip(String),
    #[error("cannot read: {0}")]
    Io(String),
}
