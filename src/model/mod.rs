//! The normalized run model: plain data, no I/O.
//!
//! Every importer produces [`Activity`] values and every later stage reads
//! only these. Units are SI and spelled out in field names where they could
//! be doubted. A measurement that is absent is `None`, never 0 or NaN.

mod activity;
mod gear;
mod outline;
mod running;
mod sport;
mod streams;
pub(crate) mod varint;

pub use activity::{
    Activity, CadenceConvention, Device, DeviceSummary, ElevationSource, Format, Lap, OffsetSource,
    Pause, UtcOffset,
};
pub use gear::{ExportShoe, GearSource};
pub use outline::{spread, valid_fix, Outline, PackedTrack, OUTLINE_FIXES};
pub use running::{MIN_RUNNING_MPS, MIN_RUNNING_SPM};
pub use sport::Sport;
pub use streams::{channel_from, haversine_m, LatLon, Streams};
