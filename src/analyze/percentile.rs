//! Percentiles by linear interpolation between closest ranks (Hyndman-Fan
//! type 7, numpy's default), shared by the analyzers.

/// The `fraction` quantile (0..=1) of the finite values; `None` for none.
pub fn percentile(mut values: Vec<f64>, fraction: f64) -> Option<f64> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let last = values.len().checked_sub(1)?;
    let rank = fraction.clamp(0.0, 1.0) * last as f64;
    let below = rank.floor() as usize;
    let low = *values.get(below)?;
    let high = values.get(below + 1).copied().unwrap_or(low);
    Some(low + (rank - below as f64) * (high - low))
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
}
