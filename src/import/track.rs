//! Geometry shared by the GPX and TCX importers: positions, distance along
//! a track, GPS spikes and speeds derived from distance.

use chrono::{DateTime, Utc};

use crate::model::{haversine_m, LatLon, Pause, Sport};

/// Running faster than this (m/s) between two fixes is a GPS error, not a
/// sprint; knee-risk-rules.md "GPS glitches".
pub(crate) const MAX_FOOT_MPS: f64 = 12.0;
/// The same for bikes and anything else on wheels.
pub(crate) const MAX_WHEEL_MPS: f64 = 40.0;

/// Gaps between samples up to this long (s) are recording intervals (smart
/// recording writes every few seconds), not pauses.
const PAUSE_GAP_S: f64 = 10.0;

/// Sports whose cadence counts steps; a bike's cadence is crank turns and
/// has no place in a steps-per-minute channel.
pub(crate) fn on_foot(sport: &Sport) -> bool {
    matches!(sport, Sport::Running | Sport::Walking | Sport::Hiking)
}

/// The glitch threshold for a sport; an unknown sport is taken as on foot,
/// since this is a running log.
pub(crate) fn max_speed_mps(sport: Option<&Sport>) -> f64 {
    if sport.is_none_or(on_foot) {
        MAX_FOOT_MPS
    } else {
        MAX_WHEEL_MPS
    }
}

/// A position from degrees, when both are real coordinates.
pub(crate) fn position(lat_deg: Option<f64>, lon_deg: Option<f64>) -> Option<LatLon> {
    let (lat_deg, lon_deg) = (lat_deg?, lon_deg?);
    ((-90.0..=90.0).contains(&lat_deg) && (-180.0..=180.0).contains(&lon_deg))
        .then_some(LatLon { lat_deg, lon_deg })
}

/// Points further than this from the middle of a recording carry a
/// corrupt time (year 0001, 2085), not a moment of the run.
const TIME_OUTLIER_S: i64 = 72 * 3600;

/// A test for corrupt point times: a time more than three days from the
/// median of all of them. Dropping such a point keeps one bad stamp from
/// setting the start date or, as the newest time seen, making every later
/// point look like it goes back in time.
pub(crate) struct TimeOutliers {
    median_s: Option<i64>,
}

impl TimeOutliers {
    pub(crate) fn among(times: impl Iterator<Item = DateTime<Utc>>) -> Self {
        let mut seconds: Vec<i64> = times.map(|t| t.timestamp()).collect();
        let middle = seconds.len() / 2;
        let median_s = (!seconds.is_empty()).then(|| *seconds.select_nth_unstable(middle).1);
        TimeOutliers { median_s }
    }

    pub(crate) fn is_corrupt(&self, time: DateTime<Utc>) -> bool {
        self.median_s
            .is_some_and(|m| (time.timestamp() - m).abs() > TIME_OUTLIER_S)
    }
}

/// Which samples are GPS spikes: a fix that is reached and left again at an
/// impossible speed (out and back). A fix reached fast but left at a sane
/// speed is a jump after lost signal and is kept, so that one bad fix
/// cannot take the rest of the track with it.
///
/// Time steps shorter than a second are counted as a second: sub-second
/// fixes a few metres apart are noise, not speed.
pub(crate) fn spikes(time_s: &[f64], positions: &[Option<LatLon>], max_mps: f64) -> Vec<bool> {
    let fixes: Vec<(usize, f64, LatLon)> = positions
        .iter()
        .zip(time_s)
        .enumerate()
        .filter_map(|(i, (p, t))| p.map(|p| (i, *t, p)))
        .collect();
    let speed = |a: &(usize, f64, LatLon), b: &(usize, f64, LatLon)| {
        haversine_m(a.2, b.2) / (b.1 - a.1).abs().max(1.0)
    };
    let mut flags = vec![false; positions.len()];
    let mut previous: Option<&(usize, f64, LatLon)> = None;
    for (k, fix) in fixes.iter().enumerate() {
        let next = fixes.get(k + 1);
        let spike = match (previous, next) {
            (Some(prev), Some(next)) => speed(prev, fix) > max_mps && speed(fix, next) > max_mps,
            (Some(prev), None) => speed(prev, fix) > max_mps,
            // The first fix: bad when the track leaves it too fast and then
            // goes on at a sane speed.
            (None, Some(next)) => {
                speed(fix, next) > max_mps
                    && fixes
                        .get(k + 2)
                        .is_some_and(|after| speed(next, after) <= max_mps)
            }
            (None, None) => false,
        };
        if spike {
            if let Some(flag) = flags.get_mut(fix.0) {
                *flag = true;
            }
        } else {
            previous = Some(fix);
        }
    }
    flags
}

/// Cumulative 2-D distance along the positions, in metres.
///
/// Nothing is added across a sample whose `breaks` flag is set (the start
/// of a new GPX segment: the runner was not recording in between), nor to
/// or from a sample flagged in `skip`. A sample without position carries
/// the distance so far; samples before the first fix are `None`.
pub(crate) fn cumulative_distance(
    positions: &[Option<LatLon>],
    breaks: &[bool],
    skip: &[bool],
) -> Vec<Option<f64>> {
    let mut total: Option<f64> = None;
    let mut last: Option<LatLon> = None;
    positions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if breaks.get(i).copied().unwrap_or(false) {
                last = None;
            }
            let skipped = skip.get(i).copied().unwrap_or(false);
            if let (Some(p), false) = (p, skipped) {
                let step = last.map_or(0.0, |q| haversine_m(q, *p));
                total = Some(total.unwrap_or(0.0) + step);
                last = Some(*p);
            }
            total
        })
        .collect()
}

/// Speed at each sample from the distance covered over the preceding
/// `window_s` seconds; `None` where distance is unknown or no time passed.
pub(crate) fn speed_from_distance(
    time_s: &[f64],
    distance_m: &[Option<f64>],
    window_s: f64,
) -> Vec<Option<f64>> {
    let mut from = 0;
    time_s
        .iter()
        .zip(distance_m)
        .enumerate()
        .map(|(i, (t, d))| {
            while from < i && time_s.get(from + 1).is_some_and(|t1| t - t1 >= window_s) {
                from += 1;
            }
            let t0 = time_s.get(from).copied()?;
            let d0 = distance_m.get(from).copied().flatten()?;
            let dt = t - t0;
            let d = (*d)?;
            (dt > 0.0).then(|| (d - d0).max(0.0) / dt)
        })
        .collect()
}

/// The device's cumulative distance, completed from the track where the
/// device left samples without one.
///
/// - No recorded value at all: the track distance `geo` as it is.
/// - A first recorded value farther than anything reachable since the start
///   (faster than [`MAX_WHEEL_MPS`]) is an offset left from an earlier
///   activity: the recorded values are shifted to continue the track.
/// - A missing value is the nearest earlier recorded one plus the track
///   distance since then (or, before the first recorded one, the next one
///   minus the track distance to it); `None` where the track cannot say.
/// - The result never decreases.
pub(crate) fn merge_distance(
    time_s: &[f64],
    recorded: &[Option<f64>],
    geo: &[Option<f64>],
) -> Vec<Option<f64>> {
    let Some(first) = recorded.iter().position(Option::is_some) else {
        return geo.to_vec();
    };
    let geo_at = |i: usize| geo.get(i).copied().flatten();
    let first_value = recorded.get(first).copied().flatten().unwrap_or(0.0);
    let reachable = (time_s.get(first).copied().unwrap_or(0.0).max(0.0) + 60.0) * MAX_WHEEL_MPS;
    let offset = if first_value > reachable {
        first_value - geo_at(first).unwrap_or(0.0)
    } else {
        0.0
    };
    let device: Vec<Option<f64>> = recorded
        .iter()
        .map(|d| d.map(|d| (d - offset).max(0.0)))
        .collect();
    let mut merged = Vec::with_capacity(device.len());
    let mut anchor: Option<(f64, Option<f64>)> = None;
    let mut floor = 0.0_f64;
    for (i, value) in device.iter().enumerate() {
        let filled = match value {
            Some(d) => {
                anchor = Some((*d, geo_at(i)));
                Some(*d)
            }
            None => match anchor {
                Some((d, g)) => match (g, geo_at(i)) {
                    (Some(g0), Some(g)) => Some(d + (g - g0).max(0.0)),
                    _ => None,
                },
                None => match (
                    device.get(first).copied().flatten(),
                    geo_at(first),
                    geo_at(i),
                ) {
                    (Some(d), Some(g1), Some(g)) => Some((d - (g1 - g)).max(0.0)),
                    _ => None,
                },
            },
        };
        merged.push(filled.map(|d| {
            floor = floor.max(d);
            floor
        }));
    }
    merged
}

/// The pauses of a timed sample sequence, and a flag at each sample that
/// ends one.
///
/// With a timer total (time the clock ran), the largest gaps are taken
/// until they account for the stopped time, elapsed minus timer; a gap
/// longer than what is left is a recording gap, not a stop. Without it, a
/// gap before a sample flagged in `new_track` (a new TCX `<Track>`) counts.
pub(crate) fn pauses_from_gaps(
    times: &[DateTime<Utc>],
    new_track: &[bool],
    timer_s: Option<f64>,
) -> (Vec<Pause>, Vec<bool>) {
    let gap_s = |a: &DateTime<Utc>, b: &DateTime<Utc>| (*b - *a).num_milliseconds() as f64 / 1000.0;
    let mut gaps: Vec<(usize, f64)> = times
        .windows(2)
        .enumerate()
        .filter_map(|(i, pair)| match pair {
            [before, after] => Some((i + 1, gap_s(before, after))),
            _ => None,
        })
        .filter(|(_, gap)| *gap > PAUSE_GAP_S)
        .collect();
    let mut ends = vec![false; times.len()];
    match (timer_s.filter(|t| *t > 0.0), times.first(), times.last()) {
        (Some(timer), Some(first), Some(last)) => {
            let mut left = gap_s(first, last) - timer;
            gaps.sort_by(|a, b| b.1.total_cmp(&a.1));
            for (i, gap) in gaps {
                if left < PAUSE_GAP_S / 2.0 {
                    break;
                }
                if let (true, Some(flag)) = (gap <= left + PAUSE_GAP_S, ends.get_mut(i)) {
                    *flag = true;
                    left -= gap;
                }
            }
        }
        _ => {
            for (i, _) in gaps {
                if let (Some(true), Some(flag)) = (new_track.get(i).copied(), ends.get_mut(i)) {
                    *flag = true;
                }
            }
        }
    }
    let pauses = ends
        .iter()
        .enumerate()
        .filter(|(_, end)| **end)
        .filter_map(|(i, _)| {
            Some(Pause {
                start_utc: *times.get(i.checked_sub(1)?)?,
                end_utc: *times.get(i)?,
            })
        })
        .collect();
    (pauses, ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Option<LatLon> {
        position(Some(lat), Some(lon))
    }

    #[test]
    fn positions_must_be_real_coordinates() {
        assert!(at(52.0, 180.0).is_some());
        assert!(at(91.0, 0.0).is_none());
        assert!(at(0.0, -180.5).is_none());
        assert!(position(None, Some(1.0)).is_none());
    }

    #[test]
    fn one_degree_of_latitude() {
        let d = haversine_m(
            LatLon {
                lat_deg: 0.0,
                lon_deg: 0.0,
            },
            LatLon {
                lat_deg: 1.0,
                lon_deg: 0.0,
            },
        );
        assert!((d - 111_195.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn an_out_and_back_fix_is_a_spike_a_jump_is_not() {
        // ~11 m per 0.0001 deg of latitude, one fix a second.
        let time: Vec<f64> = (0..6).map(f64::from).collect();
        let track = [
            at(0.0, 0.0),
            at(0.0001, 0.0),
            at(0.01, 0.0),
            at(0.0002, 0.0),
            at(0.0003, 0.0),
            at(0.0004, 0.0),
        ];
        assert_eq!(
            spikes(&time, &track, 12.0),
            [false, false, true, false, false, false]
        );
        let jump = [
            at(0.0, 0.0),
            at(0.0001, 0.0),
            at(0.01, 0.0),
            at(0.01001, 0.0),
            at(0.01002, 0.0),
            None,
        ];
        assert_eq!(spikes(&time, &jump, 12.0), [false; 6]);
        let bad_start = [
            at(0.5, 0.0),
            at(0.0001, 0.0),
            at(0.0002, 0.0),
            None,
            None,
            None,
        ];
        assert_eq!(
            spikes(&time, &bad_start, 12.0),
            [true, false, false, false, false, false]
        );
    }

    #[test]
    fn distance_skips_breaks_and_spikes() {
        let track = [
            None,
            at(0.0, 0.0),
            at(0.001, 0.0),
            None,
            at(0.5, 0.0),
            at(0.002, 0.0),
            at(1.0, 0.0),
        ];
        let breaks = [false, false, false, false, false, false, true];
        let skip = [false, false, false, false, true, false, false];
        let d = cumulative_distance(&track, &breaks, &skip);
        let step = haversine_m(
            LatLon {
                lat_deg: 0.0,
                lon_deg: 0.0,
            },
            LatLon {
                lat_deg: 0.001,
                lon_deg: 0.0,
            },
        );
        assert_eq!(d[0], None);
        assert_eq!(d[1], Some(0.0));
        assert_eq!(d[2], Some(step));
        assert_eq!(d[3], Some(step));
        assert_eq!(d[4], Some(step));
        assert!((d[5].unwrap() - 2.0 * step).abs() < 1e-6);
        assert_eq!(d[6], d[5]);
    }

    #[test]
    fn recorded_distance_is_completed_from_the_track() {
        let time = [0.0, 1.0, 2.0, 3.0, 4.0];
        let geo = [Some(0.0), Some(3.0), Some(6.0), Some(9.0), Some(12.0)];
        let recorded = [None, Some(2.5), None, Some(9.5), None];
        assert_eq!(
            merge_distance(&time, &recorded, &geo),
            [Some(0.0), Some(2.5), Some(5.5), Some(9.5), Some(12.5)]
        );
        assert_eq!(merge_distance(&time, &[None; 5], &geo), geo);
        // A device total left over from an earlier run, 42 km at 1 s.
        let offset = [None, Some(42_003.0), None, Some(42_009.0), None];
        assert_eq!(
            merge_distance(&time, &offset, &geo),
            [Some(0.0), Some(3.0), Some(6.0), Some(9.0), Some(12.0)]
        );
        // No track to fill from: gaps stay unknown; values never decrease.
        let recorded = [None, Some(5.0), None, Some(4.0), None];
        assert_eq!(
            merge_distance(&time, &recorded, &[None; 5]),
            [None, Some(5.0), None, Some(5.0), None]
        );
    }

    #[test]
    fn speed_over_a_window() {
        let time = [0.0, 1.0, 2.0, 3.0, 4.0];
        let distance = [Some(0.0), Some(3.0), Some(6.0), None, Some(12.0)];
        let v = speed_from_distance(&time, &distance, 2.0);
        assert_eq!(v, [None, Some(3.0), Some(3.0), None, Some(3.0)]);
    }
}
