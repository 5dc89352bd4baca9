//! Tests of the containers: nesting, broken streams, and the bounds on
//! what a member may inflate to.

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

/// A piece that outlives the call: an export's stream is dropped.
fn detach(piece: Piece<'_>) -> Piece<'static> {
    match piece {
        Piece::Activity {
            display,
            bytes,
            content,
        } => Piece::Activity {
            display,
            bytes,
            content,
        },
        Piece::Sidecar(sidecar) => Piece::Sidecar(sidecar),
        Piece::Unreadable { display, error } => Piece::Unreadable { display, error },
        Piece::Export { display, .. } => Piece::Unreadable {
            display,
            error: ImportError::NotActivity("an export, streamed".into()),
        },
    }
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
    open("all.zip".into(), outer, &mut |p| pieces.push(detach(p)));
    assert_eq!(pieces.len(), 2, "{pieces:?}");
    assert!(
        matches!(&pieces[0], Piece::Activity { display, content: Content::Gpx, bytes }
        if display == "all.zip/export/inner.zip/run.gpx.gz" && bytes == GPX)
    );
    assert!(
        matches!(&pieces[1], Piece::Sidecar(csv) if csv.folder() == "all.zip/export"
        && csv.kind == crate::import::SidecarKind::StravaCsv)
    );
}

#[test]
fn gzip_cut_midstream_is_reported() {
    let mut cut = gzip(&GPX.repeat(50));
    cut.truncate(cut.len() / 2);
    let mut pieces = Vec::new();
    open("run.gpx.gz".into(), cut, &mut |p| pieces.push(detach(p)));
    assert!(matches!(
        &pieces[..],
        [Piece::Unreadable {
            error: ImportError::Gzip(_),
            ..
        }]
    ));
}

/// A deflate back-reference to before the start of the data is invalid
/// (RFC 1951, 3.2.3: the distance may not reach past the beginning of
/// the output). zlib and the zlib-rs backend refuse it, where miniz_oxide,
/// flate2's default, read zeros in its place; such a file is reported,
/// not decoded into invented bytes. The bytes: a literal "A", then a copy
/// of 3 bytes from 2 back, with the CRC and size miniz_oxide's zeros give.
#[test]
fn gzip_reaching_before_its_start_is_reported() {
    let bytes = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x73, 0x04, 0x42, 0x00, 0x00,
        0x9e, 0x8e, 0xeb, 0x04, 0x00, 0x00, 0x00,
    ];
    assert!(matches!(gunzip_all(&bytes), Err(ImportError::Gzip(_))));
}

fn gunzip_all(bytes: &[u8]) -> Result<Vec<u8>, ImportError> {
    gunzip(bytes, MAX_MEMBER_BYTES, &mut Budget::for_file(bytes.len()))
}

#[test]
fn gzip_size_hints_are_capped() {
    let packed = gzip(&GPX.repeat(50));
    assert_eq!(unpacked_size_hint(&packed), GPX.len() * 50);
    // Two members: the last one's size, a hint only; both are read.
    let two = [gzip(GPX), gzip(&GPX.repeat(3))].concat();
    assert_eq!(unpacked_size_hint(&two), GPX.len() * 3);
    assert_eq!(gunzip_all(&two).ok(), Some(GPX.repeat(4)));
    // A trailer that lies is held to what the input could give.
    let mut lying = gzip(GPX);
    let at = lying.len() - 4;
    lying[at..].copy_from_slice(&(1u32 << 30).to_le_bytes());
    assert_eq!(unpacked_size_hint(&lying), lying.len() * DEFLATE_MAX_RATIO);
    let huge = vec![0u8; 1 << 20];
    let mut claim = huge.clone();
    claim.extend_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(unpacked_size_hint(&claim), EAGER_BYTES as usize);
    assert_eq!(unpacked_size_hint(b"\x1f\x8b"), 0);
    // A lying trailer is caught by flate2's own check of it.
    assert!(matches!(gunzip_all(&lying), Err(ImportError::Gzip(_))));
    // Under the cap, what is read is what the stream holds.
    let mut short = gzip(&GPX.repeat(50));
    let at = short.len() - 4;
    short[at..].copy_from_slice(&3u32.to_le_bytes());
    assert!(matches!(gunzip_all(&short), Err(ImportError::Gzip(_))));
}

/// A reader of endless zeros that counts what was taken from it.
struct Endless<'a> {
    taken: &'a mut u64,
}

impl Read for Endless<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(0);
        *self.taken += buf.len() as u64;
        Ok(buf.len())
    }
}

#[test]
fn bounded_reads_stop_at_the_cap() {
    // Small caps are read eagerly and stop one byte past the cap.
    let mut taken = 0;
    let read = read_bounded(Endless { taken: &mut taken }, 1000, 0, false).ok();
    assert_eq!(read, Some(Bounded::Over));
    assert_eq!(taken, 1001);
    // Past EAGER_BYTES a stream is counted, not held: still stopping one
    // byte past the cap (io::copy's buffer is 8 KiB, so at most that
    // much more was asked of the reader).
    let cap = EAGER_BYTES + 100_000;
    let mut taken = 0;
    let read = read_bounded(Endless { taken: &mut taken }, cap, 0, false).ok();
    assert_eq!(read, Some(Bounded::Over));
    assert!(taken > cap && taken <= cap + 8192, "{taken}");
    // A stream over EAGER_BYTES but within the cap is only counted.
    let stream = std::io::repeat(7).take(EAGER_BYTES + 5);
    let read = read_bounded(stream, cap, 0, false).ok();
    assert_eq!(read, Some(Bounded::Counted(EAGER_BYTES + 5)));
    let read = read_bounded(&b"abc"[..], cap, 3, true).ok();
    assert_eq!(read, Some(Bounded::Bytes(b"abc".to_vec())));
    // Sniffed, a long stream of zeros stops after EAGER_BYTES: by its
    // head it is nothing patella reads. A long GPX goes on.
    let mut taken = 0;
    let read = read_bounded(Endless { taken: &mut taken }, cap, 0, true).ok();
    assert!(matches!(read, Some(Bounded::Foreign(_))), "{read:?}");
    assert!(taken <= EAGER_BYTES + 8192, "{taken}");
    let gpx = std::io::Read::chain(GPX, std::io::repeat(b' ').take(EAGER_BYTES));
    let read = read_bounded(gpx, cap, 0, true).ok();
    assert_eq!(read, Some(Bounded::Counted(EAGER_BYTES + GPX.len() as u64)));
}

fn tiny(member: u64, total: u64) -> Budget {
    Budget { member, total }
}

fn reasons(bytes: Vec<u8>, budget: &mut Budget) -> Vec<(String, String)> {
    let mut found = Vec::new();
    open_with("x".into(), bytes, budget, &mut |piece| match piece {
        Piece::Activity { display, bytes, .. } => {
            found.push((display, format!("{} bytes", bytes.len())))
        }
        Piece::Sidecar(sidecar) => found.push((sidecar.folder().to_string(), "csv".into())),
        Piece::Unreadable { display, error } => found.push((display, error.to_string())),
        Piece::Export { display, .. } => found.push((display, "export".into())),
    });
    found
}

#[test]
fn a_gzip_bomb_is_refused_at_the_cap() {
    // 100 kB of zeros (an all-zero FIT header would not even sniff) and a
    // cap of 10 kB: inflating stops at the cap, and the file's allowance
    // pays for what was read, no more.
    let bomb = gzip(&vec![0u8; 100_000]);
    let mut budget = tiny(10_000, 1 << 30);
    assert_eq!(
        reasons(bomb, &mut budget),
        [(
            "x".to_string(),
            "gzip stream inflates past 10000 bytes: not an activity file".to_string()
        )]
    );
    assert_eq!(budget.total, (1 << 30) - 10_000);
    // Within the cap it is read.
    let mut budget = tiny(10_000, 1 << 30);
    let small = gzip(&GPX.repeat(100));
    assert_eq!(
        reasons(small, &mut budget),
        [("x".to_string(), format!("{} bytes", GPX.len() * 100))]
    );
}

#[test]
fn nested_members_share_the_cap_and_the_allowance() {
    // The members fit the cap alone, not beside the inflated zip that
    // holds them: the chain holds both at once.
    let run = GPX.repeat(100);
    let inner = zip_of(&[("a.gpx", &run), ("b.gpx", &run)]);
    let outer = zip_of(&[("inner.zip", &inner)]);
    let cap = (run.len() + inner.len() / 2) as u64;
    let mut budget = tiny(cap, 1 << 30);
    let found = reasons(outer, &mut budget);
    let expected = format!(
        "zip member inflates past {} bytes: not an activity file",
        cap - inner.len() as u64
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(_, reason)| *reason == expected),
        "{found:?}"
    );
    // A total allowance of one member and a half: the second is refused
    // on it, and a third is not even tried.
    let flat = zip_of(&[("a.gpx", &run), ("b.gpx", &run), ("c.gpx", &run)]);
    let mut budget = tiny(1 << 20, run.len() as u64 * 3 / 2);
    let found = reasons(flat, &mut budget);
    assert_eq!(found[0], ("x/a.gpx".into(), format!("{} bytes", run.len())));
    assert_eq!(
        found[1],
        (
            "x/b.gpx".into(),
            "not an activity file: zip member inflates past what is left of its \
             file's allowance (100x the file's size in all)"
                .into()
        )
    );
    assert_eq!(
        found[2],
        (
            "x".into(),
            "not an activity file: the archive inflates to over 100x its size; \
             its last 1 member(s) are not read"
                .into()
        )
    );
    assert_eq!(found.len(), 3);
}

#[test]
fn broken_zip_and_empty_file_are_reported() {
    let mut pieces = Vec::new();
    open("a.zip".into(), b"PK\x03\x04garbage".to_vec(), &mut |p| {
        pieces.push(detach(p))
    });
    open("b.fit".into(), Vec::new(), &mut |p| pieces.push(detach(p)));
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

#[test]
fn a_large_foreign_zip_member_is_turned_away_by_its_head() {
    // Over EAGER_BYTES of zeros in a zip (a video in an export, say): it
    // is refused by its first bytes, without being counted to the cap.
    let zeros = vec![0u8; EAGER_BYTES as usize + 1];
    let archive = zip_of(&[("media/clip.fit", &zeros), ("run.gpx", GPX)]);
    let mut budget = Budget::for_file(archive.len());
    let before = budget.total;
    assert_eq!(
        reasons(archive, &mut budget),
        [
            (
                "x/media/clip.fit".to_string(),
                "not an activity file: a video or other binary media file, over 32 MiB unpacked"
                    .to_string()
            ),
            ("x/run.gpx".to_string(), format!("{} bytes", GPX.len())),
        ]
    );
    assert_eq!(before - budget.total, EAGER_BYTES + GPX.len() as u64);
}
