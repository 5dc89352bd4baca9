//! A coach's folder: one sub-folder per athlete.
//!
//! Found automatically when the one folder given holds no activity files
//! of its own, no Strava `activities.csv` and no `patella.toml` (a config
//! at the root says "this is one runner"), and at least two of its
//! sub-folders hold activity files, unless every such sub-folder is named
//! like a date (`2019`, `2024-05`): a runner who files runs by year is one
//! athlete. `--athletes` makes every sub-folder with activity files an
//! athlete regardless, and with several paths, each path one athlete.
//!
//! [`analyze_each`] then runs the pipeline for each athlete, two at a time
//! on two cores, one's failure costing that athlete only.

mod each;

pub use each::{analyze_each, Event};

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// File names that can hold activities (compressed or archived too).
fn is_activity_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    [".fit", ".gpx", ".tcx", ".gz", ".zip"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// True when `folder` (at any depth) holds an activity file.
fn holds_activities(folder: &Path) -> bool {
    WalkDir::new(folder)
        .follow_links(true)
        .max_depth(8)
        .into_iter()
        .filter_map(Result::ok)
        .any(|entry| entry.file_type().is_file() && is_activity_file(entry.path()))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Named like a year or a month: digits with `-` or `_`.
fn is_date_like(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.chars().next().is_some_and(|c| c.is_ascii_digit())
            && n.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '_')
    })
}

/// The athletes' folders, sorted by name, when `paths` is a coach's folder
/// (or `force` is set and it has sub-folders with activities); `None` for
/// one athlete.
pub fn athlete_folders(paths: &[PathBuf], force: bool) -> Option<Vec<PathBuf>> {
    let [root] = paths else {
        return (force && paths.len() > 1).then(|| paths.to_vec());
    };
    let entries = std::fs::read_dir(root).ok()?;
    let mut own_files = false;
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            if holds_activities(&path) {
                folders.push(path);
            }
        } else if is_activity_file(&path)
            || path.file_name().is_some_and(|n| {
                n.eq_ignore_ascii_case("activities.csv") || n.eq_ignore_ascii_case("patella.toml")
            })
        {
            own_files = true;
        }
    }
    folders.sort();
    let automatic = !own_files && folders.len() >= 2 && !folders.iter().all(|f| is_date_like(f));
    ((force && !folders.is_empty()) || automatic).then_some(folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        dir
    }

    #[test]
    fn sub_folders_with_runs_are_athletes() {
        let dir = folder_with(&["ann/a.fit", "bob/export/b.gpx.gz", "notes/readme.txt"]);
        let found = athlete_folders(&[dir.path().to_path_buf()], false).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.file_name().unwrap()).collect();
        assert_eq!(names, ["ann", "bob"]);
    }

    #[test]
    fn one_runner_is_not_a_team() {
        // A Strava export: activities.csv at the root.
        let strava = folder_with(&["activities.csv", "activities/1.fit", "media/2.fit"]);
        assert_eq!(athlete_folders(&[strava.path().to_path_buf()], false), None);
        // Runs filed by year.
        let years = folder_with(&["2023/a.fit", "2024-01/b.fit"]);
        assert_eq!(athlete_folders(&[years.path().to_path_buf()], false), None);
        // Files of its own beside the sub-folders.
        let mixed = folder_with(&["x.fit", "a/a.fit", "b/b.fit"]);
        assert_eq!(athlete_folders(&[mixed.path().to_path_buf()], false), None);
        // A config at the root: one runner with a Garmin and a Strava
        // export.
        let one = folder_with(&["patella.toml", "garmin/a.fit", "strava/b.fit"]);
        assert_eq!(athlete_folders(&[one.path().to_path_buf()], false), None);
        // `--athletes` insists; with several paths each is an athlete.
        assert_eq!(
            athlete_folders(&[years.path().to_path_buf()], true).map(|f| f.len()),
            Some(2)
        );
        let two = [strava.path().to_path_buf(), years.path().to_path_buf()];
        assert_eq!(athlete_folders(&two, true), Some(two.to_vec()));
        assert_eq!(athlete_folders(&two, false), None);
    }
}
