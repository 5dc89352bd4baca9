//! The deterministic generator of runs and rides.
//!
//! One simulated second at a time: speed follows the planned pace, slows on
//! climbs and wobbles; distance integrates speed; heart rate lags behind
//! effort; cadence follows speed and grade. Everything random comes from a
//! seeded [`SplitMix64`], so the same parameters give the same bytes.

use chrono::{DateTime, TimeZone, Utc};

use patella::model::LatLon;

use super::activity::{
    Dynamics, PauseSpan, Sample, SubSport, SynthDevice, SynthSport, SyntheticActivity,
    SyntheticSession,
};
use super::rng::{SplitMix64, Wander};
use super::route::{Route, RouteShape};

/// When to stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    DistanceM(f64),
    /// Timer (moving) seconds.
    DurationS(u32),
}

/// A planned stop of the timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PausePlan {
    /// Timer seconds into the session when the runner stops.
    pub after_timer_s: u32,
    pub duration_s: u32,
}

/// Everything that shapes one generated session.
#[derive(Debug, Clone, PartialEq)]
pub struct RunParams {
    pub start_utc: DateTime<Utc>,
    /// The runner's UTC offset at the start, in seconds.
    pub utc_offset_s: i32,
    pub sport: SynthSport,
    pub sub_sport: SubSport,
    pub target: Target,
    /// Planned pace on the flat, seconds per kilometre (also for rides:
    /// 120 s/km is 30 km/h).
    pub pace_s_per_km: f64,
    /// Base cadence at planned pace: steps/min (both legs) for running,
    /// crank rpm for cycling.
    pub cadence: f64,
    /// How much cadence changes from start to finish, same unit (negative
    /// for a late-run drop from fatigue).
    pub cadence_drift: f64,
    /// Typical hill amplitude in metres: ascent comes out near 1.2 × this
    /// per kilometre; 0 is flat.
    pub hilliness_m: f64,
    pub route: RouteShape,
    /// Start (and for loops, finish) of the route.
    pub center: LatLon,
    pub base_altitude_m: f64,
    /// False for a treadmill: no positions, distance from the foot pod.
    pub gps: bool,
    pub altitude: bool,
    pub heart_rate: bool,
    /// Steady heart rate at planned pace on the flat.
    pub hr_steady_bpm: f64,
    pub hr_rest_bpm: f64,
    /// Stance time, balance, vertical oscillation, step length (running).
    pub dynamics: bool,
    pub power: bool,
    pub mass_kg: f64,
    pub pauses: Vec<PausePlan>,
    /// Auto-lap distance; 0 for a single lap.
    pub auto_lap_m: f64,
    pub device: SynthDevice,
    pub name: String,
    pub seed: u64,
}

impl Default for RunParams {
    /// A 5 km easy run in Denver's Washington Park, Tuesday 3 March 2026,
    /// 06:30 local (MST).
    fn default() -> Self {
        RunParams {
            start_utc: Utc
                .with_ymd_and_hms(2026, 3, 3, 13, 30, 0)
                .single()
                .unwrap_or_default(),
            utc_offset_s: -7 * 3600,
            sport: SynthSport::Running,
            sub_sport: SubSport::Generic,
            target: Target::DistanceM(5000.0),
            pace_s_per_km: 330.0,
            cadence: 170.0,
            cadence_drift: 0.0,
            hilliness_m: 8.0,
            route: RouteShape::Loop,
            center: WASH_PARK,
            base_altitude_m: 1609.0,
            gps: true,
            altitude: true,
            heart_rate: true,
            hr_steady_bpm: 146.0,
            hr_rest_bpm: 54.0,
            dynamics: false,
            power: false,
            mass_kg: 70.0,
            pauses: Vec::new(),
            auto_lap_m: 1000.0,
            device: SynthDevice::forerunner_945(),
            name: "Morning Run".into(),
            seed: 1,
        }
    }
}

/// Washington Park, Denver.
pub const WASH_PARK: LatLon = LatLon {
    lat_deg: 39.7000,
    lon_deg: -104.9660,
};

impl RunParams {
    /// A 30 km/h road ride on an Edge 530, otherwise like the default.
    pub fn ride() -> Self {
        RunParams {
            sport: SynthSport::Cycling,
            sub_sport: SubSport::Road,
            target: Target::DistanceM(30_000.0),
            pace_s_per_km: 120.0,
            cadence: 88.0,
            hr_steady_bpm: 132.0,
            auto_lap_m: 5000.0,
            mass_kg: 82.0,
            device: SynthDevice::edge_530(),
            name: "Morning Ride".into(),
            ..RunParams::default()
        }
    }

    /// The same run on a treadmill: no GPS, flat, treadmill sub-sport.
    pub fn on_treadmill(self) -> Self {
        RunParams {
            gps: false,
            hilliness_m: 0.0,
            sub_sport: SubSport::Treadmill,
            name: "Treadmill Run".into(),
            ..self
        }
    }
}

/// Generates a single-session activity.
pub fn generate(params: &RunParams) -> SyntheticActivity {
    let mut rng = SplitMix64::new(params.seed);
    SyntheticActivity {
        start_utc: params.start_utc,
        utc_offset_s: params.utc_offset_s,
        device: params.device.clone(),
        name: params.name.clone(),
        sessions: vec![generate_session(params, 0, &mut rng)],
    }
}

/// Generates a multisport activity: one session per leg, each starting
/// `transition_s` after the previous one ends. Start time, offset, device
/// and name come from the first leg; later legs' start times are ignored.
pub fn multisport(legs: &[RunParams], transition_s: u32) -> SyntheticActivity {
    let first = legs.first().cloned().unwrap_or_default();
    let mut rng = SplitMix64::new(first.seed);
    let mut sessions: Vec<SyntheticSession> = Vec::with_capacity(legs.len());
    for leg in legs {
        let start_s = sessions
            .last()
            .map_or(0, |s| s.end_s().saturating_add(transition_s));
        sessions.push(generate_session(leg, start_s, &mut rng));
    }
    SyntheticActivity {
        start_utc: first.start_utc,
        utc_offset_s: first.utc_offset_s,
        device: first.device,
        name: first.name,
        sessions,
    }
}

/// Longest session the generator will make: two days of timer time.
const MAX_TIMER_S: u32 = 48 * 3600;

/// Noise sources of one session, kept together so their draws interleave
/// the same way every time.
struct Noise {
    pace: Wander,
    cadence: Wander,
    hr: Wander,
    gps_east: Wander,
    gps_north: Wander,
    baro: Wander,
}

fn generate_session(p: &RunParams, start_s: u32, rng: &mut SplitMix64) -> SyntheticSession {
    let v0 = 1000.0 / p.pace_s_per_km.max(60.0);
    let route_m = match p.target {
        Target::DistanceM(d) => d,
        Target::DurationS(t) => v0 * f64::from(t),
    };
    let route = Route::new(
        p.route,
        p.center,
        route_m,
        if p.gps { p.hilliness_m } else { 0.0 },
        p.base_altitude_m,
        rng,
    );
    let mut noise = Noise {
        pace: Wander::new(0.025, 90.0),
        cadence: Wander::new(1.2, 6.0),
        hr: Wander::new(1.5, 20.0),
        gps_east: Wander::new(1.2, 60.0),
        gps_north: Wander::new(1.2, 60.0),
        baro: Wander::new(0.4, 900.0),
    };
    let running = p.sport == SynthSport::Running;
    let mut samples = Vec::new();
    let mut pauses = Vec::new();
    let mut pending: Vec<PausePlan> = p.pauses.clone();
    pending.sort_by_key(|q| q.after_timer_s);
    let mut pending = pending.into_iter().peekable();
    let (mut t, mut timer, mut d) = (start_s, 0u32, 0.0f64);
    let mut since_start = 0u32;
    let mut hr = p.hr_rest_bpm + 30.0;
    loop {
        let grade = if p.gps { route.grade(d) } else { 0.0 };
        let warm = (0.72 + 0.28 * f64::from(since_start) / 60.0).min(1.0);
        let slope = if running {
            (1.0 - 3.0 * grade).clamp(0.6, 1.15)
        } else {
            (1.0 - 7.0 * grade).clamp(0.35, 1.6)
        };
        let v = (v0 * (1.0 + noise.pace.step(rng)) * slope * warm).max(0.5);
        let speed = round_to(v, 1000.0);
        if since_start > 0 {
            d += speed;
        }
        // A NaN goal counts as reached and the timer is capped, so no
        // parameters can keep this loop going forever.
        let done = timer >= MAX_TIMER_S
            || match p.target {
                Target::DistanceM(goal) => d >= goal || goal.is_nan(),
                Target::DurationS(goal) => timer >= goal,
            };
        if let Target::DistanceM(goal) = p.target {
            d = d.min(goal);
        }
        let progress = (d / route_m.max(1.0)).min(1.0);
        let hr_target = (p.hr_steady_bpm
            + 35.0 * (v / v0 - 1.0)
            + 120.0 * grade
            + 0.06 * f64::from(timer) / 60.0)
            .clamp(p.hr_rest_bpm, 205.0);
        hr = lag(hr, hr_target, 1.0, if hr_target > hr { 25.0 } else { 40.0 });
        let cadence = if running {
            let spm = p.cadence + 9.0 * (v - v0) + 30.0 * grade + p.cadence_drift * progress
                - 6.0 * (1.0 - warm)
                + noise.cadence.step(rng);
            // Both legs in 1/128 strides, exactly what FIT stores.
            Some((spm / 2.0 * 128.0).round() / 64.0)
        } else if grade < -0.035 {
            Some(0.0)
        } else {
            Some((p.cadence * (1.0 + 0.1 * (v / v0 - 1.0)) + noise.cadence.step(rng)).round())
        };
        let hr_now = (hr + noise.hr.step(rng)).round().clamp(30.0, 230.0) as u8;
        let (east, north) = route.offset_m(d);
        let position = p.gps.then(|| {
            let fix = route.to_lat_lon(
                east + noise.gps_east.step(rng),
                north + noise.gps_north.step(rng),
            );
            LatLon {
                lat_deg: to_semicircle_grid(fix.lat_deg),
                lon_deg: to_semicircle_grid(fix.lon_deg),
            }
        });
        let altitude = route.altitude_m(d) + noise.baro.step(rng);
        samples.push(Sample {
            elapsed_s: t,
            position,
            distance_m: round_to(d, 100.0),
            speed_mps: speed,
            altitude_m: p.altitude.then(|| round_to(altitude, 5.0)),
            heart_rate_bpm: p.heart_rate.then_some(hr_now),
            cadence: cadence.filter(|_| p.cadence > 0.0),
            power_w: p.power.then(|| power_w(p, v, grade, cadence, rng)),
            dynamics: (p.dynamics && running).then(|| dynamics(v, cadence, rng)),
        });
        if done {
            break;
        }
        if let Some(pause) = pending.next_if(|q| q.after_timer_s <= timer) {
            let end = t.saturating_add(pause.duration_s.max(1));
            pauses.push(PauseSpan {
                start_s: t,
                end_s: end,
            });
            hr = lag(hr, p.hr_rest_bpm + 25.0, f64::from(pause.duration_s), 45.0);
            t = end;
            since_start = 0;
            continue;
        }
        t += 1;
        timer += 1;
        since_start += 1;
    }
    let lap_ends = lap_ends(&samples, p.auto_lap_m);
    SyntheticSession {
        sport: p.sport,
        sub_sport: p.sub_sport,
        samples,
        pauses,
        lap_ends,
    }
}

/// First-order approach of `value` to `target` over `dt` with time constant
/// `tau`, the way heart rate follows effort.
fn lag(value: f64, target: f64, dt: f64, tau: f64) -> f64 {
    target + (value - target) * (-dt / tau).exp()
}

fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

/// Rounds degrees to the nearest FIT semicircle, so FIT stores them exactly.
fn to_semicircle_grid(deg: f64) -> f64 {
    let per_deg = 2f64.powi(31) / 180.0;
    (deg * per_deg).round() / per_deg
}

fn power_w(p: &RunParams, v: f64, grade: f64, cadence: Option<f64>, rng: &mut SplitMix64) -> u16 {
    let watts = if p.sport == SynthSport::Running {
        p.mass_kg * v * (1.04 + 4.0 * grade)
    } else if cadence == Some(0.0) {
        0.0
    } else {
        0.5 * 1.2 * 0.32 * v.powi(3) + p.mass_kg * 9.81 * v * (0.005 + grade)
    };
    (watts * (1.0 + 0.03 * rng.gauss()))
        .clamp(0.0, 1500.0)
        .round() as u16
}

fn dynamics(v: f64, cadence: Option<f64>, rng: &mut SplitMix64) -> Dynamics {
    let spm = cadence.unwrap_or(170.0).max(60.0);
    Dynamics {
        stance_time_ms: round_to(330.0 - 32.0 * v + 4.0 * rng.gauss(), 10.0),
        stance_time_balance_pct: round_to(50.3 + 0.3 * rng.gauss(), 100.0),
        vertical_oscillation_mm: round_to(88.0 - 3.0 * (v - 3.0) + 2.0 * rng.gauss(), 10.0),
        step_length_mm: round_to(v / (spm / 60.0) * 1000.0, 10.0),
    }
}

/// Index of the last sample of each auto lap; the final lap ends with the
/// last sample.
fn lap_ends(samples: &[Sample], lap_m: f64) -> Vec<usize> {
    let mut ends = Vec::new();
    let Some(last) = samples.len().checked_sub(1) else {
        return ends;
    };
    if lap_m > 0.0 {
        let mut next = lap_m;
        for (i, s) in samples.iter().enumerate().take(last) {
            if s.distance_m >= next {
                ends.push(i);
                while next <= s.distance_m {
                    next += lap_m;
                }
            }
        }
    }
    // A sliver of a final lap (under 50 m) is folded into the previous one.
    if let Some(&prev) = ends.last() {
        if samples[last].distance_m - samples[prev].distance_m < 50.0 {
            ends.pop();
        }
    }
    ends.push(last);
    ends
}
