//! Transparent containers: gzip streams and zip archives (also nested, as
//! in Garmin's export), opened in memory so nothing is ever extracted next
//! to the user's files.

use std::io::{Cursor, Read};

use super::sniff::{sniff, Content};
use super::ImportError;

/// No single activity file is anywhere near this; it stops a decompression
/// bomb from exhausting memory.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;
/// A zip in a zip in a gzip is real; deeper nesting is not an export.
const MAX_DEPTH: u8 = 4;

/// A piece of input after containers are opened.
#[derive(Debug)]
pub enum Piece {
    /// Bytes of one activity file, with its sniffed format.
    Activity {
        display: String,
        bytes: Vec<u8>,
        content: Content,
    },
    /// A Strava `activities.csv`; `folder` is the display path of the
    /// folder holding it, which its Filename column is relative to.
    StravaCsv { folder: String, bytes: Vec<u8> },
    /// Something that yields nothing, and why.
    Unreadable { display: String, error: ImportError },
}

/// Opens `bytes` (found at `display`) and every container inside it,
/// handing each piece to `sink` as soon as it is read, so that an archive
/// of thousands of files never sits inflated in memory at once.
pub fn open(display: String, bytes: Vec<u8>, sink: &mut dyn FnMut(Piece)) {
    open_at(display, bytes, 0, sink);
}

fn open_at(display: String, bytes: Vec<u8>, depth: u8, sink: &mut dyn FnMut(Piece)) {
    if bytes.is_empty() {
        sink(Piece::Unreadable {
            display,
            error: ImportError::Empty,
        });
        return;
    }
    if depth > MAX_DEPTH {
        sink(Piece::Unreadable {
            display,
            error: ImportError::NotActivity("containers nested too deeply".into()),
        });
        return;
    }
    match sniff(&bytes) {
        Content::Gzip => match gunzip(&bytes) {
            Ok(inner) => open_at(display, inner, depth + 1, sink),
            Err(error) => sink(Piece::Unreadable { display, error }),
        },
        Content::Zip => unzip(&display, bytes, depth, sink),
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

/// Inflates every member of a gzip stream, refusing more than
/// [`MAX_UNPACKED_BYTES`].
///
/// The output is sized up front from the gzip trailer's ISIZE (the
/// unpacked size of the last member modulo 4 GiB) when that is believable:
/// it is only a hint from an untrusted file, so it is capped by what
/// DEFLATE can produce from the input (at most 1032 bytes per input byte)
/// and by [`PRESIZE_LIMIT`]; a wrong hint costs a reallocation, never
/// a wrong result. Reading from the slice as a `BufRead` saves the copy
/// through a `BufReader`.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut inner = Vec::with_capacity(unpacked_size_hint(bytes));
    flate2::bufread::MultiGzDecoder::new(bytes)
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut inner)
        .map_err(|e| ImportError::Gzip(e.to_string()))?;
    if inner.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(ImportError::NotActivity(
            "over 1 GiB unpacked, too large for an activity file".into(),
        ));
    }
    Ok(inner)
}

/// The most memory a gzip trailer's claim may reserve up front: activity
/// files are a few MB, a bigger one grows as it is read.
const PRESIZE_LIMIT: usize = 64 << 20;
/// DEFLATE's maximum expansion: 258 bytes from a 2-bit code, about 1032
/// output bytes per input byte.
const DEFLATE_MAX_RATIO: usize = 1032;

/// How many bytes to reserve for the unpacked stream: the trailer's
/// ISIZE within the limits above, 0 without a trailer.
fn unpacked_size_hint(gzip: &[u8]) -> usize {
    let Some(trailer) = gzip
        .len()
        .checked_sub(4)
        .and_then(|at| gzip.get(at..))
        .and_then(|tail| <[u8; 4]>::try_from(tail).ok())
    else {
        return 0;
    };
    let claimed = usize::try_from(u32::from_le_bytes(trailer)).unwrap_or(0);
    claimed
        .min(gzip.len().saturating_mul(DEFLATE_MAX_RATIO))
        .min(PRESIZE_LIMIT)
}

fn unzip(display: &str, bytes: Vec<u8>, depth: u8, sink: &mut dyn FnMut(Piece)) {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(e) => {
            sink(Piece::Unreadable {
                display: display.to_string(),
                error: ImportError::Zip(e.to_string()),
            });
            return;
        }
    };
    for index in 0..archive.len() {
        let mut member = match archive.by_index(index) {
            Ok(member) => member,
            Err(e) => {
                sink(Piece::Unreadable {
                    display: format!("{display}/#{index}"),
                    error: ImportError::Zip(e.to_string()),
                });
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let name = match member.name() {
            Ok(name) => name.replace('\\', "/"),
            Err(_) => format!("#{index}"),
        };
        if super::discover::is_ignored_path(&name) {
            continue;
        }
        let inner_display = format!("{display}/{name}");
        if member.size() > MAX_UNPACKED_BYTES {
            sink(Piece::Unreadable {
                display: inner_display,
                error: ImportError::NotActivity(format!(
                    "{} MB unpacked, too large for an activity file",
                    member.size() >> 20
                )),
            });
            continue;
        }
        // The sizes are the archive's claim: a hint, capped as for gzip.
        let claimed = usize::try_from(member.size()).unwrap_or(0);
        let packed = usize::try_from(member.compressed_size()).unwrap_or(0);
        let mut inner = Vec::with_capacity(
            claimed
                .min(packed.saturating_mul(DEFLATE_MAX_RATIO))
                .min(PRESIZE_LIMIT),
        );
        if let Err(e) = (&mut member)
            .take(MAX_UNPACKED_BYTES)
            .read_to_end(&mut inner)
        {
            sink(Piece::Unreadable {
                display: inner_display,
                error: ImportError::Zip(e.to_string()),
            });
            continue;
        }
        if super::discover::is_strava_csv(&name) {
            let folder = match inner_display.rsplit_once('/') {
                Some((folder, _)) => folder.to_string(),
                None => String::new(),
            };
            sink(Piece::StravaCsv {
                folder,
                bytes: inner,
            });
        } else {
            open_at(inner_display, inner, depth + 1, sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap_or_default();
        encoder.finish().unwrap_or_default()
    }

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in members {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer.start_file(*name, options).unwrap_or_default();
            writer.write_all(bytes).unwrap_or_default();
        }
        writer.finish().map(Cursor::into_inner).unwrap_or_default()
    }

    const GPX: &[u8] = b"<?xml version=\"1.0\"?><gpx version=\"1.1\"></gpx>";

    #[test]
    fn gzip_inside_zip_inside_zip_is_opened() {
        let inner = zip_of(&[("run.gpx.gz", &gzip(GPX))]);
        let outer = zip_of(&[
            ("export/inner.zip", &inner),
            ("export/activities.csv", b"a,b\n"),
        ]);
        let mut pieces = Vec::new();
        open("all.zip".into(), outer, &mut |p| pieces.push(p));
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!(
            matches!(&pieces[0], Piece::Activity { display, content: Content::Gpx, bytes }
            if display == "all.zip/export/inner.zip/run.gpx.gz" && bytes == GPX)
        );
        assert!(
            matches!(&pieces[1], Piece::StravaCsv { folder, .. } if folder == "all.zip/export")
        );
    }

    #[test]
    fn gzip_cut_midstream_is_reported() {
        let mut cut = gzip(&GPX.repeat(50));
        cut.truncate(cut.len() / 2);
        let mut pieces = Vec::new();
        open("run.gpx.gz".into(), cut, &mut |p| pieces.push(p));
        assert!(matches!(
            &pieces[..],
            [Piece::Unreadable {
                error: ImportError::Gzip(_),
                ..
            }]
        ));
    }

    #[test]
    fn gzip_size_hints_are_capped() {
        let packed = gzip(&GPX.repeat(50));
        assert_eq!(unpacked_size_hint(&packed), GPX.len() * 50);
        // Two members: the last one's size, a hint only; both are read.
        let two = [gzip(GPX), gzip(&GPX.repeat(3))].concat();
        assert_eq!(unpacked_size_hint(&two), GPX.len() * 3);
        assert_eq!(gunzip(&two).ok(), Some(GPX.repeat(4)));
        // A trailer that lies is held to what the input could give.
        let mut lying = gzip(GPX);
        let at = lying.len() - 4;
        lying[at..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(unpacked_size_hint(&lying), lying.len() * DEFLATE_MAX_RATIO);
        let huge = vec![0u8; 1 << 20];
        let mut claim = huge.clone();
        claim.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(unpacked_size_hint(&claim), PRESIZE_LIMIT);
        assert_eq!(unpacked_size_hint(b"\x1f\x8b"), 0);
        // Lying or not, what is read is what the stream holds.
        assert!(matches!(gunzip(&lying), Err(ImportError::Gzip(_))));
        let mut short = gzip(&GPX.repeat(50));
        let at = short.len() - 4;
        short[at..].copy_from_slice(&3u32.to_le_bytes());
        assert!(matches!(gunzip(&short), Err(ImportError::Gzip(_))));
    }

    #[test]
    fn broken_zip_and_empty_file_are_reported() {
        let mut pieces = Vec::new();
        open("a.zip".into(), b"PK\x03\x04garbage".to_vec(), &mut |p| {
            pieces.push(p)
        });
        open("b.fit".into(), Vec::new(), &mut |p| pieces.push(p));
        assert!(matches!(
            &pieces[0],
            Piece::Unreadable {
                error: ImportError::Zip(_),
                ..
            }
        ));
        assert!(matches!(
            &pieces[1],
            Piece::Unreadable {
                error: ImportError::Empty,
                ..
            }
        ));
    }
}
