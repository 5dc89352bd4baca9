//! Which files to read: every file under the paths a user gives, each named
//! as reports show it, and which of them is a Strava activities.csv rather
//! than an activity file.

use std::path::{Path, PathBuf};

use super::apple::ROUTES_FOLDER as ROUTES;
use super::{discover, SidecarKind, Skipped};

/// An activity file found under the given paths.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as reports show it (see [`super::import_paths`]).
    pub display: String,
}

impl SourceFile {
    /// What sidecar this is (Strava's activities.csv, Garmin's JSON), a
    /// file that describes the activities of other files rather than
    /// holding one; it is read again on every run because it applies to
    /// files outside it.
    pub(crate) fn sidecar(&self) -> Option<SidecarKind> {
        discover::sidecar_kind(&self.display)
    }
}

/// A path the user gave that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
}

/// The files to read, and what was skipped while finding them.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub files: Vec<SourceFile>,
    pub skipped: Vec<Skipped>,
}

/// Finds every file to read under `paths`, naming each for reports.
///
/// Display paths are relative to each given path; with several paths they
/// start with the given folder's name so they stay distinct.
pub(crate) fn plan(paths: &[PathBuf]) -> Result<Plan, InputError> {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(InputError::Missing(missing.clone()));
    }
    let mut plan = Plan::default();
    let several = paths.len() > 1;
    let mut seen = std::collections::HashSet::new();
    for root in paths {
        // The same folder given twice is read once.
        if !seen.insert(root.canonicalize().unwrap_or_else(|_| root.clone())) {
            continue;
        }
        let found = discover::discover(root);
        // With several paths, each file is named from the path as given,
        // so two athletes' `export/` folders stay apart.
        let label = several.then(|| given_label(root));
        let single_file = root.is_file();
        let name = |display: String| match &label {
            Some(label) if single_file => label.clone(),
            Some(label) => format!("{label}/{display}"),
            None => display,
        };
        plan.skipped
            .extend(found.skipped.into_iter().map(|s| Skipped {
                file: name(s.file),
                reason: s.reason,
            }));
        plan.files
            .extend(found.files.into_iter().map(|f| SourceFile {
                path: f.path,
                display: name(f.display),
            }));
    }
    leave_out_export_routes(&mut plan.files);
    Ok(plan)
}

/// Apple Health's route files (`workout-routes/*.gpx` beside an
/// export.xml) are read with the export, which joins its heart rate and
/// cadence to them: read alone they would be the same runs again, poorer.
fn leave_out_export_routes(files: &mut Vec<SourceFile>) {
    let is_export = |file: &SourceFile| {
        let xml = file
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        let folder = file.path.parent();
        xml && folder.is_some_and(|f| f.join(ROUTES).is_dir()) && sniffs_as_export(&file.path)
    };
    let folders: Vec<PathBuf> = files
        .iter()
        .filter(|file| is_export(file))
        .filter_map(|file| Some(file.path.parent()?.join(ROUTES)))
        .collect();
    if folders.is_empty() {
        return;
    }
    files.retain(|file| {
        let route = file
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gpx"));
        !(route
            && file
                .path
                .parent()
                .is_some_and(|p| folders.iter().any(|f| f == p)))
    });
}

fn sniffs_as_export(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
        .is_ok()
        && super::sniff(&head) == super::Content::AppleHealth
}

/// A path as the user gave it, with `/` separators and no `./` or trailing
/// separator.
fn given_label(root: &Path) -> String {
    let parts: Vec<String> = root
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replacen("//", "/", 1)
}
