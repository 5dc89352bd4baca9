//! A sport for files that name none, guessed from how fast and at what
//! cadence the athlete moved.
//!
//! Many GPX files (Strava, Runkeeper, ecoach, Movescount exports) carry no
//! `<type>`, and FIT files may say `generic`. Dropping them would lose runs;
//! calling everything a run would let bike rides into the training log. The
//! profile below separates the common cases; the activity is flagged
//! `sport_inferred` so the report can say so.

use crate::model::{Sport, Streams};

use super::cadence::median;

/// Speeds below this (m/s) count as standing, not as a slow sport.
const MOVING_MPS: f64 = 0.5;
/// Speeds are taken over windows at least this long, so that 1 Hz GPS
/// jitter does not decide the sport.
const WINDOW_S: f64 = 10.0;

/// What the inference looks at.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Profile {
    /// Median speed over the moving parts, in m/s.
    pub moving_median_speed_mps: Option<f64>,
    /// Median of the recorded cadence, in steps per minute as the streams
    /// hold it (a per-leg file already doubled).
    pub median_cadence_spm: Option<f64>,
}

/// Infers the sport of an activity from its streams; `None` when the streams
/// say too little (no time with distance or speed, and no cadence).
pub fn infer(streams: &Streams) -> Option<Sport> {
    infer_from_profile(&profile(streams))
}

/// Measures the speed and cadence profile of some streams.
pub fn profile(streams: &Streams) -> Profile {
    let speeds = match &streams.distance_m {
        Some(distance) if distance.iter().any(Option::is_some) => {
            window_speeds(&streams.time_s, distance)
        }
        _ => streams
            .speed_mps
            .as_deref()
            .unwrap_or_default()
            .iter()
            .flatten()
            .copied()
            .collect(),
    };
    let moving: Vec<f64> = speeds.into_iter().filter(|v| *v >= MOVING_MPS).collect();
    let cadence: Vec<f64> = streams
        .cadence_spm
        .as_deref()
        .unwrap_or_default()
        .iter()
        .flatten()
        .copied()
        .filter(|c| *c > 0.0)
        .collect();
    Profile {
        moving_median_speed_mps: median(moving),
        median_cadence_spm: median(cadence),
    }
}

/// The sport a profile points to.
///
/// - faster than 6.5 m/s: cycling (no one runs a whole activity faster);
/// - a low, rpm-like cadence (below 110) above 5 m/s: cycling;
/// - running cadence (140 and up) at 1.4-6.5 m/s: running;
/// - no cadence: running at 1.9-6 m/s, walking below, cycling above;
/// - walking cadence (below 140) at walking speed: walking;
/// - a cadence under 110 at 2.2-5 m/s: unknown (rowing, slow cranking);
/// - cadence alone (no speed): running from 140 steps/min, walking from 80.
///
/// Hiking is not told apart from walking: it needs the terrain, which a
/// speed profile does not give.
pub fn infer_from_profile(profile: &Profile) -> Option<Sport> {
    let cadence = profile.median_cadence_spm;
    let Some(speed) = profile.moving_median_speed_mps else {
        return match cadence {
            Some(c) if c >= 140.0 => Some(Sport::Running),
            Some(c) if c >= 80.0 => Some(Sport::Walking),
            _ => None,
        };
    };
    let sport = match cadence {
        _ if speed > 6.5 => Sport::Cycling,
        Some(c) if c < 110.0 && speed > 5.0 => Sport::Cycling,
        Some(c) if c >= 140.0 && speed >= 1.4 => Sport::Running,
        Some(c) if c >= 140.0 => Sport::Walking,
        Some(c) if c >= 110.0 && speed >= 2.2 => Sport::Running,
        Some(_) if speed < 2.2 => Sport::Walking,
        // Under 110 "steps" at a running speed is no gait at all: a
        // rowing stroke rate (an NK SpeedCoach file in the corpus) or a
        // slow crank. Better unknown than a run that never happened.
        Some(_) => return None,
        None if speed > 6.0 => Sport::Cycling,
        None if speed >= 1.9 => Sport::Running,
        None => Sport::Walking,
    };
    Some(sport)
}

/// Speeds over windows of at least [`WINDOW_S`], one per starting sample.
fn window_speeds(time_s: &[f64], distance_m: &[Option<f64>]) -> Vec<f64> {
    let samples: Vec<(f64, f64)> = time_s
        .iter()
        .zip(distance_m)
        .filter_map(|(t, d)| d.map(|d| (*t, d)))
        .filter(|(t, d)| t.is_finite() && d.is_finite())
        .collect();
    let mut speeds = Vec::with_capacity(samples.len());
    let mut end = 0;
    for (start, (t0, d0)) in samples.iter().enumerate() {
        end = end.max(start + 1);
        while samples.get(end).is_some_and(|(t, _)| t - t0 < WINDOW_S) {
            end += 1;
        }
        let Some((t1, d1)) = samples.get(end) else {
            break;
        };
        speeds.push((d1 - d0).max(0.0) / (t1 - t0));
    }
    speeds
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streams at a steady speed, one sample a second, with an optional
    /// cadence, starting and ending with a minute standing still.
    fn steady(speed_mps: f64, cadence_spm: Option<f64>, minutes: usize) -> Streams {
        let mut streams = Streams::default();
        let mut distance = Vec::new();
        let mut cadence = Vec::new();
        let mut d = 0.0;
        for i in 0..(minutes * 60 + 120) {
            let moving = (60..minutes * 60 + 60).contains(&i);
            if moving {
                d += speed_mps;
            }
            streams.time_s.push(i as f64);
            distance.push(Some(d));
            cadence.push(cadence_spm.filter(|_| moving));
        }
        streams.distance_m = Some(distance);
        streams.cadence_spm = cadence_spm.map(|_| cadence);
        streams
    }

    fn profile_of(speed: Option<f64>, cadence: Option<f64>) -> Profile {
        Profile {
            moving_median_speed_mps: speed,
            median_cadence_spm: cadence,
        }
    }

    #[test]
    fn profile_ignores_standing_still() {
        let p = profile(&steady(3.0, Some(170.0), 20));
        assert!((p.moving_median_speed_mps.unwrap() - 3.0).abs() < 1e-9);
        assert_eq!(p.median_cadence_spm, Some(170.0));
    }

    #[test]
    fn easy_run_with_and_without_cadence() {
        assert_eq!(infer(&steady(2.9, Some(168.0), 40)), Some(Sport::Running));
        assert_eq!(infer(&steady(3.3, None, 40)), Some(Sport::Running));
        // Slow jog at high cadence is still a run.
        assert_eq!(infer(&steady(1.6, Some(160.0), 40)), Some(Sport::Running));
    }

    #[test]
    fn walks_and_hikes_are_slower() {
        assert_eq!(infer(&steady(1.3, None, 60)), Some(Sport::Walking));
        assert_eq!(infer(&steady(1.4, Some(115.0), 60)), Some(Sport::Walking));
    }

    #[test]
    fn rides_are_faster_or_turn_slowly() {
        assert_eq!(infer(&steady(8.0, None, 60)), Some(Sport::Cycling));
        assert_eq!(infer(&steady(8.0, Some(180.0), 60)), Some(Sport::Cycling));
        assert_eq!(infer(&steady(5.5, Some(85.0), 60)), Some(Sport::Cycling));
    }

    #[test]
    fn boundaries_of_the_profile() {
        let at = |s, c| infer_from_profile(&profile_of(Some(s), c));
        assert_eq!(at(6.0, None), Some(Sport::Running));
        assert_eq!(at(6.01, None), Some(Sport::Cycling));
        assert_eq!(at(1.9, None), Some(Sport::Running));
        assert_eq!(at(1.89, None), Some(Sport::Walking));
        assert_eq!(at(6.5, Some(200.0)), Some(Sport::Running));
        assert_eq!(at(6.6, Some(200.0)), Some(Sport::Cycling));
        assert_eq!(at(2.5, Some(125.0)), Some(Sport::Running));
        // A rowing boat: 7861 m in 2840 s = 2.77 m/s at 19.8 strokes/min,
        // doubled as if strides to 39.6 (sports-lib inverted-times.fit).
        assert_eq!(at(2.77, Some(39.6)), None);
    }

    #[test]
    fn nothing_to_go_by() {
        assert_eq!(infer(&Streams::default()), None);
        assert_eq!(infer_from_profile(&Profile::default()), None);
        // Time without distance or speed (a heart-rate-only file).
        let hr_only = Streams {
            time_s: vec![0.0, 1.0, 2.0],
            heart_rate_bpm: Some(vec![Some(120.0); 3]),
            ..Streams::default()
        };
        assert_eq!(infer(&hr_only), None);
    }

    #[test]
    fn cadence_alone_still_says_something() {
        assert_eq!(
            infer_from_profile(&profile_of(None, Some(172.0))),
            Some(Sport::Running)
        );
        assert_eq!(
            infer_from_profile(&profile_of(None, Some(100.0))),
            Some(Sport::Walking)
        );
        assert_eq!(infer_from_profile(&profile_of(None, Some(40.0))), None);
    }

    #[test]
    fn speed_channel_is_used_without_distance() {
        let streams = Streams {
            time_s: (0..100).map(f64::from).collect(),
            speed_mps: Some(vec![Some(3.2); 100]),
            ..Streams::default()
        };
        assert_eq!(infer(&streams), Some(Sport::Running));
    }
}
