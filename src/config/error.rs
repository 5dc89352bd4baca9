//! The one error type of the config module. Every message is one line that
//! names the file, and the line (and column when it helps) of the problem,
//! because a config is hand-written and the user has to find the spot.

use std::fmt;

/// Why a patella.toml could not be read, parsed, validated or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Reading or writing the file failed (permissions, missing folder...).
    Io { file: String, message: String },
    /// The file is there but something in it is wrong.
    At {
        file: String,
        /// 1-based line of the offending key or value.
        line: usize,
        /// 1-based column, in characters; only for syntax errors, where the
        /// spot inside the line matters.
        column: Option<usize>,
        message: String,
    },
    /// `init` refuses to replace a config the user may have edited.
    AlreadyExists { file: String },
}

impl ConfigError {
    /// The 1-based line of the problem, when it is about a spot in the file.
    pub fn line(&self) -> Option<usize> {
        match self {
            ConfigError::At { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { file, message } => write!(f, "{file}: {message}"),
            ConfigError::At {
                file,
                line,
                column: Some(column),
                message,
            } => write!(f, "{file} line {line}, column {column}: {message}"),
            ConfigError::At {
                file,
                line,
                column: None,
                message,
            } => write!(f, "{file} line {line}: {message}"),
            ConfigError::AlreadyExists { file } => {
                write!(f, "{file} already exists; not overwriting it")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// 1-based line and column (in characters) of a byte offset. Offsets past
/// the end or inside a multi-byte character are clamped rather than trusted:
/// they come from a parser and an off-by-one must not panic.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = text.get(..end).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Makes every message one line: parser messages sometimes carry newlines.
pub(crate) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // "é" is two bytes: the "=" after it is the 4th character.
        assert_eq!(line_col(text, 10), (2, 4));
        // Inside a multi-byte character and past the end: clamped.
        assert_eq!(line_col(text, 8), (2, 2));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn display_is_one_line() {
        let err = ConfigError::At {
            file: "patella.toml".into(),
            line: 3,
            column: None,
            message: "bad".into(),
        };
        assert_eq!(err.to_string(), "patella.toml line 3: bad");
    }
}

/// The first problem, in file order, among the ones this stage can see.
#[derive(Default)]
pub(crate) struct Problems {
    first: Option<(usize, String)>,
}

impl Problems {
    pub fn add(&mut self, offset: usize, message: String) {
        if self.first.as_ref().is_none_or(|(seen, _)| offset < *seen) {
            self.first = Some((offset, message));
        }
    }

    pub fn into_first(self) -> Option<(usize, String)> {
        self.first
    }
}
