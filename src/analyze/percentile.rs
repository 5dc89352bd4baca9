//! Percentiles by linear interpolation between closest ranks (Hyndman-Fan
//! type 7, numpy's default), shared by the analyzers.

use super::order_key::{from_order_key, order_key};

/// The `fraction` quantile (0..=1) of the finite values; `None` for none.
pub fn percentile(values: Vec<f64>, fraction: f64) -> Option<f64> {
    let [value] = percentiles(values, [fraction]);
    value
}

/// The quantiles at each of `fractions` (0..=1, clamped) of the finite
/// values, by the same rule as [`percentile`] (linear between the closest
/// ranks), from one vector: the analyzers take two or three of the same
/// samples, and each call on its own copied them and searched all of them
/// again.
pub fn percentiles<const N: usize>(values: Vec<f64>, fractions: [f64; N]) -> [Option<f64>; N] {
    // Selected as integer keys: an integer comparison is the cheapest
    // there is, and the vector is turned into keys where it lies.
    let mut keys: Vec<i64> = values
        .into_iter()
        .filter(|v| v.is_finite())
        .map(order_key)
        .collect();
    let Some(last) = keys.len().checked_sub(1) else {
        return [None; N];
    };
    // Rising ranks, so that each selection searches only what the one
    // before left above it.
    let mut order: [usize; N] = std::array::from_fn(|i| i);
    order.sort_by(|&a, &b| {
        let fraction = |i: usize| fractions.get(i).copied().unwrap_or_default();
        fraction(a).total_cmp(&fraction(b))
    });
    let mut out = [None; N];
    // Everything before `settled` is at or below the last rank selected.
    let mut settled = 0;
    for i in order {
        let fraction = fractions.get(i).copied().unwrap_or_default();
        let rank = fraction.clamp(0.0, 1.0) * last as f64;
        let below = (rank.floor() as usize).min(last);
        // Selection, not a sort: the analyzers take percentiles of every
        // sample of every run, and a full sort of each was a fifth of a
        // cold analysis. The rank above `below` is the least of what
        // selection leaves after it, the same value a sort puts there.
        // `from` <= `below` <= `last`: the slice is never empty.
        let from = settled.min(below);
        let rest = keys.get_mut(from..).unwrap_or_default();
        let (_, low, above) = rest.select_nth_unstable(below - from);
        let low = *low;
        let high = above.iter().copied().min().unwrap_or(low);
        let (low, high) = (from_order_key(low), from_order_key(high));
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(low + (rank - below as f64) * (high - low));
        }
        settled = below;
    }
    out
}

/// The 50th percentile.
pub fn median(values: Vec<f64>) -> Option<f64> {
    percentile(values, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_ranks() {
        // [1, 2, 3, 4]: p50 at rank 1.5 -> 2.5; p10 at rank 0.3 -> 1.3;
        // p90 at rank 2.7 -> 3.7.
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert!((percentile(vec![1.0, 2.0, 3.0, 4.0], 0.1).unwrap_or(0.0) - 1.3).abs() < 1e-12);
        assert!((percentile(vec![1.0, 2.0, 3.0, 4.0], 0.9).unwrap_or(0.0) - 3.7).abs() < 1e-12);
        assert_eq!(percentile(vec![f64::NAN, 5.0], 0.9), Some(5.0));
        assert_eq!(percentile(Vec::new(), 0.5), None);
    }

    /// Selection gives what sorting gives, ties, signed zeros and
    /// infinities included, on every fraction.
    #[test]
    fn selection_agrees_with_a_full_sort() {
        let by_sorting = |mut values: Vec<f64>, fraction: f64| {
            values.retain(|v| v.is_finite());
            values.sort_by(f64::total_cmp);
            let last = values.len().checked_sub(1)?;
            let rank = fraction * last as f64;
            let below = rank.floor() as usize;
            let low = values[below];
            let high = values.get(below + 1).copied().unwrap_or(low);
            Some(low + (rank - below as f64) * (high - low))
        };
        // A deterministic scramble of repeated and spread values.
        let mut state = 7_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as f64 / f64::from(1_u32 << 31)
        };
        for len in [1, 2, 3, 7, 100, 1001] {
            let values: Vec<f64> = (0..len)
                .map(|i| match i % 5 {
                    0 => (next() * 10.0).round(),
                    1 => -0.0,
                    2 => next() * 1e6,
                    3 => f64::NAN,
                    _ => 0.0,
                })
                .collect();
            for fraction in [0.0, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0] {
                let expected = by_sorting(values.clone(), fraction);
                let got = percentile(values.clone(), fraction);
                assert_eq!(
                    got.map(f64::to_bits),
                    expected.map(f64::to_bits),
                    "{len} values, fraction {fraction}"
                );
            }
            // Several from one vector, in any order and repeated, give
            // what each alone gives.
            let fractions = [0.9, 0.1, 0.5, 0.5, 1.0, 0.0, 0.999, 0.25];
            let got = percentiles(values.clone(), fractions);
            for (fraction, got) in fractions.into_iter().zip(got) {
                let expected = by_sorting(values.clone(), fraction);
                assert_eq!(
                    got.map(f64::to_bits),
                    expected.map(f64::to_bits),
                    "{len} values, fraction {fraction} among several"
                );
            }
        }
    }
}
