use super::*;
use crate::analyze::sample_speed::speed_of;
use crate::analyze::test_runs::simple;
use crate::model::Streams;

pub(crate) use crate::analyze::test_runs::sampled as run;

/// A run on `day` with `hard_min` minutes at 175 bpm and 10 easy minutes
/// at 140 bpm, at 3 m/s throughout.
pub(crate) fn hr_run(day: &str, hard_min: f64) -> LoggedRun {
    let hard = (hard_min * 60.0).round() as usize;
    run(
        day,
        day,
        &[(hard, Some(175.0), 3.0), (600, Some(140.0), 3.0)],
    )
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn threshold_from_config() {
    assert_eq!(threshold_hr(Some(172), Some(190)), Some(172.0));
    // 0.87 x 190 = 165.3
    assert!(close(threshold_hr(None, Some(190)), 165.3));
    assert_eq!(threshold_hr(None, None), None);
}

#[test]
fn heart_rate_minutes_at_or_above_threshold() {
    // 600 s at 175, 60 s exactly at 172 (counts: "at or above"), 60 s at
    // 171.9 and 600 s at 140: 660 s = 11 minutes.
    let r = run(
        "a",
        "2026-01-06",
        &[
            (600, Some(175.0), 3.0),
            (60, Some(172.0), 3.0),
            (60, Some(171.9), 3.0),
            (600, Some(140.0), 3.0),
        ],
    );
    let m = analyze(&[r], WeekStart::Monday, Some(172.0));
    assert_eq!(m.runs[0].basis, Some(IntensityBasis::HeartRate));
    assert!(close(m.runs[0].minutes, 11.0));
    assert_eq!(m.threshold_hr_bpm, Some(172.0));
}

#[test]
fn pace_fallback_from_the_previous_eight_weeks() {
    // Five earlier runs at constant 2.5, 2.6, 2.7, 2.8, 2.9 m/s, no heart
    // rate. Median 2.7, so the easy runs are 2.5, 2.6, 2.7; at constant
    // speed each run's 90th-percentile sample speed is its speed, and the
    // median of those is 2.6 m/s. The judged run: 300 s at 3.0 (faster)
    // and 900 s at 2.6 (not strictly faster): 5 minutes.
    let mut runs: Vec<LoggedRun> = [2.5, 2.6, 2.7, 2.8, 2.9]
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let day = format!("2026-01-{:02}", 10 + i);
            run(&day, &day, &[(600, None, v)])
        })
        .collect();
    runs.push(run(
        "judged",
        "2026-01-20",
        &[(300, None, 3.0), (900, None, 2.6)],
    ));
    let m = analyze(&runs, WeekStart::Monday, Some(170.0));
    let judged = &m.runs[5];
    assert!(close(judged.threshold_speed_mps, 2.6));
    assert_eq!(judged.basis, Some(IntensityBasis::Pace));
    assert!(close(judged.minutes, 5.0));
    // The fifth run has only four runs before it: no threshold, no basis.
    assert_eq!(m.runs[4].threshold_speed_mps, None);
    assert_eq!((m.runs[4].basis, m.runs[4].minutes), (None, None));
    // The week of 2026-01-12 had runs and none measured: unknown, not 0.
    assert_eq!(m.weeks[1].week_start.to_string(), "2026-01-12");
    assert_eq!(m.weeks[1].minutes, None);
}

#[test]
fn pace_window_is_fifty_six_days_own_day_excluded() {
    // Runs 57 days before (2026-01-04 to 2026-03-02) are out of the window;
    // 56 days before (2026-01-05) is in. Four in-window runs plus one on
    // the same day are not enough; adding the 56-day run makes five.
    let day = |d: &str, v: f64| run(d, d, &[(600, None, v)]);
    let mut runs = vec![
        day("2026-01-04", 2.0),
        day("2026-02-10", 2.5),
        day("2026-02-11", 2.5),
        day("2026-02-12", 2.5),
        day("2026-02-13", 2.5),
    ];
    let mut same_day = day("2026-03-02", 2.5);
    same_day.activity.id = "same-day".into();
    runs.push(same_day);
    runs.push(day("2026-03-02", 3.0));
    let m = analyze(&runs, WeekStart::Monday, None);
    assert_eq!(m.runs[6].threshold_speed_mps, None);
    runs.insert(1, day("2026-01-05", 2.5));
    let m = analyze(&runs, WeekStart::Monday, None);
    assert!(close(m.runs[7].threshold_speed_mps, 2.5));
    // 600 s at 3.0 > 2.5: 10 minutes.
    assert!(close(m.runs[7].minutes, 10.0));
}

#[test]
fn heart_rate_mostly_missing_falls_back_to_pace() {
    // 400 of 1201 samples with heart rate: under half, so pace is used;
    // without a pace threshold (no earlier runs) the run is unmeasured.
    let r = run(
        "a",
        "2026-01-06",
        &[(400, Some(180.0), 3.0), (800, None, 3.0)],
    );
    let m = analyze(&[r], WeekStart::Monday, Some(170.0));
    assert_eq!((m.runs[0].basis, m.runs[0].minutes), (None, None));
}

#[test]
fn weeks_against_three_before_and_runs_against_thirty_days() {
    // Weeks (Monday): 01-05: 30 min; 01-12: no run; 01-19: 30; 01-26: 30;
    // 02-02: 25.
    // Week 01-26: mean(30, 0, 30) = 20, 30 / 20 - 1 = +0.5.
    // Week 02-02: mean(0, 30, 30) = 20, 25 / 20 - 1 = +0.25.
    // Run 02-03: days 01-04..02-02 hold 30, 30, 30: 25 / 30 - 1 = -1/6.
    // Run 03-05: 30 days after 02-03 (Feb has 28 days): max 25.
    // Runs 03-06 (40 and 10 min): days 02-04..03-05 hold only 03-05's
    // 10 min; the other run on 03-06 is not compared with.
    let mut late = hr_run("2026-03-06", 10.0);
    late.activity.id = "late".into();
    let runs = vec![
        hr_run("2026-01-06", 30.0),
        hr_run("2026-01-20", 30.0),
        hr_run("2026-01-27", 30.0),
        hr_run("2026-02-03", 25.0),
        hr_run("2026-03-05", 10.0),
        hr_run("2026-03-06", 40.0),
        late,
    ];
    let m = analyze(&runs, WeekStart::Monday, Some(170.0));
    let week = |s: &str| m.weeks.iter().find(|w| w.week_start.to_string() == s);
    let w = week("2026-01-12").unwrap();
    assert_eq!((w.runs, w.minutes, w.history_days), (0, Some(0.0), 6));
    assert_eq!(week("2026-01-19").unwrap().prior_3wk_mean_min, None);
    let w = week("2026-01-26").unwrap();
    assert!(close(w.prior_3wk_mean_min, 20.0));
    assert!(close(w.change_vs_3wk_mean, 0.5));
    assert_eq!(w.heart_rate_runs, 1);
    let w = week("2026-02-02").unwrap();
    assert!(close(w.change_vs_3wk_mean, 0.25));
    assert_eq!(w.history_days, 27);
    let r = &m.runs[3];
    assert_eq!(r.history_days, 28);
    assert!(close(r.max_prev_30d_min, 30.0));
    assert!(close(r.change_vs_30d_max, 25.0 / 30.0 - 1.0));
    assert!(close(m.runs[4].max_prev_30d_min, 25.0));
    assert!(close(m.runs[5].max_prev_30d_min, 10.0));
    assert!(close(m.runs[5].change_vs_30d_max, 3.0));
    assert!(close(m.runs[6].max_prev_30d_min, 10.0));
    assert_eq!(m.runs[0].max_prev_30d_min, None);
}

#[test]
fn an_unmeasured_week_leaves_the_mean_unknown() {
    // Weeks 01-05, 01-12, 01-19 and 01-26; 01-12's only run has neither
    // heart rate nor speed.
    let mut blind = simple("2026-01-13", 10.0, 60.0);
    blind.activity.streams.time_s = (0..=3600).map(f64::from).collect();
    let runs = vec![
        hr_run("2026-01-06", 20.0),
        blind,
        hr_run("2026-01-20", 20.0),
        hr_run("2026-01-27", 20.0),
    ];
    let m = analyze(&runs, WeekStart::Monday, Some(170.0));
    assert_eq!(m.weeks[1].minutes, None);
    assert_eq!(m.weeks[3].prior_3wk_mean_min, None);
    assert_eq!(m.runs[1].basis, None);
}

#[test]
fn speed_from_distance_without_a_speed_stream() {
    // 3 m every second: 3 m/s from the second sample on (the first has no
    // time behind it); a recorded speed stream wins; neither gives None.
    let mut streams = Streams {
        time_s: (0..20).map(f64::from).collect(),
        distance_m: Some((0..20).map(|i| Some(3.0 * f64::from(i))).collect()),
        ..Streams::default()
    };
    let speed = speed_of(&streams).unwrap();
    assert_eq!(speed[0], None);
    assert!(speed[1..].iter().all(|v| close(*v, 3.0)));
    streams.speed_mps = Some(vec![Some(2.0); 20]);
    assert_eq!(speed_of(&streams).unwrap()[0], Some(2.0));
    streams.speed_mps = None;
    streams.distance_m = None;
    assert!(speed_of(&streams).is_none());
}
