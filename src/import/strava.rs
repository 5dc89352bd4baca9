//! Strava's bulk export: `activities.csv` names each activity, gives its
//! type and gear, and links it to its file through the Filename column.

use std::collections::HashMap;

use crate::model::{Activity, GearSource, Sport};

/// One row of activities.csv that points at a file.
#[derive(Debug, Clone, PartialEq)]
pub struct StravaEntry {
    pub name: Option<String>,
    pub activity_type: Option<String>,
    pub gear: Option<String>,
}

/// The entries of one activities.csv, keyed by the display path of the
/// file they describe (the csv's folder joined with its Filename column).
pub type StravaIndex = HashMap<String, StravaEntry>;

/// What one activities.csv gives: its entries, and the rows it could not
/// read (each as "row N: why"), which cost only themselves.
#[derive(Debug, Default)]
pub struct Parsed {
    pub index: StravaIndex,
    pub bad_rows: Vec<String>,
}

/// Parses one activities.csv found in `folder` (a display path, "" for the
/// input root). Strava repeats some column names ("Distance" twice), so
/// columns are found by their first occurrence. Text that is not UTF-8 (an
/// old export in Latin-1) is read lossily rather than failing the file.
pub fn parse(folder: &str, bytes: &[u8]) -> Result<Parsed, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let headers = reader.byte_headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| String::from_utf8_lossy(h).trim() == name)
    };
    let filename = column("Filename").ok_or("no Filename column")?;
    let name = column("Activity Name");
    let activity_type = column("Activity Type");
    let gear = column("Activity Gear");
    let mut parsed = Parsed::default();
    for (line, row) in reader.byte_records().enumerate() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                parsed.bad_rows.push(format!("row {}: {e}", line + 2));
                continue;
            }
        };
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(|raw| String::from_utf8_lossy(raw).trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let Some(file) = cell(Some(filename)) else {
            continue; // manual entries have no file
        };
        let path = if folder.is_empty() {
            file
        } else {
            format!("{folder}/{file}")
        };
        parsed.index.insert(
            path,
            StravaEntry {
                name: cell(name),
                activity_type: cell(activity_type),
                gear: cell(gear),
            },
        );
    }
    Ok(parsed)
}

/// Applies a Strava entry to the activity decoded from its file. Strava's
/// type wins over the file's own sport: it is what the runner chose.
pub fn apply(entry: &StravaEntry, activity: &mut Activity) {
    if entry.name.is_some() {
        activity.name.clone_from(&entry.name);
    }
    if entry.gear.is_some() {
        activity.gear.clone_from(&entry.gear);
        activity.gear_source = Some(GearSource::StravaCsv);
    }
    if let Some((sport, sub_sport)) = entry.activity_type.as_deref().and_then(Sport::from_label) {
        activity.sport = sport;
        activity.sport_inferred = false;
        if let Some(sub_sport) = sub_sport {
            activity.sub_sport = Some(sub_sport.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use chrono::DateTime;

    const CSV: &str = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,Filename,Distance\n\
        1,\"Jan 1, 2024\",Morning Run,Run,3600,10.0,Pegasus 39,activities/1.fit.gz,10000.0\n\
        2,\"Jan 2, 2024\",Hills,Trail Run,3600,8.0,,activities/2.gpx,8000.0\n\
        3,\"Jan 3, 2024\",Manual,Run,600,2.0,,,2000\n";

    #[test]
    fn rows_link_to_files_relative_to_the_csv_folder() {
        let index = parse("export", CSV.as_bytes()).expect("parses").index;
        assert_eq!(index.len(), 2);
        let first = &index["export/activities/1.fit.gz"];
        assert_eq!(first.name.as_deref(), Some("Morning Run"));
        assert_eq!(first.gear.as_deref(), Some("Pegasus 39"));
        assert_eq!(index["export/activities/2.gpx"].gear, None);
    }

    #[test]
    fn strava_type_overrides_the_file_sport() {
        let index = parse("", CSV.as_bytes()).expect("parses").index;
        let start = DateTime::from_timestamp(0, 0).unwrap_or_default();
        let mut activity = Activity::new(Format::Gpx, Sport::Cycling, start);
        activity.sport_inferred = true;
        apply(&index["activities/2.gpx"], &mut activity);
        assert_eq!(activity.sport, Sport::Running);
        assert_eq!(activity.sub_sport.as_deref(), Some("trail"));
        assert!(!activity.sport_inferred);
    }

    #[test]
    fn latin1_names_are_read_lossily() {
        let csv = b"Activity Name,Activity Type,Filename\nCaf\xe9 Run,Run,activities/1.gpx\n";
        let parsed = parse("", csv).expect("parses");
        assert_eq!(
            parsed.index["activities/1.gpx"].name.as_deref(),
            Some("Caf\u{fffd} Run")
        );
        assert!(parsed.bad_rows.is_empty());
    }

    #[test]
    fn csv_without_filename_column_is_an_error() {
        assert!(parse("", b"a,b\n1,2\n").is_err());
    }
}
