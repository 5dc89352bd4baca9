//! Finding the files under the paths a user gives.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{SidecarKind, Skipped};

/// A file found on disk and the path shown for it (relative to the input
/// folder it was found under).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
}

/// Everything the walk turned up: files to read, and places it could not
/// enter (unreadable folders, symlink loops).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    pub skipped: Vec<Skipped>,
}

/// Folders that hold tool state or thumbnails, never activities.
const IGNORED_FOLDERS: [&str; 6] = [
    "__MACOSX",
    "__pycache__",
    "node_modules",
    "cache",
    "Cache",
    "patella-report",
];

/// Files that configure patella rather than record activities.
const CONFIG_FILES: [&str; 1] = ["patella.toml"];

/// True for hidden entries and cache folders anywhere in a `/`-separated
/// path (zip member names use the same test).
pub fn is_ignored_path(path: &str) -> bool {
    path.split('/').any(|part| {
        (part.starts_with('.') && part != "." && part != "..") || IGNORED_FOLDERS.contains(&part)
    }) || path
        .rsplit('/')
        .next()
        .is_some_and(|name| CONFIG_FILES.contains(&name))
}

/// Strava's bulk export lists its activities in `activities.csv`.
pub fn is_strava_csv(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("activities.csv"))
}

/// What a file is by its name when it describes other files' activities:
/// Strava's `activities.csv`, or Garmin's `<user>_<n>_summarizedActivities.json`
/// and `<user>_gear.json` (the user prefix varies, the numbering changed
/// between export versions, so only the ending counts).
pub fn sidecar_kind(path: &str) -> Option<SidecarKind> {
    let name = path.rsplit('/').next()?;
    let ends_with = |suffix: &str| {
        name.len() >= suffix.len()
            && name
                .get(name.len() - suffix.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
    };
    if is_strava_csv(path) {
        Some(SidecarKind::StravaCsv)
    } else if ends_with("summarizedActivities.json") {
        Some(SidecarKind::GarminActivities)
    } else if ends_with("_gear.json") {
        Some(SidecarKind::GarminGear)
    } else {
        None
    }
}

/// Walks `root` (a folder or a single file). Symlinks are followed, and a
/// link back to an ancestor is reported once instead of looping.
pub fn discover(root: &Path) -> Discovery {
    let mut discovery = Discovery::default();
    if root.is_file() {
        let display = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        discovery.files.push(Found {
            path: root.to_path_buf(),
            display,
        });
        return discovery;
    }
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_path(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                discovery.files.push(Found {
                    display: display_of(root, entry.path()),
                    path: entry.into_path(),
                });
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            // Reading a FIFO would wait forever; devices and sockets hold no files.
            Ok(entry) => discovery.skipped.push(Skipped {
                file: display_of(root, entry.path()),
                reason: "not a regular file (a pipe, socket or device); not read".into(),
            }),
            Err(error) => {
                let place = error
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| display_of(root, p));
                let reason = if error.loop_ancestor().is_some() {
                    "symbolic link loops back to a parent folder; not followed".to_string()
                } else {
                    match error.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => format!("cannot read: {error}"),
                    }
                };
                discovery.skipped.push(Skipped {
                    file: place,
                    reason,
                });
            }
        }
    }
    discovery
}

fn display_of(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let shown = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if shown.is_empty() {
        path.display().to_string()
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_cache_and_config_paths_are_ignored() {
        assert!(is_ignored_path(".git/objects/ab"));
        assert!(is_ignored_path("athlete/__MACOSX/._run.fit"));
        assert!(is_ignored_path("patella.toml"));
        assert!(!is_ignored_path("activities/123.fit.gz"));
        assert!(is_strava_csv("export/Activities.csv"));
        let kind = |path| sidecar_kind(path);
        assert_eq!(kind("export/Activities.csv"), Some(SidecarKind::StravaCsv));
        assert_eq!(
            kind("DI_CONNECT/DI-Connect-Fitness/a@b.c_1001_summarizedActivities.json"),
            Some(SidecarKind::GarminActivities)
        );
        assert_eq!(
            kind("DI-Connect-Fitness/runner_gear.json"),
            Some(SidecarKind::GarminGear)
        );
        assert_eq!(kind("DI-Connect-Fitness/runner_personalRecord.json"), None);
        assert_eq!(kind("gear.json"), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("runs");
        std::fs::create_dir(&sub).expect("mkdir");
        std::fs::write(sub.join("a.gpx"), b"x").expect("write");
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).expect("symlink");
        let found = discover(dir.path());
        assert_eq!(
            found
                .files
                .iter()
                .map(|f| f.display.as_str())
                .collect::<Vec<_>>(),
            vec!["runs/a.gpx"]
        );
        assert_eq!(found.skipped.len(), 1);
        assert!(
            found.skipped[0].reason.contains("loop"),
            "{:?}",
            found.skipped
        );
    }
}
