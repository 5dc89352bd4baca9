//! The fast FIT decoder: reads the bytes straight into [`FitMessages`].
//!
//! One pass over the file, no allocation per field: a table of the current
//! definitions by local message type, each definition's field offsets
//! worked out once (`definition.rs`), and data messages of the eight kept
//! kinds read by offset (`kept.rs`, the `record` loop being the hot one);
//! every other message is skipped by its size, only its timestamp noted
//! for the compressed-timestamp headers that may follow.
//!
//! It reproduces what fitparser 0.11 reports for the fields patella reads
//! (validity per base type, scale and offset arithmetic, `speed` and
//! `altitude` expanded into their enhanced fields, compressed timestamps,
//! the `compressed_speed_distance` accumulation, subfield names such as
//! `garmin_product`, enum names from fitparser's own profile tables) and
//! how it stops: at the first byte that cannot be a message, keeping all
//! before it, with the same position and message count.
//!
//! What it does not reproduce it declines ([`Unsupported`]), and the file
//! goes to fitparser: a chained header that is neither 12 nor 14 bytes (or
//! cut short in a way fitparser's debug build panics on), a 64-bit
//! timestamp, a
//! field defined twice in a kept message, arrays, text or 64-bit times
//! where patella reads a number or a time, `compressed_speed_distance`
//! beside the record's own speed or distance, developer fields that
//! fitparser would read wrongly or stop on (no or a malformed
//! `field_description`, a size that does not fit the described type), an
//! enum field holding a float or text. It never panics: every read is
//! bounds-checked.
//!
//! One difference remains by design: fitparser applies its whole profile
//! to every message, and stops at a message patella does not read when a
//! field there breaks the profile (an enum written as a float, say). The
//! fast decoder does not look at those fields and reads on.

mod definition;
mod developer;
mod kept;
mod values;

use super::messages::{DecodeFault, FitMessages};
use definition::{mesg, Definition, Parsed};
use developer::Descriptions;
use kept::Message;
use values::{as_i64, integer, read as read_value};

/// At most this many records are reserved ahead (a day at 1 Hz).
const MAX_RESERVED_RECORDS: usize = 100_000;

/// Why the fast decoder handed a file to fitparser: what it met, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub at: usize,
    pub what: &'static str,
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

/// Decodes a FIT file (its first header already checked by the caller)
/// into the messages patella reads.
pub fn read(bytes: &[u8]) -> Result<FitMessages, Unsupported> {
    let mut messages = FitMessages::default();
    let mut decoder = Decoder::default();
    messages.fault = decoder.run(bytes, &mut messages)?;
    Ok(messages)
}

/// The decoding state of one (possibly chained) file.
#[derive(Default)]
struct Decoder {
    definitions: [Option<Definition>; 16],
    /// The last full timestamp seen, base of compressed ones.
    base_timestamp: i64,
    /// fitparser's running sum of compressed record distances.
    accumulated_distance: Option<u64>,
    descriptions: Descriptions,
    /// Data messages decoded so far.
    count: usize,
}

/// What a file header at the current position holds.
enum Header {
    Complete { length: usize, data_size: usize },
    Short,
    NoSignature,
    Declined(&'static str),
}

impl Decoder {
    /// Chained files restart definitions, timestamps and accumulators.
    fn reset(&mut self) {
        self.definitions = Default::default();
        self.base_timestamp = 0;
        self.accumulated_distance = None;
        self.descriptions.clear();
    }

    fn run(
        &mut self,
        bytes: &[u8],
        out: &mut FitMessages,
    ) -> Result<Option<DecodeFault>, Unsupported> {
        let mut at = 0usize;
        // Where the current file's data ends and its CRC starts.
        let mut end = 0usize;
        let mut oddity: Option<DecodeFault> = None;
        while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
            let decline = move |what| Unsupported { at, what };
            let truncated = DecodeFault::Truncated {
                at,
                messages: self.count,
            };
            if at > 0 && at == end {
                if rest.len() < 2 {
                    return Ok(Some(truncated));
                }
                at += 2;
                self.reset();
                continue;
            }
            // fitparser reads a header at the start and wherever a message
            // ran past the end its header stated.
            if at == 0 || at > end {
                match header(rest) {
                    Header::Complete { length, data_size } => {
                        end = at + length + data_size;
                        at += length;
                        continue;
                    }
                    Header::Short => return Ok(Some(truncated)),
                    Header::NoSignature => {
                        return Ok(Some(DecodeFault::NoChainedHeader {
                            at,
                            messages: self.count,
                        }))
                    }
                    Header::Declined(what) => return Err(decline(what)),
                }
            }
            let Some(&record_header) = rest.first() else {
                break;
            };
            let (local, time_offset) = if record_header & 0x80 != 0 {
                ((record_header >> 5) & 0x03, Some(record_header & 0x1F))
            } else if record_header & 0x40 != 0 {
                match definition::parse(rest).map_err(decline)? {
                    Parsed::Short => return Ok(Some(truncated)),
                    Parsed::Complete(definition, length) => {
                        if oddity.is_none() {
                            oddity = DecodeFault::misaligned_field(rest, at);
                        }
                        if definition.global == mesg::RECORD && out.records.capacity() == 0 {
                            // Records are most of a file: room for as many
                            // as the rest could hold, so the vector never
                            // moves (pages not written cost nothing).
                            let most = rest.len() / (1 + definition.size.max(11));
                            out.records.reserve(most.min(MAX_RESERVED_RECORDS));
                        }
                        if let Some(slot) =
                            self.definitions.get_mut(usize::from(record_header & 0x0F))
                        {
                            *slot = Some(definition);
                        }
                        at += length;
                        continue;
                    }
                }
            } else {
                (record_header & 0x0F, None)
            };
            let Some(definition) = self
                .definitions
                .get_mut(usize::from(local))
                .and_then(Option::as_mut)
            else {
                return Ok(Some(DecodeFault::UndefinedLocal {
                    at,
                    messages: self.count,
                    local,
                }));
            };
            if !definition.developer_fields.is_empty() {
                self.descriptions.check(definition).map_err(decline)?;
            }
            let length = 1 + definition.size;
            let Some(data) = rest.get(1..length) else {
                return Ok(Some(truncated));
            };
            let message = Message { definition, data };
            data_message(
                &message,
                time_offset,
                &mut self.base_timestamp,
                &mut self.accumulated_distance,
                &mut self.descriptions,
                out,
            )
            .map_err(decline)?;
            self.count += 1;
            at += length;
        }
        Ok(oddity)
    }
}

/// Keeps one data message if patella reads its kind, after noting its
/// timestamp as fitparser does for every message.
#[inline]
fn data_message(
    m: &Message,
    time_offset: Option<u8>,
    base_timestamp: &mut i64,
    accumulated_distance: &mut Option<u64>,
    descriptions: &mut Descriptions,
    out: &mut FitMessages,
) -> Result<(), values::Decline> {
    let own_time = match m.definition.timestamp {
        Some(layout) if m.definition.integer_timestamp => {
            integer(m.data, layout, m.definition.big_endian)
        }
        // fitparser takes anything that is not an integer as 0 here.
        Some(layout) => read_value(m.data, layout, m.definition.big_endian)
            .map(|value| as_i64(value).unwrap_or(0)),
        None => None,
    };
    if let Some(time) = own_time {
        *base_timestamp = time;
    }
    let compressed = time_offset.map(|offset| {
        let offset = i64::from(offset);
        let mut time = offset + (*base_timestamp & !0x1F);
        if offset < (*base_timestamp & 0x1F) {
            time += 0x20;
        }
        *base_timestamp = time;
        time
    });
    match m.definition.global {
        // A record's timestamp is an integer (else declined): its own, or
        // the compressed one.
        mesg::RECORD => out.records.push(kept::record(
            m,
            own_time.or(compressed),
            accumulated_distance,
        )),
        mesg::EVENT => out.events.push(kept::event(m, compressed)?),
        mesg::LAP => out.laps.push(kept::lap(m)?),
        mesg::SESSION => out.sessions.push(kept::session(m, compressed)?),
        mesg::FILE_ID => out.file_ids.push(kept::file_id(m)?),
        mesg::DEVICE_INFO => out.device_infos.push(kept::device_info(m)?),
        mesg::SPORT => out.sports.push(kept::sport(m)?),
        mesg::ACTIVITY => out.activities.push(kept::activity(m, compressed)?),
        mesg::FIELD_DESCRIPTION => descriptions.learn(m)?,
        _ => {}
    }
    Ok(())
}

/// Reads a file header the way fitparser's streaming parser does.
fn header(rest: &[u8]) -> Header {
    let short = || {
        // fitparser's count of the missing bytes underflows (a panic in
        // debug builds) when the size byte is below the bytes present.
        match rest.first() {
            Some(&size) if usize::from(size) < rest.len() => {
                Header::Declined("a short header with a small size byte")
            }
            _ => Header::Short,
        }
    };
    if rest.len() < 8 {
        return short();
    }
    let present = rest.get(8..rest.len().min(12)).unwrap_or_default();
    if b".FIT".get(..present.len()) != Some(present) {
        return Header::NoSignature;
    }
    let (Some(&size), Some(data_size)) = (rest.first(), rest.get(4..8)) else {
        return short();
    };
    if rest.len() < 12 || (size > 12 && rest.len() < 14) {
        return short();
    }
    if size != 12 && size != 14 {
        return Header::Declined("a header neither 12 nor 14 bytes long");
    }
    let data_size = data_size
        .try_into()
        .map(u32::from_le_bytes)
        .unwrap_or_default();
    Header::Complete {
        length: usize::from(size),
        data_size: data_size as usize,
    }
}
