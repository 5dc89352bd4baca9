//! The outcomes of every file made into one import: the sidecars applied
//! (Strava's names, types and gear to the files its activities.csv rows
//! name; Garmin's names, types and shoes to the files whose start matches
//! a summarized activity) and everything sorted, so the result does not
//! depend on the order files were read in.

use std::collections::BTreeMap;

use super::{garmin, strava, FileOutcome, Imported, Sidecar, SidecarKind, Skipped};
use crate::model::Activity;
use strava::StravaIndex;

/// Gathers the outcomes of every file: the sidecars applied, oldest first.
pub(crate) fn assemble<T: AsRef<Activity> + AsMut<Activity>>(
    outcomes: Vec<FileOutcome<T>>,
    skipped: Vec<Skipped>,
) -> Imported<T> {
    // Exactly as long as needed: ten years of runs are tens of megabytes,
    // and a vector grown by doubling holds up to twice that.
    let count = outcomes.iter().map(|o| o.activities.len()).sum();
    let mut imported = Imported {
        activities: Vec::with_capacity(count),
        skipped,
        export_shoes: Vec::new(),
    };
    let mut strava = StravaIndex::new();
    let mut garmin: BTreeMap<String, garmin::Export> = BTreeMap::new();
    for outcome in outcomes {
        imported.activities.extend(outcome.activities);
        imported.skipped.extend(outcome.skipped);
        for sidecar in outcome.sidecars {
            match sidecar.kind {
                SidecarKind::StravaCsv => read_strava(&sidecar, &mut strava, &mut imported.skipped),
                SidecarKind::GarminActivities | SidecarKind::GarminGear => {
                    read_garmin(&sidecar, &mut garmin, &mut imported.skipped);
                }
            }
        }
    }
    for held in &mut imported.activities {
        let activity = held.as_mut();
        if let Some(entry) = activity.files.first().and_then(|f| strava.get(f)) {
            strava::apply(entry, activity);
        }
    }
    // Unstable, as a stable sort borrows a scratch copy of up to 8 MB; the
    // files make the order total (one file found twice has one id).
    imported.activities.sort_unstable_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        (a.start_utc, &a.id, &a.files).cmp(&(b.start_utc, &b.id, &b.files))
    });
    let exports: Vec<garmin::Export> = garmin.into_values().collect();
    imported.export_shoes = garmin::apply(&exports, &mut imported.activities);
    imported.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    imported
}

fn read_strava(sidecar: &Sidecar, strava: &mut StravaIndex, skipped: &mut Vec<Skipped>) {
    let folder = sidecar.folder();
    match strava::parse(folder, &sidecar.bytes) {
        Ok(parsed) => {
            strava.extend(parsed.index);
            if let Some(first) = parsed.bad_rows.first() {
                skipped.push(Skipped {
                    file: join(folder, "activities.csv"),
                    reason: format!(
                        "{} unreadable row(s) ignored, first {first}",
                        parsed.bad_rows.len()
                    ),
                });
            }
        }
        Err(reason) => skipped.push(Skipped {
            file: join(folder, "activities.csv"),
            reason: format!("unreadable Strava activities.csv: {reason}"),
        }),
    }
}

/// Reads one of Garmin's JSON files into the export it belongs to; a file
/// of another shape, or entries that cannot be read, are said once.
fn read_garmin(
    sidecar: &Sidecar,
    exports: &mut BTreeMap<String, garmin::Export>,
    skipped: &mut Vec<Skipped>,
) {
    let root = garmin::export_root(&sidecar.display);
    let export = exports
        .entry(root.clone())
        .or_insert_with(|| garmin::Export {
            root,
            ..garmin::Export::default()
        });
    let mut say = |reason: String| {
        skipped.push(Skipped {
            file: sidecar.display.clone(),
            reason,
        });
    };
    let bad = |entries: &[String]| {
        entries.first().map(|first| {
            format!(
                "{} unreadable entr{} ignored, first {first}",
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" }
            )
        })
    };
    match sidecar.kind {
        SidecarKind::GarminActivities => match garmin::parse_activities(&sidecar.bytes) {
            Ok(parsed) => {
                if let Some(reason) = bad(&parsed.bad_entries) {
                    say(format!("Garmin summarizedActivities.json: {reason}"));
                }
                export.summaries.extend(parsed.summaries);
            }
            Err(reason) => say(format!("Garmin summarizedActivities.json: {reason}")),
        },
        SidecarKind::GarminGear => match garmin::parse_gear(&sidecar.bytes) {
            Ok(gear) => {
                if let Some(reason) = bad(&gear.bad_entries) {
                    say(format!("Garmin gear.json: {reason}"));
                }
                if gear.no_links {
                    say(
                        "Garmin gear.json: no gearActivityDTOs (unknown export shape): \
                         shoes listed, no run linked to them"
                            .into(),
                    );
                }
                let gear_of = &mut export.gear;
                gear_of.shoes.extend(gear.shoes);
                for (activity, worn) in gear.links {
                    gear_of.links.entry(activity).or_default().extend(worn);
                }
            }
            Err(reason) => say(format!("Garmin gear.json: {reason}")),
        },
        SidecarKind::StravaCsv => {}
    }
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}
