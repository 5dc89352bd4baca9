//! The report folder (`--out`), written atomically: everything goes into a
//! temporary folder beside the destination, which replaces the destination
//! only once complete. A failure anywhere leaves the old report (or no
//! folder) and removes the temporary one.
//!
//! patella never writes into what it reads: a destination inside an input
//! folder, or one that contains an input, is refused before anything is
//! written. An existing destination is replaced only when it is an empty
//! folder or a report folder patella wrote: those carry the marker file
//! [`MARKER`], which nothing else writes.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as a patella report folder.
pub const MARKER: &str = ".patella-report";

/// Why the report folder could not be written; one line each.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("refusing to write the report to {out}: it is inside the input folder {input}; choose another --out")]
    InsideInput { out: PathBuf, input: PathBuf },
    #[error("refusing to write the report to {out}: it contains the input {input}; choose another --out")]
    ContainsInput { out: PathBuf, input: PathBuf },
    #[error(
        "refusing to replace {0}: it exists and is not a patella report; choose another --out"
    )]
    NotAReport(PathBuf),
    #[error("cannot write the report to {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> FolderError + '_ {
    move |source| FolderError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A report folder being written.
#[derive(Debug)]
pub struct Staging {
    temporary: tempfile::TempDir,
    out: PathBuf,
}

impl Staging {
    /// Checks `out` against the `inputs` and opens a temporary folder
    /// beside it (creating `out`'s parent folders when needed).
    pub fn begin(out: &Path, inputs: &[PathBuf]) -> Result<Staging, FolderError> {
        let out = Self::check(out, inputs)?;
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let temporary = tempfile::Builder::new()
            .prefix(".patella-report-")
            .tempdir_in(&parent)
            .map_err(io_error(&parent))?;
        let staging = Staging { temporary, out };
        staging.write(
            MARKER,
            b"This folder is a patella report; patella replaces it whole on the next run.\n",
        )?;
        Ok(staging)
    }

    /// Whether [`Staging::begin`] would accept `out`, without writing
    /// anything; `out` made absolute.
    pub fn check(out: &Path, inputs: &[PathBuf]) -> Result<PathBuf, FolderError> {
        let out = check_destination(out, inputs)?;
        if out.exists() && !is_replaceable(&out) {
            return Err(FolderError::NotAReport(out));
        }
        Ok(out)
    }

    /// The temporary folder to write into.
    pub fn path(&self) -> &Path {
        self.temporary.path()
    }

    /// The final destination.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Writes one file, `relative` to the report folder (sub-folders are
    /// created).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), FolderError> {
        self.write_streamed(relative, |out| out.write_all(bytes))
    }

    /// Writes `relative` (a path inside the folder) as `write` produces it,
    /// through a buffer: a large report.json never sits whole in memory.
    pub fn write_streamed(
        &self,
        relative: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), FolderError> {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let file = std::fs::File::create(&path).map_err(io_error(&path))?;
        let mut buffered = io::BufWriter::with_capacity(1 << 16, file);
        write(&mut buffered)
            .and_then(|()| io::Write::flush(&mut buffered))
            .map_err(io_error(&path))
    }

    /// Puts the finished folder in place of the destination.
    pub fn commit(self) -> Result<PathBuf, FolderError> {
        let Staging { temporary, out } = self;
        let staged = temporary.keep();
        let result = replace(&staged, &out);
        if result.is_err() {
            // Best effort: the error that matters is the one returned.
            let _ = std::fs::remove_dir_all(&staged);
        }
        result.map(|()| out)
    }
}

/// `out` made absolute, or why patella must not write there: inside a
/// folder it reads (or the folder of a file it reads), or around any
/// input, which replacing the folder would delete.
pub fn check_destination(out: &Path, inputs: &[PathBuf]) -> Result<PathBuf, FolderError> {
    let out = absolute(out).map_err(io_error(out))?;
    for input in inputs {
        let input = absolute(input).map_err(io_error(input))?;
        let read_folder = if input.is_dir() {
            Some(input.as_path())
        } else {
            input.parent()
        };
        if let Some(folder) = read_folder.filter(|f| out.starts_with(f)) {
            return Err(FolderError::InsideInput {
                out,
                input: folder.to_path_buf(),
            });
        }
        if input.starts_with(&out) {
            return Err(FolderError::ContainsInput { out, input });
        }
    }
    Ok(out)
}

/// Moves `staged` to `out`; an existing `out` is moved aside first and
/// removed once the new folder is in place.
fn replace(staged: &Path, out: &Path) -> Result<(), FolderError> {
    if !out.exists() {
        return std::fs::rename(staged, out).map_err(io_error(out));
    }
    let parent = out.parent().unwrap_or(Path::new("/"));
    let aside = tempfile::Builder::new()
        .prefix(".patella-report-old-")
        .tempdir_in(parent)
        .map_err(io_error(parent))?
        .keep();
    // rename() onto an existing empty folder is allowed on Unix; the old
    // report goes inside it, then it is removed whole.
    let old = aside.join("report");
    std::fs::rename(out, &old).map_err(io_error(out))?;
    if let Err(source) = std::fs::rename(staged, out) {
        // Put the old report back so that nothing is lost.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&aside);
        return Err(FolderError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// An empty folder, or a report folder patella wrote (it has the marker).
fn is_replaceable(out: &Path) -> bool {
    out.is_dir()
        && (out.join(MARKER).is_file()
            || std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none()))
}

/// `path` made absolute and normalized one component at a time: a part
/// that exists is resolved through its symlinks, `..` goes up from what
/// the path has become, `.` is dropped. So `missing/../input/report` is
/// seen for what it is.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::from("/");
    let joined = std::env::current_dir()?.join(path);
    for part in joined.components() {
        match part {
            Component::RootDir | Component::Prefix(_) | Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_or_around_an_input_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let input = root.path().join("runs");
        std::fs::create_dir_all(input.join("2024")).unwrap();
        let inside = Staging::begin(&input.join("report"), std::slice::from_ref(&input));
        assert!(matches!(inside, Err(FolderError::InsideInput { .. })));
        // Through `..` after a folder that does not exist yet.
        let sneaky = root.path().join("missing/../runs/report");
        assert!(matches!(
            Staging::begin(&sneaky, std::slice::from_ref(&input)),
            Err(FolderError::InsideInput { .. })
        ));
        // A file input: its folder is an input folder, and an output
        // around it would delete it.
        let file = input.join("2024/a.fit");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(
            Staging::begin(&input.join("2024/report"), std::slice::from_ref(&file)),
            Err(FolderError::InsideInput { .. })
        ));
        assert!(matches!(
            Staging::begin(&input, std::slice::from_ref(&file)),
            Err(FolderError::ContainsInput { .. })
        ));
        assert!(matches!(
            Staging::begin(root.path(), &[input.join("2024")]),
            Err(FolderError::ContainsInput { .. })
        ));
        assert_eq!(
            std::fs::read_dir(&input).unwrap().count(),
            1,
            "nothing written"
        );
    }

    #[test]
    fn a_report_replaces_an_old_report_but_not_other_folders() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("report");
        let first = Staging::begin(&out, &[]).unwrap();
        first.write("report.json", b"{}").unwrap();
        first.write("charts/a.png", b"png").unwrap();
        assert_eq!(first.commit().unwrap(), out);
        let second = Staging::begin(&out, &[]).unwrap();
        second.write("report.json", b"{\"second\": 1}").unwrap();
        second.commit().unwrap();
        assert!(!out.join("charts").exists(), "the old report is gone whole");
        assert!(std::fs::read_to_string(out.join("report.json"))
            .unwrap()
            .contains("second"));
        // Only the report is left beside it: no temporary folders.
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);

        let photos = root.path().join("photos");
        std::fs::create_dir(&photos).unwrap();
        std::fs::write(photos.join("a.jpg"), b"jpg").unwrap();
        // A report.json of patella's own (from --json FILE) does not make
        // a folder replaceable: only the marker does.
        std::fs::write(
            photos.join("report.json"),
            br#"{"generator": "patella 0.1.0"}"#,
        )
        .unwrap();
        assert!(matches!(
            Staging::begin(&photos, &[]),
            Err(FolderError::NotAReport(_))
        ));
    }

    #[test]
    fn an_abandoned_report_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&root.path().join("report"), &[]).unwrap();
        staging.write("index.html", b"half").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
