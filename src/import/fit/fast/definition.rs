//! Definition messages: where each field of the coming data messages lies,
//! worked out once per definition so that data messages are read by
//! offset.

use super::values::{Base, Decline, Layout};

/// Global message numbers patella reads (and `field_description`, whose
/// developer field types fitparser needs).
pub mod mesg {
    pub const FILE_ID: u16 = 0;
    pub const SPORT: u16 = 12;
    pub const SESSION: u16 = 18;
    pub const LAP: u16 = 19;
    pub const RECORD: u16 = 20;
    pub const EVENT: u16 = 21;
    pub const DEVICE_INFO: u16 = 23;
    pub const ACTIVITY: u16 = 34;
    pub const FIELD_DESCRIPTION: u16 = 206;
}

/// Field number of every message's `timestamp`.
pub const TIMESTAMP: u8 = 253;

/// A developer field in a definition: skipped by size, but checked against
/// its description as fitparser would read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevField {
    pub developer_data_index: u8,
    pub number: u8,
    pub size: u8,
}

/// One definition, ready for its data messages.
#[derive(Debug, Clone)]
pub struct Definition {
    pub global: u16,
    pub big_endian: bool,
    /// Data message size after the record header.
    pub size: usize,
    /// Every native field, in definition order.
    pub fields: Vec<(u8, Layout)>,
    /// Field 253, which every message may carry.
    pub timestamp: Option<Layout>,
    /// It is one integer (the usual case, read by the quick path).
    pub integer_timestamp: bool,
    pub developer_fields: Vec<DevField>,
    /// The developer-description generation these fields were last
    /// checked against.
    pub developer_checked: Option<u64>,
    /// For `record` messages: the fields patella reads.
    pub record: Vec<RecordField>,
}

/// A `record` field patella reads, ready to be read by offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordField {
    pub slot: Slot,
    pub layout: Layout,
    /// fitparser's scale and offset for the field's value, and whether it
    /// applies them (not when they are 1 and 0).
    pub scale: f64,
    pub offset: f64,
    pub scaled: bool,
}

/// The `record` fields patella reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    PositionLat,
    PositionLong,
    /// `altitude` (2), expanded into `enhanced_altitude`.
    Altitude,
    HeartRate,
    Cadence,
    Distance,
    /// `speed` (6), expanded into `enhanced_speed`.
    Speed,
    Power,
    /// Old foot pods' 12-bit speed and accumulated 12-bit distance.
    CompressedSpeedDistance,
    Temperature,
    VerticalOscillation,
    StanceTime,
    FractionalCadence,
    EnhancedSpeed,
    EnhancedAltitude,
    StanceTimeBalance,
    StepLength,
}

impl Slot {
    /// How many slots there are.
    pub const COUNT: usize = 17;

    /// `speed`, `altitude` and `compressed_speed_distance`: read into
    /// another slot's field rather than their own.
    #[inline]
    pub fn is_component(self) -> bool {
        matches!(
            self,
            Slot::Speed | Slot::Altitude | Slot::CompressedSpeedDistance
        )
    }

    /// The profile's scale and offset (for `speed` and `altitude`, those
    /// of the enhanced fields they expand into).
    fn scale_offset(self) -> (f64, f64) {
        match self {
            Slot::Distance => (100.0, 0.0),
            Slot::Speed | Slot::EnhancedSpeed => (1000.0, 0.0),
            Slot::Altitude | Slot::EnhancedAltitude => (5.0, 500.0),
            Slot::VerticalOscillation | Slot::StanceTime | Slot::StepLength => (10.0, 0.0),
            Slot::FractionalCadence => (128.0, 0.0),
            Slot::StanceTimeBalance => (100.0, 0.0),
            // Its two components have their own (100 and 16).
            Slot::CompressedSpeedDistance => (1.0, 0.0),
            Slot::PositionLat
            | Slot::PositionLong
            | Slot::HeartRate
            | Slot::Cadence
            | Slot::Power
            | Slot::Temperature => (1.0, 0.0),
        }
    }

    fn of(number: u8) -> Option<Slot> {
        Some(match number {
            0 => Slot::PositionLat,
            1 => Slot::PositionLong,
            2 => Slot::Altitude,
            3 => Slot::HeartRate,
            4 => Slot::Cadence,
            5 => Slot::Distance,
            6 => Slot::Speed,
            7 => Slot::Power,
            8 => Slot::CompressedSpeedDistance,
            13 => Slot::Temperature,
            39 => Slot::VerticalOscillation,
            41 => Slot::StanceTime,
            53 => Slot::FractionalCadence,
            73 => Slot::EnhancedSpeed,
            78 => Slot::EnhancedAltitude,
            84 => Slot::StanceTimeBalance,
            85 => Slot::StepLength,
            _ => return None,
        })
    }
}

/// What a definition message at the start of `bytes` holds.
pub enum Parsed {
    /// The definition and its length in bytes (record header included).
    Complete(Definition, usize),
    /// The bytes end inside it.
    Short,
}

/// Parses a definition message starting at its record header.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Decline> {
    let Some(&[header, _reserved, architecture, g0, g1, count]) = bytes.first_chunk::<6>() else {
        return Ok(Parsed::Short);
    };
    let big_endian = architecture == 1;
    let global = if big_endian {
        u16::from_be_bytes([g0, g1])
    } else {
        u16::from_le_bytes([g0, g1])
    };
    let count = usize::from(count);
    let Some(raw) = bytes.get(6..6 + 3 * count) else {
        return Ok(Parsed::Short);
    };
    let mut length = 6 + 3 * count;
    let mut fields = Vec::with_capacity(count);
    let mut offset = 0;
    for field in raw.chunks_exact(3) {
        if let &[number, size, base] = field {
            fields.push((number, Layout::new(offset, size, base)));
            offset += usize::from(size);
        }
    }
    let mut developer_fields = Vec::new();
    if header & 0x20 != 0 {
        let Some(&dev_count) = bytes.get(length) else {
            return Ok(Parsed::Short);
        };
        let dev_count = usize::from(dev_count);
        let Some(raw) = bytes.get(length + 1..length + 1 + 3 * dev_count) else {
            return Ok(Parsed::Short);
        };
        length += 1 + 3 * dev_count;
        for field in raw.chunks_exact(3) {
            if let &[number, size, developer_data_index] = field {
                developer_fields.push(DevField {
                    developer_data_index,
                    number,
                    size,
                });
                offset += usize::from(size);
            }
        }
    }
    let timestamp = only(&fields, TIMESTAMP)?;
    if timestamp.is_some_and(|t| t.base.is_64_bit_integer()) {
        return Err("a 64-bit timestamp");
    }
    let integer_timestamp = timestamp.is_some_and(|t| t.is_scalar() && is_integer(t.base));
    if global == mesg::RECORD && timestamp.is_some() && !integer_timestamp {
        return Err("a record timestamp that is not one integer");
    }
    let record = if global == mesg::RECORD {
        record_plan(&fields)?
    } else {
        Vec::new()
    };
    if kept(global) {
        check_no_repeats(&fields)?;
    }
    let definition = Definition {
        global,
        big_endian,
        size: offset,
        fields,
        timestamp,
        integer_timestamp,
        developer_fields,
        developer_checked: None,
        record,
    };
    Ok(Parsed::Complete(definition, length))
}

fn kept(global: u16) -> bool {
    use mesg::*;
    matches!(
        global,
        FILE_ID
            | SPORT
            | SESSION
            | LAP
            | RECORD
            | EVENT
            | DEVICE_INFO
            | ACTIVITY
            | FIELD_DESCRIPTION
    )
}

/// The one field with this number. A field defined twice is kept by
/// fitparser in whichever occurrence was last valid; not worth
/// reproducing.
fn only(fields: &[(u8, Layout)], number: u8) -> Result<Option<Layout>, Decline> {
    let mut found = fields.iter().filter(|(n, _)| *n == number);
    let first = found.next().map(|(_, layout)| *layout);
    match found.next() {
        Some(_) => Err("a field defined twice"),
        None => Ok(first),
    }
}

fn check_no_repeats(fields: &[(u8, Layout)]) -> Result<(), Decline> {
    let mut seen = [false; 256];
    for (number, _) in fields {
        let slot = seen.get_mut(usize::from(*number)).ok_or("a field number")?;
        if *slot {
            return Err("a field defined twice");
        }
        *slot = true;
    }
    Ok(())
}

/// The `record` fields patella reads, with what fitparser would do to them
/// checked now so that data messages cannot surprise the decoder.
fn record_plan(fields: &[(u8, Layout)]) -> Result<Vec<RecordField>, Decline> {
    check_no_repeats(fields)?;
    let plan: Vec<RecordField> = fields
        .iter()
        .filter_map(|(number, layout)| {
            let slot = Slot::of(*number)?;
            let (scale, offset) = slot.scale_offset();
            Some(RecordField {
                slot,
                layout: *layout,
                scale,
                offset,
                scaled: scale != 1.0 || offset != 0.0,
            })
        })
        .collect();
    let has = |slot: Slot| plan.iter().any(|f| f.slot == slot);
    for RecordField { slot, layout, .. } in &plan {
        match slot {
            Slot::CompressedSpeedDistance => {
                if layout.base != Base::Byte || layout.size != 3 {
                    return Err("compressed_speed_distance that is not 3 bytes");
                }
                // Its speed and distance would sit beside the record's own
                // in an order fitparser leaves to a hash map.
                if has(Slot::Distance) || has(Slot::Speed) || has(Slot::EnhancedSpeed) {
                    return Err("compressed_speed_distance beside speed or distance");
                }
            }
            // Arrays and text in these fields are not numbers patella could
            // use; what fitparser makes of them is not worth reproducing.
            _ if !layout.is_scalar() || layout.base == Base::Str => {
                return Err("an array or text in a record field");
            }
            _ => {}
        }
    }
    Ok(plan)
}

fn is_integer(base: Base) -> bool {
    !matches!(base, Base::Str | Base::F32 | Base::F64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_a_place_among_the_slots() {
        let slots: Vec<Slot> = (0..=255).filter_map(Slot::of).collect();
        assert_eq!(slots.len(), Slot::COUNT);
        let mut seen = [false; Slot::COUNT];
        for slot in slots {
            let place = &mut seen[slot as usize];
            assert!(!*place, "{slot:?} shares its place");
            *place = true;
        }
    }
}
