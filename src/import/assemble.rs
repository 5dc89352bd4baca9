//! The outcomes of every file made into one import: Strava's names, types
//! and gear applied to the files its activities.csv rows name, and
//! everything sorted, so the result does not depend on the order files
//! were read in.

use super::{strava, FileOutcome, Imported, Skipped};
use crate::model::Activity;
use strava::StravaIndex;

/// Gathers the outcomes of every file: Strava's names and gear applied,
/// oldest first.
pub(crate) fn assemble<T: AsRef<Activity> + AsMut<Activity>>(
    outcomes: Vec<FileOutcome<T>>,
    skipped: Vec<Skipped>,
) -> Imported<T> {
    let mut imported = Imported {
        activities: Vec::new(),
        skipped,
    };
    let mut strava = StravaIndex::new();
    for outcome in outcomes {
        imported.activities.extend(outcome.activities);
        imported.skipped.extend(outcome.skipped);
        for (folder, bytes) in outcome.strava_csvs {
            match strava::parse(&folder, &bytes) {
                Ok(parsed) => {
                    strava.extend(parsed.index);
                    if let Some(first) = parsed.bad_rows.first() {
                        imported.skipped.push(Skipped {
                            file: join(&folder, "activities.csv"),
                            reason: format!(
                                "{} unreadable row(s) ignored, first {first}",
                                parsed.bad_rows.len()
                            ),
                        });
                    }
                }
                Err(reason) => imported.skipped.push(Skipped {
                    file: join(&folder, "activities.csv"),
                    reason: format!("unreadable Strava activities.csv: {reason}"),
                }),
            }
        }
    }
    for held in &mut imported.activities {
        let activity = held.as_mut();
        if let Some(entry) = activity.files.first().and_then(|f| strava.get(f)) {
            strava::apply(entry, activity);
        }
    }
    imported.activities.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        a.start_utc.cmp(&b.start_utc).then(a.id.cmp(&b.id))
    });
    imported.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    imported
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
