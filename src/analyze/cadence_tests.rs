use super::*;
use crate::log::RunSummary;
use crate::model::{Activity, Format, OffsetSource, Sport, UtcOffset};
use chrono::{DateTime, Duration, Utc};

/// A run on 2026-03-01 + `day` days: segments of (seconds, speed m/s,
/// cadence spm) at 1 Hz.
fn run(day: i64, segments: &[(usize, f64, f64)]) -> LoggedRun {
    let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Duration::days(day);
    let start: DateTime<Utc> = date.and_hms_opt(7, 0, 0).unwrap().and_utc();
    let mut activity = Activity::new(Format::Fit, Sport::Running, start);
    activity.id = format!("run-{day}");
    let (mut speed, mut cadence) = (Vec::new(), Vec::new());
    for &(seconds, v, c) in segments {
        speed.extend(std::iter::repeat_n(Some(v), seconds));
        cadence.extend(std::iter::repeat_n(Some(c), seconds));
    }
    activity.streams.time_s = (0..speed.len()).map(|t| t as f64).collect();
    let moving = speed.len() as f64;
    activity.streams.speed_mps = Some(speed);
    activity.streams.cadence_spm = Some(cadence);
    LoggedRun {
        activity,
        offset: UtcOffset {
            seconds: 0,
            source: OffsetSource::AssumedUtc,
            zone: None,
        },
        offset_note: None,
        start_local: start.naive_utc(),
        local_date: date,
        summary: RunSummary {
            moving_s: Some(moving),
            ..RunSummary::default()
        },
    }
}

#[test]
fn line_through_five_runs() {
    // Cadence 140 + 10 x speed exactly: slope 10, intercept 140.
    let points = [
        (3.0, 170.0),
        (3.5, 175.0),
        (4.0, 180.0),
        (4.5, 185.0),
        (5.0, 190.0),
    ];
    let line = CadenceLine::fit(&points).unwrap();
    assert!((line.slope_spm_per_mps - 10.0).abs() < 1e-9);
    assert!((line.intercept_spm - 140.0).abs() < 1e-9);
    assert!((line.at(4.2) - 182.0).abs() < 1e-9);
    assert_eq!(CadenceLine::fit(&points[..4]), None);
    // One speed only: a flat line at the mean cadence, (170+172+...)/5 = 174.
    let same = [
        (3.0, 170.0),
        (3.0, 172.0),
        (3.0, 174.0),
        (3.0, 176.0),
        (3.0, 178.0),
    ];
    let flat = CadenceLine::fit(&same).unwrap();
    assert_eq!((flat.slope_spm_per_mps, flat.intercept_spm), (0.0, 174.0));
}

#[test]
fn walking_and_stops_are_left_out() {
    // 600 s running at 170 spm, 120 s walking at 1.2 m/s and 110 spm.
    let measured = analyze(&[run(0, &[(600, 3.0, 170.0), (120, 1.2, 110.0)])], &[]);
    assert_eq!(measured[0].median_spm, Some(170.0));
    assert_eq!(measured[0].counted_s, 600.0);
    assert_eq!(measured[0].speed_mps, Some(3.0));
}

#[test]
fn climbs_are_left_out_when_the_grade_is_known() {
    // 300 s flat at 172 spm, then 300 s at 5% grade with 160 spm.
    let r = run(0, &[(300, 3.0, 172.0), (300, 3.0, 160.0)]);
    let grade: Vec<Option<f64>> = (0..600)
        .map(|i| Some(if i < 300 { 0.0 } else { 0.05 }))
        .collect();
    let measured = analyze(&[r], &[Some(grade)]);
    assert_eq!(measured[0].median_spm, Some(172.0));
}

#[test]
fn residual_against_the_previous_eight_weeks() {
    // Five earlier runs on the line 140 + 10 x speed; today 160 spm at
    // 3.0 m/s where the line says 170: residual (160 - 170) / 170 = -0.0588.
    let mut runs: Vec<LoggedRun> = [
        (3.0, 170.0),
        (3.5, 175.0),
        (4.0, 180.0),
        (4.5, 185.0),
        (5.0, 190.0),
    ]
    .iter()
    .enumerate()
    .map(|(i, &(v, c))| run(i as i64 * 7, &[(600, v, c)]))
    .collect();
    runs.push(run(40, &[(600, 3.0, 160.0)]));
    let measured = analyze(&runs, &[]);
    let today = measured.last().unwrap();
    assert!((today.residual_vs_line.unwrap() - (-10.0 / 170.0)).abs() < 1e-9);
    // The first runs have no line yet.
    assert_eq!(measured[0].residual_vs_line, None);
    // The window is 56 days back, inclusive: on day 56 the day-0 run still
    // counts (6 runs: days 0, 7, 14, 21, 28, 40); on day 57 it does not (5).
    let mut on_56 = runs.clone();
    on_56.push(run(56, &[(600, 3.0, 160.0)]));
    assert_eq!(
        analyze(&on_56, &[]).last().unwrap().line.map(|l| l.runs),
        Some(6)
    );
    runs.push(run(57, &[(600, 3.0, 160.0)]));
    assert_eq!(
        analyze(&runs, &[]).last().unwrap().line.map(|l| l.runs),
        Some(5)
    );
}

#[test]
fn cadence_dropping_late_in_a_long_run() {
    // 4200 s at 3 m/s: 170 spm for the first 3150 s (75%), 160 after.
    // Minutes 10-25% (420-1050 s) have median 170; the last 25% has 160:
    // drift (160 - 170) / 170 = -0.0588.
    let long = run(0, &[(3150, 3.0, 170.0), (1050, 3.0, 160.0)]);
    let measured = analyze(&[long], &[]);
    assert!((measured[0].late_drift.unwrap() - (-10.0 / 170.0)).abs() < 1e-9);
    // A 50-minute run is not judged.
    let short = run(0, &[(2250, 3.0, 170.0), (750, 3.0, 160.0)]);
    assert_eq!(analyze(&[short], &[])[0].late_drift, None);
}

#[test]
fn no_cadence_stream_gives_nothing() {
    let mut r = run(0, &[(600, 3.0, 170.0)]);
    r.activity.streams.cadence_spm = None;
    let measured = analyze(&[r], &[]);
    assert_eq!(measured[0].median_spm, None);
    assert_eq!(measured[0].counted_s, 0.0);
}
