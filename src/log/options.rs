//! What the runner said about time zones, which the log weighs against
//! the place and the file when it decides each run's local time.

use chrono_tz::Tz;

/// The report's `timezone` when no zone was given and each run keeps the
/// offset found for it.
pub const PER_ACTIVITY_OFFSET: &str = "per-activity offset";

/// How local time is decided when a file states no offset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogOptions {
    /// `--tz` on the command line.
    pub cli_zone: Option<Tz>,
    /// `[athlete] timezone` in the config.
    pub config_zone: Option<Tz>,
}
