//! The filters of the elevation pipeline, on one unbroken piece of a
//! profile resampled at a regular distance step.
//!
//! Every function takes the values of one piece (no gaps inside: the caller
//! splits the profile where elevation is missing, so no hill is ever
//! invented across a gap) and runs in time linear in its length: the
//! windows are a fixed number of steps.

use super::order_key::{from_order_key, order_key};

/// Rolling median over `2 * half + 1` points, the window clipped at the
/// ends of the piece. A median removes single-sample spikes and steps of a
/// barometer or a GPS fix without bending real slopes: on a monotone
/// stretch the median of a window is its centre. Clipped rather than
/// shrunk, because a shrinking window is a single point at the piece's
/// first sample and keeps a spike there whole: a fenix 2 recording of the
/// corpus starts 33 m high for four seconds, which the shrinking window
/// turned into 33 m of descent the watch never counted. An even window
/// (at the ends only) gives the mean of its two middle values.
///
/// Only barometric profiles are clipped ([`Ends::Clip`]): at the end of a
/// piece on a slope a clipped window reads the slope's middle, which cost
/// a sparse GPS recording (the FR225's, cut into many pieces) a tenth of
/// its descent; GPS profiles keep the shrinking window ([`Ends::Shrink`]).
pub fn rolling_median(values: &[f64], half: usize, ends: Ends) -> Vec<f64> {
    // The window is kept sorted as it slides (both of its ends only move
    // forward), instead of sorting every window afresh. It holds
    // `order_key`s, so that comparing two is one integer comparison, and a
    // step that lets one value in and one out moves only the keys between
    // the two, where a removal and an insertion each move the whole tail.
    let mut window: Vec<i64> = Vec::with_capacity(2 * half + 1);
    let (mut lo, mut hi) = (0, 0);
    (0..values.len())
        .map(|i| {
            let (from, to) = match ends {
                Ends::Clip => (i.saturating_sub(half), (i + half + 1).min(values.len())),
                Ends::Shrink => {
                    let r = symmetric_radius(i, values.len(), half);
                    (i - r, i + r + 1)
                }
            };
            let leaving = values.get(lo..from).unwrap_or_default();
            let entering = values.get(hi.max(from)..to).unwrap_or_default();
            let mut leaving = leaving.iter().map(|&v| order_key(v));
            let mut entering = entering.iter().map(|&v| order_key(v));
            loop {
                match (leaving.next(), entering.next()) {
                    // `out` is always in the window while it slides as
                    // it should; were it not, `into` still goes in.
                    (Some(out), Some(into)) => {
                        if !replace_sorted(&mut window, out, into) {
                            insert_sorted(&mut window, into);
                        }
                    }
                    (Some(out), None) => remove_sorted(&mut window, out),
                    (None, Some(into)) => insert_sorted(&mut window, into),
                    (None, None) => break,
                }
            }
            (lo, hi) = (from, to);
            middle(&window)
                .or_else(|| values.get(i).copied())
                .unwrap_or_default()
        })
        .collect()
}

/// Inserts `into` in the sorted `window`, after any equal keys.
fn insert_sorted(window: &mut Vec<i64>, into: i64) {
    let at = window.partition_point(|&w| w <= into);
    window.insert(at, into);
}

/// Where one `key` sits in the sorted `window` (any of equal keys: they
/// are the same value).
fn find_sorted(window: &[i64], key: i64) -> Option<usize> {
    let at = window.partition_point(|&w| w < key);
    (window.get(at) == Some(&key)).then_some(at)
}

/// Removes one `out` from the sorted `window`.
fn remove_sorted(window: &mut Vec<i64>, out: i64) {
    if let Some(at) = find_sorted(window, out) {
        window.remove(at);
    }
}

/// Replaces one `out` in the sorted `window` by `into`, keeping it
/// sorted: the keys between the two shift by one place. `false`, the
/// window untouched, when `out` is not in it.
fn replace_sorted(window: &mut [i64], out: i64, into: i64) -> bool {
    let Some(at) = find_sorted(window, out) else {
        return false;
    };
    if into > out {
        // The keys after `at` and below `into` move down one place.
        let after = window.get(at + 1..).unwrap_or_default();
        let end = at + after.partition_point(|&w| w < into);
        window.copy_within(at + 1..=end, at);
        if let Some(slot) = window.get_mut(end) {
            *slot = into;
        }
    } else {
        // The keys before `at` and above `into` move up one place.
        let start = window
            .get(..at)
            .unwrap_or_default()
            .partition_point(|&w| w <= into);
        window.copy_within(start..at, start + 1);
        if let Some(slot) = window.get_mut(start) {
            *slot = into;
        }
    }
    true
}

/// How a window behaves at the ends of a piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// Fewer points on the inner side, as many as fit on the other.
    Clip,
    /// As many points on each side, so the end point is its own window.
    Shrink,
}

/// The median of sorted keys; `None` when there are none.
fn middle(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    let value = |at: usize| sorted.get(at).copied().map(from_order_key);
    if n % 2 == 1 {
        value(n / 2)
    } else {
        Some((value((n / 2).checked_sub(1)?)? + value(n / 2)?) / 2.0)
    }
}

/// Moving average over `2 * half + 1` points, the window shrinking
/// symmetrically at the ends so the ends keep their level. Symmetric
/// windows leave straight slopes (and so total rise and fall) unchanged;
/// they only round off the corners.
pub fn moving_average(values: &[f64], half: usize) -> Vec<f64> {
    // Prefix sums make each window O(1).
    let mut prefix = Vec::with_capacity(values.len() + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for v in values {
        sum += v;
        prefix.push(sum);
    }
    (0..values.len())
        .map(|i| {
            let r = symmetric_radius(i, values.len(), half);
            let lo = prefix.get(i - r).copied().unwrap_or(0.0);
            let hi = prefix.get(i + r + 1).copied().unwrap_or(0.0);
            (hi - lo) / (2 * r + 1) as f64
        })
        .collect()
}

/// The largest radius up to `half` that fits on both sides of `i`.
fn symmetric_radius(i: usize, len: usize, half: usize) -> usize {
    half.min(i).min(len.saturating_sub(i + 1))
}

/// Grade (rise over run, a fraction: -0.10 is 10% down) at each point, over
/// a window of `half` steps either side, clipped at the ends of the piece.
///
/// A grade over fewer than `min_span_steps` steps is `None`: short windows
/// turn the last centimetres of smoothing noise into steep grades. So is a
/// grade steeper than `max_abs`, which no runner runs: it is a barometer
/// jump or a GPS elevation glitch that survived the smoothing.
pub fn grades(
    values: &[f64],
    step_m: f64,
    half: usize,
    min_span_steps: usize,
    max_abs: f64,
) -> Vec<Option<f64>> {
    let last = values.len().saturating_sub(1);
    (0..values.len())
        .map(|i| {
            let lo = i.saturating_sub(half);
            let hi = (i + half).min(last);
            let span = hi
                .checked_sub(lo)
                .filter(|&s| s > 0 && s >= min_span_steps)?;
            let rise = values.get(hi)? - values.get(lo)?;
            let grade = rise / (span as f64 * step_m);
            (grade.is_finite() && grade.abs() <= max_abs).then_some(grade)
        })
        .collect()
}

/// Total ascent and descent with a dead band (hysteresis): a change of
/// direction counts only once the profile has moved `dead_band_m` away from
/// the last extreme, so noise smaller than the band adds nothing while a
/// real climb counts in full, from its lowest to its highest point.
pub fn ascent_descent(values: &[f64], dead_band_m: f64) -> (f64, f64) {
    #[derive(Clone, Copy)]
    enum Trend {
        /// No move beyond the band yet: the lowest and highest so far.
        Unknown { low: f64, high: f64 },
        /// Climbing from the confirmed low `from`; `top` is the highest since.
        Up { from: f64, top: f64 },
        /// Descending from the confirmed high `from`; `bottom` is the lowest since.
        Down { from: f64, bottom: f64 },
    }
    let Some(&first) = values.first() else {
        return (0.0, 0.0);
    };
    let (mut ascent, mut descent) = (0.0, 0.0);
    let mut trend = Trend::Unknown {
        low: first,
        high: first,
    };
    for &v in values.iter().skip(1) {
        trend = match trend {
            Trend::Unknown { low, .. } if v - low >= dead_band_m => Trend::Up { from: low, top: v },
            Trend::Unknown { high, .. } if high - v >= dead_band_m => Trend::Down {
                from: high,
                bottom: v,
            },
            Trend::Unknown { low, high } => Trend::Unknown {
                low: low.min(v),
                high: high.max(v),
            },
            Trend::Up { from, top } if top - v >= dead_band_m => {
                ascent += top - from;
                Trend::Down {
                    from: top,
                    bottom: v,
                }
            }
            Trend::Up { from, top } => Trend::Up {
                from,
                top: top.max(v),
            },
            Trend::Down { from, bottom } if v - bottom >= dead_band_m => {
                descent += from - bottom;
                Trend::Up {
                    from: bottom,
                    top: v,
                }
            }
            Trend::Down { from, bottom } => Trend::Down {
                from,
                bottom: bottom.min(v),
            },
        };
    }
    // The last leg already moved beyond the band, so it counts in full.
    match trend {
        Trend::Up { from, top } => ascent += top - from,
        Trend::Down { from, bottom } => descent += from - bottom,
        Trend::Unknown { .. } => {}
    }
    (ascent, descent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_removes_a_spike_and_keeps_a_slope() {
        // A 30 m spike on one sample of a flat line: every 11-point window
        // holds at most one spike, so the median is the flat 100.
        let mut flat = vec![100.0; 30];
        flat[15] = 130.0;
        assert!(rolling_median(&flat, 5, Ends::Clip)
            .iter()
            .all(|&v| v == 100.0));
        // A straight slope is monotone: each full window's median is its
        // centre; a clipped one at the ends is the middle of what it holds
        // (at index 0, the mean of 1.0 and 1.5, from samples 0..=5).
        let slope: Vec<f64> = (0..30).map(|i| i as f64 * 0.5).collect();
        let median = rolling_median(&slope, 5, Ends::Clip);
        assert_eq!(rolling_median(&slope, 5, Ends::Shrink), slope);
        assert_eq!(median[5..25], slope[5..25]);
        assert_eq!(median[0], 1.25);
        // A spike on the first samples is outvoted too.
        let mut start = vec![100.0; 30];
        start[..2].fill(133.0);
        assert!(rolling_median(&start, 5, Ends::Clip)
            .iter()
            .all(|&v| v == 100.0));
        // The shrinking window keeps it at the first sample.
        assert_eq!(rolling_median(&start, 5, Ends::Shrink)[0], 133.0);
    }

    /// The sliding window gives each window's median as sorting it would,
    /// at the clipped ends too, with ties, signed zeros, negative values
    /// and every window size.
    #[test]
    fn sliding_median_agrees_with_sorting_each_window() {
        let by_sorting = |values: &[f64], half: usize, ends: Ends| -> Vec<f64> {
            (0..values.len())
                .map(|i| {
                    let r = symmetric_radius(i, values.len(), half);
                    let (from, to) = match ends {
                        Ends::Clip => (i.saturating_sub(half), (i + half + 1).min(values.len())),
                        Ends::Shrink => (i - r, i + r + 1),
                    };
                    let mut window = values[from..to].to_vec();
                    window.sort_by(f64::total_cmp);
                    let n = window.len();
                    if n % 2 == 1 {
                        window[n / 2]
                    } else {
                        (window[n / 2 - 1] + window[n / 2]) / 2.0
                    }
                })
                .collect()
        };
        let mut state = 11_u64;
        let values: Vec<f64> = (0..200)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let x = (state >> 40) as f64 / 1000.0;
                // Below sea level too: the window compares keys whose
                // order flips for negative numbers.
                match i % 7 {
                    0 => -0.0,
                    1 => 0.0,
                    2 => x.round(),
                    3 => -x,
                    4 => -x.round(),
                    _ => x,
                }
            })
            .collect();
        for len in [0, 1, 2, 5, 12, 13, 200] {
            for (half, ends) in [0, 1, 2, 5, 9, 150]
                .into_iter()
                .flat_map(|h| [(h, Ends::Clip), (h, Ends::Shrink)])
            {
                let piece = &values[..len];
                let got: Vec<u64> = rolling_median(piece, half, ends)
                    .iter()
                    .map(|v| v.to_bits())
                    .collect();
                let expected: Vec<u64> = by_sorting(piece, half, ends)
                    .iter()
                    .map(|v| v.to_bits())
                    .collect();
                assert_eq!(got, expected, "{len} values, half {half}, {ends:?}");
            }
        }
    }

    #[test]
    fn average_keeps_slopes_and_ends() {
        let slope: Vec<f64> = (0..40).map(|i| 10.0 - i as f64 * 0.25).collect();
        let averaged = moving_average(&slope, 10);
        for (a, b) in averaged.iter().zip(&slope) {
            assert!((a - b).abs() < 1e-9);
        }
        assert!(moving_average(&[], 10).is_empty());
    }

    #[test]
    fn grade_windows_and_artefacts() {
        // 5 m steps falling 0.5 m each: -0.5 / 5 = -10%.
        let down: Vec<f64> = (0..30).map(|i| 100.0 - i as f64 * 0.5).collect();
        let g = grades(&down, 5.0, 6, 10, 0.4);
        assert!((g[15].unwrap() + 0.10).abs() < 1e-12);
        // At index 0 the window is 0..6, 30 m: under the 50 m minimum.
        assert_eq!(g[0], None);
        // At index 4 it is 0..10, 50 m: long enough.
        assert!(g[4].is_some());
        // 3 m per 5 m step is 60%: an artefact, no grade.
        let cliff: Vec<f64> = (0..30).map(|i| i as f64 * 3.0).collect();
        assert!(grades(&cliff, 5.0, 6, 10, 0.4).iter().all(Option::is_none));
        // A piece shorter than the minimum window has no grade at all.
        assert!(grades(&[1.0, 2.0], 5.0, 6, 10, 0.4)
            .iter()
            .all(Option::is_none));
    }

    #[test]
    fn dead_band() {
        // Up 10 (100 -> 110), down 2 (within a 3 m band), up 5 to 115,
        // down 15 to 100: ascent 15 from 100 to 115, descent 15.
        let v = [100.0, 105.0, 110.0, 108.0, 112.0, 115.0, 107.0, 100.0];
        assert_eq!(ascent_descent(&v, 3.0), (15.0, 15.0));
        // Wiggles of ±1 m never leave a 3 m band.
        let wiggle = [100.0, 101.0, 99.0, 101.0, 99.5, 100.0];
        assert_eq!(ascent_descent(&wiggle, 3.0), (0.0, 0.0));
        // The first move counts from the lowest point before it: 98 -> 104.
        assert_eq!(ascent_descent(&[100.0, 98.0, 104.0], 3.0), (6.0, 0.0));
        assert_eq!(ascent_descent(&[], 3.0), (0.0, 0.0));
    }
}
