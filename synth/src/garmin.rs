//! A small Garmin "Export Your Data" folder, written from the shapes that
//! public descriptions of the export give (not from any importer's code):
//!
//! - `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`: the
//!   runs as FIT, named `<user>_<upload id>.fit` (nothing in the name says
//!   which activity it is);
//! - `DI_CONNECT/DI-Connect-Fitness/<user>_0_summarizedActivities.json`:
//!   `[ { "summarizedActivitiesExport": [ {activityId, name, activityType,
//!   sportType, startTimeGmt (epoch ms), distance (cm), duration (ms)} ] } ]`;
//! - `DI_CONNECT/DI-Connect-Fitness/<user>_gear.json`: `[ { "gearDTOS": [...],
//!   "gearActivityDTOs": { "<gearPk>": [ {gearPk, activityId} ] },
//!   "gearActivityTypeDTOS": [] } ]`.
//!
//! Four runs: two in the first pair (`maximumMeters` 600000), one in the
//! second (`maximumMeters` 0, no display name), one linked to no gear; one
//! summary (a manual entry) has no file, and a bike is listed beside the
//! shoes.

use std::io::{Cursor, Write as _};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};

use super::activity::SyntheticActivity;
use super::fit_writer::{write_fit, FitOptions};
use super::run_profile::{generate, RunParams, Target};
use super::GeneratedFile;

/// The account name Garmin puts before every file name.
pub const USER: &str = "runner@example.com";

/// One run of the export: its activity id, name, type and gear.
#[derive(Debug, Clone, Copy)]
pub struct GarminRun {
    pub activity_id: u64,
    pub upload_id: u64,
    pub name: &'static str,
    pub activity_type: &'static str,
    /// (year, month, day, hour, minute) UTC.
    pub start: (i32, u32, u32, u32, u32),
    pub km: f64,
    /// The gearPk of its shoe, 0 for none.
    pub gear_pk: u64,
    pub seed: u64,
}

/// The first pair: displayName set, `maximumMeters` 600000.
pub const DAILY_PK: u64 = 32_013_344;
/// The second pair: no displayName, `maximumMeters` 0.
pub const GHOST_PK: u64 = 32_013_345;
const BIKE_PK: u64 = 32_013_346;

/// The runs, oldest first.
pub const RUNS: [GarminRun; 4] = [
    GarminRun {
        activity_id: 17_290_383_425,
        upload_id: 117_889_976_276,
        name: "Easy Monday",
        activity_type: "running",
        start: (2026, 4, 6, 12, 30),
        km: 5.0,
        gear_pk: DAILY_PK,
        seed: 41,
    },
    GarminRun {
        activity_id: 17_290_383_431,
        upload_id: 117_889_976_290,
        name: "Tempo Wednesday",
        activity_type: "running",
        start: (2026, 4, 8, 12, 30),
        km: 6.0,
        gear_pk: DAILY_PK,
        seed: 42,
    },
    GarminRun {
        activity_id: 17_290_383_447,
        upload_id: 117_889_976_301,
        name: "Trail Friday",
        activity_type: "trail_running",
        start: (2026, 4, 10, 12, 30),
        km: 4.0,
        gear_pk: GHOST_PK,
        seed: 43,
    },
    GarminRun {
        activity_id: 17_290_383_460,
        upload_id: 117_889_976_322,
        name: "Long Sunday",
        activity_type: "running",
        start: (2026, 4, 12, 14, 0),
        km: 8.0,
        gear_pk: 0,
        seed: 44,
    },
];

fn utc((y, m, d, h, min): (i32, u32, u32, u32, u32)) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap_or_default()
}

impl GarminRun {
    /// The recording behind its FIT.
    pub fn activity(&self) -> SyntheticActivity {
        generate(&RunParams {
            start_utc: utc(self.start),
            utc_offset_s: -6 * 3600,
            target: Target::DistanceM(self.km * 1000.0),
            device: super::SynthDevice::forerunner_945(),
            name: self.name.into(),
            seed: self.seed,
            ..RunParams::default()
        })
    }

    /// Its file's name in the uploads zip.
    pub fn file_name(&self) -> String {
        format!("{USER}_{}.fit", self.upload_id)
    }
}

fn summary(run: &GarminRun, activity: &SyntheticActivity) -> Value {
    let start_ms = activity.start_utc.timestamp_millis() as f64;
    json!({
        "activityId": run.activity_id,
        "uuidMsb": 0,
        "name": run.name,
        "activityType": run.activity_type,
        "sportType": "RUNNING",
        "userProfileId": 98_765_432,
        "timeZoneId": 152,
        "beginTimestamp": start_ms as i64,
        "eventTypeId": 9,
        "startTimeGmt": start_ms,
        "startTimeLocal": start_ms - 6.0 * 3_600_000.0,
        "duration": (activity.timer_s() * 1000.0).round(),
        "distance": (activity.distance_m() * 100.0).round(),
        "manufacturer": "GARMIN",
        "parent": false
    })
}

fn summarized_activities(runs: &[(GarminRun, SyntheticActivity)]) -> Value {
    let mut entries: Vec<Value> = runs.iter().map(|(r, a)| summary(r, a)).collect();
    // A manual entry: a summary with no file behind it.
    let manual_ms = utc((2026, 4, 9, 23, 0)).timestamp_millis() as f64;
    entries.push(json!({
        "activityId": 17_290_383_439_u64,
        "name": "Gym treadmill (manual)",
        "activityType": "treadmill_running",
        "sportType": "RUNNING",
        "beginTimestamp": manual_ms as i64,
        "startTimeGmt": manual_ms,
        "duration": 1_800_000.0,
        "distance": 500_000.0,
        "manualActivity": true,
        "parent": false
    }));
    json!([{ "summarizedActivitiesExport": entries }])
}

fn gear() -> Value {
    let links = |pk: u64| -> Vec<Value> {
        RUNS.iter()
            .filter(|r| r.gear_pk == pk)
            .map(|r| json!({ "gearPk": pk, "activityId": r.activity_id }))
            .collect()
    };
    json!([{
        "gearDTOS": [
            {
                "gearPk": DAILY_PK,
                "uuid": "d340baa3e8d7416789c95740142474d5",
                "userProfilePk": 98_765_432,
                "gearMakeName": "Other",
                "gearModelName": "Unknown Shoes",
                "gearTypeName": "Shoes",
                "gearStatusName": "active",
                "displayName": "Daily Pegasus",
                "customMakeModel": "Nike Pegasus 40",
                "dateBegin": "2026-03-01T00:00:00.0",
                "dateEnd": null,
                "maximumMeters": 600_000.0,
                "notified": false
            },
            {
                "gearPk": GHOST_PK,
                "uuid": "0b6a3c5e2f7d4e8a9c1b2d3e4f5a6b7c",
                "userProfilePk": 98_765_432,
                "gearMakeName": "Other",
                "gearModelName": "Unknown Shoes",
                "gearTypeName": "Shoes",
                "gearStatusName": "active",
                "displayName": null,
                "customMakeModel": "Brooks Ghost 15",
                "dateBegin": "2025-10-12T00:00:00.0",
                "dateEnd": null,
                "maximumMeters": 0.0,
                "notified": false
            },
            {
                "gearPk": BIKE_PK,
                "uuid": "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                "userProfilePk": 98_765_432,
                "gearMakeName": "Other",
                "gearModelName": "Unknown Bike",
                "gearTypeName": "Bike",
                "gearStatusName": "active",
                "displayName": "Commuter",
                "customMakeModel": "",
                "dateBegin": "2024-05-01T00:00:00.0",
                "dateEnd": null,
                "maximumMeters": 0.0,
                "notified": false
            }
        ],
        "gearActivityDTOs": {
            DAILY_PK.to_string(): links(DAILY_PK),
            GHOST_PK.to_string(): links(GHOST_PK)
        },
        "gearActivityTypeDTOS": [
            { "gearPk": DAILY_PK, "activityTypePk": 1 }
        ]
    }])
}

/// A zip of `members`, stored with the zip format's earliest time stamp,
/// so the bytes do not depend on when it was made.
fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in members {
        // Writing into memory cannot fail; were it to, the empty zip that
        // results is easier to notice than half of one.
        if writer.start_file(name.as_str(), options).is_err() || writer.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    writer.finish().map(Cursor::into_inner).unwrap_or_default()
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// The export's files, paths relative to the export's folder.
pub fn garmin_export() -> Vec<GeneratedFile> {
    let runs: Vec<(GarminRun, SyntheticActivity)> =
        RUNS.iter().map(|r| (*r, r.activity())).collect();
    let fits: Vec<(String, Vec<u8>)> = runs
        .iter()
        .map(|(r, a)| (r.file_name(), write_fit(a, &FitOptions::default())))
        .collect();
    let fitness = "DI_CONNECT/DI-Connect-Fitness";
    vec![
        GeneratedFile::new(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            zip_of(&fits),
        ),
        GeneratedFile::new(
            format!("{fitness}/{USER}_0_summarizedActivities.json"),
            pretty(&summarized_activities(&runs)),
        ),
        GeneratedFile::new(format!("{fitness}/{USER}_gear.json"), pretty(&gear())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use patella::import::garmin::{parse_activities, parse_gear};

    fn file(files: &[GeneratedFile], ending: &str) -> Vec<u8> {
        files
            .iter()
            .find(|f| f.path.ends_with(ending))
            .map(|f| f.bytes.clone())
            .unwrap_or_default()
    }

    /// The JSON reads back through patella's public parsers: five
    /// summaries (four runs and the manual entry) at the runs' starts, two
    /// pairs of shoes (the bike left out) and three links.
    #[test]
    fn the_json_reads_back() {
        let files = garmin_export();
        let activities =
            parse_activities(&file(&files, "_summarizedActivities.json")).expect("activities");
        assert!(activities.bad_entries.is_empty());
        assert_eq!(activities.summaries.len(), 5);
        for (summary, run) in activities.summaries.iter().zip(RUNS) {
            assert_eq!(summary.activity_id, run.activity_id);
            assert_eq!(summary.start_ms, utc(run.start).timestamp_millis());
            assert_eq!(summary.name.as_deref(), Some(run.name));
        }
        let gear = parse_gear(&file(&files, "_gear.json")).expect("gear");
        let shoes: Vec<(&str, Option<f64>)> = gear
            .shoes
            .iter()
            .map(|s| (s.shoe.name.as_str(), s.shoe.retire_km))
            .collect();
        assert_eq!(
            shoes,
            [("Daily Pegasus", Some(600.0)), ("Brooks Ghost 15", None)]
        );
        assert_eq!(gear.links.len(), 3);
        assert!(!gear.links.contains_key(&RUNS[3].activity_id));
    }
}
