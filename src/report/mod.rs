//! Renderers: they format computed values and compute nothing new.

pub mod charts;
pub mod folder;
pub(crate) mod html;
pub mod json;
pub(crate) mod measures;
pub mod output;
pub(crate) mod parts;
pub(crate) mod records;
pub mod summary;
pub(crate) mod tables;
pub mod terminal;
pub(crate) mod tier_colours;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees half a report.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_streamed_atomically(path, &mut |out| out.write_all(bytes))
}

/// [`write_atomically`] what `write` produces, through a buffer.
pub fn write_streamed_atomically(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile creates files readable by their owner only; a report is
    // meant to be shared like any file the user writes.
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temporary = builder.tempfile_in(folder)?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, temporary.as_file_mut());
    write(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}
