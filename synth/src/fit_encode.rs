//! FIT framing: header, definition and data messages, CRC.
//!
//! Callers describe each message as a list of fields; the encoder writes a
//! definition message only when a local message type's layout changes, the
//! way devices do, so readers see both first definitions and redefinitions.

/// FIT base types used by the messages the synth writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Enum,
    U8,
    U16,
    U32,
    S32,
    U32z,
}

impl Base {
    fn code(self) -> u8 {
        match self {
            Base::Enum => 0x00,
            Base::U8 => 0x02,
            Base::U16 => 0x84,
            Base::U32 => 0x86,
            Base::S32 => 0x85,
            Base::U32z => 0x8C,
        }
    }

    fn size(self) -> u8 {
        match self {
            Base::Enum | Base::U8 => 1,
            Base::U16 => 2,
            Base::U32 | Base::S32 | Base::U32z => 4,
        }
    }

    /// Little-endian bytes of `value`, or the type's invalid marker when the
    /// value is absent or does not fit (FIT's way to say "not recorded").
    fn encode(self, value: Option<i64>, out: &mut Vec<u8>) {
        match self {
            Base::Enum | Base::U8 => {
                let v = value
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(|&v| v != u8::MAX);
                out.push(v.unwrap_or(u8::MAX));
            }
            Base::U16 => {
                let v = value
                    .and_then(|v| u16::try_from(v).ok())
                    .filter(|&v| v != u16::MAX);
                out.extend_from_slice(&v.unwrap_or(u16::MAX).to_le_bytes());
            }
            Base::U32 => {
                let v = value
                    .and_then(|v| u32::try_from(v).ok())
                    .filter(|&v| v != u32::MAX);
                out.extend_from_slice(&v.unwrap_or(u32::MAX).to_le_bytes());
            }
            Base::U32z => {
                let v = value.and_then(|v| u32::try_from(v).ok());
                out.extend_from_slice(&v.unwrap_or(0).to_le_bytes());
            }
            Base::S32 => {
                let v = value
                    .and_then(|v| i32::try_from(v).ok())
                    .filter(|&v| v != i32::MAX);
                out.extend_from_slice(&v.unwrap_or(i32::MAX).to_le_bytes());
            }
        }
    }
}

/// One field of a message: number, base type, value (`None` = invalid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    pub num: u8,
    pub base: Base,
    pub value: Option<i64>,
}

/// Shorthand for a present field.
pub(crate) fn field(num: u8, base: Base, value: i64) -> Field {
    Field {
        num,
        base,
        value: Some(value),
    }
}

/// Shorthand for a field that may be absent in this message.
pub(crate) fn maybe(num: u8, base: Base, value: Option<i64>) -> Field {
    Field { num, base, value }
}

type Layout = (u16, Vec<(u8, Base)>);

/// Builds the message area of a FIT file and frames it.
#[derive(Debug, Default)]
pub(crate) struct Encoder {
    data: Vec<u8>,
    layouts: [Option<Layout>; 16],
    /// (start, end, global number) of every data message in `data`.
    messages: Vec<(usize, usize, u16)>,
}

/// FIT protocol 2.0.
const PROTOCOL_VERSION: u8 = 0x20;
/// Profile 21.94, as recent Garmin firmware writes.
const PROFILE_VERSION: u16 = 2194;

impl Encoder {
    /// Writes a data message with a normal header.
    pub(crate) fn message(&mut self, local: u8, global: u16, fields: &[Field]) {
        let local = local & 0x0F;
        self.define(local, global, fields);
        self.data_message(global, local, fields);
    }

    /// Writes a data message with a compressed-timestamp header: the low
    /// five bits of the timestamp ride in the header and `fields` must not
    /// include field 253. Only local types 0-3 fit in that header.
    pub(crate) fn compressed(&mut self, local: u8, global: u16, timestamp: u32, fields: &[Field]) {
        let local = local & 0x03;
        self.define(local, global, fields);
        let header = 0x80 | (local << 5) | (timestamp & 0x1F) as u8;
        self.data_message(global, header, fields);
    }

    fn define(&mut self, local: u8, global: u16, fields: &[Field]) {
        let layout: Layout = (global, fields.iter().map(|f| (f.num, f.base)).collect());
        let slot = &mut self.layouts[usize::from(local)];
        if slot.as_ref() == Some(&layout) {
            return;
        }
        self.data.push(0x40 | local);
        self.data.push(0); // reserved
        self.data.push(0); // little-endian
        self.data.extend_from_slice(&global.to_le_bytes());
        // Message layouts here are short; saturate rather than wrap anyway.
        self.data
            .push(u8::try_from(fields.len()).unwrap_or(u8::MAX));
        for f in fields.iter().take(usize::from(u8::MAX)) {
            self.data
                .extend_from_slice(&[f.num, f.base.size(), f.base.code()]);
        }
        *slot = Some(layout);
    }

    fn data_message(&mut self, global: u16, header: u8, fields: &[Field]) {
        let start = self.data.len();
        self.data.push(header);
        for f in fields.iter().take(usize::from(u8::MAX)) {
            f.base.encode(f.value, &mut self.data);
        }
        self.messages.push((start, self.data.len(), global));
    }

    /// The complete file: header, messages, CRC.
    pub(crate) fn finish(&self) -> Vec<u8> {
        let mut out = header(self.data.len());
        out.extend_from_slice(&self.data);
        let crc = crc16(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// The file cut in the middle of a data message of type `global`,
    /// `fraction` of the way through those messages, as a sync interrupted
    /// mid-write leaves it: full-size header, no trailing CRC.
    pub(crate) fn truncated(&self, global: u16, fraction: f64) -> Vec<u8> {
        let chosen: Vec<&(usize, usize, u16)> =
            self.messages.iter().filter(|m| m.2 == global).collect();
        let pick = ((chosen.len() as f64 * fraction.clamp(0.0, 1.0)) as usize)
            .min(chosen.len().saturating_sub(1));
        let cut = chosen
            .get(pick)
            .map_or(self.data.len() / 2, |&&(start, end, _)| {
                start + (end - start) / 2
            });
        let mut out = header(self.data.len());
        out.extend_from_slice(&self.data[..cut.min(self.data.len())]);
        out
    }
}

fn header(data_len: usize) -> Vec<u8> {
    let mut h = Vec::with_capacity(14);
    h.push(14);
    h.push(PROTOCOL_VERSION);
    h.extend_from_slice(&PROFILE_VERSION.to_le_bytes());
    h.extend_from_slice(&u32::try_from(data_len).unwrap_or(u32::MAX).to_le_bytes());
    h.extend_from_slice(b".FIT");
    let crc = crc16(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

/// FIT's CRC-16 is CRC-16/ARC (polynomial 0x8005 reflected, initial value
/// 0). It comes from the `crc` crate rather than from patella's FIT
/// importer, so a mistake in the decoder's CRC cannot be mirrored in the
/// files written to test it; fitparser checks it on every generated file.
const FIT_CRC: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_ARC);

/// FIT's CRC-16 of `bytes`.
pub(crate) fn crc16(bytes: &[u8]) -> u16 {
    FIT_CRC.checksum(bytes)
}
