//! Transparent containers: gzip streams and zip archives (also nested, as
//! in Garmin's export), opened in memory so nothing is ever extracted next
//! to the user's files.

use std::io::{BufRead, Cursor, Read};

use super::sniff::{sniff, Content};
use super::{apple, ImportError, Sidecar, SidecarKind};

/// No activity file is anywhere near this (a day of 1 Hz records is a few
/// MB); it stops a decompression bomb before it takes the memory.
pub const MAX_MEMBER_BYTES: u64 = 256 << 20;
/// Legitimate exports shrink at most about 20x (text formats; FIT about
/// 3x): a file that inflates to more than this many times its own size,
/// in all its members together, is built to burn time (a zip of zips of
/// bombs), and the rest of it is not inflated.
const MAX_TOTAL_RATIO: u64 = 100;
/// A zip in a zip in a gzip is real; deeper nesting is not an export.
const MAX_DEPTH: u8 = 4;
/// Members up to this size are inflated straight into memory; a bigger
/// one is first counted through without being kept, so that a bomb costs
/// at most this much memory whatever the cap.
const EAGER_BYTES: u64 = 32 << 20;

/// A piece of input after containers are opened.
pub enum Piece<'a> {
    /// Bytes of one activity file, with its sniffed format.
    Activity {
        display: String,
        bytes: Vec<u8>,
        content: Content,
    },
    /// A sidecar: Strava's `activities.csv`, Garmin's JSON.
    Sidecar(Sidecar),
    /// Something that yields nothing, and why.
    Unreadable { display: String, error: ImportError },
    /// An Apple Health export.xml, too big to hold: read it from `reader`
    /// while the archive is open, and its route files through `routes`
    /// (given the path its `FileReference` names).
    Export {
        display: String,
        reader: &'a mut dyn BufRead,
        routes: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    },
}

impl std::fmt::Debug for Piece<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Piece::Activity {
                display, content, ..
            } => write!(f, "Activity({display}, {content:?})"),
            Piece::Sidecar(sidecar) => write!(f, "Sidecar({})", sidecar.display),
            Piece::Unreadable { display, error } => write!(f, "Unreadable({display}, {error})"),
            Piece::Export { display, .. } => write!(f, "Export({display})"),
        }
    }
}

/// The head of an XML member looked at to tell an Apple Health export.
const EXPORT_HEAD: u64 = 64 * 1024;

/// How much one file may inflate to: per member, and in all.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// The most bytes held inflated at once along a chain of nested
    /// containers (a member and the archives around it).
    pub member: u64,
    /// What is left to inflate in all, summed over every member.
    pub total: u64,
}

impl Budget {
    /// The budget of a file of `packed` bytes.
    pub fn for_file(packed: usize) -> Budget {
        Budget {
            member: MAX_MEMBER_BYTES,
            total: (packed as u64)
                .saturating_mul(MAX_TOTAL_RATIO)
                .max(MAX_MEMBER_BYTES),
        }
    }
}

/// Opens `bytes` (found at `display`) and every container inside it,
/// handing each piece to `sink` as soon as it is read, so that an archive
/// of thousands of files never sits inflated in memory at once.
pub fn open(display: String, bytes: Vec<u8>, sink: &mut dyn FnMut(Piece)) {
    let mut budget = Budget::for_file(bytes.len());
    open_with(display, bytes, &mut budget, sink);
}

/// [`open`] within a given budget.
pub(crate) fn open_with(
    display: String,
    bytes: Vec<u8>,
    budget: &mut Budget,
    sink: &mut dyn FnMut(Piece),
) {
    open_at(display, bytes, Nesting::default(), budget, sink);
}

/// Where a piece lies among containers.
#[derive(Debug, Clone, Copy, Default)]
struct Nesting {
    depth: u8,
    /// Inflated bytes the archives around it hold while it is read (the
    /// outermost file, read from disk, is not counted).
    held: u64,
}

fn open_at(
    display: String,
    bytes: Vec<u8>,
    nesting: Nesting,
    budget: &mut Budget,
    sink: &mut dyn FnMut(Piece),
) {
    if bytes.is_empty() {
        sink(Piece::Unreadable {
            display,
            error: ImportError::Empty,
        });
        return;
    }
    if nesting.depth > MAX_DEPTH {
        sink(Piece::Unreadable {
            display,
            error: ImportError::NotActivity("containers nested too deeply".into()),
        });
        return;
    }
    let inner = Nesting {
        depth: nesting.depth + 1,
        ..nesting
    };
    match sniff(&bytes) {
        Content::Gzip => {
            let inflated = gunzip(&bytes, budget.member.saturating_sub(nesting.held), budget);
            // The packed bytes are not needed any more: only the inflated
            // ones count against what the chain may hold.
            drop(bytes);
            match inflated {
                Ok(inflated) => open_at(display, inflated, inner, budget, sink),
                Err(error) => sink(Piece::Unreadable { display, error }),
            }
        }
        Content::Zip => unzip(&display, bytes, inner, budget, sink),
        Content::Other(what) => sink(Piece::Unreadable {
            display,
            error: ImportError::NotActivity(what.into()),
        }),
        content => sink(Piece::Activity {
            display,
            bytes,
            content,
        }),
    }
}

/// What a bounded read found.
#[derive(Debug, PartialEq)]
enum Bounded {
    /// The whole stream.
    Bytes(Vec<u8>),
    /// A stream within the cap but over [`EAGER_BYTES`]: counted, not
    /// kept; read it again into room for exactly this many bytes.
    Counted(u64),
    /// More than the cap; reading stopped there.
    Over,
    /// Over [`EAGER_BYTES`] and, by its first bytes, no activity file nor
    /// container (a video in an export, say): not read further.
    Foreign(&'static str),
}

/// Reads `reader` to its end, or until it gives more than `cap` bytes,
/// holding at most [`EAGER_BYTES`] (and `hint`, an untrusted claim of the
/// size, only as a first reservation). With `sniffed`, a stream longer
/// than [`EAGER_BYTES`] whose head [`sniff`] turns away stops there.
fn read_bounded(
    mut reader: impl Read,
    cap: u64,
    hint: u64,
    sniffed: bool,
) -> std::io::Result<Bounded> {
    let eager = cap.min(EAGER_BYTES);
    let mut bytes = Vec::with_capacity(usize::try_from(hint.min(eager)).unwrap_or(0));
    (&mut reader).take(eager + 1).read_to_end(&mut bytes)?;
    let seen = bytes.len() as u64;
    if seen <= eager {
        return Ok(Bounded::Bytes(bytes));
    }
    if eager == cap {
        return Ok(Bounded::Over);
    }
    if let (true, Content::Other(what)) = (sniffed, sniff(&bytes)) {
        return Ok(Bounded::Foreign(what));
    }
    drop(bytes);
    let rest = std::io::copy(&mut reader.take(cap - seen + 1), &mut std::io::sink())?;
    Ok(if seen + rest > cap {
        Bounded::Over
    } else {
        Bounded::Counted(seen + rest)
    })
}

/// Reads a stream already counted to `size` bytes.
fn read_counted(reader: impl Read, size: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    reader.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A size for reasons: whole MiB when it is some, else bytes (the tests'
/// small caps).
fn size_label(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a member was not inflated whole: the chain's cap, or (when less
/// was left) the file's total allowance.
fn too_large(what: &str, cap: u64, total_left: u64) -> ImportError {
    if total_left < cap {
        ImportError::NotActivity(format!(
            "{what} inflates past what is left of its file's allowance \
             ({MAX_TOTAL_RATIO}x the file's size in all)"
        ))
    } else {
        ImportError::Inflates {
            what: what.to_string(),
            limit: size_label(cap),
        }
    }
}

/// Inflates every member of a gzip stream, refusing more than `cap` bytes
/// (less when less is left of the file's total allowance).
///
/// The gzip trailer's ISIZE (the last member's size modulo 4 GiB) is a
/// claim of an untrusted file, and the last four bytes of a cut stream
/// are no trailer at all: it only sizes the first reservation. Reading
/// from the slice as a `BufRead` saves the copy through a `BufReader`.
fn gunzip(bytes: &[u8], cap: u64, budget: &mut Budget) -> Result<Vec<u8>, ImportError> {
    let bounded = cap.min(budget.total);
    let decoder = || flate2::bufread::MultiGzDecoder::new(bytes);
    let gzip_error = |e: std::io::Error| ImportError::Gzip(e.to_string());
    let hint = unpacked_size_hint(bytes) as u64;
    // Not sniffed: a gzip stream is one file, whose size is what a bomb
    // gives away.
    let inflated = match read_bounded(decoder(), bounded, hint, false) {
        Ok(Bounded::Bytes(inflated)) => inflated,
        Ok(Bounded::Foreign(what)) => return Err(ImportError::NotActivity(what.into())),
        Ok(Bounded::Counted(size)) => read_counted(decoder(), size).map_err(gzip_error)?,
        Ok(Bounded::Over) => {
            let error = too_large("gzip stream", cap, budget.total);
            budget.total = budget.total.saturating_sub(bounded);
            return Err(error);
        }
        Err(e) => return Err(gzip_error(e)),
    };
    budget.total = budget.total.saturating_sub(inflated.len() as u64);
    Ok(inflated)
}

/// The gzip trailer's ISIZE, 0 without one.
fn gzip_claim(gzip: &[u8]) -> u64 {
    gzip.len()
        .checked_sub(4)
        .and_then(|at| gzip.get(at..))
        .and_then(|tail| <[u8; 4]>::try_from(tail).ok())
        .map_or(0, |trailer| u64::from(u32::from_le_bytes(trailer)))
}

/// DEFLATE's maximum expansion: 258 bytes from a 2-bit code, about 1032
/// output bytes per input byte.
const DEFLATE_MAX_RATIO: usize = 1032;

/// How many bytes to reserve for the unpacked stream: the trailer's
/// ISIZE, held to what DEFLATE can produce from the input and to
/// [`EAGER_BYTES`]; 0 without a trailer.
fn unpacked_size_hint(gzip: &[u8]) -> usize {
    usize::try_from(gzip_claim(gzip))
        .unwrap_or(0)
        .min(gzip.len().saturating_mul(DEFLATE_MAX_RATIO))
        .min(EAGER_BYTES as usize)
}

fn unzip(
    display: &str,
    bytes: Vec<u8>,
    nesting: Nesting,
    budget: &mut Budget,
    sink: &mut dyn FnMut(Piece),
) {
    // The archive's own bytes stay in memory while its members are read:
    // when they were inflated from an outer container they count against
    // the chain's cap (the file read from disk does not).
    let held = if nesting.depth > 1 {
        nesting.held + bytes.len() as u64
    } else {
        nesting.held
    };
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes.as_slice())) {
        Ok(archive) => archive,
        Err(e) => {
            sink(Piece::Unreadable {
                display: display.to_string(),
                error: ImportError::Zip(e.to_string()),
            });
            return;
        }
    };
    let inner = Nesting { held, ..nesting };
    // Apple Health's route files are read with the export that names them,
    // not as runs of their own.
    let exports = export_folders(&mut archive);
    for index in 0..archive.len() {
        if budget.total == 0 {
            sink(Piece::Unreadable {
                display: display.to_string(),
                error: ImportError::NotActivity(format!(
                    "the archive inflates to over {MAX_TOTAL_RATIO}x its size; \
                     its last {} member(s) are not read",
                    archive.len() - index
                )),
            });
            return;
        }
        if let Some(name) = member_name(&mut archive, index) {
            if exports.iter().any(|folder| is_route_of(folder, &name)) {
                continue;
            }
            if exports.iter().any(|folder| is_xml_in(folder, &name))
                && stream_export(&archive, index, &format!("{display}/{name}"), budget, sink)
            {
                continue;
            }
        }
        match read_member(&mut archive, index, display, held, budget) {
            Member::Skip => {}
            Member::Unreadable(display, error) => sink(Piece::Unreadable { display, error }),
            Member::Sidecar(kind, display, bytes) => sink(Piece::Sidecar(Sidecar {
                kind,
                display,
                bytes,
            })),
            Member::Read(inner_display, bytes) => {
                open_at(inner_display, bytes, inner, budget, sink)
            }
        }
    }
}

/// What one zip member gave.
enum Member {
    /// A folder, or a file discovery ignores.
    Skip,
    Unreadable(String, ImportError),
    Sidecar(SidecarKind, String, Vec<u8>),
    Read(String, Vec<u8>),
}

/// A member's name with `/` separators, `None` for a folder or a
/// member that cannot be read.
fn member_name(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Option<String> {
    let member = archive.by_index_raw(index).ok()?;
    if member.is_dir() {
        return None;
    }
    Some(member.name().ok()?.replace('\\', "/"))
}

/// The folders (`apple_health_export/`, or `` at the top) of the archive
/// that hold an Apple Health export: an XML member there whose head has
/// the `HealthData` root. The export's name is localized
/// (`exportar.xml`), so any XML member right in a folder that also holds
/// `workout-routes/` or is named like one is looked at.
fn export_folders(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    let names: Vec<String> = (0..archive.len())
        .filter_map(|index| member_name(archive, index))
        .collect();
    let mut folders: Vec<String> = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let (folder, file) = match name.rsplit_once('/') {
            Some((folder, file)) => (format!("{folder}/"), file),
            None => (String::new(), name.as_str()),
        };
        let lower = file.to_ascii_lowercase();
        if !lower.ends_with(".xml") || folders.contains(&folder) {
            continue;
        }
        let likely = lower.starts_with("export")
            || names
                .iter()
                .any(|n| n.starts_with(&format!("{folder}{}/", apple::ROUTES_FOLDER)));
        if !likely {
            continue;
        }
        let mut head = Vec::new();
        let read = archive
            .by_index(index)
            .ok()
            .and_then(|member| member.take(EXPORT_HEAD).read_to_end(&mut head).ok());
        if read.is_some() && sniff(&head) == Content::AppleHealth {
            folders.push(folder);
        }
    }
    folders
}

/// Whether `name` is a route file of the export in `folder`.
fn is_route_of(folder: &str, name: &str) -> bool {
    name.strip_prefix(folder)
        .and_then(|rest| rest.strip_prefix(apple::ROUTES_FOLDER))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|file| !file.contains('/'))
}

/// Whether `name` is an XML file right in `folder`.
fn is_xml_in(folder: &str, name: &str) -> bool {
    name.strip_prefix(folder)
        .is_some_and(|file| !file.contains('/') && file.to_ascii_lowercase().ends_with(".xml"))
}

/// Hands an Apple Health export member to `sink` as a stream, its routes
/// read from the same archive; false when the member is no export (it is
/// then read as any other). The stream may inflate to what is left of
/// the file's allowance: a bomb dressed as an export is cut there.
fn stream_export(
    archive: &zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    display: &str,
    budget: &mut Budget,
    sink: &mut dyn FnMut(Piece),
) -> bool {
    let mut reading = archive.clone();
    let Ok(member) = reading.by_index(index) else {
        return false;
    };
    let folder = member
        .name()
        .ok()
        .and_then(|name| {
            name.rsplit_once('/')
                .map(|(folder, _)| format!("{folder}/"))
        })
        .unwrap_or_default();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, member.take(budget.total));
    match reader.fill_buf() {
        Ok(head) if sniff(head) == Content::AppleHealth => {}
        _ => return false,
    }
    let routes = |path: &str| {
        let file = apple::route_file_name(path)?;
        let mut routes = archive.clone();
        let route = routes
            .by_name(&format!("{folder}{}/{file}", apple::ROUTES_FOLDER))
            .ok()?;
        if route.size() > apple::MAX_ROUTE_BYTES {
            return None;
        }
        let mut bytes = Vec::new();
        route
            .take(apple::MAX_ROUTE_BYTES)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    };
    sink(Piece::Export {
        display: display.to_string(),
        reader: &mut reader,
        routes: &routes,
    });
    let left = reader.into_inner().limit();
    budget.total = left;
    true
}

fn read_member(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    display: &str,
    held: u64,
    budget: &mut Budget,
) -> Member {
    let zip_error = |e: &dyn std::fmt::Display| ImportError::Zip(e.to_string());
    let member = match archive.by_index(index) {
        Ok(member) => member,
        Err(e) => return Member::Unreadable(format!("{display}/#{index}"), zip_error(&e)),
    };
    if member.is_dir() {
        return Member::Skip;
    }
    let name = match member.name() {
        Ok(name) => name.replace('\\', "/"),
        Err(_) => format!("#{index}"),
    };
    if super::discover::is_ignored_path(&name) {
        return Member::Skip;
    }
    let inner_display = format!("{display}/{name}");
    let cap = budget.member.saturating_sub(held);
    // The sizes are the archive's claim: a size over the cap is refused
    // at once (true, it is too large; false, the member is broken), a
    // smaller one only sizes the first reservation.
    if member.size() > cap {
        let error = ImportError::Inflates {
            what: "zip member".into(),
            limit: size_label(cap),
        };
        return Member::Unreadable(inner_display, error);
    }
    let packed = member.compressed_size();
    let hint = member
        .size()
        .min(packed.saturating_mul(DEFLATE_MAX_RATIO as u64));
    let bounded = cap.min(budget.total);
    let sidecar = super::discover::sidecar_kind(&name);
    let bytes = match read_bounded(member, bounded, hint, sidecar.is_none()) {
        Ok(Bounded::Bytes(bytes)) => bytes,
        Ok(Bounded::Foreign(what)) => {
            // What was inflated to look at it is spent.
            budget.total = budget.total.saturating_sub(EAGER_BYTES);
            let error = ImportError::NotActivity(format!(
                "{what}, over {} unpacked",
                size_label(EAGER_BYTES)
            ));
            return Member::Unreadable(inner_display, error);
        }
        Ok(Bounded::Counted(size)) => {
            match archive
                .by_index(index)
                .map_err(|e| zip_error(&e))
                .and_then(|member| read_counted(member, size).map_err(|e| zip_error(&e)))
            {
                Ok(bytes) => bytes,
                Err(error) => return Member::Unreadable(inner_display, error),
            }
        }
        Ok(Bounded::Over) => {
            let error = too_large("zip member", cap, budget.total);
            budget.total = budget.total.saturating_sub(bounded);
            return Member::Unreadable(inner_display, error);
        }
        Err(e) => return Member::Unreadable(inner_display, zip_error(&e)),
    };
    budget.total = budget.total.saturating_sub(bytes.len() as u64);
    match sidecar {
        Some(kind) => Member::Sidecar(kind, inner_display, bytes),
        None => Member::Read(inner_display, bytes),
    }
}

#[cfg(test)]
#[path = "container_tests.rs"]
mod tests;
