//! The import as the pipeline runs it: every file's activities prepared
//! ([`Prepared`]: summarized, measured, samples released) inside the
//! parallel read, and taken from the cache when the file is unchanged.
//!
//! Preparing each file as it is read is what keeps samples out of memory:
//! only the files in flight hold them, never the whole archive, and what
//! stays is a few kilobytes per run. The cache (see
//! [`crate::cache`]) is optional and never needed for a correct result: a
//! cache that cannot be opened or written only makes the run slower, and
//! the [`Catalog`] says so once.

mod entry;
mod prepared;
mod reload;

pub use entry::LAYOUT;
pub use prepared::Prepared;
pub use reload::reload;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::cache::{content_hash, Cache, CacheError, Entry, Stamp};
use crate::import::{self, FileOutcome, Imported, InputError, Opened, SourceFile};
use crate::progress::Progress;

/// The prepared import of one set of paths.
#[derive(Debug)]
pub struct Loaded {
    pub imported: Imported<Prepared>,
    /// The files read, to read a run's samples again (for its chart).
    pub sources: Vec<SourceFile>,
    /// How many files came from the cache and how many were decoded.
    pub from_cache: usize,
    pub decoded: usize,
}

/// Reads activity files through an optional cache.
pub struct Catalog {
    cache: Option<Cache>,
    notices: Vec<String>,
}

impl Catalog {
    /// A catalog that decodes every file (`--no-cache`).
    pub fn uncached() -> Catalog {
        Catalog {
            cache: None,
            notices: Vec::new(),
        }
    }

    /// A catalog with the cache in `dir` (the user's cache folder when
    /// `None`). A cache that cannot be used leaves a notice and the
    /// catalog uncached.
    pub fn open(dir: Option<PathBuf>) -> Catalog {
        let mut catalog = Catalog::uncached();
        let Some(dir) = dir.or_else(Cache::default_dir) else {
            catalog.notices.push(
                "no cache folder found (set PATELLA_CACHE_DIR); running without a cache".into(),
            );
            return catalog;
        };
        match Cache::open(&dir, entry::LAYOUT) {
            Ok(cache) => {
                if let Some(why) = cache.rebuilt() {
                    catalog
                        .notices
                        .push(format!("cache {} rebuilt: {why}", cache.path().display()));
                }
                catalog.cache = Some(cache);
            }
            Err(error @ CacheError::Newer { .. }) => catalog.notices.push(error.to_string()),
            Err(error) => catalog
                .notices
                .push(format!("{error}; running without the cache")),
        }
        catalog
    }

    /// A catalog on the same cache for another thread of this run, without
    /// checking the cache again; uncached, with a notice, when the cache
    /// cannot be opened twice.
    pub fn another(&self) -> Catalog {
        let mut catalog = Catalog::uncached();
        if let Some(cache) = &self.cache {
            match cache.another() {
                Ok(cache) => catalog.cache = Some(cache),
                Err(error) => catalog
                    .notices
                    .push(format!("{error}; running without the cache")),
            }
        }
        catalog
    }

    /// What the user should hear about the cache, once; emptied by reading.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Imports `paths`, each activity prepared.
    pub fn load(
        &mut self,
        paths: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<Loaded, InputError> {
        let plan = import::plan(paths)?;
        let cached = self.cache.is_some();
        let keys: Vec<Option<(String, Option<Stamp>)>> = plan
            .files
            .par_iter()
            .map(|file| key_of(file, cached))
            .collect();
        progress.stage("reading", Some(plan.files.len() as u64));
        // A window of files at a time: its cached entries fetched, its
        // files read in parallel, its fresh entries stored; so memory holds
        // one window's stored bytes, never the whole cache's.
        let mut outcomes: Vec<Option<FileOutcome<Prepared>>> = Vec::new();
        outcomes.resize_with(plan.files.len(), || None);
        let (mut from_cache, mut decoded) = (0, 0);
        let mut present = HashSet::new();
        for window in largest_first(&plan.files, &keys).chunks(LOOKUP_WINDOW) {
            let stored = self.lookup(window.iter().filter_map(|&i| keys.get(i)?.as_ref()));
            let mut read: Vec<(usize, Read)> = Vec::with_capacity(window.len());
            read.par_extend(window.par_iter().filter_map(|&index| {
                let file = plan.files.get(index)?;
                let key = keys.get(index).and_then(Option::as_ref);
                let entry = key.and_then(|(key, _)| stored.get(key));
                let stamp = key.and_then(|(_, stamp)| *stamp);
                let read = read_one(file, stamp, entry);
                progress.step();
                Some((index, read))
            }));
            drop(stored);
            let mut fresh = Vec::new();
            for (index, read) in read {
                match read.origin {
                    Origin::Cache => from_cache += 1,
                    Origin::Decoded => decoded += 1,
                    Origin::Other => {}
                }
                if let Some((key, _)) = keys.get(index).and_then(Option::as_ref) {
                    if let Some(entry) = read.fresh {
                        fresh.push((key.clone(), entry));
                    }
                    present.insert(key.clone());
                }
                if let Some(slot) = outcomes.get_mut(index) {
                    *slot = Some(read.outcome);
                }
            }
            self.store(&fresh);
        }
        let outcomes = outcomes.into_iter().flatten().collect();
        self.forget_vanished(paths, &present);
        Ok(Loaded {
            imported: import::assemble(outcomes, plan.skipped),
            sources: plan.files,
            from_cache,
            decoded,
        })
    }

    fn lookup<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k (String, Option<Stamp>)>,
    ) -> HashMap<String, Entry> {
        let Some(cache) = &self.cache else {
            return HashMap::new();
        };
        let wanted: Vec<String> = keys.map(|(key, _)| key.clone()).collect();
        match cache.lookup(&wanted) {
            Ok(found) => found,
            Err(error) => {
                self.give_up(error.to_string());
                HashMap::new()
            }
        }
    }

    fn store(&mut self, fresh: &[(String, Entry)]) {
        if fresh.is_empty() {
            return;
        }
        if let Some(Err(error)) = self.cache.as_mut().map(|cache| cache.store(fresh)) {
            self.give_up(error.to_string());
        }
    }

    /// Drops the entries of files that were under a folder read now but
    /// are gone, so the cache does not grow with deleted files.
    fn forget_vanished(&mut self, paths: &[PathBuf], present: &HashSet<String>) {
        let Some(cache) = &mut self.cache else {
            return;
        };
        let mut gone = Vec::new();
        for folder in paths.iter().filter(|p| p.is_dir()) {
            let Some(folder) = key_path(folder) else {
                continue;
            };
            let prefix = format!("{folder}{}", std::path::MAIN_SEPARATOR);
            match cache.keys_under(&prefix) {
                Ok(keys) => gone.extend(keys.into_iter().filter(|k| !present.contains(k))),
                Err(error) => return self.give_up(error.to_string()),
            }
        }
        if !gone.is_empty() {
            if let Err(error) = cache.forget(&gone) {
                self.give_up(error.to_string());
            }
        }
    }

    /// The cache failed mid-run: the run goes on without it, said once.
    fn give_up(&mut self, reason: String) {
        self.cache = None;
        self.notices
            .push(format!("{reason}; running without the cache"));
    }
}

/// Files whose cached entries are fetched at once: a few megabytes of
/// stored bytes, and few enough pauses between windows on a cold run.
#[cfg(not(test))]
const LOOKUP_WINDOW: usize = 1024;
/// Small in tests, so the demo export spans several windows.
#[cfg(test)]
const LOOKUP_WINDOW: usize = 5;

/// The indices of `files`, largest file first: a big file read last
/// would leave one core working alone at the end of a cold run.
fn largest_first(files: &[SourceFile], keys: &[Option<(String, Option<Stamp>)>]) -> Vec<usize> {
    let sizes: Vec<u64> = files
        .par_iter()
        .zip(keys)
        .map(|(file, key)| match key {
            Some((_, Some(stamp))) => stamp.size,
            _ => std::fs::metadata(&file.path).map_or(0, |m| m.len()),
        })
        .collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(sizes.get(index).copied().unwrap_or(0)));
    order
}

/// The cache key of a file (its absolute path) and its stamp; `None` for
/// a file that is not cached (a sidecar such as Strava's activities.csv,
/// re-read each time) or when there is no cache.
fn key_of(file: &SourceFile, cached: bool) -> Option<(String, Option<Stamp>)> {
    if !cached || file.sidecar().is_some() {
        return None;
    }
    let stamp = std::fs::metadata(&file.path)
        .ok()
        .and_then(|m| Stamp::of(&m))
        .map(|stamp| match routes_of(&file.path) {
            // An Apple Health export's outcome holds its routes too: a
            // route added, changed or removed is a change of the export.
            Some(routes) => Stamp {
                modified_ns: stamp.modified_ns.max(routes.newest_ns),
                ..stamp
            },
            None => stamp,
        });
    Some((key_path(&file.path)?, stamp))
}

/// The route files beside an XML file (`workout-routes/`, as beside an
/// Apple Health export.xml), told by their names, sizes and times.
struct Routes {
    /// The newest modification time of the folder and its files.
    newest_ns: i64,
    /// A digest of every route's name, size and time, so a route changed
    /// under an unchanged export.xml changes the export's content hash.
    digest: u64,
}

fn routes_of(path: &std::path::Path) -> Option<Routes> {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
    {
        return None;
    }
    let folder = path.parent()?.join("workout-routes");
    let folder_stamp = Stamp::of(&std::fs::metadata(&folder).ok()?)?;
    let mut entries: Vec<(String, Stamp)> = std::fs::read_dir(&folder)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let stamp = Stamp::of(&entry.metadata().ok()?)?;
            Some((entry.file_name().to_string_lossy().into_owned(), stamp))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut listing = Vec::new();
    for (name, stamp) in &entries {
        listing.extend_from_slice(name.as_bytes());
        listing.extend_from_slice(&stamp.size.to_le_bytes());
        listing.extend_from_slice(&stamp.modified_ns.to_le_bytes());
    }
    let newest_ns = entries
        .iter()
        .map(|(_, stamp)| stamp.modified_ns)
        .fold(folder_stamp.modified_ns, i64::max);
    Some(Routes {
        newest_ns,
        digest: content_hash(&listing),
    })
}

/// A path as a cache key: absolute, but not resolved through links, which
/// costs a system call per folder of the path for every file. A folder
/// reached through another link is cached again, never misread: the
/// stamp and content hash still vouch for each entry.
fn key_path(path: &std::path::Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    Some(absolute.to_string_lossy().into_owned())
}

/// Where a file's outcome came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Cache,
    Decoded,
    /// Unreadable, or a sidecar (read, never cached).
    Other,
}

/// One file read: its outcome and, when it changed, the entry to store.
struct Read {
    outcome: FileOutcome<Prepared>,
    fresh: Option<Entry>,
    origin: Origin,
}

impl Read {
    fn other(outcome: FileOutcome<Prepared>) -> Read {
        Read {
            outcome,
            fresh: None,
            origin: Origin::Other,
        }
    }
}

/// One file's prepared outcome: the stored entry when the file's stamp, or
/// else its bytes, match it; otherwise the file opened and decoded, with
/// the entry to store.
fn read_one(file: &SourceFile, stamp: Option<Stamp>, stored: Option<&Entry>) -> Read {
    if let (Some(stored), Some(stamp)) = (stored, stamp) {
        if stored.stamp == stamp {
            if let Some(outcome) = entry::decode(&stored.bytes, &file.display) {
                return Read {
                    outcome,
                    fresh: None,
                    origin: Origin::Cache,
                };
            }
        }
    }
    let bytes = match import::open(file) {
        Opened::Bytes(bytes) => bytes,
        Opened::Export => return read_export(file, stamp, stored),
        Opened::Outcome(outcome) => return Read::other(outcome.map(Prepared::of)),
    };
    let hash = content_hash(&bytes);
    // Touched but unchanged (copied back, restored from a backup): the
    // entry stands under the file's new stamp.
    if let Some(stored) = stored.filter(|s| s.content_hash == hash) {
        if let Some(outcome) = entry::decode(&stored.bytes, &file.display) {
            return Read {
                outcome,
                fresh: stamp.map(|stamp| Entry {
                    stamp,
                    content_hash: hash,
                    bytes: stored.bytes.clone(),
                }),
                origin: Origin::Cache,
            };
        }
    }
    let mut outcome = import::decode_file(&file.display, bytes, &|_| true).map(Prepared::of);
    let fresh = stamp.and_then(|stamp| {
        Some(Entry {
            stamp,
            content_hash: hash,
            bytes: entry::encode(&mut outcome, &file.display)?,
        })
    });
    Read {
        outcome,
        fresh,
        origin: Origin::Decoded,
    }
}

/// [`read_one`] for an Apple Health export, which is streamed, never held:
/// a touched file is hashed in one read before it is parsed again, and the
/// parse gives the hash of what it read.
fn read_export(file: &SourceFile, stamp: Option<Stamp>, stored: Option<&Entry>) -> Read {
    let routes = routes_of(&file.path).map_or(0, |routes| routes.digest);
    if let Some(stored) = stored {
        if import::hash_file(&file.path).is_ok_and(|hash| hash ^ routes == stored.content_hash) {
            if let Some(outcome) = entry::decode(&stored.bytes, &file.display) {
                return Read {
                    outcome,
                    fresh: stamp.map(|stamp| Entry {
                        stamp,
                        content_hash: stored.content_hash,
                        bytes: stored.bytes.clone(),
                    }),
                    origin: Origin::Cache,
                };
            }
        }
    }
    let (mut outcome, hash) =
        import::decode_export_file(&file.display, &file.path, &|_| true, &Prepared::of);
    let fresh = stamp.zip(hash).and_then(|(stamp, content_hash)| {
        Some(Entry {
            stamp,
            content_hash: content_hash ^ routes,
            bytes: entry::encode(&mut outcome, &file.display)?,
        })
    });
    Read {
        outcome,
        fresh,
        origin: Origin::Decoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// The demo export (some 75 cacheable files, windows of five) read
    /// without a cache, into an empty cache, and again from it: the same
    /// activities, summaries and measures each time, and the second read
    /// takes every file from the cache.
    #[test]
    fn windows_of_cached_entries_read_as_a_decode_does() {
        let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export");
        let dir = tempfile::tempdir().unwrap();
        let paths = [demo];
        let uncached = Catalog::uncached().load(&paths, &Silent).unwrap();
        let mut catalog = Catalog::open(Some(dir.path().to_path_buf()));
        assert!(catalog.take_notices().is_empty());
        let filled = catalog.load(&paths, &Silent).unwrap();
        let warm = catalog.load(&paths, &Silent).unwrap();
        // Every file but activities.csv and the unreadable ones is cached.
        let cacheable = filled.decoded;
        assert!(cacheable > 3 * LOOKUP_WINDOW, "{cacheable} files");
        assert!(cacheable < uncached.sources.len());
        assert_eq!(
            (filled.from_cache, warm.from_cache, warm.decoded),
            (0, cacheable, 0)
        );
        for loaded in [&filled, &warm] {
            assert_eq!(loaded.sources, uncached.sources);
            assert_eq!(loaded.imported.skipped, uncached.imported.skipped);
            assert_eq!(loaded.imported.activities, uncached.imported.activities);
        }
    }
}
