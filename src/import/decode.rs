//! A file's bytes to activities: containers opened, each piece decoded by
//! its format's importer, and each activity given its file and a stable id.

use std::hash::Hasher;
use std::io::{BufRead, Read};

use super::container::{self, Piece};
use super::error::{self, ImportError};
use super::sniff::Content;
use super::{apple, fit, gpx, tcx, Decoded, FileOutcome, Skipped};
use crate::model::Activity;

/// Decodes one activity file's bytes, whose format was sniffed.
pub fn decode(content: Content, bytes: &[u8]) -> Decoded {
    match content {
        Content::Fit => fit::decode(bytes),
        Content::Gpx => gpx::decode(bytes),
        Content::Tcx => tcx::decode(bytes),
        Content::AppleHealth => apple::decode(bytes),
        Content::Gzip | Content::Zip => {
            Err(ImportError::NotActivity("container left unopened".into()))
        }
        Content::Other(what) => Err(ImportError::NotActivity(what.into())),
    }
}

/// Decodes a file's bytes and every container inside them. Only the
/// pieces whose display path `wanted` accepts are decoded (all, to import;
/// a few, to read one run's samples again).
pub fn decode_file(display: &str, bytes: Vec<u8>, wanted: &dyn Fn(&str) -> bool) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    container::open(display.to_string(), bytes, &mut |piece| match piece {
        Piece::Activity {
            display,
            bytes,
            content,
        } => {
            if !wanted(&display) {
                return;
            }
            match decode(content, &bytes) {
                Ok(activities) => {
                    let fingerprint = fingerprint(&bytes);
                    outcome.activities.extend(
                        activities
                            .into_iter()
                            .map(|a| identify(a, &display, fingerprint)),
                    );
                }
                Err(error) => outcome.skipped.push(Skipped {
                    file: display,
                    reason: error::one_line(&error.to_string()),
                }),
            }
        }
        Piece::Export {
            display,
            reader,
            routes,
        } => {
            if wanted(&display) {
                let (export, _) = decode_stream(&display, reader, routes, &|a| a);
                outcome.activities.extend(export.activities);
                outcome.skipped.extend(export.skipped);
            }
        }
        Piece::Sidecar(sidecar) => outcome.sidecars.push(sidecar),
        Piece::Unreadable { display, error } => outcome.skipped.push(Skipped {
            file: display,
            reason: error::one_line(&error.to_string()),
        }),
    });
    outcome
}

/// Decodes an Apple Health export.xml on disk as a stream, its routes read
/// from the `workout-routes/` folder beside it; with the content hash of
/// the file (the cache's), taken in the same pass.
pub(crate) fn decode_export_file<T>(
    display: &str,
    path: &std::path::Path,
    wanted: &dyn Fn(&str) -> bool,
    each: &dyn Fn(Activity) -> T,
) -> (FileOutcome<T>, Option<u64>) {
    if !wanted(display) {
        return (FileOutcome::default(), None);
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            let outcome = FileOutcome {
                skipped: vec![Skipped {
                    file: display.to_string(),
                    reason: ImportError::Io(e.to_string()).to_string(),
                }],
                ..FileOutcome::default()
            };
            return (outcome, None);
        }
    };
    let folder = path.parent().map(|p| p.join(apple::ROUTES_FOLDER));
    let routes = |route: &str| {
        let name = apple::route_file_name(route)?;
        let file = std::fs::File::open(folder.as_ref()?.join(name)).ok()?;
        let mut bytes = Vec::new();
        file.take(apple::MAX_ROUTE_BYTES)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let (outcome, hash) = decode_stream(display, &mut reader, &routes, each);
    (outcome, Some(hash))
}

/// The content hash [`decode_export_file`] gives, of a file read anew.
pub(crate) fn hash_file(path: &std::path::Path) -> std::io::Result<u64> {
    let file = std::fs::File::open(path)?;
    let mut tally = Tally::new(std::io::BufReader::with_capacity(1 << 20, file));
    std::io::copy(&mut tally, &mut std::io::sink())?;
    Ok(tally.finish().1)
}

/// An Apple Health export read from `reader`: its activities identified
/// as any file's (by its length, head and tail) and each turned into
/// `each(activity)` as soon as it is made, the routes it could not read as
/// skipped lines; and the content hash of all it read.
fn decode_stream<T>(
    display: &str,
    reader: &mut dyn BufRead,
    routes: &dyn Fn(&str) -> Option<Vec<u8>>,
    each: &dyn Fn(Activity) -> T,
) -> (FileOutcome<T>, u64) {
    let mut tally = Tally::new(reader);
    let scan = super::apple::scan(&mut tally);
    // A damaged file stops the scan: the rest is still read, for the
    // fingerprint and the hash.
    let _ = std::io::copy(&mut tally, &mut std::io::sink());
    let (fingerprint, hash) = tally.finish();
    let mut outcome = FileOutcome::default();
    let mut activities = Vec::new();
    let built = scan.build_each(routes, &mut |activity| {
        activities.push(each(identify(activity, display, fingerprint)));
    });
    outcome.activities = activities;
    match built {
        Ok(notes) => {
            outcome.skipped = notes
                .into_iter()
                .map(|note| Skipped {
                    file: display.to_string(),
                    reason: error::one_line(&note),
                })
                .collect();
        }
        Err(e) => outcome.skipped.push(Skipped {
            file: display.to_string(),
            reason: error::one_line(&e.to_string()),
        }),
    }
    (outcome, hash)
}

/// What a stream's reader saw: its length, head and tail (for
/// [`fingerprint`]) and the cache's content hash of every byte.
struct Tally<R> {
    inner: R,
    length: u64,
    head: Vec<u8>,
    tail: Vec<u8>,
    hasher: twox_hash::XxHash3_64,
}

const HEAD_BYTES: usize = 64 * 1024;
const TAIL_BYTES: usize = 4096;

impl<R: BufRead> Tally<R> {
    fn new(inner: R) -> Self {
        Tally {
            inner,
            length: 0,
            head: Vec::with_capacity(HEAD_BYTES),
            tail: Vec::with_capacity(2 * TAIL_BYTES),
            hasher: twox_hash::XxHash3_64::default(),
        }
    }

    /// (fingerprint, content hash).
    fn finish(self) -> (u64, u64) {
        let length = self.length.to_le_bytes();
        let tail = self
            .tail
            .get(self.tail.len().saturating_sub(TAIL_BYTES)..)
            .unwrap_or_default();
        let fingerprint = fnv1a(&[&length[..], &self.head, tail].concat());
        (fingerprint, self.hasher.finish())
    }
}

impl<R: BufRead> Read for Tally<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tally<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let Tally {
            inner,
            length,
            head,
            tail,
            hasher,
        } = self;
        // The bytes are still in the buffer: filling it again reads nothing.
        if let Ok(buffer) = inner.fill_buf() {
            let taken = buffer.get(..amount).unwrap_or(buffer);
            *length += taken.len() as u64;
            hasher.write(taken);
            let room = HEAD_BYTES.saturating_sub(head.len());
            head.extend_from_slice(taken.get(..room.min(taken.len())).unwrap_or_default());
            let last = taken
                .get(taken.len().saturating_sub(TAIL_BYTES)..)
                .unwrap_or_default();
            tail.extend_from_slice(last);
            if tail.len() > 2 * TAIL_BYTES {
                tail.drain(..tail.len() - TAIL_BYTES);
            }
        }
        inner.consume(amount);
    }
}

/// A hash of a file's content (its length, head and tail), so an id does
/// not change when the file is moved or the command is given another path.
fn fingerprint(bytes: &[u8]) -> u64 {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or_default();
    let tail = bytes
        .get(bytes.len().saturating_sub(4096)..)
        .unwrap_or_default();
    let length = (bytes.len() as u64).to_le_bytes();
    fnv1a(&[&length[..], head, tail].concat())
}

/// Gives a decoded activity its file and a stable id: the start time, for
/// people, plus a hash of the file's content and the session, so the same
/// run keeps its id across runs of patella wherever its file lies.
fn identify(mut activity: Activity, display: &str, fingerprint: u64) -> Activity {
    let session = activity.session_index.unwrap_or(0) as u64;
    let hash = fnv1a(&(fingerprint ^ session.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes());
    activity.id = format!(
        "{}-{:06x}",
        activity.start_utc.format("%Y%m%dT%H%M%SZ"),
        hash & 0xFF_FFFF
    );
    activity.files = vec![display.to_string()];
    activity
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
