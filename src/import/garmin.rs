//! Garmin's account export ("Export Your Data"): the activity files are the
//! FITs of `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_*.zip`,
//! read like any other; beside them, in `DI_CONNECT/DI-Connect-Fitness/`,
//! `<user>_<n>_summarizedActivities.json` names each activity and
//! `<user>_gear.json` lists the runner's gear and which activity wore it.
//!
//! Nothing in an uploaded file's name says which activity it is, so a
//! file's activity is found by its start: the FIT's start against the
//! summary's `startTimeGmt`, within [`START_TOLERANCE_MS`], nearest first,
//! each summary claimed once. The matched run takes the summary's name and
//! type, and the shoe linked to the summary's `activityId`.
//!
//! The JSON is read leniently (numbers written as integers or floats,
//! missing and unknown fields): an entry that cannot be read costs only
//! itself, a file of another shape costs only itself, with its reason.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::{Activity, ExportShoe, GearSource, Sport};

/// How far a file's start may lie from its summary's `startTimeGmt`.
/// Connect takes `startTimeGmt` from the uploaded file's own start, so a
/// true pair differs by well under a second (the summary keeps
/// milliseconds, patella's start whole seconds); 10 s also absorbs a start
/// patella mends from the records. Two recordings of one runner starting
/// closer than this (two devices on one run, a multisport leg after a
/// short transition) are told apart by "nearest first".
pub const START_TOLERANCE_MS: i64 = 10_000;

/// One activity as Connect summarized it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub activity_id: u64,
    pub name: Option<String>,
    /// Connect's type key (`running`, `trail_running`...).
    pub activity_type: Option<String>,
    /// `startTimeGmt` (else `beginTimestamp`), epoch milliseconds.
    pub start_ms: i64,
}

/// What one summarizedActivities.json gives: its summaries, and the
/// entries it could not read (each as "entry N: why").
#[derive(Debug, Default)]
pub struct Activities {
    pub summaries: Vec<Summary>,
    pub bad_entries: Vec<String>,
}

/// One pair of shoes of a gear.json.
#[derive(Debug, Clone, PartialEq)]
pub struct GarminShoe {
    pub gear_pk: u64,
    pub shoe: ExportShoe,
}

/// What one gear.json gives: its shoes (other gear left out) and the
/// gear each activity wore.
#[derive(Debug, Default)]
pub struct Gear {
    /// By `gearPk`.
    pub shoes: Vec<GarminShoe>,
    /// `activityId` to the `gearPk`s linked to it.
    pub links: HashMap<u64, Vec<u64>>,
    pub bad_entries: Vec<String>,
    /// The file lists gear but no `gearActivityDTOs` at all.
    pub no_links: bool,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawActivity {
    activity_id: Value,
    name: Option<String>,
    activity_type: Option<TypeKey>,
    start_time_gmt: Value,
    begin_timestamp: Value,
    /// A multisport container, whose legs are entries of their own.
    parent: Option<bool>,
}

/// `activityType`: a plain key in the export, an object in Connect's API.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TypeKey {
    Key(String),
    Object {
        #[serde(rename = "typeKey")]
        type_key: String,
    },
}

#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawGear {
    gear_pk: Value,
    gear_type_name: Option<String>,
    gear_status_name: Option<String>,
    custom_make_model: Option<String>,
    display_name: Option<String>,
    date_begin: Value,
    date_end: Value,
    maximum_meters: Value,
}

/// The values of `key` in the objects of a top-level array (a bare object
/// read as one); a `null` there reads as an empty list.
fn wrapped<'v>(root: &'v Value, key: &str) -> Vec<&'v Value> {
    const EMPTY: &Value = &Value::Array(Vec::new());
    let holders: Vec<&Map<String, Value>> = match root {
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        Value::Object(object) => vec![object],
        _ => Vec::new(),
    };
    holders
        .into_iter()
        .filter_map(|o| o.get(key))
        .map(|v| if v.is_null() { EMPTY } else { v })
        .collect()
}

fn json(bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e})"))
}

/// A number written as an integer, a float or a numeric string.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A whole, non-negative number (an id).
fn id(value: &Value) -> Option<u64> {
    if let Some(id) = value.as_u64() {
        return Some(id);
    }
    number(value)
        .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < 9.0e15)
        .map(|n| n as u64)
}

/// A date written as `YYYY-MM-DD...` or as epoch milliseconds.
fn date(value: &Value) -> Option<NaiveDate> {
    match value {
        Value::String(s) => s
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()),
        Value::Number(_) => number(value)
            .and_then(|ms| DateTime::from_timestamp_millis(ms as i64))
            .map(|t| t.date_naive()),
        _ => None,
    }
}

fn text(value: Option<String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Parses one `*_summarizedActivities.json`: `[ { "summarizedActivitiesExport":
/// [ {activityId, name, activityType, startTimeGmt...} ] } ]`. Multisport
/// containers are left out (their legs are entries of their own).
pub fn parse_activities(bytes: &[u8]) -> Result<Activities, String> {
    let root = json(bytes)?;
    let lists = wrapped(&root, "summarizedActivitiesExport");
    let entries: Vec<&Value> = lists
        .iter()
        .filter_map(|list| list.as_array())
        .flatten()
        .collect();
    if lists.is_empty() || lists.iter().any(|l| !l.is_array()) {
        return Err("no summarizedActivitiesExport list (unknown export shape)".into());
    }
    let mut parsed = Activities::default();
    for (at, entry) in entries.into_iter().enumerate() {
        let raw = match RawActivity::deserialize(entry) {
            Ok(raw) => raw,
            Err(e) => {
                parsed.bad_entries.push(format!("entry {}: {e}", at + 1));
                continue;
            }
        };
        if raw.parent == Some(true) {
            continue;
        }
        let Some(activity_id) = id(&raw.activity_id) else {
            parsed
                .bad_entries
                .push(format!("entry {}: no activityId", at + 1));
            continue;
        };
        let Some(start) = number(&raw.start_time_gmt).or_else(|| number(&raw.begin_timestamp))
        else {
            parsed
                .bad_entries
                .push(format!("entry {}: no startTimeGmt", at + 1));
            continue;
        };
        parsed.summaries.push(Summary {
            activity_id,
            name: text(raw.name),
            activity_type: text(raw.activity_type.map(|t| match t {
                TypeKey::Key(key) | TypeKey::Object { type_key: key } => key,
            })),
            start_ms: start.round() as i64,
        });
    }
    Ok(parsed)
}

/// Parses one `*_gear.json`: `[ { "gearDTOS": [ {gearPk, gearTypeName,
/// customMakeModel, displayName, maximumMeters...} ], "gearActivityDTOs":
/// { "<gearPk>": [ {gearPk, activityId} ] } } ]`. Only shoes are kept.
pub fn parse_gear(bytes: &[u8]) -> Result<Gear, String> {
    let root = json(bytes)?;
    let lists = wrapped(&root, "gearDTOS");
    if lists.is_empty() || lists.iter().any(|l| !l.is_array()) {
        return Err("no gearDTOS list (unknown export shape)".into());
    }
    let mut gear = Gear::default();
    for (at, entry) in lists
        .iter()
        .filter_map(|l| l.as_array())
        .flatten()
        .enumerate()
    {
        let raw = match RawGear::deserialize(entry) {
            Ok(raw) => raw,
            Err(e) => {
                gear.bad_entries.push(format!("gear {}: {e}", at + 1));
                continue;
            }
        };
        let Some(gear_pk) = id(&raw.gear_pk) else {
            gear.bad_entries.push(format!("gear {}: no gearPk", at + 1));
            continue;
        };
        let is_shoe = raw
            .gear_type_name
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("shoes"));
        if !is_shoe {
            continue;
        }
        let name = text(raw.display_name)
            .or_else(|| text(raw.custom_make_model))
            .unwrap_or_else(|| format!("Garmin shoe {gear_pk}"));
        gear.shoes.push(GarminShoe {
            gear_pk,
            shoe: ExportShoe {
                name,
                retire_km: number(&raw.maximum_meters)
                    .filter(|m| *m > 0.0)
                    .map(|m| m / 1000.0),
                from: date(&raw.date_begin),
                until: date(&raw.date_end),
                retired: raw
                    .gear_status_name
                    .as_deref()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("retired")),
                source: GearSource::GarminGear,
            },
        });
    }
    gear.shoes.sort_by_key(|s| s.gear_pk);
    distinct_names(&mut gear.shoes);
    let links = wrapped(&root, "gearActivityDTOs");
    gear.no_links = links.is_empty();
    for holder in links {
        // A map of gearPk to its links, as exported; a bare list of links
        // is read too.
        let groups: Vec<(Option<u64>, &Value)> = match holder {
            Value::Object(map) => map
                .iter()
                .map(|(key, list)| (key.trim().parse().ok(), list))
                .collect(),
            list => vec![(None, list)],
        };
        for (key_pk, list) in groups {
            for link in list.as_array().into_iter().flatten() {
                let activity = link.get("activityId").and_then(id);
                let gear_pk = link.get("gearPk").and_then(id).or(key_pk);
                if let (Some(activity), Some(gear_pk)) = (activity, gear_pk) {
                    let worn = gear.links.entry(activity).or_default();
                    if !worn.contains(&gear_pk) {
                        worn.push(gear_pk);
                    }
                }
            }
        }
    }
    Ok(gear)
}

/// Two pairs given the same name (a second pair of the same model) stay
/// two pairs: the later ones (by `gearPk`) are named "<name> (2)"...
fn distinct_names(shoes: &mut [GarminShoe]) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for pair in shoes.iter_mut() {
        let count = seen.entry(pair.shoe.name.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            pair.shoe.name = format!("{} ({count})", pair.shoe.name);
        }
    }
}

/// One Garmin export's JSON, read: the files it describes are those under
/// `root`.
#[derive(Debug, Default)]
pub struct Export {
    /// The display path of the export's root (the folder or zip holding
    /// `DI_CONNECT/`), "" for everything read.
    pub root: String,
    pub summaries: Vec<Summary>,
    pub gear: Gear,
}

/// The root of the export a sidecar at `display` belongs to: what holds its
/// `DI_CONNECT/` folder; when the path given was `DI_CONNECT/` itself, what
/// holds `DI-Connect-Fitness/`; else the folder holding the sidecar.
pub fn export_root(display: &str) -> String {
    let parts: Vec<&str> = display.split('/').collect();
    let folders = parts
        .get(..parts.len().saturating_sub(1))
        .unwrap_or_default();
    let named = |name: &str| folders.iter().position(|p| p.eq_ignore_ascii_case(name));
    let cut = named("DI_CONNECT")
        .or_else(|| named("DI-Connect-Fitness"))
        .unwrap_or(folders.len());
    folders.get(..cut).unwrap_or_default().join("/")
}

fn under(file: &str, root: &str) -> bool {
    root.is_empty()
        || file
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Applies each export to the activities of its files: name, type and
/// shoe from the summary whose start is nearest each activity's. Returns
/// every export's shoes, one per name.
pub fn apply<T: AsMut<Activity>>(exports: &[Export], activities: &mut [T]) -> Vec<ExportShoe> {
    let mut shoes: BTreeMap<String, ExportShoe> = BTreeMap::new();
    for export in exports {
        join(export, activities);
        for pair in &export.gear.shoes {
            shoes
                .entry(pair.shoe.name.clone())
                .or_insert_with(|| pair.shoe.clone());
        }
    }
    shoes.into_values().collect()
}

fn join<T: AsMut<Activity>>(export: &Export, activities: &mut [T]) {
    let mut summaries: Vec<&Summary> = export.summaries.iter().collect();
    summaries.sort_by_key(|s| (s.start_ms, s.activity_id));
    // Parts of one export overlap now and then: one summary per id.
    summaries.dedup_by_key(|s| (s.start_ms, s.activity_id));
    // Every pair within the tolerance, nearest first; each activity and
    // each summary taken once.
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    for (at, held) in activities.iter_mut().enumerate() {
        let activity = held.as_mut();
        if !activity
            .files
            .first()
            .is_some_and(|file| under(file, &export.root))
        {
            continue;
        }
        let start = activity.start_utc.timestamp_millis();
        let from = summaries.partition_point(|s| s.start_ms < start - START_TOLERANCE_MS);
        for (offset, summary) in summaries.iter().skip(from).enumerate() {
            let gap = (summary.start_ms - start).abs();
            if summary.start_ms > start + START_TOLERANCE_MS {
                break;
            }
            pairs.push((gap, at, from + offset));
        }
    }
    pairs.sort_unstable();
    let (mut taken, mut claimed) = (HashSet::new(), HashSet::new());
    for (_, at, which) in pairs {
        if taken.contains(&at) || claimed.contains(&which) {
            continue;
        }
        let (Some(held), Some(summary)) = (activities.get_mut(at), summaries.get(which)) else {
            continue;
        };
        taken.insert(at);
        claimed.insert(which);
        name_and_shoe(summary, &export.gear, held.as_mut());
    }
}

/// The summary's name and type, as Strava's activities.csv gives them
/// (what the runner chose wins over the file), and its shoe.
fn name_and_shoe(summary: &Summary, gear: &Gear, activity: &mut Activity) {
    if summary.name.is_some() {
        activity.name.clone_from(&summary.name);
    }
    if let Some((sport, sub_sport)) = summary.activity_type.as_deref().and_then(Sport::from_label) {
        activity.sport = sport;
        activity.sport_inferred = false;
        if let Some(sub_sport) = sub_sport {
            activity.sub_sport = Some(sub_sport.to_string());
        }
    }
    // Several shoes on one activity (rare): the first by gearPk.
    let shoe = gear
        .links
        .get(&summary.activity_id)
        .into_iter()
        .flatten()
        .filter_map(|pk| gear.shoes.iter().find(|s| s.gear_pk == *pk))
        .min_by_key(|s| s.gear_pk);
    if let Some(pair) = shoe {
        activity.gear = Some(pair.shoe.name.clone());
        activity.gear_source = Some(GearSource::GarminGear);
    }
}

#[cfg(test)]
#[path = "garmin_tests.rs"]
mod tests;
