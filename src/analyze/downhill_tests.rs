use super::*;
use crate::analyze::elevation::tests::{course, straight_run};
use crate::log::RunSummary;
use crate::model::{OffsetSource, UtcOffset};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The 2 km test course of the elevation tests, its heights scaled by `k`
/// around 0 (descent 100 * k m), at 3 m/s, on local day `day`.
fn logged(id: &str, day: &str, k: f64, source: ElevationSource) -> LoggedRun {
    let mut activity = straight_run(2000.0, 3.0, source, |d| Some(k * course(d)));
    activity.id = id.into();
    let local_date = date(day);
    LoggedRun {
        activity,
        offset: UtcOffset {
            seconds: 0,
            source: OffsetSource::AssumedUtc,
            zone: None,
        },
        offset_note: None,
        start_local: local_date.and_hms_opt(7, 0, 0).unwrap(),
        local_date,
        summary: RunSummary::default(),
    }
}

fn near(got: Option<f64>, want: f64, tolerance: f64) {
    let got = got.unwrap();
    assert!((got - want).abs() <= tolerance, "got {got}, want {want}");
}

#[test]
fn one_run_on_the_known_course() {
    let log = [logged("a", "2024-05-06", 1.0, ElevationSource::Barometric)];
    let m = analyze(&log, WeekStart::Monday);
    let run = &m.runs[0];
    assert!(run.measured.has_profile && !run.measured.gps_only);
    // Down 60 m (-12%) and 40 m (-16%): 100 m.
    near(run.measured.descent_m, 100.0, 1.0);
    // Band distances worked out in elevation_tests.rs (known_course):
    // <= -5% 806.9 m, <= -10% 650.4 m, <= -15% 141.1 m, -5..-10% 156.5 m;
    // within one 5 m step.
    near(run.measured.distance_m.le_minus_5pct, 806.9, 5.0);
    near(run.measured.distance_m.le_minus_10pct, 650.4, 5.0);
    near(run.measured.distance_m.le_minus_15pct, 141.1, 5.0);
    near(run.measured.distance_m.minus_5_to_10pct, 156.5, 5.0);
    // The cumulative and exclusive bands agree exactly.
    let d = &run.measured.distance_m;
    near(
        d.minus_5_to_10pct,
        d.le_minus_5pct.unwrap() - d.le_minus_10pct.unwrap(),
        1e-9,
    );
    // At a steady 3 m/s every metre takes 1/3 s.
    for (t, d) in run
        .measured
        .time_s
        .fields()
        .into_iter()
        .zip(run.measured.distance_m.fields())
    {
        near(t, d.unwrap() / 3.0, 0.05);
    }
    // One run, one week: the week's sums are the run's values.
    assert_eq!(m.weeks.len(), 1);
    assert_eq!(m.weeks[0].week_start, date("2024-05-06"));
    assert_eq!(m.weeks[0].descent_m, run.measured.descent_m);
    assert_eq!(m.weeks[0].distance_m, run.measured.distance_m);
    // Nothing before it: no 30-day maxima.
    assert_eq!(run.prior_30d, PriorMaxima::default());
}

#[test]
fn flat_run_has_zero_not_none() {
    let log = [logged("flat", "2024-05-06", 0.0, ElevationSource::Gps)];
    let run = &analyze(&log, WeekStart::Monday).runs[0];
    assert!(run.measured.gps_only);
    assert_eq!(run.measured.descent_m, Some(0.0));
    assert_eq!(run.measured.distance_m.le_minus_5pct, Some(0.0));
    assert_eq!(run.measured.time_s.le_minus_15pct, Some(0.0));
}

#[test]
fn treadmill_and_elevationless_runs() {
    let mut treadmill = logged("tm", "2024-05-06", 1.0, ElevationSource::Barometric);
    treadmill.activity.sub_sport = Some("treadmill".into());
    let mut bare = logged("bare", "2024-05-07", 1.0, ElevationSource::Gps);
    bare.activity.streams.elevation_m = None;
    let m = analyze(&[treadmill, bare], WeekStart::Monday);
    assert_eq!(m.skipped_indoor, ["tm"]);
    assert_eq!(m.runs.len(), 1);
    let bare = &m.runs[0];
    assert!(!bare.measured.has_profile && !bare.measured.gps_only);
    assert_eq!(
        (bare.measured.elevation_source, bare.measured.descent_m),
        (None, None)
    );
    assert_eq!(bare.measured.distance_m, GradeBands::default());
    // The week still counts the outdoor run, with no downhill values.
    assert_eq!((m.weeks[0].runs, m.weeks[0].runs_with_profile), (1, 0));
    assert_eq!(m.weeks[0].descent_m, None);
}

#[test]
fn thirty_day_window_excludes_the_same_day() {
    // Descent is 100 * k m. Judged day 2024-05-01; its window is
    // 2024-04-01..=2024-04-30 (April has 30 days: 05-01 minus 30 days is
    // 04-01). 03-31 is 31 days back, outside.
    let log = [
        logged("old", "2024-03-31", 1.5, ElevationSource::Barometric), // 150 m
        logged("edge", "2024-04-01", 1.0, ElevationSource::Barometric), // 100 m
        logged("today", "2024-05-01", 2.0, ElevationSource::Barometric), // 200 m
        logged("also_today", "2024-05-01", 0.5, ElevationSource::Barometric), // 50 m
    ];
    let m = analyze(&log, WeekStart::Monday);
    let by_id = |id: &str| m.runs.iter().find(|r| r.activity_id == id).unwrap();
    let (old, edge) = (by_id("old"), by_id("edge"));
    // The first run has no history.
    assert_eq!(old.prior_30d.max_descent_m, None);
    assert_eq!(old.prior_30d.max_distance_m.le_minus_5pct, None);
    // "edge" sees "old" (one day back).
    assert_eq!(edge.prior_30d.max_descent_m, old.measured.descent_m);
    for id in ["today", "also_today"] {
        // Only "edge": "old" is 31 days back, and the other run of the same
        // day (200 m or 50 m) is not history.
        let prior = &by_id(id).prior_30d;
        assert_eq!(prior.runs_with_profile, 1, "{id}");
        near(prior.max_descent_m, 100.0, 1.0);
        assert_eq!(prior.max_descent_m, edge.measured.descent_m);
        assert_eq!(prior.max_distance_m, edge.measured.distance_m);
    }

    // Weeks from Monday: 03-31 is a Sunday (week of 03-25), 04-01 a Monday,
    // 05-01 a Wednesday (week of 04-29): six weeks, three of them empty.
    let starts: Vec<String> = m.weeks.iter().map(|w| w.week_start.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2024-03-25",
            "2024-04-01",
            "2024-04-08",
            "2024-04-15",
            "2024-04-22",
            "2024-04-29"
        ]
    );
    assert_eq!(m.weeks[2].runs, 0);
    assert_eq!(m.weeks[2].descent_m, None);
    // The last week sums 200 + 50 = 250 m.
    assert_eq!(m.weeks[5].runs_with_profile, 2);
    near(m.weeks[5].descent_m, 250.0, 2.0);
    // Sunday weeks: 03-31 starts its own week with 04-01 in it.
    let m = analyze(&log, WeekStart::Sunday);
    assert_eq!(m.weeks[0].week_start, date("2024-03-31"));
    assert_eq!(m.weeks[0].runs, 2);
}

#[test]
fn empty_log() {
    assert_eq!(analyze(&[], WeekStart::Monday), DownhillMetrics::default());
}
