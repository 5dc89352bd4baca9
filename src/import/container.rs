//! Transparent containers: gzip streams and zip archives (also nested, as
//! in Garmin's export), opened in memory so nothing is ever extracted next
//! to the user's files.

use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;

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

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut inner = Vec::new();
    MultiGzDecoder::new(bytes)
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
        let mut inner = Vec::new();
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
