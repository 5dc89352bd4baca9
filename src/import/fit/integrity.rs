//! Header and CRC checks done before decoding.
//!
//! fitparser returns `Ok` for a file cut at a message boundary and for an
//! empty input, and debug builds of it panic on inputs shorter than 14
//! bytes, so patella checks the container itself: the header's signature,
//! the promised data size against the bytes present, and both CRCs.

/// What the container checks found. Decoding may still go ahead on a
/// faulty file so that what came before the fault can be salvaged.
#[derive(Debug, Default, PartialEq)]
pub struct Integrity {
    /// The first fault found, as a one-line reason; `None` for a sound file.
    pub fault: Option<Fault>,
}

#[derive(Debug, PartialEq)]
pub enum Fault {
    /// The file ends before the size its header promises.
    Truncated(String),
    /// The bytes are all there but a CRC disagrees.
    Crc(String),
}

impl Fault {
    pub fn describe(&self) -> &str {
        match self {
            Fault::Truncated(reason) | Fault::Crc(reason) => reason,
        }
    }
}

/// The length of a FIT header at the start of `bytes`, if it is one.
///
/// A FIT header is 12 or 14 bytes and carries ".FIT" at offset 8.
pub fn header_len(bytes: &[u8]) -> Option<usize> {
    let size = usize::from(*bytes.first()?);
    let signature = bytes.get(8..12)?;
    ((size == 12 || size == 14) && signature == b".FIT" && bytes.len() >= size).then_some(size)
}

/// Checks every FIT file chained in `bytes` (Garmin devices sometimes
/// append a second header and data block to the first).
pub fn check(bytes: &[u8]) -> Integrity {
    let mut offset = 0;
    let mut index = 0;
    while offset < bytes.len() {
        let rest = bytes.get(offset..).unwrap_or_default();
        let Some(header) = header_len(rest) else {
            if index == 0 {
                return faulty(Fault::Truncated("no FIT header".into()));
            }
            // Trailing bytes after a complete file are padding some tools add.
            return Integrity::default();
        };
        let data_size = read_u32(rest, 4).unwrap_or(0) as usize;
        if header == 14 {
            let stated = read_u16(rest, 12).unwrap_or(0);
            if stated != 0 && stated != crc16(rest.get(..12).unwrap_or_default()) {
                return faulty(Fault::Crc(format!("header CRC mismatch at byte {offset}")));
            }
        }
        let end = header + data_size;
        if rest.len() < end + 2 {
            return faulty(Fault::Truncated(format!(
                "file ends at byte {} but its header promises {} bytes",
                bytes.len(),
                offset + end + 2
            )));
        }
        let stated = read_u16(rest, end).unwrap_or(0);
        let computed = crc16(rest.get(..end).unwrap_or_default());
        if stated != computed {
            return faulty(Fault::Crc(format!(
                "data CRC mismatch (file says {stated:#06x}, data gives {computed:#06x})"
            )));
        }
        offset += end + 2;
        index += 1;
    }
    Integrity::default()
}

fn faulty(fault: Fault) -> Integrity {
    Integrity { fault: Some(fault) }
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

/// The FIT CRC-16 (CRC-16/ARC: polynomial 0xA001, reflected, as the FIT
/// protocol document specifies), sixteen bytes at a time with
/// slicing-by-16 tables: the whole file is checked before decoding, so this
/// runs at the decoder's pace. Sixteen rather than eight because the CRC
/// waits on one table load per chunk: at eight bytes a chunk the check was
/// a fifth of the corpus's FIT import (docs/performance.md, issue 16).
// Every index is a byte, into tables of 256 entries: it cannot fail.
#[allow(clippy::indexing_slicing)]
pub fn crc16(bytes: &[u8]) -> u16 {
    let t = &CRC_TABLES;
    let mut crc: u16 = 0;
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        // The fourteen bytes that do not meet the running CRC first, so
        // that only two loads and two XORs wait on it.
        let independent = ((t[13][usize::from(chunk[2])] ^ t[12][usize::from(chunk[3])])
            ^ (t[11][usize::from(chunk[4])] ^ t[10][usize::from(chunk[5])]))
            ^ ((t[9][usize::from(chunk[6])] ^ t[8][usize::from(chunk[7])])
                ^ (t[7][usize::from(chunk[8])] ^ t[6][usize::from(chunk[9])]))
            ^ ((t[5][usize::from(chunk[10])] ^ t[4][usize::from(chunk[11])])
                ^ (t[3][usize::from(chunk[12])] ^ t[2][usize::from(chunk[13])]))
            ^ (t[1][usize::from(chunk[14])] ^ t[0][usize::from(chunk[15])]);
        let x = crc ^ u16::from_le_bytes([chunk[0], chunk[1]]);
        crc = independent ^ t[15][usize::from(x & 0xFF)] ^ t[14][usize::from(x >> 8)];
    }
    for &byte in chunks.remainder() {
        crc = (crc >> 8) ^ t[0][usize::from((crc ^ u16::from(byte)) & 0xFF)];
    }
    crc
}

/// `CRC_TABLES[0]` is the byte-at-a-time table; table `k` advances a byte
/// through `k` more zero bytes.
static CRC_TABLES: [[u16; 256]; 16] = crc_tables();

#[allow(clippy::indexing_slicing)]
const fn crc_tables() -> [[u16; 256]; 16] {
    let mut tables = [[0u16; 256]; 16];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 16 {
        let mut i = 0;
        while i < 256 {
            let previous = tables[k - 1][i];
            tables[k][i] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 14-byte header followed by `data` and a correct data CRC.
    fn wrap(data: &[u8]) -> Vec<u8> {
        let mut file = vec![14, 0x20, 0x5C, 0x08];
        file.extend_from_slice(&(data.len() as u32).to_le_bytes());
        file.extend_from_slice(b".FIT");
        let header_crc = crc16(&file);
        file.extend_from_slice(&header_crc.to_le_bytes());
        file.extend_from_slice(data);
        let crc = crc16(&file);
        file.extend_from_slice(&crc.to_le_bytes());
        file
    }

    #[test]
    fn crc_of_check_string() {
        // CRC-16/ARC of "123456789" is 0xBB3D; the FIT CRC is that algorithm.
        assert_eq!(crc16(b"123456789"), 0xBB3D);
    }

    /// The FIT document's nibble-at-a-time CRC, to check the sliced one.
    fn crc16_by_nibbles(bytes: &[u8]) -> u16 {
        const TABLE: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
            0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
        ];
        let mut crc: u16 = 0;
        for &byte in bytes {
            for nibble in [byte & 0x0F, byte >> 4] {
                let tmp = TABLE[usize::from(crc & 0x0F)];
                crc = (crc >> 4) & 0x0FFF;
                crc = crc ^ tmp ^ TABLE[usize::from(nibble)];
            }
        }
        crc
    }

    #[test]
    fn sliced_crc_equals_the_fit_documents_crc() {
        let mut state = 0x1234_5678_9abc_def1u64;
        let bytes: Vec<u8> = (0..1000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        for len in (0..40).chain([47, 48, 49, 999, 1000]) {
            assert_eq!(
                crc16(&bytes[..len]),
                crc16_by_nibbles(&bytes[..len]),
                "{len}"
            );
        }
    }

    #[test]
    fn sound_file_passes_and_chained_files_are_checked_in_turn() {
        let one = wrap(&[1, 2, 3]);
        assert_eq!(check(&one).fault, None);
        let mut two = one.clone();
        two.extend_from_slice(&wrap(&[4, 5]));
        assert_eq!(check(&two).fault, None);
    }

    #[test]
    fn truncation_and_crc_faults_are_told_apart() {
        let file = wrap(&[1, 2, 3, 4]);
        let cut = &file[..file.len() - 3];
        assert!(matches!(check(cut).fault, Some(Fault::Truncated(_))));
        let mut flipped = file.clone();
        flipped[15] ^= 0xFF;
        assert!(matches!(check(&flipped).fault, Some(Fault::Crc(_))));
    }

    #[test]
    fn short_or_foreign_input_has_no_header() {
        assert_eq!(header_len(b""), None);
        assert_eq!(header_len(b"<?xml version"), None);
        assert_eq!(
            header_len(&[14, 0, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T']),
            None
        );
    }
}
