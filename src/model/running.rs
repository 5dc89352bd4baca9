//! What counts as running rather than walking or standing: one definition
//! for every stage that reads samples (the log's average cadence, the
//! analyzers' steady running and easy pace, the run chart's shading), so
//! they cannot drift apart (knee-risk-rules.md, "General principles").

/// Below this speed (m/s) the runner is stopped or walking.
pub const MIN_RUNNING_MPS: f64 = 1.7;
/// Below this cadence (steps/min) the runner is walking.
pub const MIN_RUNNING_SPM: f64 = 130.0;
