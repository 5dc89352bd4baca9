//! FIT activity files, laid out the way Garmin watches write them.
//!
//! Message order: `file_id`, `device_info`, then per session a timer start,
//! records with timer stop/start events around pauses and a `lap` after each
//! lap's last record, a final timer stop, the `session`; then `activity`.
//! Field numbers, types and scales follow the FIT SDK profile (checked
//! against fitparser 0.11's generated profile).

use super::activity::{Sample, SynthSport, SyntheticActivity, SyntheticSession, Totals};
use super::fit_encode::{field, maybe, Base, Encoder, Field};

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
const FIT_EPOCH_UNIX: i64 = 631_065_600;

// Global message numbers.
const FILE_ID: u16 = 0;
const SESSION: u16 = 18;
const LAP: u16 = 19;
const RECORD: u16 = 20;
const EVENT: u16 = 21;
const DEVICE_INFO: u16 = 23;
const ACTIVITY: u16 = 34;

// Local message types; records with compressed headers need one of 0-3.
const L_RECORD_COMPRESSED: u8 = 0;
const L_RECORD: u8 = 1;
const L_FILE_ID: u8 = 2;
const L_DEVICE_INFO: u8 = 3;
const L_EVENT: u8 = 4;
const L_LAP: u8 = 5;
const L_SESSION: u8 = 6;
const L_ACTIVITY: u8 = 7;

// Enum values from the profile.
const FILE_TYPE_ACTIVITY: i64 = 4;
const EVENT_TIMER: i64 = 0;
const EVENT_SESSION: i64 = 8;
const EVENT_LAP: i64 = 9;
const EVENT_ACTIVITY: i64 = 26;
const EVENT_TYPE_START: i64 = 0;
const EVENT_TYPE_STOP: i64 = 1;
const EVENT_TYPE_STOP_ALL: i64 = 4;
const LAP_TRIGGER_DISTANCE: i64 = 2;
const LAP_TRIGGER_SESSION_END: i64 = 7;

/// Encoding choices that real devices differ on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FitOptions {
    /// Write records with compressed-timestamp headers whenever the gap to
    /// the previous timestamp allows it (under 32 s), as some older
    /// devices do.
    pub compressed_timestamps: bool,
}

/// Encodes an activity as a complete FIT file.
pub fn write_fit(activity: &SyntheticActivity, options: &FitOptions) -> Vec<u8> {
    encode(activity, options).finish()
}

/// Encodes an activity, then cuts the file in the middle of the record
/// message `fraction` of the way through the records, as an interrupted
/// copy leaves it (header intact, no CRC at the end).
pub fn write_fit_truncated(
    activity: &SyntheticActivity,
    options: &FitOptions,
    fraction: f64,
) -> Vec<u8> {
    encode(activity, options).truncated(RECORD, fraction)
}

/// FIT timestamp of an elapsed second of the activity.
fn fit_time(activity: &SyntheticActivity, elapsed_s: u32) -> i64 {
    activity.time_at(elapsed_s).timestamp() - FIT_EPOCH_UNIX
}

fn semicircles(deg: f64) -> i64 {
    (deg * 2f64.powi(31) / 180.0).round() as i64
}

fn scaled(value: f64, scale: f64, offset: f64) -> i64 {
    ((value + offset) * scale).round() as i64
}

struct Writer<'a> {
    activity: &'a SyntheticActivity,
    options: FitOptions,
    enc: Encoder,
    /// Last full timestamp a reader has seen, the base for compressed ones.
    last_ts: Option<i64>,
    lap_index: i64,
}

fn encode(activity: &SyntheticActivity, options: &FitOptions) -> Encoder {
    let mut w = Writer {
        activity,
        options: *options,
        enc: Encoder::default(),
        last_ts: None,
        lap_index: 0,
    };
    let created = fit_time(activity, 0);
    let device = &activity.device;
    w.enc.message(
        L_FILE_ID,
        FILE_ID,
        &[
            field(0, Base::Enum, FILE_TYPE_ACTIVITY),
            field(1, Base::U16, i64::from(device.manufacturer)),
            field(2, Base::U16, i64::from(device.product)),
            field(3, Base::U32z, i64::from(device.serial_number)),
            field(4, Base::U32, created),
        ],
    );
    w.enc.message(
        L_DEVICE_INFO,
        DEVICE_INFO,
        &[
            field(253, Base::U32, created),
            field(0, Base::U8, 0), // device_index 0: the creator
            field(2, Base::U16, i64::from(device.manufacturer)),
            field(3, Base::U32z, i64::from(device.serial_number)),
            field(4, Base::U16, i64::from(device.product)),
            field(5, Base::U16, i64::from(device.software_version)),
        ],
    );
    w.last_ts = Some(created);
    for (index, session) in activity.sessions.iter().enumerate() {
        w.session(index, session);
    }
    let end = fit_time(activity, activity.end_s());
    let multi = activity.sessions.len() > 1;
    w.enc.message(
        L_ACTIVITY,
        ACTIVITY,
        &[
            field(253, Base::U32, end),
            field(0, Base::U32, scaled(activity.timer_s(), 1000.0, 0.0)),
            field(1, Base::U16, activity.sessions.len() as i64),
            field(2, Base::Enum, i64::from(multi)), // manual / auto_multi_sport
            field(3, Base::Enum, EVENT_ACTIVITY),
            field(4, Base::Enum, EVENT_TYPE_STOP),
            field(5, Base::U32, end + i64::from(activity.utc_offset_s)),
        ],
    );
    w.enc
}

/// Which record channels a session carries; absent ones are left out of
/// the definition entirely, as devices without that sensor do.
struct Channels {
    position: bool,
    altitude: bool,
    heart_rate: bool,
    cadence: bool,
    power: bool,
    dynamics: bool,
}

impl Channels {
    fn of(session: &SyntheticSession) -> Self {
        let any = |f: fn(&Sample) -> bool| session.samples.iter().any(f);
        Channels {
            position: any(|s| s.position.is_some()),
            altitude: any(|s| s.altitude_m.is_some()),
            heart_rate: any(|s| s.heart_rate_bpm.is_some()),
            cadence: any(|s| s.cadence.is_some()),
            power: any(|s| s.power_w.is_some()),
            dynamics: any(|s| s.dynamics.is_some()),
        }
    }
}

/// Cadence as FIT stores it: whole strides (or rpm) plus 1/128 fractions
/// for running.
fn fit_cadence(sport: SynthSport, value: Option<f64>) -> (Option<i64>, Option<i64>) {
    let Some(v) = value else {
        return (None, None);
    };
    match sport {
        SynthSport::Running => {
            let eighths = (v / 2.0 * 128.0).round() as i64;
            (Some(eighths / 128), Some(eighths % 128))
        }
        SynthSport::Cycling => (Some(v.round() as i64), None),
    }
}

impl Writer<'_> {
    fn event(&mut self, elapsed_s: u32, event_type: i64) {
        let ts = fit_time(self.activity, elapsed_s);
        self.enc.message(
            L_EVENT,
            EVENT,
            &[
                field(253, Base::U32, ts),
                field(0, Base::Enum, EVENT_TIMER),
                field(1, Base::Enum, event_type),
                field(3, Base::U32, 0), // timer_trigger: manual
                field(4, Base::U8, 0),
            ],
        );
        self.last_ts = Some(ts);
    }

    fn session(&mut self, index: usize, session: &SyntheticSession) {
        let channels = Channels::of(session);
        let first_lap = self.lap_index;
        let mut laps = session.lap_totals().into_iter();
        let mut lap_ends = session.lap_ends.iter().peekable();
        self.event(session.start_s(), EVENT_TYPE_START);
        let last = session.samples.len().saturating_sub(1);
        for (i, sample) in session.samples.iter().enumerate() {
            if i > 0 && session.pauses.iter().any(|p| p.end_s == sample.elapsed_s) {
                self.event(sample.elapsed_s, EVENT_TYPE_START);
            }
            self.record(session.sport, &channels, sample);
            if i == last || session.pauses.iter().any(|p| p.start_s == sample.elapsed_s) {
                self.event(sample.elapsed_s, EVENT_TYPE_STOP_ALL);
            }
            if lap_ends.next_if(|&&end| end == i).is_some() {
                if let Some(lap) = laps.next() {
                    self.lap(session.sport, &lap, i == last, channels.altitude);
                }
            }
        }
        let Some(t) = session.totals() else {
            return;
        };
        let (avg_cad, avg_frac) = fit_cadence(session.sport, t.avg_cadence);
        let (max_cad, _) = fit_cadence(session.sport, t.max_cadence);
        let end_ts = fit_time(self.activity, t.end_s);
        self.enc.message(
            L_SESSION,
            SESSION,
            &[
                field(254, Base::U16, index as i64),
                field(253, Base::U32, end_ts),
                field(0, Base::Enum, EVENT_SESSION),
                field(1, Base::Enum, EVENT_TYPE_STOP),
                field(2, Base::U32, fit_time(self.activity, t.start_s)),
                maybe(
                    3,
                    Base::S32,
                    t.start_position.map(|p| semicircles(p.lat_deg)),
                ),
                maybe(
                    4,
                    Base::S32,
                    t.start_position.map(|p| semicircles(p.lon_deg)),
                ),
                field(5, Base::Enum, i64::from(session.sport.fit_code())),
                field(6, Base::Enum, i64::from(session.sub_sport.fit_code())),
                field(7, Base::U32, scaled(t.elapsed_s, 1000.0, 0.0)),
                field(8, Base::U32, scaled(t.timer_s, 1000.0, 0.0)),
                field(9, Base::U32, scaled(t.distance_m, 100.0, 0.0)),
                field(124, Base::U32, scaled(t.avg_speed_mps, 1000.0, 0.0)),
                field(125, Base::U32, scaled(t.max_speed_mps, 1000.0, 0.0)),
                maybe(16, Base::U8, t.avg_hr_bpm.map(|h| h.round() as i64)),
                maybe(17, Base::U8, t.max_hr_bpm.map(i64::from)),
                maybe(18, Base::U8, avg_cad),
                maybe(19, Base::U8, max_cad),
                maybe(92, Base::U8, avg_frac),
                maybe(
                    22,
                    Base::U16,
                    channels.altitude.then(|| t.ascent_m.round() as i64),
                ),
                maybe(
                    23,
                    Base::U16,
                    channels.altitude.then(|| t.descent_m.round() as i64),
                ),
                field(25, Base::U16, first_lap),
                field(26, Base::U16, self.lap_index - first_lap),
                field(28, Base::Enum, 0), // trigger: activity_end
            ],
        );
        self.last_ts = Some(end_ts);
    }

    fn lap(&mut self, sport: SynthSport, t: &Totals, is_last: bool, altitude: bool) {
        let (avg_cad, avg_frac) = fit_cadence(sport, t.avg_cadence);
        let end_ts = fit_time(self.activity, t.end_s);
        let trigger = if is_last {
            LAP_TRIGGER_SESSION_END
        } else {
            LAP_TRIGGER_DISTANCE
        };
        self.enc.message(
            L_LAP,
            LAP,
            &[
                field(254, Base::U16, self.lap_index),
                field(253, Base::U32, end_ts),
                field(0, Base::Enum, EVENT_LAP),
                field(1, Base::Enum, EVENT_TYPE_STOP),
                field(2, Base::U32, fit_time(self.activity, t.start_s)),
                maybe(
                    3,
                    Base::S32,
                    t.start_position.map(|p| semicircles(p.lat_deg)),
                ),
                maybe(
                    4,
                    Base::S32,
                    t.start_position.map(|p| semicircles(p.lon_deg)),
                ),
                maybe(5, Base::S32, t.end_position.map(|p| semicircles(p.lat_deg))),
                maybe(6, Base::S32, t.end_position.map(|p| semicircles(p.lon_deg))),
                field(7, Base::U32, scaled(t.elapsed_s, 1000.0, 0.0)),
                field(8, Base::U32, scaled(t.timer_s, 1000.0, 0.0)),
                field(9, Base::U32, scaled(t.distance_m, 100.0, 0.0)),
                field(110, Base::U32, scaled(t.avg_speed_mps, 1000.0, 0.0)),
                maybe(15, Base::U8, t.avg_hr_bpm.map(|h| h.round() as i64)),
                maybe(16, Base::U8, t.max_hr_bpm.map(i64::from)),
                maybe(17, Base::U8, avg_cad),
                maybe(80, Base::U8, avg_frac),
                maybe(21, Base::U16, altitude.then(|| t.ascent_m.round() as i64)),
                maybe(22, Base::U16, altitude.then(|| t.descent_m.round() as i64)),
                field(23, Base::Enum, 0), // intensity: active
                field(24, Base::Enum, trigger),
                field(25, Base::Enum, i64::from(sport.fit_code())),
            ],
        );
        self.last_ts = Some(end_ts);
        self.lap_index += 1;
    }

    fn record(&mut self, sport: SynthSport, ch: &Channels, s: &Sample) {
        let ts = fit_time(self.activity, s.elapsed_s);
        let mut fields: Vec<Field> = Vec::with_capacity(14);
        if ch.position {
            fields.push(maybe(
                0,
                Base::S32,
                s.position.map(|p| semicircles(p.lat_deg)),
            ));
            fields.push(maybe(
                1,
                Base::S32,
                s.position.map(|p| semicircles(p.lon_deg)),
            ));
        }
        fields.push(field(5, Base::U32, scaled(s.distance_m, 100.0, 0.0)));
        fields.push(field(73, Base::U32, scaled(s.speed_mps, 1000.0, 0.0)));
        if ch.altitude {
            let alt = s.altitude_m.map(|a| scaled(a, 5.0, 500.0));
            fields.push(maybe(78, Base::U32, alt));
        }
        if ch.heart_rate {
            fields.push(maybe(3, Base::U8, s.heart_rate_bpm.map(i64::from)));
        }
        if ch.cadence {
            let (whole, fraction) = fit_cadence(sport, s.cadence);
            fields.push(maybe(4, Base::U8, whole));
            if sport == SynthSport::Running {
                fields.push(maybe(53, Base::U8, fraction));
            }
        }
        if ch.power {
            fields.push(maybe(7, Base::U16, s.power_w.map(i64::from)));
        }
        if ch.dynamics {
            let d = s.dynamics;
            let vo = d.map(|d| scaled(d.vertical_oscillation_mm, 10.0, 0.0));
            let stance = d.map(|d| scaled(d.stance_time_ms, 10.0, 0.0));
            let balance = d.map(|d| scaled(d.stance_time_balance_pct, 100.0, 0.0));
            let step = d.map(|d| scaled(d.step_length_mm, 10.0, 0.0));
            fields.push(maybe(39, Base::U16, vo));
            fields.push(maybe(41, Base::U16, stance));
            fields.push(maybe(84, Base::U16, balance));
            fields.push(maybe(85, Base::U16, step));
        }
        let gap = self.last_ts.map(|last| ts - last);
        if self.options.compressed_timestamps && gap.is_some_and(|g| (0..32).contains(&g)) {
            // The reader rebuilds the time from the previous full timestamp
            // and these five bits, so the gap must stay under 32 s.
            self.enc
                .compressed(L_RECORD_COMPRESSED, RECORD, (ts & 0x1F) as u32, &fields);
        } else {
            fields.insert(0, field(253, Base::U32, ts));
            self.enc.message(L_RECORD, RECORD, &fields);
        }
        self.last_ts = Some(ts);
    }
}
