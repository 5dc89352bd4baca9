//! Analyzers: one file each, measuring the training log and never judging
//! it. Thresholds live in the rules; here every value that cannot be
//! computed is `None`.
pub mod cadence;
pub mod daily;
pub mod downhill;
pub mod elevation;
pub mod grade;
pub mod load;
pub mod recovery;
