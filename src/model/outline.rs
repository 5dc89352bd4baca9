//! What later stages need of a run's samples once its streams are released:
//! how rich the recording was (to choose between copies) and where it went
//! (to match copies and find its time zone). A few kilobytes instead of the
//! megabytes of an hour at 1 Hz, so ten years of runs fit in memory.

use serde::{Deserialize, Serialize};

use super::{varint, LatLon, Streams};

/// Fixes kept of a track: enough to draw it as a polyline that copies of
/// the run are compared against.
pub const OUTLINE_FIXES: usize = 500;

/// The shape of an activity's streams, kept when the samples are dropped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outline {
    /// Samples recorded.
    pub samples: usize,
    /// Channels holding at least one value, position included.
    pub channels: usize,
    /// Whether the file recorded a position channel at all (even empty):
    /// a run without one was indoors.
    pub has_position: bool,
    /// Valid fixes recorded.
    pub valid_fixes: usize,
    /// The first valid fix, to the microdegree (11 cm).
    pub first_fix: Option<LatLon>,
    /// At most [`OUTLINE_FIXES`] valid fixes spread evenly over the track.
    pub track: PackedTrack,
}

impl Outline {
    pub fn of(streams: &Streams) -> Outline {
        let valid: Vec<LatLon> = streams
            .position
            .iter()
            .flatten()
            .flatten()
            .copied()
            .filter(valid_fix)
            .collect();
        let track = PackedTrack::pack(&spread(&valid, OUTLINE_FIXES));
        Outline {
            samples: streams.len(),
            channels: streams.channel_count(),
            has_position: streams.position.is_some(),
            valid_fixes: valid.len(),
            first_fix: track.fixes().first().copied(),
            track,
        }
    }

    pub fn first_fix(&self) -> Option<LatLon> {
        self.first_fix
    }
}

/// Fixes to the microdegree, packed: the first fix whole, each next one
/// as its step from the last, every number a zigzag LEB128 varint (a step
/// of a few hundred microdegrees takes two bytes). Only a copy check that
/// the distances could not settle reads a track, so it is kept packed:
/// about two kilobytes per run in memory and in the cache.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedTrack(Vec<u8>);

const PER_DEGREE: f64 = 1e6;

impl PackedTrack {
    pub fn pack(fixes: &[LatLon]) -> PackedTrack {
        let whole = |deg: f64| (deg * PER_DEGREE).round() as i64;
        let mut last = (0, 0);
        let mut bytes = Vec::with_capacity(fixes.len() * 4 + 8);
        for fix in fixes {
            let now = (whole(fix.lat_deg), whole(fix.lon_deg));
            push_varint(&mut bytes, now.0 - last.0);
            push_varint(&mut bytes, now.1 - last.1);
            last = now;
        }
        bytes.shrink_to_fit();
        PackedTrack(bytes)
    }

    /// The fixes; damaged bytes yield the fixes before the damage.
    pub fn fixes(&self) -> Vec<LatLon> {
        let mut rest = self.0.as_slice();
        let mut now = (0i64, 0i64);
        let mut fixes = Vec::new();
        while let (Some(dlat), Some(dlon)) = (read_varint(&mut rest), read_varint(&mut rest)) {
            now = (now.0.saturating_add(dlat), now.1.saturating_add(dlon));
            fixes.push(LatLon {
                lat_deg: now.0 as f64 / PER_DEGREE,
                lon_deg: now.1 as f64 / PER_DEGREE,
            });
        }
        fixes
    }
}

/// A signed step as a varint, zigzagged so that a small step either way
/// takes few bytes.
fn push_varint(bytes: &mut Vec<u8>, value: i64) {
    varint::push(bytes, ((value << 1) ^ (value >> 63)) as u64);
}

/// The next step of `rest` (see [`varint::read`]).
fn read_varint(rest: &mut &[u8]) -> Option<i64> {
    let zigzag = varint::read(rest)?;
    Some((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
}

impl Serialize for PackedTrack {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        varint::serialize_blob(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for PackedTrack {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        varint::deserialize_blob(deserializer).map(PackedTrack)
    }
}

/// A fix a receiver could have given: finite, on the globe, and not the
/// (0, 0) that devices write before their first fix.
pub fn valid_fix(point: &LatLon) -> bool {
    point.lat_deg.is_finite()
        && point.lon_deg.is_finite()
        && point.lat_deg.abs() <= 90.0
        && point.lon_deg.abs() <= 180.0
        && !(point.lat_deg == 0.0 && point.lon_deg == 0.0)
}

/// At most `count` points spread evenly over `points`, first and last kept.
pub fn spread(points: &[LatLon], count: usize) -> Vec<LatLon> {
    if points.len() <= count || count < 2 {
        return points.to_vec();
    }
    let last = points.len() - 1;
    (0..count)
        .filter_map(|k| points.get(k * last / (count - 1)).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(i: usize) -> Option<LatLon> {
        Some(LatLon {
            lat_deg: 45.0 + i as f64 * 1e-4,
            lon_deg: 7.0,
        })
    }

    #[test]
    fn keeps_the_shape_and_spreads_the_fixes() {
        // 1001 samples: a (0, 0) placeholder, a gap, then 999 fixes.
        let mut position = vec![
            Some(LatLon {
                lat_deg: 0.0,
                lon_deg: 0.0,
            }),
            None,
        ];
        position.extend((0..999).map(fix));
        let streams = Streams {
            time_s: (0..1001).map(f64::from).collect(),
            position: Some(position),
            heart_rate_bpm: Some(vec![Some(140.0); 1001]),
            ..Streams::default()
        };
        let outline = Outline::of(&streams);
        assert_eq!(outline.samples, 1001);
        // position and heart rate
        assert_eq!(outline.channels, 2);
        assert!(outline.has_position);
        assert_eq!(outline.valid_fixes, 999);
        let fixes = outline.track.fixes();
        assert_eq!(fixes.len(), OUTLINE_FIXES);
        // First and last fix kept: fix 0 and fix 998; fix k*998/499 = 2k.
        // Their latitudes are 45 + i/10^4: whole microdegrees already.
        assert_eq!(outline.first_fix(), fix(0));
        assert_eq!(fixes.last().copied(), fix(998));
        assert_eq!(fixes.get(1).copied(), fix(2));
    }

    #[test]
    fn reads_back_from_json_as_built() {
        let streams = Streams {
            time_s: vec![0.0, 1.0, 2.0],
            position: Some(vec![
                Some(LatLon {
                    lat_deg: -33.856_784_123,
                    lon_deg: 151.215_297_987,
                }),
                Some(LatLon {
                    lat_deg: 89.999_999_6,
                    lon_deg: -179.999_999_4,
                }),
                None,
            ]),
            ..Streams::default()
        };
        let outline = Outline::of(&streams);
        // Rounded to the microdegree when built; the second fix as its
        // step from the first: 90000000 - -33856784 = 123856784, and
        // -179999999 - 151215298 = -331215297.
        let fixes = outline.track.fixes();
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].lat_deg, -33.856_784);
        assert_eq!(fixes[0].lon_deg, 151.215_298);
        assert_eq!(fixes[1].lat_deg, 90.0);
        assert_eq!(fixes[1].lon_deg, -179.999_999);
        assert_eq!(outline.first_fix().map(|f| f.lon_deg), Some(151.215_298));
        let json = serde_json::to_string(&outline).unwrap();
        assert_eq!(serde_json::from_str::<Outline>(&json).unwrap(), outline);
        let packed = postcard::to_stdvec(&outline).unwrap();
        assert_eq!(postcard::from_bytes::<Outline>(&packed).unwrap(), outline);
    }

    #[test]
    fn varints_by_hand() {
        // Zigzag: 0 -> 0, -1 -> 1, 1 -> 2, -64 -> 127, 64 -> 128 (two
        // bytes: 0x80 0x01), 150 -> 300 = 0b10_0101100 -> 0xAC 0x02.
        let track = PackedTrack::pack(&[
            LatLon {
                lat_deg: 0.0,
                lon_deg: -0.000_001,
            },
            LatLon {
                lat_deg: 0.000_001,
                lon_deg: -0.000_065,
            },
            LatLon {
                lat_deg: 0.000_065,
                lon_deg: 0.000_085,
            },
        ]);
        assert_eq!(track.0, [0, 1, 2, 127, 128, 1, 0xAC, 2]);
        assert_eq!(track.fixes().len(), 3);
        // Damage keeps what came before it: a cut varint, an odd count,
        // eleven continuation bytes.
        let mut cut = track.0.clone();
        cut.truncate(7);
        assert_eq!(PackedTrack(cut).fixes().len(), 2);
        assert_eq!(PackedTrack(vec![0, 0, 5]).fixes().len(), 1);
        assert_eq!(PackedTrack(vec![0xff; 11]).fixes().len(), 0);
        // The extremes of i64 survive the zigzag.
        for value in [i64::MIN, i64::MAX, -180_000_000, 180_000_000] {
            let mut bytes = Vec::new();
            push_varint(&mut bytes, value);
            assert_eq!(read_varint(&mut bytes.as_slice()), Some(value));
        }
    }

    #[test]
    fn an_indoor_run_has_no_position() {
        let streams = Streams {
            time_s: vec![0.0, 1.0],
            ..Streams::default()
        };
        let outline = Outline::of(&streams);
        assert!(!outline.has_position);
        assert_eq!(outline.first_fix(), None);
        assert_eq!(outline.channels, 0);
    }
}
