//! Reading one field's value from a data message, and turning it into what
//! fitparser 0.11 reports for it: the same validity rules, the same scale
//! arithmetic, the same enum names.

use fitparser::profile::{get_field_variant_as_string, FieldDataType};

/// A FIT base type as fitparser reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Enum,
    S8,
    U8,
    S16,
    U16,
    S32,
    U32,
    Str,
    F32,
    F64,
    U8z,
    U16z,
    U32z,
    Byte,
    S64,
    U64,
    U64z,
}

impl Base {
    /// The type of a field definition's base-type byte. Bits 5 and 6 are
    /// ignored; a byte naming no type is read one uint8 at a time, as
    /// fitparser does.
    pub fn from_byte(byte: u8) -> Base {
        match byte & 0x9F {
            0 => Base::Enum,
            1 => Base::S8,
            7 => Base::Str,
            10 => Base::U8z,
            13 => Base::Byte,
            131 => Base::S16,
            132 => Base::U16,
            133 => Base::S32,
            134 => Base::U32,
            136 => Base::F32,
            137 => Base::F64,
            139 => Base::U16z,
            140 => Base::U32z,
            142 => Base::S64,
            143 => Base::U64,
            144 => Base::U64z,
            _ => Base::U8,
        }
    }

    /// Bytes per value (a string's unit is one byte).
    pub fn size(self) -> usize {
        match self {
            Base::Enum | Base::S8 | Base::U8 | Base::Str | Base::U8z | Base::Byte => 1,
            Base::S16 | Base::U16 | Base::U16z => 2,
            Base::S32 | Base::U32 | Base::U32z | Base::F32 => 4,
            Base::F64 | Base::S64 | Base::U64 | Base::U64z => 8,
        }
    }

    pub fn is_64_bit_integer(self) -> bool {
        matches!(self, Base::S64 | Base::U64 | Base::U64z)
    }
}

/// Where a field lies in a data message (after its one-byte header) and
/// how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub offset: usize,
    pub size: usize,
    pub base: Base,
}

impl Layout {
    /// A field of `size` bytes at `offset` declared with `base_byte`. A
    /// size that is not a multiple of the type's size makes the field raw
    /// bytes, as in fitparser.
    pub fn new(offset: usize, size: u8, base_byte: u8) -> Layout {
        let declared = Base::from_byte(base_byte);
        let size = usize::from(size);
        let base = if size % declared.size() == 0 {
            declared
        } else {
            Base::Byte
        };
        Layout { offset, size, base }
    }

    /// One value (not an array); strings are always one value.
    pub fn is_scalar(self) -> bool {
        self.base == Base::Str || self.size == self.base.size()
    }
}

/// A valid field value, before the profile is applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Any integer type up to 32 bits.
    Int(i64),
    /// sint64.
    Long(i64),
    /// uint64, uint64z.
    ULong(u64),
    /// A finite float32 (widened) or float64.
    Float(f64),
    Text(&'a str),
    /// Several values, at least one of them valid.
    Array,
}

/// Reads a field from a data message's bytes. `None` when the field is
/// invalid (its type's invalid value, NaN, a string that is not UTF-8) or
/// lies outside `data`.
#[inline]
pub fn read(data: &[u8], layout: Layout, big_endian: bool) -> Option<Value<'_>> {
    let bytes = data.get(layout.offset..layout.offset + layout.size)?;
    if layout.base == Base::Str {
        let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        return std::str::from_utf8(bytes.get(..end)?).ok().map(Value::Text);
    }
    if layout.size != layout.base.size() {
        // fitparser keeps an array when any one element is valid.
        let unit = layout.base.size();
        let any_valid = bytes
            .chunks_exact(unit)
            .any(|chunk| element(chunk, layout.base, big_endian).is_some());
        return any_valid.then_some(Value::Array);
    }
    element(bytes, layout.base, big_endian)
}

/// One value of a numeric type from exactly its bytes.
#[inline]
fn element(bytes: &[u8], base: Base, big: bool) -> Option<Value<'static>> {
    macro_rules! raw {
        ($t:ty) => {{
            let raw = <$t>::from_le_bytes(*bytes.first_chunk()?);
            if big {
                raw.swap_bytes()
            } else {
                raw
            }
        }};
    }
    macro_rules! int {
        ($t:ty, $invalid:expr) => {{
            let v = raw!($t);
            if v == $invalid {
                return None;
            }
            v
        }};
    }
    Some(match base {
        Base::Enum | Base::U8 | Base::Byte => Value::Int(i64::from(int!(u8, u8::MAX))),
        Base::U8z => Value::Int(i64::from(int!(u8, 0))),
        Base::S8 => Value::Int(i64::from(int!(i8, i8::MAX))),
        Base::U16 => Value::Int(i64::from(int!(u16, u16::MAX))),
        Base::U16z => Value::Int(i64::from(int!(u16, 0))),
        Base::S16 => Value::Int(i64::from(int!(i16, i16::MAX))),
        Base::U32 => Value::Int(i64::from(int!(u32, u32::MAX))),
        Base::U32z => Value::Int(i64::from(int!(u32, 0))),
        Base::S32 => Value::Int(i64::from(int!(i32, i32::MAX))),
        Base::S64 => Value::Long(int!(i64, i64::MAX)),
        Base::U64 => Value::ULong(int!(u64, u64::MAX)),
        Base::U64z => Value::ULong(int!(u64, 0)),
        Base::F32 => {
            let v = f32::from_bits(raw!(u32));
            if !v.is_finite() {
                return None;
            }
            Value::Float(f64::from(v))
        }
        Base::F64 => {
            let v = f64::from_bits(raw!(u64));
            if !v.is_finite() {
                return None;
            }
            Value::Float(v)
        }
        Base::Str => return None,
    })
}

/// A scalar numeric field's valid value as fitparser's `as f64` gives it;
/// the hot path of `record` fields, whose layouts were checked.
#[inline]
pub fn float(data: &[u8], layout: Layout, big: bool) -> Option<f64> {
    let bytes = data.get(layout.offset..)?;
    macro_rules! int {
        ($t:ty, $invalid:expr) => {{
            let raw = <$t>::from_le_bytes(*bytes.first_chunk()?);
            let v = if big { raw.swap_bytes() } else { raw };
            (v != $invalid).then_some(v as f64)
        }};
    }
    match layout.base {
        Base::Enum | Base::U8 | Base::Byte => int!(u8, u8::MAX),
        Base::U8z => int!(u8, 0),
        Base::S8 => int!(i8, i8::MAX),
        Base::U16 => int!(u16, u16::MAX),
        Base::U16z => int!(u16, 0),
        Base::S16 => int!(i16, i16::MAX),
        Base::U32 => int!(u32, u32::MAX),
        Base::U32z => int!(u32, 0),
        Base::S32 => int!(i32, i32::MAX),
        Base::S64 => int!(i64, i64::MAX),
        Base::U64 => int!(u64, u64::MAX),
        Base::U64z => int!(u64, 0),
        // Floats are rare in records: the general reader (finite only).
        Base::F32 | Base::F64 | Base::Str => {
            match element(bytes.get(..layout.size)?, layout.base, big)? {
                Value::Float(v) => Some(v),
                _ => None,
            }
        }
    }
}

/// A scalar integer field's valid value (`None` for floats).
#[inline]
pub fn integer(data: &[u8], layout: Layout, big: bool) -> Option<i64> {
    let bytes = data.get(layout.offset..layout.offset + layout.size)?;
    match element(bytes, layout.base, big)? {
        Value::Int(v) => Some(v),
        _ => None,
    }
}

/// What the fast decoder declines to reproduce of fitparser's behaviour;
/// the whole file then goes to fitparser.
pub type Decline = &'static str;

/// Whether fitparser applies a scale or offset (it skips both when they
/// are 1 and 0).
fn is_scaled(scale: f64, offset: f64) -> bool {
    (scale - 1.0).abs() > f64::EPSILON || offset.abs() > f64::EPSILON
}

/// fitparser's `val / scale - offset`, or the value itself when unscaled.
#[inline]
pub fn apply(value: f64, scale: f64, offset: f64) -> f64 {
    if is_scaled(scale, offset) {
        value / scale - offset
    } else {
        value
    }
}

/// A numeric field as fitparser reports it and patella reads it: `None` for
/// arrays, text and non-finite results.
pub fn number(value: Value<'_>, scale: f64, offset: f64) -> Result<Option<f64>, Decline> {
    let raw = match value {
        Value::Int(v) | Value::Long(v) => v as f64,
        Value::ULong(v) => v as f64,
        Value::Float(v) => v,
        // fitparser fails to scale a string, and keeps an unscaled one as
        // text, which is no number.
        Value::Text(_) if is_scaled(scale, offset) => return Err("text in a scaled field"),
        Value::Text(_) | Value::Array => return Ok(None),
    };
    let scaled = apply(raw, scale, offset);
    Ok(scaled.is_finite().then_some(scaled))
}

/// A `date_time` or `local_date_time` field as the seconds fitparser's
/// timestamp holds. fitparser turns what is not an integer into 0 and
/// keeps an array as an array (no time).
pub fn time(value: Value<'_>) -> Result<Option<i64>, Decline> {
    match value {
        Value::Int(v) => Ok(Some(v)),
        // Huge 64-bit times make fitparser (chrono) panic.
        Value::Long(_) | Value::ULong(_) => Err("a 64-bit time"),
        Value::Float(_) | Value::Text(_) => Ok(Some(0)),
        Value::Array => Ok(None),
    }
}

/// A value as an i64 the way fitparser converts one to decide a subfield
/// or set the timestamp base (`None` where its conversion fails).
pub fn as_i64(value: Value<'_>) -> Option<i64> {
    match value {
        Value::Int(v) | Value::Long(v) => Some(v),
        Value::ULong(v) => Some(v as i64),
        Value::Float(_) | Value::Text(_) | Value::Array => None,
    }
}

/// An enum field as patella's `text` reads fitparser's value: the
/// profile's name, or the number when the profile has none.
pub fn label(value: Value<'_>, kind: FieldDataType) -> Result<Option<String>, Decline> {
    let code = match value {
        Value::Array => return Ok(None),
        Value::Float(_) | Value::Text(_) => return Err("a non-integer enum value"),
        other => as_i64(other).unwrap_or_default(),
    };
    Ok(if kind.is_named_variant(code) {
        clean(&get_field_variant_as_string(kind, code))
    } else {
        Some(format!("{}", code as f64))
    })
}

/// A string (or plain numeric) field as patella's `text` reads it.
pub fn text(value: Value<'_>) -> Option<String> {
    match value {
        Value::Text(s) => clean(s),
        Value::Int(v) | Value::Long(v) => Some(format!("{}", v as f64)),
        Value::ULong(v) => Some(format!("{}", v as f64)),
        Value::Float(v) => Some(format!("{v}")),
        Value::Array => None,
    }
}

/// Trimmed of NULs and blanks; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let trimmed = s.trim_matches(char::from(0)).trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A value's native-endian bytes (zero-padded to 8), which is what
/// fitparser's component extraction works on (`Value::to_ne_bytes`).
pub fn ne_bytes(value: Value<'_>, base: Base) -> [u8; 8] {
    let mut bytes = [0u8; 8];
    let mut put = |ne: &[u8]| {
        for (slot, byte) in bytes.iter_mut().zip(ne) {
            *slot = *byte;
        }
    };
    match (value, base) {
        (Value::Int(v), Base::S8) => put(&(v as i8).to_ne_bytes()),
        (Value::Int(v), Base::Enum | Base::U8 | Base::U8z | Base::Byte) => {
            put(&(v as u8).to_ne_bytes())
        }
        (Value::Int(v), Base::S16) => put(&(v as i16).to_ne_bytes()),
        (Value::Int(v), Base::U16 | Base::U16z) => put(&(v as u16).to_ne_bytes()),
        (Value::Int(v), Base::S32) => put(&(v as i32).to_ne_bytes()),
        (Value::Int(v), _) => put(&(v as u32).to_ne_bytes()),
        (Value::Long(v), _) => put(&v.to_ne_bytes()),
        (Value::ULong(v), _) => put(&v.to_ne_bytes()),
        (Value::Float(v), Base::F32) => put(&(v as f32).to_ne_bytes()),
        (Value::Float(v), _) => put(&v.to_ne_bytes()),
        (Value::Text(s), _) => put(s.as_bytes()),
        (Value::Array, _) => {}
    }
    bytes
}

/// A scalar field's raw bits when it is an integer of up to 32 bits.
pub enum SmallInteger {
    /// Valid: its bits in its own width (a signed value's two's
    /// complement), what `bits(&ne_bytes(value, base), ..)` reads of it.
    Bits(u64),
    /// The type's invalid value.
    Invalid,
    /// A float, a 64-bit integer or text: read it with [`read`].
    Other,
}

/// The quick path of `speed` and `altitude` (older devices' records),
/// which are expanded from their bits: the same validity as [`read`]
/// without building a [`Value`] and turning it back into bytes. Its table
/// of invalid values repeats [`float`]'s: taking the bits from `read`'s
/// value or from `float`'s number instead was measured 10-20% slower on
/// the corpus (`fit_speed ../shared/corpus 20 --fast-only`, 671-778
/// against 835-856 MB/s).
#[inline]
pub fn small_integer(data: &[u8], layout: Layout, big: bool) -> SmallInteger {
    let Some(bytes) = data.get(layout.offset..) else {
        return SmallInteger::Invalid;
    };
    macro_rules! int {
        ($t:ty, $invalid:expr) => {{
            let Some(chunk) = bytes.first_chunk() else {
                return SmallInteger::Invalid;
            };
            let raw = <$t>::from_le_bytes(*chunk);
            let v = if big { raw.swap_bytes() } else { raw };
            if v == $invalid {
                SmallInteger::Invalid
            } else {
                SmallInteger::Bits(u64::from(v))
            }
        }};
    }
    match layout.base {
        Base::Enum | Base::U8 | Base::Byte => int!(u8, u8::MAX),
        Base::U8z => int!(u8, 0),
        Base::S8 => int!(u8, i8::MAX as u8),
        Base::U16 => int!(u16, u16::MAX),
        Base::U16z => int!(u16, 0),
        Base::S16 => int!(u16, i16::MAX as u16),
        Base::U32 => int!(u32, u32::MAX),
        Base::U32z => int!(u32, 0),
        Base::S32 => int!(u32, i32::MAX as u32),
        Base::S64 | Base::U64 | Base::U64z | Base::F32 | Base::F64 | Base::Str => {
            SmallInteger::Other
        }
    }
}

/// `nbits` bits (at most 32) from `start_bit` of `bytes`, least
/// significant bit of the first byte first: fitparser's
/// `extract_component`.
pub fn bits(bytes: &[u8], start_bit: u32, nbits: u32) -> u64 {
    let mut padded = [0u8; 8];
    for (slot, byte) in padded.iter_mut().zip(bytes) {
        *slot = *byte;
    }
    let all = u64::from_le_bytes(padded);
    all.checked_shr(start_bit).unwrap_or(0) & ((1u64 << nbits.min(32)) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: u8, base: u8) -> Layout {
        Layout::new(0, size, base)
    }

    #[test]
    fn small_integers_give_the_bits_the_general_path_gives() {
        // Every integer type up to 32 bits (base byte, size), both byte
        // orders, over the edges of each type (its invalid values
        // included) and a spread between: `small_integer` must say what
        // `read` then `bits(&ne_bytes(..), 0, 16)` says.
        let types: [(u8, u8); 11] = [
            (0x00, 1),
            (0x01, 1),
            (0x02, 1),
            (0x0A, 1),
            (0x0D, 1),
            (0x83, 2),
            (0x84, 2),
            (0x8B, 2),
            (0x85, 4),
            (0x86, 4),
            (0x8C, 4),
        ];
        let mut patterns: Vec<[u8; 4]> = [0u32, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF]
            .into_iter()
            .chain([0x7FFF_FFFF, 0x8000_0000, u32::MAX, 0x1234_5678])
            .map(u32::to_le_bytes)
            .collect();
        let mut n: u32 = 7;
        for _ in 0..2000 {
            n = n.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            patterns.push(n.to_le_bytes());
        }
        for (base, size) in types {
            let layout = layout(size, base);
            for bytes in &patterns {
                for big in [false, true] {
                    let general = read(bytes, layout, big)
                        .map(|value| bits(&ne_bytes(value, layout.base), 0, 16));
                    let quick = match small_integer(bytes, layout, big) {
                        SmallInteger::Bits(bits) => Some(bits & 0xFFFF),
                        SmallInteger::Invalid => None,
                        SmallInteger::Other => panic!("{:?} is a small integer", layout.base),
                    };
                    assert_eq!(quick, general, "{:?} {bytes:?} big {big}", layout.base);
                }
            }
        }
        assert!(matches!(
            small_integer(&[0; 8], layout(4, 0x88), false),
            SmallInteger::Other
        ));
    }

    #[test]
    fn invalid_values_are_absent_per_type() {
        assert_eq!(read(&[0xFF], layout(1, 2), false), None);
        assert_eq!(read(&[0xFF, 0xFF], layout(2, 0x84), false), None);
        assert_eq!(read(&[0, 0], layout(2, 0x8B), false), None);
        assert_eq!(
            read(&[0xFF, 0xFF, 0xFF, 0x7F], layout(4, 0x85), false),
            None
        );
        assert_eq!(read(&[0x7F], layout(1, 1), false), None);
        assert_eq!(
            read(&[0x01, 0x02], layout(2, 0x84), false),
            Some(Value::Int(0x0201))
        );
        assert_eq!(
            read(&[0x01, 0x02], layout(2, 0x84), true),
            Some(Value::Int(0x0102))
        );
        assert_eq!(read(&[0xFE], layout(1, 1), false), Some(Value::Int(-2)));
        let nan = f32::NAN.to_le_bytes();
        assert_eq!(read(&nan, layout(4, 0x88), false), None);
    }

    #[test]
    fn arrays_strings_and_misaligned_fields() {
        // Two uint8 values, one valid: an array.
        assert_eq!(read(&[0xFF, 3], layout(2, 2), false), Some(Value::Array));
        assert_eq!(read(&[0xFF, 0xFF], layout(2, 2), false), None);
        assert_eq!(
            read(b"fenix\0zz", layout(8, 7), false),
            Some(Value::Text("fenix"))
        );
        assert_eq!(read(&[0xC3, 0x28], layout(2, 7), false), None);
        // Three bytes declared uint16: raw bytes.
        assert_eq!(layout(3, 0x84).base, Base::Byte);
        // An unknown type byte reads as uint8.
        assert_eq!(read(&[7], layout(1, 0x04), false), Some(Value::Int(7)));
    }

    #[test]
    fn scaling_matches_fitparser_arithmetic() {
        assert_eq!(number(Value::Int(3456), 1000.0, 0.0), Ok(Some(3.456)));
        assert_eq!(
            number(Value::Int(12_000), 5.0, 500.0),
            Ok(Some(12_000.0 / 5.0 - 500.0))
        );
        assert_eq!(number(Value::Array, 1.0, 0.0), Ok(None));
        assert_eq!(number(Value::Text("x"), 1.0, 0.0), Ok(None));
        assert!(number(Value::Text("x"), 100.0, 0.0).is_err());
    }

    #[test]
    fn labels_name_known_codes_and_number_the_rest() {
        assert_eq!(
            label(Value::Int(1), FieldDataType::Sport),
            Ok(Some("running".into()))
        );
        assert_eq!(
            label(Value::Int(0), FieldDataType::DeviceIndex),
            Ok(Some("creator".into()))
        );
        assert_eq!(
            label(Value::Int(250), FieldDataType::Sport),
            Ok(Some("250".into()))
        );
        assert!(label(Value::Float(1.0), FieldDataType::Sport).is_err());
    }

    #[test]
    fn components_take_the_low_bits() {
        let low16 = |value, base| bits(&ne_bytes(value, base), 0, 16);
        assert_eq!(low16(Value::Int(0x1234), Base::U16), 0x1234);
        assert_eq!(low16(Value::Int(0x0001_1234), Base::U32), 0x1234);
        assert_eq!(low16(Value::Int(-1), Base::S16), 0xFFFF);
        assert_eq!(low16(Value::Int(0xAB), Base::U8), 0xAB);
        // compressed_speed_distance: 12 bits of speed, 12 of distance.
        let raw = [0x34, 0x12, 0xAB];
        assert_eq!(bits(&raw, 0, 12), 0x234);
        assert_eq!(bits(&raw, 12, 12), 0xAB1);
    }
}
