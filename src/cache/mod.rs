//! The incremental cache: a keyed blob store in one SQLite file in the
//! user's cache folder (never in an input folder).
//!
//! patella re-reads thousands of activity files on every run; the cache lets
//! a run skip a file whose size and modification time ([`Stamp`]) are those
//! it had last time. What the blobs hold is the caller's business: the store
//! knows only keys (canonical file paths), stamps, content hashes and bytes,
//! plus the caller's `layout` number for the blobs' format.
//!
//! A cache is disposable. A stale or damaged one is rebuilt silently (the
//! caller learns why from [`Cache::rebuilt`] and may say so once); only a
//! cache written by a newer patella is left alone, so that running an older
//! binary now and then does not throw away the newer one's work.

// The cache file is data from anywhere (another version, a crash, a full
// disk): nothing read from it may turn into a panic.
#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)
)]

mod error;
mod paths;
mod schema;
mod store;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_damage;
#[cfg(test)]
mod tests_files;

use std::time::UNIX_EPOCH;

pub use error::CacheError;
pub use paths::clear;
pub use store::Cache;

/// What a file's metadata says about it. When a file's stamp equals its
/// entry's, the entry is used without reading the file; when it differs, the
/// caller can still compare [`Entry::content_hash`] after reading (a touched
/// but unchanged file keeps its entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (negative
    /// before it), as precise as the file system keeps it.
    pub modified_ns: i64,
}

impl Stamp {
    /// The stamp of a file, or None when the platform or file system gives
    /// no modification time (or one outside about 1678..2262): such a file
    /// cannot be trusted by stat alone.
    pub fn of(metadata: &std::fs::Metadata) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        let modified_ns = match modified.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).ok()?,
            Err(before) => i64::try_from(before.duration().as_nanos())
                .ok()?
                .checked_neg()?,
        };
        Some(Stamp {
            size: metadata.len(),
            modified_ns,
        })
    }
}

/// One cached file: what it looked like, and the caller's bytes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub stamp: Stamp,
    /// hash of the whole file's bytes ([`content_hash`])
    pub content_hash: u64,
    pub bytes: Vec<u8>,
}

/// XXH3-64 (seed 0) of `bytes`, for [`Entry::content_hash`].
///
/// A published algorithm rather than `std`'s hasher, whose output may change
/// between Rust releases: the hash is stored in the cache, so it must stay
/// the same across patella versions and platforms. XXH3 hashes at memory
/// speed, so hashing a file costs little next to reading it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    twox_hash::XxHash3_64::oneshot(bytes)
}
