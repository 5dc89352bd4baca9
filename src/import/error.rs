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

/// The most characters of a reason quoted from a damaged file.
const MAX_REASON_CHARS: usize = 200;

/// `text` as one readable line: control characters (a damaged file's
/// newlines and binary, which parsers quote back) become spaces, runs of
/// spaces one, and a long text is cut with an ellipsis.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len().min(MAX_REASON_CHARS + 4));
    let mut count = 0;
    for c in text.chars().map(|c| if c.is_control() { ' ' } else { c }) {
        if c == ' ' && (line.is_empty() || line.ends_with(' ')) {
            continue;
        }
        if count == MAX_REASON_CHARS {
            line.push('…');
            break;
        }
        line.push(c);
        count += 1;
    }
    line.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn reasons_are_one_short_line() {
        assert_eq!(one_line("a\n\t b\u{0}c "), "a b c");
        let long = "x".repeat(500);
        let cut = one_line(&long);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
    }
}
