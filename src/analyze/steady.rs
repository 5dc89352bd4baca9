//! What counts as steady, flat running: the one definition shared by the
//! cadence and stance-balance analyzers (and the run chart that shades
//! what they compared), so the three cannot drift apart. What counts as
//! running at all is the model's ([`crate::model::MIN_RUNNING_MPS`]).
/// Steeper than this (|grade|, a fraction) is not flat running.
pub const FLAT_GRADE: f64 = 0.02;
/// A sample is steady when its speed is within this fraction of the run's
/// median running speed: strides and sprints change cadence by design.
pub const STEADY_FRACTION: f64 = 0.20;
