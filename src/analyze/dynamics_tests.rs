use super::*;
use crate::analyze::test_runs::simple;

/// A run on `day` at 1 Hz: `segments` of (seconds, speed m/s, cadence
/// spm, stance-time balance %).
pub(crate) fn run(day: &str, segments: &[(usize, f64, f64, Option<f64>)]) -> LoggedRun {
    let seconds: usize = segments.iter().map(|s| s.0).sum();
    let mut r = simple(day, 10.0, seconds as f64 / 60.0);
    let streams = &mut r.activity.streams;
    streams.time_s = (0..seconds).map(|t| t as f64).collect();
    let (mut speed, mut cadence, mut balance) = (Vec::new(), Vec::new(), Vec::new());
    for &(n, v, c, b) in segments {
        speed.extend(std::iter::repeat_n(Some(v), n));
        cadence.extend(std::iter::repeat_n(Some(c), n));
        balance.extend(std::iter::repeat_n(b, n));
    }
    streams.speed_mps = Some(speed);
    streams.cadence_spm = Some(cadence);
    streams.stance_time_balance_pct = Some(balance);
    r
}

/// Ten minutes of steady running at `balance`.
pub(crate) fn steady(day: &str, balance: f64) -> LoggedRun {
    run(day, &[(600, 3.0, 170.0, Some(balance))])
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn median_of_steady_running_only() {
    // 300 s steady at 51.0 and 200 s at 51.4: median 51.0 (300 of 500).
    // Left out: 120 s walking (1.2 m/s) at 45, 60 s of strides at 4.5 m/s
    // (over 20% above the 3.0 median) at 47, 30 s at cadence 120 at 45,
    // and 30 s of glitches (90%, outside 30..70).
    let r = run(
        "2026-01-06",
        &[
            (300, 3.0, 170.0, Some(51.0)),
            (120, 1.2, 110.0, Some(45.0)),
            (60, 4.5, 185.0, Some(47.0)),
            (30, 3.0, 120.0, Some(45.0)),
            (30, 3.0, 170.0, Some(90.0)),
            (200, 3.0, 170.0, Some(51.4)),
        ],
    );
    let m = analyze(&[r], &[]);
    assert_eq!(m[0].samples, 500);
    assert!(close(m[0].median_pct, 51.0));
    // d = |51.0 - 50| = 1.0
    assert!(close(m[0].asymmetry_pts, 1.0));
    assert_eq!(m[0].baseline_pct, None);
}

#[test]
fn climbs_are_left_out_when_the_grade_is_known() {
    // 300 s flat at 50.5 then 400 s at 4% grade at 53.0: 50.5 with the
    // grade, 53.0 (400 of 700) without.
    let r = run(
        "2026-01-06",
        &[(300, 3.0, 170.0, Some(50.5)), (400, 3.0, 170.0, Some(53.0))],
    );
    let grade: Vec<Option<f64>> = (0..700)
        .map(|i| Some(if i < 300 { 0.0 } else { 0.04 }))
        .collect();
    assert!(close(
        analyze(std::slice::from_ref(&r), &[Some(grade)])[0].median_pct,
        50.5
    ));
    assert!(close(analyze(&[r], &[])[0].median_pct, 53.0));
}

#[test]
fn too_few_samples_and_unrecorded_runs() {
    // 59 steady samples: under 60, no median. A run without the channel is
    // not listed at all.
    let short = run("2026-01-06", &[(59, 3.0, 170.0, Some(52.0))]);
    let plain = simple("2026-01-07", 10.0, 60.0);
    let m = analyze(&[short, plain], &[]);
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].median_pct, m[0].samples), (None, 59));
}

#[test]
fn baseline_is_the_median_of_eight_weeks_own_day_excluded() {
    // 2026-01-01 is 57 days before 2026-02-27: out. 2026-01-02 (56 days)
    // is in. Baseline for 02-27 = median(50.2, 50.4, 51.0) = 50.4, not
    // counting the other run on 02-27 (55.0). Shift = 52.0 - 50.4 = 1.6.
    let mut other = steady("2026-02-27", 55.0);
    other.activity.id = "other".into();
    let runs = vec![
        steady("2026-01-01", 40.0),
        steady("2026-01-02", 50.2),
        steady("2026-02-01", 51.0),
        steady("2026-02-20", 50.4),
        other,
        steady("2026-02-27", 52.0),
    ];
    let m = analyze(&runs, &[]);
    let judged = &m[5];
    assert_eq!(judged.baseline_runs, 3);
    assert!(close(judged.baseline_pct, 50.4));
    assert!(close(judged.shift_pts, 1.6));
    // 02-20 has three earlier runs in its window (01-01 is 50 days back):
    // median(40.0, 50.2, 51.0) = 50.2; shift 50.4 - 50.2 = 0.2.
    assert!(close(m[3].baseline_pct, 50.2));
    // 02-01 has only two earlier runs: no baseline.
    assert_eq!((m[2].baseline_runs, m[2].baseline_pct), (2, None));
}
