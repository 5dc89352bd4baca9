//! LEB128 varints and the serde form of a packed blob, for what a run
//! keeps packed once its samples are dropped: its track's outline
//! ([`super::PackedTrack`]) and its time at each heart rate and speed
//! (`analyze::packed_seconds`).

/// Appends `value` as a LEB128 varint: seven bits a byte, low bits first.
pub(crate) fn push(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// The next varint of `rest`, advancing it; `None` at the end or on one
/// cut short or longer than a u64.
pub(crate) fn read(rest: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (i, &byte) in rest.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            *rest = rest.get(i + 1..).unwrap_or_default();
            return Some(value);
        }
    }
    None
}

/// A packed blob as serialized: bytes (one blob in the cache's postcard,
/// an array in JSON).
pub(crate) fn serialize_blob<S: serde::Serializer>(
    blob: &[u8],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(blob)
}

/// A blob written by [`serialize_blob`], from bytes or an array of them.
pub(crate) fn deserialize_blob<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<u8>, D::Error> {
    struct Blob;
    impl<'de> serde::de::Visitor<'de> for Blob {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("packed bytes")
        }
        fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }
        fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            // A size hint is the input's word: a damaged one must not
            // reserve gigabytes.
            let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(byte) = seq.next_element()? {
                bytes.push(byte);
            }
            Ok(bytes)
        }
    }
    deserializer.deserialize_byte_buf(Blob)
}
