//! patella's own view of a FIT file: the eight messages it reads, with only
//! the fields it reads, as plain values.
//!
//! Two producers fill these: the fast decoder ([`super::fast`]) and the
//! fitparser adapter ([`super::read`]), which is the oracle in tests and
//! the fallback. Both give what fitparser 0.11 reports: numbers already
//! scaled (`value / scale - offset`, in f64, the same operations in the
//! same order, so the two agree to the bit), times as seconds since the
//! FIT epoch exactly as stored, and enum fields as the text fitparser
//! gives them (the profile's name, or the number when the profile has no
//! name for it). A field that is absent, holds its type's invalid value,
//! is an array, or is not a finite number is `None`.
//!
//! Developer fields are never read: only native fields count, matched by
//! field number.

/// The messages of one FIT file that patella reads, in file order, and how
/// decoding ended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitMessages {
    pub file_ids: Vec<FitFileId>,
    pub device_infos: Vec<FitDeviceInfo>,
    pub sports: Vec<FitSport>,
    pub sessions: Vec<FitSession>,
    pub laps: Vec<FitLap>,
    pub events: Vec<FitEvent>,
    pub records: Vec<FitRecord>,
    pub activities: Vec<FitActivity>,
    /// Why decoding stopped early, or what made part of it unreadable;
    /// `None` when every message decoded.
    pub fault: Option<DecodeFault>,
}

/// `file_id` (message 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFileId {
    /// `type`: "activity", "course", "workout"...
    pub kind: Option<String>,
    pub manufacturer: Option<String>,
    /// `product` when the manufacturer has no named product list.
    pub product: Option<String>,
    /// `product` as a Garmin (or Dynastream, Tacx) product name.
    pub garmin_product: Option<String>,
    pub product_name: Option<String>,
}

/// `device_info` (message 23).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitDeviceInfo {
    /// "creator" for the recording device itself.
    pub device_index: Option<String>,
    /// `device_type` when `source_type` is "local" ("barometer"...).
    pub local_device_type: Option<String>,
    pub manufacturer: Option<String>,
    pub product: Option<String>,
    pub garmin_product: Option<String>,
    pub product_name: Option<String>,
}

/// `sport` (message 12).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitSport {
    pub sport: Option<String>,
    pub sub_sport: Option<String>,
}

/// `session` (message 18).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitSession {
    pub timestamp: Option<i64>,
    pub start_time: Option<i64>,
    pub sport: Option<String>,
    pub sub_sport: Option<String>,
    /// Seconds.
    pub total_elapsed_time: Option<f64>,
    pub total_timer_time: Option<f64>,
    /// Metres.
    pub total_distance: Option<f64>,
    pub total_ascent: Option<f64>,
    pub total_descent: Option<f64>,
    pub avg_heart_rate: Option<f64>,
    pub max_heart_rate: Option<f64>,
    /// `avg_cadence`, named `avg_running_cadence` for runs: strides/min
    /// (one leg) for running, rpm for cycling.
    pub avg_cadence: Option<f64>,
    pub avg_fractional_cadence: Option<f64>,
}

/// `lap` (message 19).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitLap {
    pub start_time: Option<i64>,
    pub sport: Option<String>,
    pub total_elapsed_time: Option<f64>,
    pub total_timer_time: Option<f64>,
    pub total_distance: Option<f64>,
    pub avg_heart_rate: Option<f64>,
    /// `avg_cadence` / `avg_running_cadence`, as for sessions.
    pub avg_cadence: Option<f64>,
    pub avg_fractional_cadence: Option<f64>,
}

/// `event` (message 21).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitEvent {
    pub timestamp: Option<i64>,
    /// "timer", "lap", "session"...
    pub event: Option<String>,
    /// "start", "stop", "stop_all"...
    pub event_type: Option<String>,
}

/// `activity` (message 34).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitActivity {
    pub timestamp: Option<i64>,
    /// The device's wall clock at `timestamp`, as stored (seconds since the
    /// FIT epoch read as local time).
    pub local_timestamp: Option<i64>,
}

/// `record` (message 20): one sample, in the units fitparser reports.
/// Records are most of a file, so they are kept small: 136 bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FitRecord {
    /// Seconds since the FIT epoch; from the record's own field or from
    /// its compressed-timestamp header.
    pub timestamp: Option<i64>,
    /// Semicircles.
    pub position_lat: Num,
    pub position_long: Num,
    /// Metres.
    pub distance: Num,
    /// `enhanced_speed`, or `speed` expanded into it: m/s.
    pub speed: Num,
    /// `enhanced_altitude`, or `altitude` expanded into it: metres.
    pub altitude: Num,
    pub heart_rate: Num,
    /// Strides/min for running, rpm for cycling.
    pub cadence: Num,
    pub fractional_cadence: Num,
    pub power: Num,
    /// Degrees Celsius.
    pub temperature: Num,
    /// Milliseconds.
    pub stance_time: Num,
    /// Percent on the left foot.
    pub stance_time_balance: Num,
    /// Millimetres.
    pub vertical_oscillation: Num,
    pub step_length: Num,
}

/// A number that may be missing, in 8 bytes instead of `Option<f64>`'s 16:
/// a non-finite value reads as missing, which is what patella makes of
/// one (fitparser drops NaN and infinite floats; its accessors in patella
/// never returned a non-finite number).
#[derive(Clone, Copy)]
pub struct Num(f64);

impl Num {
    pub const NONE: Num = Num(f64::NAN);

    /// `None` and non-finite numbers become missing.
    #[inline]
    pub fn new(value: Option<f64>) -> Num {
        Num(value.unwrap_or(f64::NAN))
    }

    /// A number, missing when it is not finite.
    #[inline]
    pub fn of(value: f64) -> Num {
        Num(value)
    }

    #[inline]
    pub fn get(self) -> Option<f64> {
        self.0.is_finite().then_some(self.0)
    }
}

impl Default for Num {
    fn default() -> Self {
        Num::NONE
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// Why decoding a FIT byte stream ended early or lost part of it.
///
/// Byte positions count from the start of the file; `messages` is the
/// number of data messages decoded before the fault (all kinds, not only
/// the eight kept).
#[derive(Debug, Clone, PartialEq)]
pub enum DecodeFault {
    /// The bytes end inside a message, a chained file's header or a CRC.
    Truncated { at: usize, messages: usize },
    /// A data message uses a local message type no definition set up.
    UndefinedLocal {
        at: usize,
        messages: usize,
        local: u8,
    },
    /// Where a chained file's header should start there is none.
    NoChainedHeader { at: usize, messages: usize },
    /// A definition declares a field whose size is not a multiple of its
    /// type's size; its values are unreadable but decoding goes on (seen on
    /// a COROS PACE 2). Only the first such definition is told.
    MisalignedField { at: usize, detail: String },
    /// Anything else fitparser stopped on, in its words (the fast decoder
    /// hands such files to fitparser rather than guess).
    Other(String),
}

impl DecodeFault {
    /// The one-line reason shown with a salvaged or skipped file.
    pub fn describe(&self) -> String {
        let stopped = |at: &usize, messages: &usize| {
            format!("decoding stopped at byte {at} after {messages} messages")
        };
        match self {
            DecodeFault::Truncated { at, messages } => {
                format!("{}: the data ends inside a message", stopped(at, messages))
            }
            DecodeFault::UndefinedLocal {
                at,
                messages,
                local,
            } => format!(
                "{}: no definition for local message type {local}",
                stopped(at, messages)
            ),
            DecodeFault::NoChainedHeader { at, messages } => format!(
                "{}: no FIT header where a chained file should start",
                stopped(at, messages)
            ),
            DecodeFault::MisalignedField { at, detail } => {
                format!("definition message at byte {at} {detail}")
            }
            DecodeFault::Other(reason) => reason.clone(),
        }
    }
}

/// Sizes of the FIT base types, by the low five bits of the type byte.
const BASE_TYPE_SIZES: [u8; 17] = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

impl DecodeFault {
    /// Checks a raw definition message (`definition` starts at its record
    /// header, `at` is its position) for a field whose size is not a
    /// multiple of its type's size. fitparser reads such a field as raw
    /// bytes and goes on, so its values are lost: the file is only partly
    /// decodable.
    pub fn misaligned_field(definition: &[u8], at: usize) -> Option<DecodeFault> {
        let count = usize::from(*definition.get(5)?);
        (0..count).find_map(|i| {
            let field = definition.get(6 + 3 * i..9 + 3 * i)?;
            let (number, size, base) = (*field.first()?, *field.get(1)?, *field.get(2)?);
            let unit = *BASE_TYPE_SIZES.get(usize::from(base & 0x1F))?;
            (size % unit != 0).then(|| DecodeFault::MisalignedField {
                at,
                detail: format!(
                    "declares field {number} as {size} byte(s) of a {unit}-byte type; its values are unreadable"
                ),
            })
        })
    }
}
