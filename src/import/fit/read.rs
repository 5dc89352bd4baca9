//! The fitparser producer of [`FitMessages`]: the oracle the fast decoder
//! is tested against and the fallback for files it does not handle.
//! Everything decoded before a fault is kept.

use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord};

use super::fields::{first_number, fit_seconds, local_fit_seconds, number, text, Key};
use super::messages::{
    DecodeFault, FitActivity, FitDeviceInfo, FitEvent, FitFileId, FitLap, FitMessages, FitRecord,
    FitSession, FitSport, Num,
};

/// Decodes as far as fitparser gets, with its CRC checks off: CRCs are
/// checked by [`super::integrity`] instead, so that a file whose only fault
/// is a wrong CRC still yields its data (marked salvaged).
pub fn read_messages(bytes: &[u8]) -> FitMessages {
    let mut messages = FitMessages::default();
    // fitparser panics on some malformed input (e.g. a timestamp field
    // declared 64-bit holding 2^62); a panic in it must cost the rest of
    // one file, not the run nor what was read before it.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_into(bytes, &mut messages)
    }));
    messages.fault = outcome.unwrap_or_else(|_| {
        Some(DecodeFault::Other(format!(
            "the FIT decoder failed on malformed data after {} records",
            messages.records.len()
        )))
    });
    messages
}

fn read_into(bytes: &[u8], messages: &mut FitMessages) -> Option<DecodeFault> {
    let mut processor = FitStreamProcessor::new();
    processor.add_option(DecodeOption::SkipDataCrcValidation);
    processor.add_option(DecodeOption::SkipHeaderCrcValidation);
    let mut rest = bytes;
    let mut count = 0usize;
    let mut oddity: Option<DecodeFault> = None;
    // Where the current file's messages end (its CRC), once its header is
    // read: before it, a byte with 0x40 set and 0x80 clear starts a
    // definition, as fitparser reads it.
    let mut messages_end: Option<usize> = None;
    while !rest.is_empty() {
        let at = bytes.len() - rest.len();
        let patched = messages_end
            .filter(|end| at < *end)
            .and_then(|_| aligned_definition(rest));
        let next = match &patched {
            Some(copy) => processor
                .deserialize_next(copy)
                .map(|(left, object)| (rest.get(copy.len() - left.len()..), object)),
            None => processor
                .deserialize_next(rest)
                .map(|(left, object)| (Some(left), object)),
        };
        let (remaining, object) = match next {
            Ok((Some(remaining), object)) => (remaining, object),
            Ok((None, _)) => {
                return Some(DecodeFault::Truncated {
                    at,
                    messages: count,
                })
            }
            Err(error) => return Some(stop(*error, at, count)),
        };
        let consumed = rest.len() - remaining.len();
        if matches!(object, FitObject::Header(_)) {
            let data_size = rest
                .get(4..8)
                .and_then(|size| <[u8; 4]>::try_from(size).ok())
                .map_or(0, u32::from_le_bytes);
            messages_end = Some(at + consumed + data_size as usize);
        }
        rest = remaining;
        match object {
            FitObject::DataMessage(message) => match processor.decode_message(message) {
                Ok(record) => {
                    count += 1;
                    keep(messages, &record);
                }
                Err(error) => {
                    return Some(DecodeFault::Other(format!(
                        "message {} at byte {at} is undecodable: {error}",
                        count + 1
                    )))
                }
            },
            // Chained files restart their definitions and accumulators.
            FitObject::Crc(_) => {
                processor.reset();
                messages_end = None;
            }
            FitObject::DefinitionMessage(_) => {
                if oddity.is_none() {
                    oddity = DecodeFault::misaligned_field(bytes.get(at..).unwrap_or_default(), at);
                }
            }
            FitObject::Header(_) => {}
        }
    }
    oddity
}

/// A copy of the definition message starting `rest` with every field whose
/// size is not a whole number of its base type's values declared as bytes,
/// when it has such a field; `None` otherwise.
///
/// fitparser reads such a field as bytes too, but prints a line to stderr
/// for it (an `eprintln!`, which no option silences): handed the copy, it
/// reads the same definition without a word. The sizes are fitparser's own
/// (its type byte masked with 0x9F, unknown types one byte).
fn aligned_definition(rest: &[u8]) -> Option<Vec<u8>> {
    const BYTE: u8 = 0x0D;
    let header = *rest.first()?;
    if header & 0xC0 != 0x40 {
        return None;
    }
    let fields = usize::from(*rest.get(5)?);
    let developer = header & 0x20 != 0;
    let developer_fields = if developer {
        rest.get(6 + 3 * fields)
            .map_or(0, |&n| 1 + 3 * usize::from(n))
    } else {
        0
    };
    let length = (6 + 3 * fields + developer_fields).min(rest.len());
    let mut copy: Option<Vec<u8>> = None;
    for field in 0..fields {
        let (Some(&size), Some(&base)) = (rest.get(7 + 3 * field), rest.get(8 + 3 * field)) else {
            break;
        };
        let unit = match base & 0x9F {
            0x83 | 0x84 | 0x8B => 2,
            0x85 | 0x86 | 0x88 | 0x8C => 4,
            0x89 | 0x8E | 0x8F | 0x90 => 8,
            _ => 1,
        };
        if size % unit != 0 {
            let copy = copy.get_or_insert_with(|| rest.get(..length).unwrap_or(rest).to_vec());
            if let Some(byte) = copy.get_mut(8 + 3 * field) {
                *byte = BYTE;
            }
        }
    }
    copy
}

/// fitparser's parse errors in patella's terms, where they have one.
fn stop(error: ErrorKind, at: usize, messages: usize) -> DecodeFault {
    match error {
        ErrorKind::UnexpectedEof(_) => DecodeFault::Truncated { at, messages },
        ErrorKind::MissingDefinitionMessage(local, _) => DecodeFault::UndefinedLocal {
            at,
            messages,
            local,
        },
        // A failed ".FIT" tag: the only way its header parser fails other
        // than running out of bytes.
        ErrorKind::ParseError(_, kind) if format!("{kind:?}") == "Tag" => {
            DecodeFault::NoChainedHeader { at, messages }
        }
        other => DecodeFault::Other(format!(
            "decoding stopped at byte {at} after {messages} messages: {other}"
        )),
    }
}

const TIMESTAMP: Key = ("timestamp", 253);

fn keep(messages: &mut FitMessages, m: &FitDataRecord) {
    match m.kind() {
        MesgNum::FileId => messages.file_ids.push(FitFileId {
            kind: text(m, ("type", 0)),
            manufacturer: text(m, ("manufacturer", 1)),
            product: text(m, ("product", 2)),
            garmin_product: text(m, ("garmin_product", 2)),
            product_name: text(m, ("product_name", 8)),
        }),
        MesgNum::DeviceInfo => messages.device_infos.push(FitDeviceInfo {
            device_index: text(m, ("device_index", 0)),
            local_device_type: text(m, ("local_device_type", 1)),
            manufacturer: text(m, ("manufacturer", 2)),
            product: text(m, ("product", 4)),
            garmin_product: text(m, ("garmin_product", 4)),
            product_name: text(m, ("product_name", 27)),
        }),
        MesgNum::Sport => messages.sports.push(FitSport {
            sport: text(m, ("sport", 0)),
            sub_sport: text(m, ("sub_sport", 1)),
        }),
        MesgNum::Session => messages.sessions.push(FitSession {
            timestamp: fit_seconds(m, TIMESTAMP),
            start_time: fit_seconds(m, ("start_time", 2)),
            sport: text(m, ("sport", 5)),
            sub_sport: text(m, ("sub_sport", 6)),
            total_elapsed_time: number(m, ("total_elapsed_time", 7)),
            total_timer_time: number(m, ("total_timer_time", 8)),
            total_distance: number(m, ("total_distance", 9)),
            total_ascent: number(m, ("total_ascent", 22)),
            total_descent: number(m, ("total_descent", 23)),
            avg_heart_rate: number(m, ("avg_heart_rate", 16)),
            max_heart_rate: number(m, ("max_heart_rate", 17)),
            avg_cadence: first_number(m, &[("avg_running_cadence", 18), ("avg_cadence", 18)]),
            avg_fractional_cadence: number(m, ("avg_fractional_cadence", 92)),
        }),
        MesgNum::Lap => messages.laps.push(FitLap {
            start_time: fit_seconds(m, ("start_time", 2)),
            sport: text(m, ("sport", 25)),
            total_elapsed_time: number(m, ("total_elapsed_time", 7)),
            total_timer_time: number(m, ("total_timer_time", 8)),
            total_distance: number(m, ("total_distance", 9)),
            avg_heart_rate: number(m, ("avg_heart_rate", 15)),
            avg_cadence: first_number(m, &[("avg_running_cadence", 17), ("avg_cadence", 17)]),
            avg_fractional_cadence: number(m, ("avg_fractional_cadence", 80)),
        }),
        MesgNum::Event => messages.events.push(FitEvent {
            timestamp: fit_seconds(m, TIMESTAMP),
            event: text(m, ("event", 0)),
            event_type: text(m, ("event_type", 1)),
        }),
        MesgNum::Record => messages.records.push(FitRecord {
            timestamp: fit_seconds(m, TIMESTAMP),
            position_lat: Num::new(number(m, ("position_lat", 0))),
            position_long: Num::new(number(m, ("position_long", 1))),
            distance: Num::new(number(m, ("distance", 5))),
            // Without KeepCompositeFields fitparser expands `speed` and
            // `altitude` into their enhanced fields; the plain names are
            // looked at too in case it ever stops doing so.
            speed: Num::new(first_number(m, &[("enhanced_speed", 73), ("speed", 6)])),
            altitude: Num::new(first_number(
                m,
                &[("enhanced_altitude", 78), ("altitude", 2)],
            )),
            heart_rate: Num::new(number(m, ("heart_rate", 3))),
            cadence: Num::new(number(m, ("cadence", 4))),
            fractional_cadence: Num::new(number(m, ("fractional_cadence", 53))),
            power: Num::new(number(m, ("power", 7))),
            temperature: Num::new(number(m, ("temperature", 13))),
            stance_time: Num::new(number(m, ("stance_time", 41))),
            stance_time_balance: Num::new(number(m, ("stance_time_balance", 84))),
            vertical_oscillation: Num::new(number(m, ("vertical_oscillation", 39))),
            step_length: Num::new(number(m, ("step_length", 85))),
        }),
        MesgNum::Activity => messages.activities.push(FitActivity {
            timestamp: fit_seconds(m, TIMESTAMP),
            local_timestamp: local_fit_seconds(m, ("local_timestamp", 5)),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::aligned_definition;

    #[test]
    fn misaligned_fields_are_declared_as_bytes_for_fitparser() {
        // A record definition: field 3 one byte of a sint32 (0x85), field
        // 4 two bytes of a uint16 (0x84), field 5 three bytes of an
        // unknown type (0x03: one byte to fitparser), then one developer
        // field; the data message after it is not copied.
        let definition = [
            0x60, 0, 0, 20, 0, 3, 3, 1, 0x85, 4, 2, 0x84, 5, 3, 0x03, 1, 0, 4, 0, 0x05, 1, 2, 3,
        ];
        let copy = aligned_definition(&definition);
        let mut expected = definition[..19].to_vec();
        expected[8] = 0x0D;
        assert_eq!(copy, Some(expected));
        // Nothing to change, or not a definition: no copy.
        let aligned = [0x40, 0, 0, 20, 0, 1, 4, 2, 0x84];
        assert_eq!(aligned_definition(&aligned), None);
        assert_eq!(
            aligned_definition(&[0x00, 0, 0, 20, 0, 1, 3, 1, 0x85]),
            None
        );
        assert_eq!(
            aligned_definition(&[0xC0, 0, 0, 20, 0, 1, 3, 1, 0x85]),
            None
        );
        // Cut short, what there is is copied (fitparser then stops there
        // as it would on the original).
        assert_eq!(
            aligned_definition(&definition[..9]).map(|c| c.len()),
            Some(9)
        );
    }
}
