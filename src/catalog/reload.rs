//! Reading a few runs' samples again, for the charts of the runs a warning
//! names: the pipeline keeps no samples, and reading back a handful of
//! files costs milliseconds.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::import::{self, Opened, SourceFile};
use crate::model::Activity;

/// The activities `wanted` with their streams, read again from the files
/// they came from; an activity whose file is gone or changed is left out.
/// Each file is read once, and only the wanted pieces of an archive are
/// decoded.
pub fn reload(sources: &[SourceFile], wanted: &[&Activity]) -> Vec<Activity> {
    let mut by_file: HashMap<&str, (&SourceFile, Vec<&Activity>)> = HashMap::new();
    for activity in wanted {
        let file = activity
            .files
            .first()
            .and_then(|display| source_of(sources, display));
        if let Some(file) = file {
            by_file
                .entry(file.display.as_str())
                .or_insert_with(|| (file, Vec::new()))
                .1
                .push(activity);
        }
    }
    by_file
        .into_par_iter()
        .flat_map_iter(|(_, (file, activities))| {
            let displays: Vec<&str> = activities
                .iter()
                .filter_map(|a| a.files.first().map(String::as_str))
                .collect();
            let decoded = match import::open(file) {
                Opened::Bytes(bytes) => {
                    import::decode_file(&file.display, bytes, &|d| displays.contains(&d)).activities
                }
                Opened::Export => {
                    import::decode_export_file(
                        &file.display,
                        &file.path,
                        &|d| displays.contains(&d),
                        &|a| a,
                    )
                    .0
                    .activities
                }
                Opened::Outcome(_) => Vec::new(),
            };
            decoded
                .into_iter()
                .filter(move |a| activities.iter().any(|w| w.id == a.id))
        })
        .collect()
}

/// The file a display path was read from: the file itself, or the archive
/// it is a member of.
fn source_of<'s>(sources: &'s [SourceFile], display: &str) -> Option<&'s SourceFile> {
    sources.iter().find(|s| {
        display == s.display
            || display
                .strip_prefix(s.display.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}
