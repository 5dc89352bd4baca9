use super::*;
use crate::analyze::test_runs::{date, simple};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Runs of `minutes` on consecutive days from `first`; 0 minutes = rest.
fn days_from(first: &str, minutes: &[f64]) -> Vec<LoggedRun> {
    minutes
        .iter()
        .enumerate()
        .filter(|(_, m)| **m > 0.0)
        .map(|(i, m)| {
            let day = date(first) + chrono::Days::new(i as u64);
            simple(&day.to_string(), m / 6.0, *m)
        })
        .collect()
}

#[test]
fn no_runs_nothing_measured() {
    let r = analyze(&[], WeekStart::Monday);
    assert!(r.streaks.is_empty() && r.weeks.is_empty() && r.days.is_empty());
    assert_eq!((r.current_streak, r.strain_p90), (None, None));
}

#[test]
fn streak_across_a_week_boundary() {
    // Fri 03-20 .. Tue 03-24 (5 days, crossing Monday 03-23), rest Wed,
    // Thu 03-26: streaks of 5 and 1 days; the current one is the 1-day one.
    let runs = days_from("2026-03-20", &[30.0, 30.0, 30.0, 30.0, 30.0, 0.0, 30.0]);
    let r = analyze(&runs, WeekStart::Monday);
    assert_eq!(
        r.streaks,
        [
            Streak {
                first_day: date("2026-03-20"),
                last_day: date("2026-03-24"),
                days: 5
            },
            Streak {
                first_day: date("2026-03-26"),
                last_day: date("2026-03-26"),
                days: 1
            }
        ]
    );
    assert_eq!(r.current_streak.as_ref().map(|s| s.days), Some(1));
    // Analyzed to Sat 03-28: the last day is a rest day, no current streak.
    let daily = DailySeries::build(&runs, Some(date("2026-03-28")));
    assert_eq!(
        analyze_daily(&daily, WeekStart::Monday).current_streak,
        None
    );
}

#[test]
fn two_runs_one_day_are_one_streak_day() {
    let runs = [
        simple("2026-03-20", 5.0, 30.0),
        simple("2026-03-20", 3.0, 20.0),
    ];
    let r = analyze(&runs, WeekStart::Monday);
    assert_eq!(r.streaks.len(), 1);
    assert_eq!(r.streaks[0].days, 1);
    assert_eq!(r.days[0].date, date("2026-03-20"));
}

#[test]
fn rest_days_per_week_monday_and_sunday() {
    // Fri 03-20 run, Sat rest, Sun 03-22 run, Mon rest, Tue 03-24 run.
    // Monday weeks: 03-16 observed Fri-Sun (3 days, 1 rest: Sat; Mon-Thu
    // are before the log, unknown); 03-23 observed Mon-Tue (2 days, 1 rest).
    // Sunday weeks: 03-15 observed Fri-Sat (2 days, 1 rest); 03-22 observed
    // Sun-Tue (3 days, 1 rest: Mon).
    let runs = days_from("2026-03-20", &[30.0, 0.0, 30.0, 0.0, 30.0]);
    let monday = analyze(&runs, WeekStart::Monday);
    let got: Vec<(NaiveDate, u32, u32)> = monday
        .weeks
        .iter()
        .map(|w| (w.week_start, w.days_observed, w.rest_days))
        .collect();
    assert_eq!(
        got,
        [(date("2026-03-16"), 3, 1), (date("2026-03-23"), 2, 1)]
    );
    let sunday = analyze(&runs, WeekStart::Sunday);
    let got: Vec<(NaiveDate, u32, u32)> = sunday
        .weeks
        .iter()
        .map(|w| (w.week_start, w.days_observed, w.rest_days))
        .collect();
    assert_eq!(
        got,
        [(date("2026-03-15"), 2, 1), (date("2026-03-22"), 3, 1)]
    );
    // Partial weeks have no weekly monotony.
    assert!(monday
        .weeks
        .iter()
        .all(|w| w.monotony.is_none() && !w.sd_near_zero));
}

#[test]
fn monotony_by_hand() {
    // Loads 20, 0, 20, 0, 20, 0, 10 min from Mon 03-02 to Sun 03-08:
    // sum 70, mean 10; deviations +-10 six times and 0 once -> population
    // variance 600/7, SD sqrt(600/7); monotony 10 / sqrt(600/7) = sqrt(7/6)
    // = 1.0801...; strain 70 x sqrt(7/6) = 75.61.
    let runs = days_from("2026-03-02", &[20.0, 0.0, 20.0, 0.0, 20.0, 0.0, 10.0]);
    let r = analyze(&runs, WeekStart::Monday);
    let m = (7.0f64 / 6.0).sqrt();
    let last = &r.days[6];
    assert_eq!(last.load_7d, Some(70.0));
    assert!(close(last.monotony, m));
    assert!(close(last.strain, 70.0 * m));
    assert!(!last.sd_near_zero);
    // Days 0..5 have fewer than 7 days behind them.
    assert!(r.days[..6]
        .iter()
        .all(|d| d.monotony.is_none() && d.load_7d.is_none()));
    // The whole week 03-02 takes the rolling value of its Sunday.
    let week = &r.weeks[0];
    assert_eq!(
        (week.days_observed, week.rest_days, week.load),
        (7, 3, 70.0)
    );
    assert!(close(week.monotony, m));
    assert!(close(week.strain, 70.0 * m));
}

#[test]
fn identical_loads_flag_sd_near_zero() {
    // 30 min every day for 7 days: mean 30, SD 0 -> monotony undefined;
    // flagged so the rule can cap it, strain None with it.
    let runs = days_from("2026-03-02", &[30.0; 7]);
    let r = analyze(&runs, WeekStart::Monday);
    let last = &r.days[6];
    assert_eq!(
        (last.monotony, last.sd_near_zero, last.strain),
        (None, true, None)
    );
    assert_eq!(last.load_7d, Some(210.0));
    assert!(r.weeks[0].sd_near_zero && r.weeks[0].monotony.is_none());
    // A loaded day then six rest days: mean 30/7 > 0, SD > 0, so monotony
    // is measured: mean/SD = (30/7) / sqrt(((30-30/7)^2 + 6 (30/7)^2) / 7)
    // = 1/sqrt(6) = 0.408.
    let runs = [simple("2026-03-02", 5.0, 30.0)];
    let daily = DailySeries::build(&runs, Some(date("2026-03-08")));
    let r = analyze_daily(&daily, WeekStart::Monday);
    assert!(close(r.days[6].monotony, 1.0 / 6.0f64.sqrt()));
    // Seven rest days (day 7..13 after one run): no load, no monotony, and
    // no near-zero flag: resting is not monotonous training.
    let daily = DailySeries::build(&runs, Some(date("2026-03-15")));
    let r = analyze_daily(&daily, WeekStart::Monday);
    let empty = &r.days[13];
    assert_eq!(
        (empty.load_7d, empty.monotony, empty.sd_near_zero),
        (Some(0.0), None, false)
    );
}

#[test]
fn strain_percentile_needs_four_weeks() {
    // Week k (k = 1..4) repeats 20,0,20,0,20,0,10 min scaled by k: the same
    // monotony sqrt(7/6) every week (it is scale free), load 70k, strain
    // S k with S = 70 sqrt(7/6). p90 of S, 2S, 3S, 4S: rank 0.9 x 3 = 2.7
    // -> 3S + 0.7 (4S - 3S) = 3.7 S. With three weeks: None.
    let pattern = [20.0, 0.0, 20.0, 0.0, 20.0, 0.0, 10.0];
    let minutes: Vec<f64> = (1..=4)
        .flat_map(|k| pattern.map(|m| m * f64::from(k)))
        .collect();
    let s = 70.0 * (7.0f64 / 6.0).sqrt();
    let r = analyze(&days_from("2026-03-02", &minutes), WeekStart::Monday);
    let strains: Vec<Option<f64>> = r.weeks.iter().map(|w| w.strain).collect();
    for (k, strain) in strains.iter().enumerate() {
        assert!(close(*strain, s * (k + 1) as f64), "{strain:?}");
    }
    assert!(close(r.strain_p90, 3.7 * s));
    let r = analyze(&days_from("2026-03-02", &minutes[..21]), WeekStart::Monday);
    assert_eq!(r.weeks.len(), 3);
    assert_eq!(r.strain_p90, None);
}

#[test]
fn percentile_edges() {
    assert_eq!(percentile(vec![], 0.9), None);
    assert_eq!(percentile(vec![5.0], 0.9), Some(5.0));
    // Unsorted input: sorted 1, 2, 3, 4, 5; rank 0.5 x 4 = 2 -> 3.
    assert_eq!(percentile(vec![5.0, 1.0, 4.0, 2.0, 3.0], 0.5), Some(3.0));
}

#[test]
fn ten_years_of_daily_runs() {
    let minutes: Vec<f64> = (0..3653).map(|i| 30.0 + (i % 5) as f64 * 10.0).collect();
    let begun = std::time::Instant::now();
    let r = analyze(&days_from("2016-01-01", &minutes), WeekStart::Monday);
    assert_eq!(r.streaks.len(), 1);
    assert_eq!(r.current_streak.map(|s| s.days), Some(3653));
    assert!(r.strain_p90.is_some());
    assert!(begun.elapsed().as_secs_f64() < 2.0, "{:?}", begun.elapsed());
}
