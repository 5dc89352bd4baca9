//! A tiny seeded PRNG, so fixtures depend on nothing but their seed.
//!
//! SplitMix64 is enough here: the numbers shape plausible noise, they are not
//! statistics. Owning it (rather than using `rand`) keeps every generated
//! byte stable across crate upgrades.

/// SplitMix64 with helpers for the few distributions the generator needs.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        // 53 high bits fill an f64 mantissa exactly.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Roughly normal with mean 0 and standard deviation 1.
    ///
    /// Irwin-Hall (sum of four uniforms) avoids `ln`/`sqrt` of Box-Muller
    /// and is bounded, which keeps a rare draw from producing a wild sample.
    pub fn gauss(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3.0_f64.sqrt()
    }
}

/// The SplitMix64 finalizer, also handy to derive seeds from plan fields.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A smooth random walk that returns towards zero (an AR(1) process), for
/// drifts such as GPS error, pace wobble or barometric pressure.
#[derive(Debug, Clone)]
pub struct Wander {
    value: f64,
    keep: f64,
    step_sd: f64,
}

impl Wander {
    /// `sd` is the long-run standard deviation, `tau_s` the correlation time
    /// in samples.
    pub fn new(sd: f64, tau_s: f64) -> Self {
        let keep = (-1.0 / tau_s.max(1.0)).exp();
        Wander {
            value: 0.0,
            keep,
            step_sd: sd * (1.0 - keep * keep).sqrt(),
        }
    }

    pub fn step(&mut self, rng: &mut SplitMix64) -> f64 {
        self.value = self.value * self.keep + self.step_sd * rng.gauss();
        self.value
    }
}
