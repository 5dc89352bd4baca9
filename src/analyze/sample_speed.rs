//! Each sample's speed, as the time-at-speed, cadence and intensity
//! analyzers all read it, and how long one sample may stand for.

use std::borrow::Cow;

use crate::model::Streams;

/// The most time one sample can stand for.
pub const MAX_SAMPLE_GAP_S: f64 = 10.0;
/// The window of a speed derived from the cumulative distance.
pub const DERIVED_SPEED_WINDOW_S: f64 = 5.0;

/// The recorded speed, else one derived from the cumulative distance:
/// metres covered since the last sample at least
/// [`DERIVED_SPEED_WINDOW_S`] earlier, over the time between them.
pub fn speed_of(streams: &Streams) -> Option<Cow<'_, [Option<f64>]>> {
    if let Some(speed) = &streams.speed_mps {
        return Some(Cow::Borrowed(speed.as_slice()));
    }
    let distance = streams.distance_m.as_ref()?;
    let time = &streams.time_s;
    let mut from = 0;
    let derived = (0..time.len())
        .map(|i| {
            let t = time.get(i).copied()?;
            while from < i
                && time
                    .get(from + 1)
                    .is_some_and(|t1| t - t1 >= DERIVED_SPEED_WINDOW_S)
            {
                from += 1;
            }
            let (t0, d0, d) = (
                time.get(from).copied()?,
                distance.get(from).copied().flatten()?,
                distance.get(i).copied().flatten()?,
            );
            (t > t0).then(|| (d - d0).max(0.0) / (t - t0))
        })
        .collect();
    Some(Cow::Owned(derived))
}
