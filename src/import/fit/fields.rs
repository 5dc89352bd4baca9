//! Access to the fields of a message decoded by fitparser, for the
//! adapter in [`super::read`], and the time conversions both producers use.
//!
//! fitparser lists developer fields among native ones, some with a native
//! field's name in another case ("Distance" beside `distance`) or even the
//! same name, so a field is found by its exact name and its native field
//! number: developer fields are never read.

use chrono::{DateTime, TimeZone, Utc};
use fitparser::{FitDataRecord, Value};

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_UNIX_S: i64 = 631_065_600;
/// FIT times below this are seconds since the device powered on, not dates.
pub const DEVICE_RELATIVE_LIMIT_S: i64 = 0x1000_0000;

/// A native field, by its profile name and number: `(name, number)`.
pub type Key = (&'static str, u8);

pub fn value(record: &FitDataRecord, (name, number): Key) -> Option<&Value> {
    record
        .fields()
        .iter()
        .find(|field| field.number() == number && field.name() == name)
        .map(|field| field.value())
}

/// A numeric field, or `None` when absent, invalid or not a number.
pub fn number(record: &FitDataRecord, key: Key) -> Option<f64> {
    let number = match value(record, key)? {
        Value::Byte(v) | Value::Enum(v) | Value::UInt8(v) | Value::UInt8z(v) => f64::from(*v),
        Value::SInt8(v) => f64::from(*v),
        Value::SInt16(v) => f64::from(*v),
        Value::UInt16(v) | Value::UInt16z(v) => f64::from(*v),
        Value::SInt32(v) => f64::from(*v),
        Value::UInt32(v) | Value::UInt32z(v) => f64::from(*v),
        Value::SInt64(v) => *v as f64,
        Value::UInt64(v) | Value::UInt64z(v) => *v as f64,
        Value::Float32(v) => f64::from(*v),
        Value::Float64(v) => *v,
        _ => return None,
    };
    number.is_finite().then_some(number)
}

/// The first of several fields that holds a number (e.g. `enhanced_speed`
/// then `speed`).
pub fn first_number(record: &FitDataRecord, keys: &[Key]) -> Option<f64> {
    keys.iter().find_map(|key| number(record, *key))
}

/// A text or enum-name field. Enums unknown to the profile come as numbers
/// and are rendered as such.
pub fn text(record: &FitDataRecord, key: Key) -> Option<String> {
    match value(record, key)? {
        Value::String(s) => {
            let trimmed = s.trim_matches(char::from(0)).trim();
            (!trimmed.is_empty()).then(|| trimmed.to_string())
        }
        Value::Invalid | Value::Array(_) | Value::Timestamp(_) => None,
        _ => number(record, key).map(|n| format!("{n}")),
    }
}

/// A FIT time as seconds since the FIT epoch, exactly as stored.
///
/// fitparser hands out `DateTime<Local>`; its instant is right for UTC
/// fields, so only the epoch is subtracted and the machine's zone never
/// enters.
pub fn fit_seconds(record: &FitDataRecord, key: Key) -> Option<i64> {
    match value(record, key)? {
        Value::Timestamp(t) => Some(t.timestamp() - FIT_EPOCH_UNIX_S),
        _ => None,
    }
}

/// A `local_date_time` field (e.g. `activity.local_timestamp`) as the raw
/// seconds it stores.
///
/// fitparser builds it as the FIT epoch read as a wall-clock time in the
/// machine's zone plus the stored seconds, so the machine's zone is undone
/// by subtracting that same local epoch.
pub fn local_fit_seconds(record: &FitDataRecord, key: Key) -> Option<i64> {
    let Value::Timestamp(t) = value(record, key)? else {
        return None;
    };
    let fit_epoch = chrono::NaiveDate::from_ymd_opt(1989, 12, 31)?.and_hms_opt(0, 0, 0)?;
    let local_epoch = chrono::Local.from_local_datetime(&fit_epoch).earliest()?;
    Some(t.timestamp() - local_epoch.timestamp())
}

/// Converts FIT-epoch seconds to a UTC instant.
pub fn to_utc(fit_seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(fit_seconds.checked_add(FIT_EPOCH_UNIX_S)?, 0)
}

/// Semicircles to degrees; `None` outside the globe (0x7FFFFFFF marks
/// "no fix" and decodes as invalid already, this guards the rest).
pub fn semicircles_to_degrees(semicircles: f64, limit_deg: f64) -> Option<f64> {
    let degrees = semicircles * 180.0 / 2f64.powi(31);
    (degrees.abs() <= limit_deg).then_some(degrees)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fitparser::{profile::MesgNum, FitDataField};

    fn record_with(name: &str, value: Value) -> FitDataRecord {
        let mut record = FitDataRecord::new(MesgNum::Record);
        record.push(FitDataField::new(
            name.into(),
            3,
            None,
            value,
            String::new(),
        ));
        record
    }

    #[test]
    fn semicircles_convert_to_degrees() {
        // 2^30 semicircles is a quarter turn of 180 degrees: 90 degrees.
        assert_eq!(semicircles_to_degrees(2f64.powi(30), 90.0), Some(90.0));
        // 491094191 x 180 / 2^31 = 41.163040 (first fix of the corpus FR945 run).
        let lat = semicircles_to_degrees(491_094_191.0, 90.0).unwrap_or_default();
        assert!((lat - 41.163_040).abs() < 1e-6, "{lat}");
        assert_eq!(semicircles_to_degrees(2f64.powi(31) - 1.0, 90.0), None);
    }

    #[test]
    fn numbers_and_texts() {
        assert_eq!(
            number(&record_with("hr", Value::UInt8(71)), ("hr", 3)),
            Some(71.0)
        );
        assert_eq!(
            number(&record_with("hr", Value::Float64(f64::NAN)), ("hr", 3)),
            None
        );
        assert_eq!(
            number(&record_with("hr", Value::UInt8(71)), ("HR", 3)),
            None
        );
        // A developer field of the same name has another number.
        assert_eq!(
            number(&record_with("hr", Value::UInt8(71)), ("hr", 4)),
            None
        );
        assert_eq!(
            text(
                &record_with("product_name", Value::String("COROS PACE 2\0".into())),
                ("product_name", 3)
            ),
            Some("COROS PACE 2".into())
        );
    }
}
