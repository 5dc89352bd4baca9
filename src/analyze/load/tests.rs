use super::*;
use crate::analyze::test_runs::{date, run, simple};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn no_runs_nothing_measured() {
    let load = analyze(&[], WeekStart::Monday);
    assert!(load.weeks.is_empty() && load.runs.is_empty() && load.days.is_empty());
}

#[test]
fn weeks_first_empty_and_changes() {
    // Monday weeks:
    //   w0 03-02: Mon 10 km/60 min (descent 100 m), Wed 5 km/30 min (no
    //             descent) -> 2 runs, 15 km, 5400 s, longest 10, descent 100
    //   w1 03-09: no runs -> 0 km, longest None, descent None
    //   w2 03-16: Mon 6 km/36 min
    //   w3 03-23: Mon 9 km/54 min, the last day analyzed (1 day observed)
    // change_vs_prev: w0 None (first), w1 0/15-1 = -100%, w2 None (prev
    // 0 km), w3 9/6-1 = +50%.
    // change_vs_3wk_mean: only w3 has 3 prior weeks: mean (15+0+6)/3 = 7,
    // 9/7-1 = +28.571428...%.
    let mut first = simple("2026-03-02", 10.0, 60.0);
    first.summary.descent_m = Some(100.0);
    let runs = [
        first,
        simple("2026-03-04", 5.0, 30.0),
        simple("2026-03-16", 6.0, 36.0),
        simple("2026-03-23", 9.0, 54.0),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    let starts: Vec<NaiveDate> = load.weeks.iter().map(|w| w.week_start).collect();
    assert_eq!(
        starts,
        [
            date("2026-03-02"),
            date("2026-03-09"),
            date("2026-03-16"),
            date("2026-03-23")
        ]
    );
    let [w0, w1, w2, w3] = &load.weeks[..] else {
        panic!("four weeks")
    };
    assert_eq!((w0.runs, w0.distance_km, w0.moving_s), (2, 15.0, 5400.0));
    assert_eq!((w0.longest_run_km, w0.descent_m), (Some(10.0), Some(100.0)));
    assert_eq!(
        (w0.change_vs_prev_pct, w0.change_vs_3wk_mean_pct),
        (None, None)
    );
    assert_eq!((w1.runs, w1.distance_km, w1.moving_s), (0, 0.0, 0.0));
    assert_eq!((w1.longest_run_km, w1.descent_m), (None, None));
    assert!(close(w1.change_vs_prev_pct, -100.0));
    assert_eq!(w2.change_vs_prev_pct, None);
    assert_eq!(w2.change_vs_3wk_mean_pct, None);
    assert!(close(w3.change_vs_prev_pct, 50.0));
    assert!(close(w3.change_vs_3wk_mean_pct, 100.0 * (9.0 / 7.0 - 1.0)));
    assert_eq!((w0.days_observed, w3.days_observed), (7, 1));
    // 22 days of history: no ACWR anywhere yet.
    assert!(load
        .weeks
        .iter()
        .all(|w| w.acwr.is_none() && w.acwr_ewma.is_none()));
}

#[test]
fn sunday_weeks() {
    // Sat 03-21 (5 km) and Sun 03-22 (7 km): one Monday week (03-16,
    // 12 km), but two Sunday weeks (03-15: 5 km; 03-22: 7 km, +40%).
    let runs = [
        simple("2026-03-21", 5.0, 30.0),
        simple("2026-03-22", 7.0, 40.0),
    ];
    let monday = analyze(&runs, WeekStart::Monday);
    assert_eq!(monday.weeks.len(), 1);
    assert_eq!(monday.weeks[0].week_start, date("2026-03-16"));
    assert_eq!(monday.weeks[0].distance_km, 12.0);
    let sunday = analyze(&runs, WeekStart::Sunday);
    assert_eq!(sunday.week_start, WeekStart::Sunday);
    let km: Vec<(NaiveDate, f64)> = sunday
        .weeks
        .iter()
        .map(|w| (w.week_start, w.distance_km))
        .collect();
    assert_eq!(km, [(date("2026-03-15"), 5.0), (date("2026-03-22"), 7.0)]);
    assert!(close(sunday.weeks[1].change_vs_prev_pct, 40.0));
}

#[test]
fn two_runs_one_day_compare_with_previous_days_only() {
    // 03-01: 8 km. 03-10: 5 km then 12 km. Window for 03-10 is 02-08..03-09:
    // longest 8 km. 5/8-1 = -0.375; 12/8-1 = +0.5 (not 12/5-1: the 5 km
    // run the same day is outside the window). The first run has no window
    // run and no history.
    let runs = [
        run("a", "2026-03-01", Some(8.0), Some(48.0)),
        run("b", "2026-03-10", Some(5.0), Some(30.0)),
        run("c", "2026-03-10", Some(12.0), Some(70.0)),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    let [a, b, c] = &load.runs[..] else {
        panic!("three runs")
    };
    assert_eq!(
        (a.longest_prev_30d_km, a.spike_ratio, a.history_days),
        (None, None, 0)
    );
    assert_eq!(b.longest_prev_30d_km, Some(8.0));
    assert!(close(b.spike_ratio, -0.375));
    assert!(close(c.spike_ratio, 0.5));
    // 03-01 to 03-09: 9 days of history before 03-10.
    assert_eq!((b.history_days, c.history_days), (9, 9));
    assert_eq!(c.activity_id, "c");
}

#[test]
fn spike_window_is_days_minus_30_to_minus_1() {
    // 01-01: 20 km. 01-31 is 30 days later: 01-01 is in its window
    // (01-01..01-30) -> 5/20-1 = -0.75. 02-01 is 31 days later: its window
    // 01-02..01-31 holds only the 5 km run -> 5/5-1 = 0. 03-04 is 31 days
    // after 02-01: window 02-02..03-03 is empty -> None.
    let runs = [
        simple("2026-01-01", 20.0, 120.0),
        simple("2026-01-31", 5.0, 30.0),
        simple("2026-02-01", 5.0, 30.0),
        simple("2026-03-04", 6.0, 36.0),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    let ratios: Vec<Option<f64>> = load.runs.iter().map(|r| r.spike_ratio).collect();
    assert!(close(ratios[1], -0.75));
    assert!(close(ratios[2], 0.0));
    assert_eq!(load.runs[2].longest_prev_30d_km, Some(5.0));
    assert_eq!(ratios[3], None);
    // 01-01 to 03-03: 31 + 28 + 3 = 62 days of history.
    assert_eq!(load.runs[3].history_days, 62);
}

#[test]
fn runs_without_distance_neither_spike_nor_count_as_longest() {
    // Mon 03-02 has no distance: the Tue 03-03 run has no known
    // predecessor. Both count as runs of the week of 03-02.
    let runs = [
        run("x", "2026-03-02", None, Some(30.0)),
        run("y", "2026-03-03", Some(5.0), Some(30.0)),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    assert_eq!(load.runs[0].distance_km, None);
    assert_eq!(load.runs[0].spike_ratio, None);
    assert_eq!(load.runs[1].longest_prev_30d_km, None);
    assert_eq!(load.weeks[0].runs, 2);
    assert_eq!(load.weeks[0].longest_run_km, Some(5.0));
}

#[test]
fn acwr_needs_exactly_28_days() {
    // Days 0..27 from Mon 2026-02-02 (day 27 = Sun 03-01).
    // Chronic window at day 27 is days 0..20: 7 km on days 0, 7, 14 ->
    // 21 km / 21 days = 1 km/day. Acute window is days 21..27: 14 km on day
    // 21 and 7 km on day 27 -> 21 km / 7 days = 3 km/day. ACWR = 3.0.
    // Day 26 has only 27 days of history: None.
    let runs = [
        simple("2026-02-02", 7.0, 42.0),
        simple("2026-02-09", 7.0, 42.0),
        simple("2026-02-16", 7.0, 42.0),
        simple("2026-02-23", 14.0, 84.0),
        simple("2026-03-01", 7.0, 42.0),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    assert_eq!(load.days.len(), 28);
    assert_eq!(load.days[26].acwr, None);
    assert_eq!(load.days[26].acwr_ewma, None);
    assert!(close(load.days[27].acwr, 3.0));
    assert!(load.days[27].acwr_ewma.is_some());
    // The week ending Sunday 03-01 reports the ratio of that day.
    let last = load.weeks.last().unwrap();
    assert_eq!(last.week_start, date("2026-02-23"));
    assert!(close(last.acwr, 3.0));
    assert_eq!(load.weeks[2].acwr, None);
}

#[test]
fn ewma_by_hand() {
    // 5 km every day for 28 days: both EWMAs stay at the 5 km seed, ratio
    // 1; the uncoupled ratio is (35/7) / (105/21) = 1 too.
    let steady: Vec<LoggedRun> = (0..28)
        .map(|i| {
            let day = date("2026-01-01") + chrono::Days::new(i);
            simple(&day.to_string(), 5.0, 30.0)
        })
        .collect();
    let load = analyze(&steady, WeekStart::Monday);
    assert!(close(load.days[27].acwr_ewma, 1.0));
    assert!(close(load.days[27].acwr, 1.0));
    // 10 km on day 0, then rest to day 27 (an end date): each day keeps
    // (1 - lambda) of the last, so acute = 10 (3/4)^27 and chronic =
    // 10 (27/29)^27, ratio (3/4 / (27/29))^27 = (87/108)^27 ~ 0.00291.
    // Uncoupled: acute 0 km / (10 km / 21 days) = 0, a measured 0.
    let runs = [simple("2026-01-01", 10.0, 60.0)];
    let daily = DailySeries::build(&runs, Some(date("2026-01-28")));
    let load = analyze_daily(&runs, &daily, WeekStart::Monday);
    let expected = (87.0f64 / 108.0).powi(27);
    let got = load.days[27].acwr_ewma.unwrap();
    assert!((got / expected - 1.0).abs() < 1e-9, "{got} vs {expected}");
    assert_eq!(load.days[27].acwr, Some(0.0));
}

#[test]
fn acwr_none_without_chronic_km() {
    // A run on day 0 and day 40: at day 40 the chronic window (days 13..33)
    // holds no km, so the uncoupled ratio has no denominator.
    let runs = [
        simple("2026-01-01", 10.0, 60.0),
        simple("2026-02-10", 8.0, 50.0),
    ];
    let load = analyze(&runs, WeekStart::Monday);
    assert_eq!(load.days.len(), 41);
    assert_eq!(load.days[40].acwr, None);
    // Day 27 still sees day 0 in its chronic window: 0 km acute -> 0.
    assert_eq!(load.days[27].acwr, Some(0.0));
}

#[test]
fn ten_years_of_daily_runs_is_linear() {
    // 3653 days with two runs each: any quadratic step would take seconds
    // here even in a debug build.
    let start = date("2016-01-01");
    let runs: Vec<LoggedRun> = (0..3653u64)
        .flat_map(|i| {
            let day = (start + chrono::Days::new(i)).to_string();
            let km = 5.0 + (i % 7) as f64;
            [simple(&day, km, km * 6.0), simple(&day, 3.0, 18.0)]
        })
        .collect();
    let begun = std::time::Instant::now();
    let load = analyze(&runs, WeekStart::Monday);
    assert_eq!(load.days.len(), 3653);
    assert_eq!(load.runs.len(), 7306);
    assert!(load.weeks.len() >= 522);
    // The 7-day cycle repeats: the longest run in any 30-day window is 11 km.
    assert_eq!(load.runs.last().unwrap().longest_prev_30d_km, Some(11.0));
    assert!(begun.elapsed().as_secs_f64() < 2.0, "{:?}", begun.elapsed());
}
