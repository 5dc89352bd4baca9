//! Reading a FIT byte stream into the messages patella uses, keeping
//! everything decoded before a fault.

use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::FitDataRecord;

/// The messages of one FIT file that patella reads, in file order.
#[derive(Default)]
pub struct Messages {
    pub file_ids: Vec<FitDataRecord>,
    pub device_infos: Vec<FitDataRecord>,
    pub sports: Vec<FitDataRecord>,
    pub sessions: Vec<FitDataRecord>,
    pub laps: Vec<FitDataRecord>,
    pub events: Vec<FitDataRecord>,
    pub records: Vec<FitDataRecord>,
    pub activities: Vec<FitDataRecord>,
}

impl Messages {
    fn keep(&mut self, record: FitDataRecord) {
        let bucket = match record.kind() {
            MesgNum::FileId => &mut self.file_ids,
            MesgNum::DeviceInfo => &mut self.device_infos,
            MesgNum::Sport => &mut self.sports,
            MesgNum::Session => &mut self.sessions,
            MesgNum::Lap => &mut self.laps,
            MesgNum::Event => &mut self.events,
            MesgNum::Record => &mut self.records,
            MesgNum::Activity => &mut self.activities,
            _ => return,
        };
        bucket.push(record);
    }
}

/// Decodes as far as the stream allows. Returns the messages read and, when
/// decoding stopped early, why.
///
/// CRCs are checked by [`super::integrity`] instead, so that a file whose
/// only fault is a wrong CRC still yields its data (marked salvaged).
pub fn read_messages(bytes: &[u8]) -> (Messages, Option<String>) {
    let mut messages = Messages::default();
    // fitparser panics on some malformed input (e.g. a timestamp field
    // declared 64-bit holding 2^62); a panic in it must cost the rest of
    // one file, not the run nor what was read before it.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_into(bytes, &mut messages)
    }));
    let fault = outcome.unwrap_or_else(|_| {
        Some(format!(
            "the FIT decoder failed on malformed data after {} records",
            messages.records.len()
        ))
    });
    (messages, fault)
}

fn read_into(bytes: &[u8], messages: &mut Messages) -> Option<String> {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    let mut rest = bytes;
    let mut message_count = 0usize;
    let mut oddity: Option<String> = None;
    while !rest.is_empty() {
        let position = bytes.len() - rest.len();
        let (remaining, object) = match processor.deserialize_next(rest) {
            Ok(next) => next,
            Err(error) => {
                return Some(format!(
                    "decoding stopped at byte {position} after {message_count} messages: {error}"
                ))
            }
        };
        rest = remaining;
        match object {
            FitObject::DataMessage(message) => match processor.decode_message(message) {
                Ok(record) => {
                    message_count += 1;
                    messages.keep(record);
                }
                Err(error) => {
                    return Some(format!(
                        "message {} at byte {position} is undecodable: {error}",
                        message_count + 1
                    ))
                }
            },
            // Chained files restart their definitions and accumulators.
            FitObject::Crc(_) => processor.reset(),
            FitObject::DefinitionMessage(_) => {
                if oddity.is_none() {
                    oddity = misaligned_field(bytes.get(position..).unwrap_or_default())
                        .map(|detail| format!("definition message at byte {position} {detail}"));
                }
            }
            FitObject::Header(_) => {}
        }
    }
    oddity
}

/// Sizes of the FIT base types, by the low five bits of the type byte.
const BASE_TYPE_SIZES: [u8; 17] = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

/// Checks a raw definition message (starting at its record header) for a
/// field whose size is not a multiple of its type's size. fitparser reads
/// such a field as raw bytes and goes on, so its values are lost: the file
/// is only partly decodable (seen on a COROS PACE 2).
fn misaligned_field(definition: &[u8]) -> Option<String> {
    let count = usize::from(*definition.get(5)?);
    (0..count).find_map(|i| {
        let field = definition.get(6 + 3 * i..9 + 3 * i)?;
        let (number, size, base) = (*field.first()?, *field.get(1)?, *field.get(2)?);
        let unit = *BASE_TYPE_SIZES.get(usize::from(base & 0x1F))?;
        (size % unit != 0).then(|| {
            format!("declares field {number} as {size} byte(s) of a {unit}-byte type; its values are unreadable")
        })
    })
}
