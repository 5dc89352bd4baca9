//! Data messages to patella's typed messages: `record` by its precomputed
//! slots (the hot loop), the few others field by field.

use fitparser::profile::field_types::{Manufacturer, SourceType};
use fitparser::profile::FieldDataType;

use super::definition::{Definition, Slot};
use super::values::{
    apply, as_i64, bits, float, label, ne_bytes, number, read, small_integer, text, time, Decline,
    Layout, SmallInteger, Value,
};
use crate::import::fit::messages::{
    FitActivity, FitDeviceInfo, FitEvent, FitFileId, FitLap, FitRecord, FitSession, FitSport, Num,
};

/// One data message's bytes (after its record header) with its definition.
pub struct Message<'a> {
    pub definition: &'a Definition,
    pub data: &'a [u8],
}

impl<'a> Message<'a> {
    /// A native field's valid value. Kept messages define each field once
    /// (checked with the definition).
    fn get(&self, number: u8) -> Option<Value<'a>> {
        self.value(self.layout(number)?)
    }

    /// Where a native field lies, if the definition has it.
    pub fn layout(&self, number: u8) -> Option<Layout> {
        let (_, layout) = self.definition.fields.iter().find(|(n, _)| *n == number)?;
        Some(*layout)
    }

    /// The valid value at `layout`.
    pub fn value(&self, layout: Layout) -> Option<Value<'a>> {
        read(self.data, layout, self.definition.big_endian)
    }

    fn number(&self, field: u8, scale: f64, offset: f64) -> Result<Option<f64>, Decline> {
        self.get(field)
            .map_or(Ok(None), |v| number(v, scale, offset))
    }

    fn plain(&self, field: u8) -> Result<Option<f64>, Decline> {
        self.number(field, 1.0, 0.0)
    }

    fn time(&self, field: u8) -> Result<Option<i64>, Decline> {
        self.get(field).map_or(Ok(None), time)
    }

    fn label(&self, field: u8, kind: FieldDataType) -> Result<Option<String>, Decline> {
        self.get(field).map_or(Ok(None), |v| label(v, kind))
    }

    fn text(&self, field: u8) -> Option<String> {
        self.get(field).and_then(text)
    }

    /// A field's raw value as fitparser converts it to choose a subfield
    /// (-1 when absent or not an integer).
    fn selector(&self, field: u8) -> i64 {
        self.get(field).and_then(as_i64).unwrap_or(-1)
    }

    /// The message's `timestamp`: its own field when valid, else the time
    /// its compressed header gave.
    fn timestamp(&self, compressed: Option<i64>) -> Result<Option<i64>, Decline> {
        match self.definition.timestamp {
            Some(layout) => match read(self.data, layout, self.definition.big_endian) {
                Some(value) => time(value),
                None => Ok(compressed),
            },
            None => Ok(compressed),
        }
    }
}

/// `file_id`.
pub fn file_id(m: &Message) -> Result<FitFileId, Decline> {
    let (product, garmin_product) = product(m.get(2), m.selector(1))?;
    Ok(FitFileId {
        kind: m.label(0, FieldDataType::File)?,
        manufacturer: m.label(1, FieldDataType::Manufacturer)?,
        product,
        garmin_product,
        product_name: m.text(8),
    })
}

/// `device_info`.
pub fn device_info(m: &Message) -> Result<FitDeviceInfo, Decline> {
    let (product, garmin_product) = product(m.get(4), m.selector(2))?;
    let source = m.selector(25);
    let local_device_type = match m.get(1) {
        None => None,
        Some(value) if source == SourceType::Local.as_i64() => {
            label(value, FieldDataType::LocalDeviceType)?
        }
        Some(value) => {
            // Other subfields patella does not read; converted only so that
            // a value fitparser fails on fails here too.
            let kind = if source == SourceType::BluetoothLowEnergy.as_i64() {
                Some(FieldDataType::BleDeviceType)
            } else if source == SourceType::Antplus.as_i64() {
                Some(FieldDataType::AntplusDeviceType)
            } else {
                None
            };
            if let Some(kind) = kind {
                label(value, kind)?;
            }
            None
        }
    };
    Ok(FitDeviceInfo {
        device_index: m.label(0, FieldDataType::DeviceIndex)?,
        local_device_type,
        manufacturer: m.label(2, FieldDataType::Manufacturer)?,
        product,
        garmin_product,
        product_name: m.text(27),
    })
}

/// The `product` field under the name fitparser gives it for this
/// manufacturer: `(product, garmin_product)`; Favero's product names are
/// not read.
fn product(
    value: Option<Value>,
    manufacturer: i64,
) -> Result<(Option<String>, Option<String>), Decline> {
    let Some(value) = value else {
        return Ok((None, None));
    };
    let garmin_like = [
        Manufacturer::Garmin,
        Manufacturer::Dynastream,
        Manufacturer::DynastreamOem,
        Manufacturer::Tacx,
    ];
    if manufacturer == Manufacturer::FaveroElectronics.as_i64() {
        label(value, FieldDataType::FaveroProduct)?;
        Ok((None, None))
    } else if garmin_like.iter().any(|m| m.as_i64() == manufacturer) {
        Ok((None, label(value, FieldDataType::GarminProduct)?))
    } else {
        Ok((text(value), None))
    }
}

/// `sport`.
pub fn sport(m: &Message) -> Result<FitSport, Decline> {
    Ok(FitSport {
        sport: m.label(0, FieldDataType::Sport)?,
        sub_sport: m.label(1, FieldDataType::SubSport)?,
    })
}

/// `session`.
pub fn session(m: &Message, compressed: Option<i64>) -> Result<FitSession, Decline> {
    Ok(FitSession {
        timestamp: m.timestamp(compressed)?,
        start_time: m.time(2)?,
        sport: m.label(5, FieldDataType::Sport)?,
        sub_sport: m.label(6, FieldDataType::SubSport)?,
        total_elapsed_time: m.number(7, 1000.0, 0.0)?,
        total_timer_time: m.number(8, 1000.0, 0.0)?,
        total_distance: m.number(9, 100.0, 0.0)?,
        total_ascent: m.plain(22)?,
        total_descent: m.plain(23)?,
        avg_heart_rate: m.plain(16)?,
        max_heart_rate: m.plain(17)?,
        avg_cadence: m.plain(18)?,
        avg_fractional_cadence: m.number(92, 128.0, 0.0)?,
    })
}

/// `lap`.
pub fn lap(m: &Message) -> Result<FitLap, Decline> {
    Ok(FitLap {
        start_time: m.time(2)?,
        sport: m.label(25, FieldDataType::Sport)?,
        total_elapsed_time: m.number(7, 1000.0, 0.0)?,
        total_timer_time: m.number(8, 1000.0, 0.0)?,
        total_distance: m.number(9, 100.0, 0.0)?,
        avg_heart_rate: m.plain(15)?,
        avg_cadence: m.plain(17)?,
        avg_fractional_cadence: m.number(80, 128.0, 0.0)?,
    })
}

/// `event`.
pub fn event(m: &Message, compressed: Option<i64>) -> Result<FitEvent, Decline> {
    Ok(FitEvent {
        timestamp: m.timestamp(compressed)?,
        event: m.label(0, FieldDataType::Event)?,
        event_type: m.label(1, FieldDataType::EventType)?,
    })
}

/// `activity`.
pub fn activity(m: &Message, compressed: Option<i64>) -> Result<FitActivity, Decline> {
    Ok(FitActivity {
        timestamp: m.timestamp(compressed)?,
        // A local_date_time: fitparser's value, its machine's zone undone,
        // is the stored number.
        local_timestamp: m.time(5)?,
    })
}

/// `record`, by the fields its definition prepared, with the timestamp
/// the caller read (its own, else its header's). The definition has
/// already refused every field layout that could fail here: each field is
/// one integer or float, the timestamp an integer.
///
/// `accumulated` is fitparser's running sum of compressed 12-bit
/// distances: it adds the raw values without handling their roll-over,
/// which patella detects afterwards (the distance disagrees with the
/// session's) and mends from speed.
#[inline]
pub fn record(m: &Message, timestamp: Option<i64>, accumulated: &mut Option<u64>) -> FitRecord {
    let big = m.definition.big_endian;
    let mut r = FitRecord {
        timestamp,
        ..FitRecord::default()
    };
    let mut speed_component = Num::NONE;
    let mut altitude_component = Num::NONE;
    // By slot, written without a branch per field; NaN reads as missing.
    let mut values = [f64::NAN; Slot::COUNT];
    for field in &m.definition.record {
        let layout = field.layout;
        if !field.slot.is_component() {
            if let Some(raw) = float(m.data, layout, big) {
                let value = if field.scaled {
                    // fitparser's `value / scale - offset`, when it scales.
                    raw / field.scale - field.offset
                } else {
                    raw
                };
                if let Some(slot) = values.get_mut(field.slot as usize) {
                    *slot = value;
                }
            }
            continue;
        }
        match field.slot {
            Slot::CompressedSpeedDistance => {
                // Three raw bytes, valid unless all are 0xFF.
                let raw = m.data.get(layout.offset..layout.offset + layout.size);
                if let Some(raw) = raw.filter(|raw| raw.iter().any(|b| *b != 0xFF)) {
                    let speed = bits(raw, 0, 12);
                    let distance = bits(raw, 12, 12);
                    let enhanced = bits(&speed.to_ne_bytes(), 0, 16);
                    speed_component = Num::new(Some(apply(enhanced as f64, 100.0, 0.0)));
                    let total = accumulated.map_or(distance, |sum| sum.wrapping_add(distance));
                    *accumulated = Some(total);
                    if let Some(slot) = values.get_mut(Slot::Distance as usize) {
                        *slot = apply(total as f64, 16.0, 0.0);
                    }
                }
            }
            // Expanded into the enhanced field: the value's low 16 bits,
            // with the enhanced field's scale.
            _ => {
                let low = match small_integer(m.data, layout, big) {
                    SmallInteger::Bits(bits) => Some(bits & 0xFFFF),
                    SmallInteger::Invalid => None,
                    SmallInteger::Other => read(m.data, layout, big)
                        .map(|value| bits(&ne_bytes(value, layout.base), 0, 16)),
                };
                if let Some(low) = low {
                    let expanded = Num::new(Some(apply(low as f64, field.scale, field.offset)));
                    if field.slot == Slot::Speed {
                        speed_component = expanded;
                    } else {
                        altitude_component = expanded;
                    }
                }
            }
        }
    }
    let at = |slot: Slot| Num::of(values.get(slot as usize).copied().unwrap_or(f64::NAN));
    r.position_lat = at(Slot::PositionLat);
    r.position_long = at(Slot::PositionLong);
    r.heart_rate = at(Slot::HeartRate);
    r.cadence = at(Slot::Cadence);
    r.distance = at(Slot::Distance);
    r.power = at(Slot::Power);
    r.temperature = at(Slot::Temperature);
    r.vertical_oscillation = at(Slot::VerticalOscillation);
    r.stance_time = at(Slot::StanceTime);
    r.fractional_cadence = at(Slot::FractionalCadence);
    r.speed = at(Slot::EnhancedSpeed);
    r.altitude = at(Slot::EnhancedAltitude);
    r.stance_time_balance = at(Slot::StanceTimeBalance);
    r.step_length = at(Slot::StepLength);
    // A record with both the plain and the enhanced field gets two
    // `enhanced_*` values from fitparser, in hash-map order; the record's
    // own enhanced value is taken here.
    if r.speed.get().is_none() {
        r.speed = speed_component;
    }
    if r.altitude.get().is_none() {
        r.altitude = altitude_component;
    }
    r
}
