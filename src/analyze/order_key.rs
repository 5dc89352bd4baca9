//! `f64::total_cmp`'s order as an integer's, for the selections and
//! sorted windows over samples: comparing two keys is one integer
//! comparison, where `total_cmp` is several instructions and a closure.

/// `v`'s place in `f64::total_cmp`'s order: `order_key(a) < order_key(b)`
/// exactly when `a.total_cmp(&b)` is `Less`. A bijection:
/// [`from_order_key`] undoes it.
pub fn order_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    // Negative numbers count down as their bits count up: flip all but
    // the sign.
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The value whose [`order_key`] is `key`.
pub fn from_order_key(key: i64) -> f64 {
    // The flip leaves the sign bit alone, so it is its own inverse.
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_as_total_cmp_and_come_back() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            171.5,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in values {
            assert_eq!(from_order_key(order_key(a)).to_bits(), a.to_bits());
            for b in values {
                assert_eq!(order_key(a).cmp(&order_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
}
