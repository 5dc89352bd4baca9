//! A run's distance and duration as every load analyzer counts them: the
//! one place that decides what an unknown or unusable total is.

use crate::log::RunSummary;

/// A run's distance in km, when known.
pub fn run_km(summary: &RunSummary) -> Option<f64> {
    usable(summary.distance_m).map(|m| m / 1000.0)
}

/// A run's duration in seconds: moving time, or elapsed time when moving
/// time is unknown (a file without samples may still state how long it
/// lasted); `None` with neither.
pub fn run_time_s(summary: &RunSummary) -> Option<f64> {
    usable(summary.moving_s).or_else(|| usable(summary.elapsed_s))
}

/// Finite and positive: summaries never hold 0 for "unknown", but a hand-
/// made log might, and a zero-length or NaN run measures nothing.
fn usable(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}
