//! Reading files from disk. One file is looked at before it is read whole:
//! a folder may hold videos and photos beside the runs, and those are
//! skipped after their first bytes instead of being loaded whole.
//! [`import_paths`] reads every file of a plan this way, in parallel.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decode::decode_export_file;
use super::error::{self, ImportError};
use super::sniff::{sniff, Content};
use super::{
    assemble, decode_file, plan, FileOutcome, Imported, InputError, Sidecar, Skipped, SourceFile,
};

/// Reads every activity under `paths` (folders, files, archives).
///
/// Display paths are relative to each given path; with several paths they
/// start with the given folder's name so they stay distinct.
pub fn import_paths(paths: &[PathBuf]) -> Result<Imported, InputError> {
    import_paths_with(paths, &crate::progress::Silent)
}

/// [`import_paths`], reporting each file read to `progress`.
pub fn import_paths_with(
    paths: &[PathBuf],
    progress: &dyn crate::progress::Progress,
) -> Result<Imported, InputError> {
    let plan = plan(paths)?;
    progress.stage("reading", Some(plan.files.len() as u64));
    let outcomes: Vec<FileOutcome> = plan
        .files
        .par_iter()
        .map(|file| {
            let outcome = match open(file) {
                Opened::Bytes(bytes) => decode_file(&file.display, bytes, &|_| true),
                Opened::Export => {
                    decode_export_file(&file.display, &file.path, &|_| true, &|a| a).0
                }
                Opened::Outcome(outcome) => outcome,
            };
            progress.step();
            outcome
        })
        .collect();
    Ok(assemble(outcomes, plan.skipped))
}

/// One file of a plan, opened.
pub(crate) enum Opened {
    /// An activity file or archive, read whole: [`decode_file`] decodes it.
    Bytes(Vec<u8>),
    /// An Apple Health export.xml, gigabytes: `decode_export_file` reads
    /// it as a stream.
    Export,
    /// A file with nothing to decode: a sidecar (its bytes kept for
    /// [`super::assemble`]), or one that could not be read, skipped with
    /// the reason.
    Outcome(FileOutcome),
}

/// Reads one file found by [`super::plan`].
pub(crate) fn open(file: &SourceFile) -> Opened {
    if let Some(kind) = file.sidecar() {
        let mut outcome = FileOutcome::default();
        match std::fs::read(&file.path) {
            Ok(bytes) => outcome.sidecars.push(Sidecar {
                kind,
                display: file.display.clone(),
                bytes,
            }),
            Err(e) => outcome.skipped.push(Skipped {
                file: file.display.clone(),
                reason: ImportError::Io(e.to_string()).to_string(),
            }),
        }
        return Opened::Outcome(outcome);
    }
    match read_candidate(&file.path) {
        Ok(Candidate::Bytes(bytes)) => Opened::Bytes(bytes),
        Ok(Candidate::Export) => Opened::Export,
        Err(error) => Opened::Outcome(FileOutcome {
            skipped: vec![Skipped {
                file: file.display.clone(),
                reason: error::one_line(&error.to_string()),
            }],
            ..FileOutcome::default()
        }),
    }
}

/// Enough to see a FIT header, a zip or gzip signature, or an XML root
/// element behind its declaration and comments.
const SNIFF_BYTES: u64 = 64 * 1024;
/// A file read whole from disk: beyond this it is no activity file, nor
/// an export anyone would hand over in one piece.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file worth decoding.
#[derive(Debug, PartialEq)]
enum Candidate {
    /// Read whole.
    Bytes(Vec<u8>),
    /// An Apple Health export, left to be streamed.
    Export,
}

/// The whole file when its first bytes look like an activity or a
/// container, or that it is an Apple Health export; otherwise why not.
fn read_candidate(path: &Path) -> Result<Candidate, ImportError> {
    let io = |e: std::io::Error| ImportError::Io(e.to_string());
    let mut file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(SNIFF_BYTES)).unwrap_or(0));
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    match sniff(&bytes) {
        Content::Other(what) => return Err(ImportError::NotActivity(what.into())),
        Content::AppleHealth => return Ok(Candidate::Export),
        _ => {}
    }
    if size > MAX_FILE_BYTES {
        return Err(ImportError::NotActivity(format!(
            "{} MB, too large for an activity file",
            size >> 20
        )));
    }
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(Candidate::Bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_files_are_turned_away_after_their_head() {
        let dir = tempfile::tempdir().expect("temp dir");
        let video = dir.path().join("clip.mp4");
        let mut bytes = b"\x00\x00\x00\x20ftypisom".to_vec();
        bytes.resize(200_000, 7);
        std::fs::write(&video, &bytes).expect("write");
        assert!(matches!(
            read_candidate(&video),
            Err(ImportError::NotActivity(_))
        ));
        let gpx = dir.path().join("run.gpx");
        let mut text = b"<?xml version=\"1.0\"?><gpx version=\"1.1\">".to_vec();
        text.resize(100_000, b' ');
        std::fs::write(&gpx, &text).expect("write");
        assert!(matches!(read_candidate(&gpx), Ok(Candidate::Bytes(b)) if b.len() == 100_000));
        std::fs::write(dir.path().join("empty.fit"), b"").expect("write");
        assert_eq!(
            read_candidate(&dir.path().join("empty.fit")),
            Err(ImportError::Empty)
        );
    }
}
