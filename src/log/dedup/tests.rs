use super::*;
use chrono::{DateTime, Duration, Utc};

use crate::model::Sport;

/// 10 m of latitude in degrees: 10 / (6_371_008.8 * pi / 180) = 8.9932e-5.
const TEN_M_LAT: f64 = 10.0 / 111_195.08;

fn start(utc: &str) -> DateTime<Utc> {
    utc.parse().unwrap()
}

/// A track running north from 41.15 N, 74.19 W (Sloatsburg, NY), `points`
/// fixes 10 m apart, shifted `east_m` metres east.
fn track(points: usize, east_m: f64) -> Vec<Option<LatLon>> {
    let east_deg = east_m / (111_195.08 * 41.15_f64.to_radians().cos());
    (0..points)
        .map(|i| {
            Some(LatLon {
                lat_deg: 41.15 + i as f64 * TEN_M_LAT,
                lon_deg: -74.19 + east_deg,
            })
        })
        .collect()
}

fn copy(file: &str, format: Format, at: DateTime<Utc>, distance_m: Option<f64>) -> Candidate {
    let mut activity = Activity::new(format, Sport::Running, at);
    activity.files = vec![file.to_string()];
    activity.streams.time_s = (0..200).map(f64::from).collect();
    activity.streams.position = Some(track(200, 0.0));
    let summary = RunSummary {
        distance_m,
        ..RunSummary::default()
    };
    Candidate::new(summary, activity)
}

fn with_channels(mut c: Candidate, channels: usize) -> Candidate {
    let values = Some(vec![Some(1.0); c.activity.streams.len()]);
    let streams = &mut c.activity.streams;
    let slots = [
        &mut streams.distance_m,
        &mut streams.speed_mps,
        &mut streams.elevation_m,
        &mut streams.heart_rate_bpm,
        &mut streams.cadence_spm,
        &mut streams.power_w,
    ];
    for slot in slots.into_iter().take(channels) {
        *slot = values.clone();
    }
    c
}

/// The files merged into `kept` from its dropped copies.
fn files(kept: &Candidate) -> Vec<&str> {
    kept.copies
        .iter()
        .flat_map(|c| &c.dropped_files)
        .map(String::as_str)
        .collect()
}

/// Why copies were merged into `kept`.
fn reason(kept: &Candidate) -> Option<&str> {
    kept.copies.as_ref().map(|c| c.reason.as_str())
}

#[test]
fn forerunner_945_run_as_fit_gpx_and_tcx() {
    // sports-lib/6782987395: all three start 2019-06-15T09:42:23Z. FIT
    // session and TCX laps say 14004.85 m, the GPX track 14168.6 m:
    // |14168.6 - 14004.85| / 14168.6 = 163.75 / 14168.6 = 1.16% apart.
    let at = start("2019-06-15T09:42:23Z");
    let fit = with_channels(copy("6782987395.fit", Format::Fit, at, Some(14004.85)), 6);
    let tcx = with_channels(copy("6782987395.tcx", Format::Tcx, at, Some(14004.85)), 4);
    let mut gpx = with_channels(copy("6782987395.gpx", Format::Gpx, at, Some(14168.6)), 3);
    gpx.activity.name = Some("Sloatsburg Course".to_string());
    let groups = merge(vec![gpx, tcx, fit]);
    assert_eq!(groups.len(), 1);
    let group = &groups[0];
    assert_eq!(group.activity.format, Format::Fit);
    assert_eq!(files(group), ["6782987395.tcx", "6782987395.gpx"]);
    assert_eq!(
        reason(group),
        Some("same start (±0 s) and distance (1.2% apart)")
    );
    assert_eq!(group.activity.name.as_deref(), Some("Sloatsburg Course"));
    assert_eq!(
        group.activity.files,
        ["6782987395.fit", "6782987395.tcx", "6782987395.gpx"]
    );
}

#[test]
fn format_breaks_ties_then_file_name() {
    let at = start("2019-06-15T09:42:23Z");
    let groups = merge(vec![
        copy("b.gpx", Format::Gpx, at, Some(5000.0)),
        copy("a.tcx", Format::Tcx, at, Some(5000.0)),
        copy("z.fit", Format::Fit, at, Some(5000.0)),
    ]);
    assert_eq!(groups[0].activity.files[0], "z.fit");
    let groups = merge(vec![
        copy("b.fit", Format::Fit, at, Some(5000.0)),
        copy("a.fit", Format::Fit, at, Some(5000.0)),
    ]);
    assert_eq!(groups[0].activity.files[0], "a.fit");
}

#[test]
fn strava_name_and_gear_and_file_offset_carry_over() {
    let at = start("2024-05-01T06:00:00Z");
    let fit = with_channels(copy("garmin/1.fit", Format::Fit, at, Some(8000.0)), 5);
    let mut strava = copy("strava/activities/9.gpx", Format::Gpx, at, Some(8100.0));
    strava.activity.name = Some("Morning Run".to_string());
    strava.activity.gear = Some("Pegasus 39".to_string());
    let mut tcx = copy("garmin/1.tcx", Format::Tcx, at, Some(8000.0));
    tcx.activity.utc_offset = Some(crate::model::UtcOffset {
        seconds: 7200,
        source: crate::model::OffsetSource::FileTimestamp,
        zone: None,
    });
    let groups = merge(vec![strava, fit, tcx]);
    let kept = &groups[0].activity;
    assert_eq!(kept.files[0], "garmin/1.fit");
    assert_eq!(kept.name.as_deref(), Some("Morning Run"));
    assert_eq!(kept.gear.as_deref(), Some("Pegasus 39"));
    assert_eq!(kept.utc_offset.as_ref().map(|o| o.seconds), Some(7200));
}

#[test]
fn different_runs_stay_apart() {
    // Same day, three hours apart; and 121 s apart with equal distances.
    let groups = merge(vec![
        copy(
            "am.fit",
            Format::Fit,
            start("2024-05-01T06:00:00Z"),
            Some(8000.0),
        ),
        copy(
            "pm.fit",
            Format::Fit,
            start("2024-05-01T09:00:00Z"),
            Some(8000.0),
        ),
        copy(
            "pm2.fit",
            Format::Fit,
            start("2024-05-01T09:02:01Z"),
            Some(8000.0),
        ),
    ]);
    assert_eq!(groups.len(), 3);
    assert!(groups.iter().all(|g| g.copies.is_none()));
}

#[test]
fn distances_apart_but_same_track() {
    // The phone's distance is 10% short, yet the two tracks are the same
    // line 3 m apart: mean gap 3 m < 30 m. Starts 45 s apart.
    let watch = copy(
        "watch.fit",
        Format::Fit,
        start("2024-05-01T06:00:00Z"),
        Some(2000.0),
    );
    let mut phone = copy(
        "phone.gpx",
        Format::Gpx,
        start("2024-05-01T06:00:45Z"),
        Some(1800.0),
    );
    phone.activity.streams.position = Some(track(200, 3.0));
    let groups = merge(vec![watch, phone]);
    assert_eq!(groups.len(), 1);
    assert_eq!(
        reason(&groups[0]),
        Some("same start (±45 s) and track (mean gap 3 m)")
    );
}

#[test]
fn parallel_street_is_another_run() {
    let a = copy(
        "a.fit",
        Format::Fit,
        start("2024-05-01T06:00:00Z"),
        Some(2000.0),
    );
    let mut b = copy(
        "b.fit",
        Format::Fit,
        start("2024-05-01T06:00:30Z"),
        Some(1800.0),
    );
    b.activity.streams.position = Some(track(200, 100.0));
    assert_eq!(merge(vec![a, b]).len(), 2);
}

#[test]
fn same_start_and_distance_in_another_place_is_another_run() {
    // Two athletes' files side by side: equal start and distance, but the
    // second track starts 5 km east (more than the 1 km veto).
    let a = copy(
        "anna.fit",
        Format::Fit,
        start("2024-05-01T06:00:00Z"),
        Some(2000.0),
    );
    let mut b = copy(
        "ben.gpx",
        Format::Gpx,
        start("2024-05-01T06:00:00Z"),
        Some(2000.0),
    );
    b.activity.streams.position = Some(track(200, 5000.0));
    assert_eq!(merge(vec![a, b]).len(), 2);
}

#[test]
fn part_of_a_longer_track_is_another_run() {
    // 50 fixes (490 m) along the first quarter of a 200-fix (1990 m) track:
    // short -> long gaps are 0 m, but long -> short gaps average about
    // 3/4 * 750 m, far above 30 m.
    let long = copy("long.fit", Format::Fit, start("2024-05-01T06:00:00Z"), None);
    let mut short = copy(
        "short.fit",
        Format::Fit,
        start("2024-05-01T06:00:10Z"),
        None,
    );
    short.activity.streams.position = Some(track(50, 0.0));
    assert_eq!(merge(vec![long, short]).len(), 2);
}

#[test]
fn copies_group_transitively() {
    // 0 s ~ 100 s ~ 200 s: each neighbour within 120 s, the ends are not.
    // Without tracks only distance can match.
    let mut copies = vec![
        copy(
            "a.fit",
            Format::Fit,
            start("2024-05-01T06:00:00Z"),
            Some(5000.0),
        ),
        copy(
            "b.tcx",
            Format::Tcx,
            start("2024-05-01T06:01:40Z"),
            Some(5000.0),
        ),
        copy(
            "c.gpx",
            Format::Gpx,
            start("2024-05-01T06:03:20Z"),
            Some(5000.0),
        ),
    ];
    for c in &mut copies {
        c.activity.streams.position = None;
    }
    let groups = merge(copies);
    assert_eq!(groups.len(), 1);
    assert_eq!(files(&groups[0]), ["b.tcx", "c.gpx"]);
    assert_eq!(
        reason(&groups[0]),
        Some("same start (±100 s) and distance (0.0% apart); matched through another copy of the same run")
    );
}

#[test]
fn unknown_distance_and_no_track_is_not_a_match() {
    let mut a = copy("a.fit", Format::Fit, start("2024-05-01T06:00:00Z"), None);
    let mut b = copy(
        "b.fit",
        Format::Fit,
        start("2024-05-01T06:00:00Z"),
        Some(5000.0),
    );
    a.activity.streams.position = None;
    b.activity.streams.position = None;
    assert_eq!(merge(vec![a, b]).len(), 2);
}

#[test]
fn ten_years_of_runs_in_order() {
    // 3,653 daily runs, each also exported as GPX 1 s later: 3,653 groups of
    // two, oldest first.
    let first = start("2015-01-01T06:00:00Z");
    let mut all = Vec::new();
    for day in 0..3653 {
        let at = first + Duration::days(day);
        let km = 5000.0 + (day % 7) as f64 * 1000.0;
        all.push(copy(
            &format!("{day}.gpx"),
            Format::Gpx,
            at + Duration::seconds(1),
            Some(km * 1.01),
        ));
        all.push(copy(&format!("{day}.fit"), Format::Fit, at, Some(km)));
    }
    all.reverse();
    // Speed is measured by benchmarks, not asserted here.
    let groups = merge(all);
    assert_eq!(groups.len(), 3653);
    assert!(groups
        .windows(2)
        .all(|w| w[0].activity.start_utc < w[1].activity.start_utc));
    assert!(groups
        .iter()
        .all(|g| g.activity.format == Format::Fit && files(g).len() == 1));
}

#[test]
fn a_crowd_starting_together_costs_a_few_comparisons_each() {
    // 300 files stamped with FIT's epoch (a clock never set), each the
    // same distance from the same place: one run as far as the log can
    // tell, merged through its neighbours. Each is compared with at most
    // 16 after it (the last 16 with fewer: 15 + 14 + ... + 1 = 120), and
    // the reason compares the kept one with the 299 others:
    // 284 x 16 + 120 + 299 = 4,963 comparisons; every pair would be
    // 300 x 299 / 2 = 44,850, and 299 more.
    let epoch = start("1989-12-31T00:00:00Z");
    let crowd: Vec<Candidate> = (0..300)
        .map(|i| copy(&format!("{i:03}.fit"), Format::Fit, epoch, Some(5000.0)))
        .collect();
    COMPARISONS.with(|n| n.set(0));
    let groups = merge(crowd);
    assert_eq!(COMPARISONS.with(std::cell::Cell::get), 284 * 16 + 120 + 299);
    assert_eq!(groups.len(), 1);
    assert_eq!(files(&groups[0]).len(), 299);
}

#[test]
fn polyline_distance_by_hand() {
    // A point 30 m east of a north-south segment is 30 m from it; beyond
    // the segment's end, the distance is to the end point: 3-4-5 triangle.
    let line = [
        LatLon {
            lat_deg: 0.0,
            lon_deg: 0.0,
        },
        LatLon {
            lat_deg: 100.0 / 111_195.08,
            lon_deg: 0.0,
        },
    ];
    let east = |m: f64| m / 111_195.08;
    let beside = LatLon {
        lat_deg: 50.0 / 111_195.08,
        lon_deg: east(30.0),
    };
    assert!((distance_to_polyline_m(beside, &line) - 30.0).abs() < 0.01);
    let beyond = LatLon {
        lat_deg: 140.0 / 111_195.08,
        lon_deg: east(30.0),
    };
    assert!((distance_to_polyline_m(beyond, &line) - 50.0).abs() < 0.01);
}

#[test]
fn same_activity_twice_in_one_file() {
    // A chained FIT file holds the activity twice; a second file holds it
    // once more. Only the other file is listed as dropped.
    let at = start("2012-04-09T21:22:26Z");
    let first = with_channels(copy("twice.fit", Format::Fit, at, Some(5.73)), 3);
    let second = copy("twice.fit", Format::Fit, at, Some(5.73));
    let other = copy("once.fit", Format::Fit, at, Some(5.73));
    let groups = merge(vec![second, other, first]);
    // One group of three: the kept copy and two merged into it.
    assert_eq!(groups.len(), 1);
    assert_eq!(files(&groups[0]), ["once.fit"]);
    assert_eq!(groups[0].activity.files, ["twice.fit", "once.fit"]);
}

#[test]
fn a_forgotten_track_is_no_track() {
    // 200 valid fixes recorded, the packed track dropped (as after the
    // log is built): no track to compare, rather than an empty one that
    // every other track would be near.
    let mut c = copy("a.fit", Format::Fit, start("2024-05-01T06:00:00Z"), None);
    c.activity.release_streams();
    assert!(Track::of(&c.activity).is_some());
    c.activity.forget_track();
    assert_eq!(c.activity.outline().valid_fixes, 200);
    assert!(Track::of(&c.activity).is_none());
}
