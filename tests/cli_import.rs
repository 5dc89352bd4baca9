//! `patella import` reads as `analyze` does: the config's time zone for a
//! run whose file gives neither a place nor an offset, and the cache.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// A treadmill run in TCX: times in UTC (`Z`, which says nothing of the
/// local offset) and no positions, so only `--tz` or the config can place
/// it. 03:00 UTC on 2 May is 21:00 on 1 May in Denver. `device` names the
/// watch (14 characters, so a same-size rewrite can change it).
fn treadmill_tcx(device: &str) -> String {
    let points: String = (0..180)
        .map(|i| {
            let s = i * 10;
            format!(
                "<Trackpoint><Time>2020-05-02T03:{:02}:{:02}Z</Time>\
                 <DistanceMeters>{}.0</DistanceMeters><Cadence>85</Cadence></Trackpoint>",
                s / 60,
                s % 60,
                s * 3
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">\
         <Activities><Activity Sport=\"Running\"><Id>2020-05-02T03:00:00Z</Id>\
         <Lap StartTime=\"2020-05-02T03:00:00Z\"><TotalTimeSeconds>1790</TotalTimeSeconds>\
         <DistanceMeters>5370</DistanceMeters><Track>{points}</Track></Lap>\
         <Creator><Name>{device}</Name></Creator></Activity></Activities></TrainingCenterDatabase>"
    )
}

fn import(input: &Path, cache: &Path, extra: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_patella"))
        .env("PATELLA_CACHE_DIR", cache)
        .args(["import", "--json", "--quiet"])
        .args(extra)
        .arg(input)
        .output()
        .expect("run patella");
    assert!(
        output.status.success(),
        "patella failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The one run of an import's JSON.
fn only_run(output: &Output) -> Value {
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let runs = report["activities"].as_array().expect("activities");
    assert_eq!(runs.len(), 1, "{report:#}");
    runs[0].clone()
}

#[test]
fn the_configs_time_zone_places_a_run_without_gps_or_offset() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let input = temp.path().join("runs");
    std::fs::create_dir(&input).expect("create folder");
    std::fs::write(input.join("treadmill.tcx"), treadmill_tcx("Forerunner 945")).expect("write");
    let cache = temp.path().join("cache");

    // No config: UTC, so the run is on 2 May.
    let bare = only_run(&import(&input, &cache, &[]));
    assert_eq!(bare["utc_offset_source"], "assumed_utc");
    assert_eq!(bare["local_date"], "2020-05-02");

    std::fs::write(
        input.join("patella.toml"),
        "[athlete]\ntimezone = \"America/Denver\"\n",
    )
    .expect("write config");
    let output = import(&input, &cache, &[]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["timezone"], "America/Denver");
    let run = only_run(&output);
    assert_eq!(run["utc_offset_source"], "config");
    assert_eq!(run["start_local"], "2020-05-01T21:00:00");
    assert_eq!(run["local_date"], "2020-05-01");

    // `--config` names another file; `--tz` comes before either.
    let other = temp.path().join("other.toml");
    std::fs::write(&other, "[athlete]\ntimezone = \"Asia/Tokyo\"\n").expect("write config");
    let tokyo = only_run(&import(
        &input,
        &cache,
        &["--config", other.to_str().unwrap()],
    ));
    assert_eq!(tokyo["start_local"], "2020-05-02T12:00:00");
    let paris = only_run(&import(&input, &cache, &["--tz", "Europe/Paris"]));
    assert_eq!(paris["utc_offset_source"], "command_line");
    assert_eq!(paris["start_local"], "2020-05-02T05:00:00");
}

#[test]
fn a_second_import_is_served_from_the_cache() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let input = temp.path().join("runs");
    std::fs::create_dir(&input).expect("create folder");
    let file = input.join("treadmill.tcx");
    std::fs::write(&file, treadmill_tcx("Forerunner 945")).expect("write");
    let cache = temp.path().join("cache");

    let cold = import(&input, &cache, &[]);
    assert!(
        cache.join("cache.sqlite3").is_file(),
        "the first import fills the cache"
    );
    assert_eq!(only_run(&cold)["device"], "Forerunner 945");

    // Other bytes under the same size and time stamp: the cache trusts
    // the stamp, so only an import that reads the file sees the change.
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(&file, treadmill_tcx("Forerunner 955")).expect("rewrite");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .expect("restore mtime");

    let warm = import(&input, &cache, &[]);
    assert_eq!(warm.stdout, cold.stdout, "served from the cache");
    assert_eq!(String::from_utf8_lossy(&warm.stderr), "");
    let fresh = import(&input, &cache, &["--no-cache"]);
    assert_eq!(only_run(&fresh)["device"], "Forerunner 955");
}
