//! A run's (key, seconds) table, packed: every run of ten years is held
//! in memory until the report is written, and as plain `(f64, f64)` pairs
//! the heart-rate and speed tables were two thirds of what a run kept.
//!
//! Keys rise, and on a device's samples both keys (whole beats per minute,
//! whole cm/s) and seconds (sums of whole-second gaps) are whole numbers,
//! so each number is stored as a varint: a key as its step from the last
//! whole key, seconds as themselves; a pair then takes two or three bytes
//! instead of sixteen. A number that is not whole (a fractional heart
//! rate, a gap of 0.999 s) keeps its eight bytes as they are. Unpacking
//! gives back the same numbers to the bit, in the same order, so every
//! sum over them is unchanged.

use serde::{Deserialize, Serialize};

use crate::model::varint;

/// (key, seconds) pairs by rising key.
#[derive(Clone, Default, PartialEq)]
pub struct PackedSeconds(Vec<u8>);

/// The largest whole number stored as a varint: beyond it an `f64` no
/// longer holds every whole number.
const WHOLE_LIMIT: f64 = 9_007_199_254_740_992.0;

/// `value` as a whole number when it is one (and not -0.0, whose sign a
/// varint would lose).
fn whole(value: f64) -> Option<u64> {
    (value.is_sign_positive() && value.fract() == 0.0 && value < WHOLE_LIMIT)
        .then_some(value as u64)
}

impl PackedSeconds {
    /// Packs `pairs`, whose keys rise (as [`f64::total_cmp`] orders them).
    pub fn pack(pairs: impl IntoIterator<Item = (f64, f64)>) -> PackedSeconds {
        let mut bytes = Vec::new();
        let mut last_key = 0u64;
        for (key, seconds) in pairs {
            // A whole key is tagged 0 with its step from the last whole
            // key; any other, tagged 1, follows as its bits.
            match whole(key).filter(|&k| k >= last_key) {
                Some(k) => {
                    varint::push(&mut bytes, (k - last_key) << 1);
                    last_key = k;
                }
                None => {
                    varint::push(&mut bytes, 1);
                    bytes.extend_from_slice(&key.to_le_bytes());
                }
            }
            match whole(seconds) {
                Some(s) => varint::push(&mut bytes, s << 1),
                None => {
                    varint::push(&mut bytes, 1);
                    bytes.extend_from_slice(&seconds.to_le_bytes());
                }
            }
        }
        bytes.shrink_to_fit();
        PackedSeconds(bytes)
    }

    /// The pairs, in their order; damaged bytes yield the pairs before the
    /// damage.
    pub fn pairs(&self) -> Pairs<'_> {
        Pairs {
            rest: &self.0,
            last_key: 0,
        }
    }

    /// Whether the table holds no pair.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The iterator of [`PackedSeconds::pairs`].
pub struct Pairs<'a> {
    rest: &'a [u8],
    last_key: u64,
}

impl Iterator for Pairs<'_> {
    type Item = (f64, f64);

    fn next(&mut self) -> Option<(f64, f64)> {
        let key = match varint::read(&mut self.rest)? {
            1 => read_f64(&mut self.rest)?,
            step => {
                self.last_key = self.last_key.checked_add(step >> 1)?;
                self.last_key as f64
            }
        };
        let seconds = match varint::read(&mut self.rest)? {
            1 => read_f64(&mut self.rest)?,
            whole => (whole >> 1) as f64,
        };
        Some((key, seconds))
    }
}

fn read_f64(rest: &mut &[u8]) -> Option<f64> {
    let (bits, after) = rest.split_first_chunk::<8>()?;
    *rest = after;
    Some(f64::from_le_bytes(*bits))
}

impl std::fmt::Debug for PackedSeconds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.pairs()).finish()
    }
}

/// As bytes: one blob in the cache's postcard.
impl Serialize for PackedSeconds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        varint::serialize_blob(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for PackedSeconds {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        varint::deserialize_blob(deserializer).map(PackedSeconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(pairs: impl IntoIterator<Item = (f64, f64)>) -> Vec<(u64, u64)> {
        pairs
            .into_iter()
            .map(|(k, s)| (k.to_bits(), s.to_bits()))
            .collect()
    }

    #[test]
    fn pairs_come_back_to_the_bit() {
        let pairs = vec![
            (-1.5, 0.25),
            (-0.0, 3.0),
            (0.0, -0.0),
            (0.0, 0.0),
            (100.0, 1.0),
            (150.0, 2.0),
            (150.5, 0.999),
            (151.0, 1e300),
            (4_000_000_000.0, 7.0),
            (9_007_199_254_740_992.0, 9_007_199_254_740_991.0),
            (f64::MAX, 1.0 / 3.0),
        ];
        let packed = PackedSeconds::pack(pairs.iter().copied());
        assert_eq!(bits(packed.pairs()), bits(pairs));
        let back: PackedSeconds = postcard::from_bytes(&postcard::to_stdvec(&packed).unwrap())
            .expect("postcard round trip");
        assert_eq!(back, packed);
    }

    #[test]
    fn whole_numbers_take_a_few_bytes() {
        // An hour at 1 Hz over 60 heart rates: a byte for each step (two
        // for the first, 120 from 0) and a byte for each minute.
        let pairs: Vec<(f64, f64)> = (120..180).map(|bpm| (f64::from(bpm), 60.0)).collect();
        let packed = PackedSeconds::pack(pairs.iter().copied());
        assert_eq!(packed.0.len(), 3 + 59 * 2);
        assert_eq!(bits(packed.pairs()), bits(pairs));
        assert!(PackedSeconds::pack([]).is_empty());
    }

    #[test]
    fn damage_ends_the_pairs() {
        let packed = PackedSeconds::pack([(1.0, 2.0), (2.5, 3.0)]);
        let mut cut = packed.0.clone();
        cut.truncate(cut.len() - 3);
        assert_eq!(bits(PackedSeconds(cut).pairs()), bits([(1.0, 2.0)]));
    }
}
