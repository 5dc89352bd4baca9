//! The fast decoder on hand-made files that real devices rarely write:
//! big-endian definitions, `speed`/`altitude` components, floats, arrays,
//! developer fields with and without descriptions, compressed timestamps
//! after odd base times, chained files. Each either decodes to exactly
//! what fitparser gives or is declined (and then decoded by fitparser).

use super::{activities_from, crc16, read_fast, read_fitparser};

/// A minimal FIT writer: definitions and data messages as given, a
/// 14-byte header and both CRCs.
#[derive(Default)]
struct Fit {
    data: Vec<u8>,
}

/// Base type bytes.
const ENUM: u8 = 0x00;
const U8: u8 = 0x02;
const S8: u8 = 0x01;
const U16: u8 = 0x84;
const U32: u8 = 0x86;
const S32: u8 = 0x85;
const F32: u8 = 0x88;
const STR: u8 = 0x07;
const BYTE: u8 = 0x0D;

impl Fit {
    fn definition(&mut self, local: u8, global: u16, big: bool, fields: &[(u8, u8, u8)]) {
        self.definition_with_dev(local, global, big, fields, &[]);
    }

    fn definition_with_dev(
        &mut self,
        local: u8,
        global: u16,
        big: bool,
        fields: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) {
        let header = 0x40 | local | if dev.is_empty() { 0 } else { 0x20 };
        self.data.extend([header, 0, u8::from(big)]);
        let global = if big {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        };
        self.data.extend(global);
        self.data.push(fields.len() as u8);
        for (number, size, base) in fields {
            self.data.extend([*number, *size, *base]);
        }
        if !dev.is_empty() {
            self.data.push(dev.len() as u8);
            for (number, size, index) in dev {
                self.data.extend([*number, *size, *index]);
            }
        }
    }

    /// A data message with a normal header for `local`.
    fn data(&mut self, local: u8, bytes: &[u8]) {
        self.data.push(local & 0x0F);
        self.data.extend_from_slice(bytes);
    }

    /// A data message with a compressed-timestamp header.
    fn compressed(&mut self, local: u8, offset: u8, bytes: &[u8]) {
        self.data.push(0x80 | (local & 0x03) << 5 | (offset & 0x1F));
        self.data.extend_from_slice(bytes);
    }

    fn finish(&self) -> Vec<u8> {
        let mut file = vec![14, 0x20, 0x5C, 0x08];
        file.extend((self.data.len() as u32).to_le_bytes());
        file.extend(b".FIT");
        let header_crc = crc16(&file);
        file.extend(header_crc.to_le_bytes());
        file.extend_from_slice(&self.data);
        let crc = crc16(&file);
        file.extend(crc.to_le_bytes());
        file
    }
}

/// A FIT time in a realistic range (2026).
const T0: u32 = 1_140_000_000;

/// `file_id` (activity, Garmin fr945) and an `activity` message.
fn start(fit: &mut Fit) {
    fit.definition(0, 0, false, &[(0, 1, ENUM), (1, 2, U16), (2, 2, U16)]);
    let mut bytes = vec![4];
    bytes.extend(1u16.to_le_bytes());
    bytes.extend(3113u16.to_le_bytes());
    fit.data(0, &bytes);
}

fn finish_activity(fit: &mut Fit, end: u32) {
    fit.definition(0, 34, false, &[(253, 4, U32), (5, 4, U32)]);
    let mut bytes = end.to_le_bytes().to_vec();
    bytes.extend((end - 7 * 3600).to_le_bytes());
    fit.data(0, &bytes);
}

/// The fast decoder must agree with fitparser on `bytes` (messages and
/// activities); returns its messages' record count.
fn agrees(bytes: &[u8]) -> usize {
    let fast = read_fast(bytes).expect("the fast decoder handles it");
    let oracle = read_fitparser(bytes);
    assert_eq!(fast, oracle);
    let records = fast.records.len();
    assert_eq!(activities_from(bytes, fast), activities_from(bytes, oracle));
    records
}

fn le(values: &[&[u8]]) -> Vec<u8> {
    values.concat()
}

#[test]
fn big_endian_records_with_speed_and_altitude_components() {
    let mut fit = Fit::default();
    start(&mut fit);
    // timestamp, lat, lon, altitude (component), speed (component), hr,
    // distance; big-endian.
    fit.definition(
        1,
        20,
        true,
        &[
            (253, 4, U32),
            (0, 4, S32),
            (1, 4, S32),
            (2, 2, U16),
            (6, 2, U16),
            (3, 1, U8),
            (5, 4, U32),
        ],
    );
    for i in 0..120u32 {
        let bytes = le(&[
            &(T0 + i).to_be_bytes(),
            &(473_000_000 + 1000 * i as i32).to_be_bytes(),
            &(-1_252_000_000i32).to_be_bytes(),
            &(2500 * 5 + 8 * i as u16).to_be_bytes(),
            &(3000 + i as u16).to_be_bytes(),
            &[140 + (i % 10) as u8],
            &(300 * i).to_be_bytes(),
        ]);
        fit.data(1, &bytes);
    }
    finish_activity(&mut fit, T0 + 120);
    let bytes = fit.finish();
    assert_eq!(agrees(&bytes), 120);
    let fast = read_fast(&bytes).expect("decodes");
    let first = fast.records.first().expect("a record");
    assert_eq!(first.speed.get(), Some(3.0));
    assert_eq!(first.altitude.get(), Some(2000.0));
}

#[test]
fn plain_and_enhanced_fields_floats_and_invalid_values() {
    let mut fit = Fit::default();
    start(&mut fit);
    // speed and enhanced_speed both present (equal), a float32 power, an
    // sint8 temperature, a uint8 cadence with 0xFF (invalid).
    fit.definition(
        2,
        20,
        false,
        &[
            (253, 4, U32),
            (6, 2, U16),
            (73, 4, U32),
            (7, 4, F32),
            (13, 1, S8),
            (4, 1, U8),
            (53, 1, U8),
        ],
    );
    for i in 0..90u32 {
        let power = if i == 5 { f32::NAN } else { 250.5 + i as f32 };
        let bytes = le(&[
            &(T0 + i).to_le_bytes(),
            &2800u16.to_le_bytes(),
            &2800u32.to_le_bytes(),
            &power.to_le_bytes(),
            &[(-3i8) as u8],
            &[if i % 7 == 0 { 0xFF } else { 85 }],
            &[64],
        ]);
        fit.data(2, &bytes);
    }
    finish_activity(&mut fit, T0 + 90);
    assert_eq!(agrees(&fit.finish()), 90);
}

#[test]
fn compressed_timestamps_roll_over_and_odd_bases() {
    let mut fit = Fit::default();
    start(&mut fit);
    // An unread message (mesg 140) whose timestamp sets the base.
    fit.definition(3, 140, false, &[(253, 4, U32), (1, 2, U16)]);
    fit.data(3, &le(&[&(T0 + 30).to_le_bytes(), &7u16.to_le_bytes()]));
    fit.definition(0, 20, false, &[(3, 1, U8), (5, 4, U32)]);
    for i in 0..80u32 {
        // Offsets wrap past 31.
        let t = T0 + 30 + i;
        fit.compressed(
            0,
            (t & 0x1F) as u8,
            &le(&[&[120], &(i * 250).to_le_bytes()]),
        );
    }
    // A float timestamp in an unread message: fitparser takes the base as
    // 0, so the next compressed records land in 1989.
    fit.definition(3, 141, false, &[(253, 4, F32)]);
    fit.data(3, &1.5f32.to_le_bytes());
    fit.compressed(0, 3, &le(&[&[121], &20_000u32.to_le_bytes()]));
    finish_activity(&mut fit, T0 + 110);
    assert_eq!(agrees(&fit.finish()), 81);
}

#[test]
fn kept_messages_with_arrays_text_and_named_subfields() {
    let mut fit = Fit::default();
    start(&mut fit);
    // device_info: creator, Garmin product, a product name, source local
    // barometer; then one with an unknown manufacturer.
    fit.definition(
        4,
        23,
        false,
        &[
            (0, 1, U8),
            (1, 1, U8),
            (2, 2, U16),
            (4, 2, U16),
            (25, 1, ENUM),
            (27, 8, STR),
        ],
    );
    let info = |manufacturer: u16, product: u16, device_type: u8, name: &[u8; 8]| {
        le(&[
            &[0, device_type],
            &manufacturer.to_le_bytes(),
            &product.to_le_bytes(),
            &[5],
            name,
        ])
    };
    fit.data(4, &info(1, 3113, 4, b"fr945\0\0\0"));
    fit.data(4, &info(9999, 34, 4, b" pod \0xx"));
    // A session with an array heart rate (two uint8) and a sport.
    fit.definition(
        5,
        18,
        false,
        &[
            (253, 4, U32),
            (2, 4, U32),
            (5, 1, ENUM),
            (6, 1, ENUM),
            (7, 4, U32),
            (9, 4, U32),
            (16, 2, U8),
            (18, 1, U8),
            (92, 1, U8),
        ],
    );
    fit.data(
        5,
        &le(&[
            &(T0 + 600).to_le_bytes(),
            &T0.to_le_bytes(),
            &[1, 0],
            &600_000u32.to_le_bytes(),
            &150_000u32.to_le_bytes(),
            &[150, 151],
            &[84, 32],
        ]),
    );
    // Events: timer stop and start, and one with an unknown event code.
    fit.definition(6, 21, false, &[(253, 4, U32), (0, 1, ENUM), (1, 1, ENUM)]);
    fit.data(6, &le(&[&(T0 + 100).to_le_bytes(), &[0, 4]]));
    fit.data(6, &le(&[&(T0 + 130).to_le_bytes(), &[0, 0]]));
    fit.data(6, &le(&[&(T0 + 140).to_le_bytes(), &[200, 0]]));
    fit.definition(7, 19, false, &[(2, 4, U32), (25, 1, ENUM), (17, 1, U8)]);
    fit.data(7, &le(&[&T0.to_le_bytes(), &[1, 80]]));
    fit.definition(0, 20, false, &[(253, 4, U32), (3, 1, U8)]);
    for i in 0..600u32 {
        fit.data(0, &le(&[&(T0 + i).to_le_bytes(), &[130]]));
    }
    finish_activity(&mut fit, T0 + 600);
    let bytes = fit.finish();
    agrees(&bytes);
    let fast = read_fast(&bytes).expect("decodes");
    let first = fast.device_infos.first().expect("device");
    assert_eq!(first.garmin_product.as_deref(), Some("fr945"));
    assert_eq!(first.local_device_type.as_deref(), Some("barometer"));
    let session = fast.sessions.first().expect("session");
    assert_eq!(session.avg_heart_rate, None, "an array is no number");
    assert_eq!(session.sport.as_deref(), Some("running"));
    assert_eq!(
        fast.events.get(2).and_then(|e| e.event.clone()).as_deref(),
        Some("200")
    );
}

/// A `field_description` for developer field (0, 0) of `base`, then a
/// record definition carrying it.
fn with_developer_field(base: u8, size: u8, described: bool) -> Vec<u8> {
    let mut fit = Fit::default();
    start(&mut fit);
    if described {
        fit.definition(
            3,
            206,
            false,
            &[(0, 1, U8), (1, 1, U8), (2, 1, U8), (3, 8, STR)],
        );
        fit.data(3, &le(&[&[0, 0, base], b"Power\0\0\0"]));
    }
    fit.definition_with_dev(1, 20, false, &[(253, 4, U32), (3, 1, U8)], &[(0, size, 0)]);
    for i in 0..70u32 {
        let mut bytes = le(&[&(T0 + i).to_le_bytes(), &[150]]);
        bytes.extend(std::iter::repeat_n(7u8, usize::from(size)));
        fit.data(1, &bytes);
    }
    finish_activity(&mut fit, T0 + 70);
    fit.finish()
}

#[test]
fn developer_fields_are_skipped_or_left_to_fitparser() {
    // Described and fitting its type: skipped, same records.
    assert_eq!(agrees(&with_developer_field(U16, 2, true)), 70);
    // Not described: fitparser stops there; declined.
    let undescribed = with_developer_field(U16, 2, false);
    assert!(read_fast(&undescribed).is_err());
    let salvaged = super::decode(&undescribed);
    assert!(salvaged.is_err(), "fitparser stops before the records");
    // Three bytes of a two-byte type: fitparser misreads; declined.
    assert!(read_fast(&with_developer_field(U16, 3, true)).is_err());
}

#[test]
fn compressed_speed_distance_accumulates_like_fitparser() {
    let mut fit = Fit::default();
    start(&mut fit);
    fit.definition(0, 20, false, &[(253, 4, U32), (8, 3, BYTE)]);
    for i in 0..200u32 {
        // 12-bit speed (1/100 m/s) and 12-bit distance (1/16 m) rolling over.
        let speed = 300 + (i % 50);
        let distance = (i * 48) & 0xFFF;
        let packed = speed | distance << 12;
        let bytes = le(&[&(T0 + i).to_le_bytes(), &packed.to_le_bytes()[..3]]);
        fit.data(0, &bytes);
    }
    finish_activity(&mut fit, T0 + 200);
    assert_eq!(agrees(&fit.finish()), 200);
}

#[test]
fn what_it_does_not_reproduce_it_declines() {
    // A session whose sport (an enum) is written as a float32.
    let mut fit = Fit::default();
    start(&mut fit);
    fit.definition(5, 18, false, &[(253, 4, U32), (5, 4, F32)]);
    fit.data(5, &le(&[&T0.to_le_bytes(), &1.0f32.to_le_bytes()]));
    let bytes = fit.finish();
    assert!(read_fast(&bytes).is_err());
    // decode() still answers, through fitparser.
    let _ = super::decode(&bytes);
    // A record field defined twice.
    let mut fit = Fit::default();
    start(&mut fit);
    fit.definition(0, 20, false, &[(253, 4, U32), (3, 1, U8), (3, 1, U8)]);
    assert!(read_fast(&fit.finish()).is_err());
    // A text heart rate in a record.
    let mut fit = Fit::default();
    start(&mut fit);
    fit.definition(0, 20, false, &[(253, 4, U32), (3, 4, STR)]);
    assert!(read_fast(&fit.finish()).is_err());
}

#[test]
fn stops_where_fitparser_stops() {
    // An undefined local message after some records.
    let mut fit = Fit::default();
    start(&mut fit);
    fit.definition(1, 20, false, &[(253, 4, U32), (3, 1, U8)]);
    for i in 0..100u32 {
        fit.data(1, &le(&[&(T0 + i).to_le_bytes(), &[150]]));
    }
    fit.data(9, &[1, 2, 3]);
    for i in 100..200u32 {
        fit.data(1, &le(&[&(T0 + i).to_le_bytes(), &[150]]));
    }
    let bytes = fit.finish();
    assert_eq!(agrees(&bytes), 100);
    let fast = read_fast(&bytes).expect("decodes");
    let reason = fast
        .fault
        .as_ref()
        .map(|f| f.describe())
        .unwrap_or_default();
    assert!(reason.contains("local message type 9"), "{reason}");
    // Cut anywhere in the last message: the records before it stay.
    for cut in 1..8 {
        let cut_bytes = &bytes[..bytes.len() - 2 - cut];
        agrees(cut_bytes);
    }
}
