//! The shaded stretches: the usual range of the cadence chart (percentiles
//! of the medians of the 8 weeks before each run) and, on a run the
//! late-drift rule warned about, the two stretches it compares.

use chrono::Days;

use super::cadence::{usual_range, Cadence, UsualRange};
use super::palette;
use super::render::render;
use super::run::RunChart;
use super::run_traces::{traces, x_at_time, Compared};
use super::tests_data::*;
use super::ChartSize;
use crate::analyze::cadence::RunCadence;
use crate::log::LoggedRun;
use crate::rules::Tier;

fn measured(id: &str, day: &str, median: Option<f64>) -> RunCadence {
    RunCadence {
        activity_id: id.into(),
        local_date: date(day),
        median_spm: median,
        p10_spm: None,
        p90_spm: None,
        speed_mps: Some(3.0),
        counted_s: 3600.0,
        residual_vs_line: None,
        line: None,
        late_drift: None,
        late_gct_drift: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn usual_range_is_the_percentiles_of_the_8_weeks_before() {
    // Five earlier runs of 160..168: p10 at rank 0.4 is 160.8, p90 at
    // rank 3.6 is 167.2 (linear interpolation), the median 164.
    let mut runs = vec![
        measured("a", "2026-04-01", Some(164.0)),
        measured("b", "2026-04-20", Some(160.0)),
        measured("c", "2026-05-02", Some(168.0)),
        measured("d", "2026-05-10", Some(162.0)),
        measured("e", "2026-05-26", Some(166.0)),
    ];
    let all: Vec<&RunCadence> = runs.iter().collect();
    let day = date("2026-05-27");
    let usual = usual_range(&all, day).expect("five runs make a range");
    assert!(close(usual.p10, 160.8), "{usual:?}");
    assert!(close(usual.median, 164.0), "{usual:?}");
    assert!(close(usual.p90, 167.2), "{usual:?}");
    assert_eq!(usual.runs, 5);
    // d-56 counts (2026-04-01 is 56 days before 2026-05-27); d-57 and the
    // day itself do not, nor runs without a median.
    runs.extend([
        measured("old", "2026-03-31", Some(120.0)),
        measured("same day", "2026-05-27", Some(200.0)),
        measured("no median", "2026-05-20", None),
        measured("nan", "2026-05-21", Some(f64::NAN)),
    ]);
    let all: Vec<&RunCadence> = runs.iter().collect();
    assert_eq!(usual_range(&all, day), Some(usual));
    // A day later the run of 2026-04-01 drops out of the five: four runs,
    // no range.
    assert_eq!(usual_range(&all[..5], day + Days::new(1)), None);
    // And before any run there is nothing.
    assert_eq!(usual_range(&all, date("2026-04-01")), None);
}

#[test]
fn usual_range_shades_the_cadence_chart_from_the_sixth_run() {
    let cadence_png = |count: u64| {
        let athlete = Athlete::from_activities(generated_series("2026-03-02", count, ALL));
        let rendered = render(&Cadence, &athlete.input(), ChartSize::DEFAULT)
            .unwrap_or_else(|skip| panic!("{}", skip.0));
        (athlete, rendered)
    };
    // Five runs: the fifth has four before it, so no range anywhere, and
    // no legend entry for it.
    let (_, five) = cadence_png(5);
    assert_eq!(pixels_of(&five.png, palette::BASELINE_BAND), 0);
    assert_eq!(pixels_of(&five.png, palette::BASELINE_MEDIAN), 0);
    // Eight runs: the sixth to the eighth have a range, drawn as one area
    // much larger than its legend key.
    let (athlete, eight) = cadence_png(8);
    let all: Vec<&RunCadence> = athlete.analysis.cadence.iter().collect();
    let ranges: Vec<Option<UsualRange>> = athlete
        .analysis
        .cadence
        .iter()
        .map(|r| usual_range(&all, r.local_date))
        .collect();
    assert!(ranges[..5].iter().all(Option::is_none), "{ranges:?}");
    assert!(ranges[5..].iter().all(Option::is_some), "{ranges:?}");
    assert!(pixels_of(&eight.png, palette::BASELINE_BAND) > 5_000);
    assert!(pixels_of(&eight.png, palette::BASELINE_MEDIAN) > 200);
    assert!(eight.about.contains("usual range"), "{}", eight.about);
}

/// An hour's steady running at 3 m/s and 170 steps/min after 5 minutes of
/// walking at 1.2 m/s, which the cadence analyzer does not count.
fn long_run_after_a_walk() -> LoggedRun {
    use crate::analyze::test_runs::sampled;
    let mut run = sampled(
        "2026-05-23-drift",
        "2026-05-23",
        &[(300, None, 1.2), (3600, None, 3.0)],
    );
    let streams = &mut run.activity.streams;
    let distance: Vec<Option<f64>> = streams
        .time_s
        .iter()
        .map(|&t| {
            Some(if t <= 300.0 {
                1.2 * t
            } else {
                360.0 + 3.0 * (t - 300.0)
            })
        })
        .collect();
    // Cadence slowly falling, as on a drifting run.
    let cadence: Vec<Option<f64>> = streams
        .time_s
        .iter()
        .map(|&t| Some(175.0 - 10.0 * t / 3900.0))
        .collect();
    streams.distance_m = Some(distance);
    streams.cadence_spm = Some(cadence);
    run.summary.distance_m = Some(11_160.0);
    run
}

#[test]
fn compared_stretches_are_the_analyzers_by_time_mapped_to_distance() {
    let run = long_run_after_a_walk();
    let t = traces(&run, 500);
    assert!(t.by_distance);
    // Counted running spans 300 s to 3900 s: minutes 10%-25% are 660 s
    // to 1200 s, the last 25% from 3000 s; at 360 m + 3 m/s after 300 s.
    let Some(Compared { early, late }) = t.compared else {
        panic!("no stretches");
    };
    for (got, want) in [
        (early.0, 1.44),
        (early.1, 3.06),
        (late.0, 8.46),
        (late.1, 11.16),
    ] {
        assert!((got - want).abs() < 1e-6, "{got} against {want}");
    }
    // The analyzer measured its drift on the same run (an hour or more of
    // counted running), so the rule could have warned about it.
    let cadence = crate::analyze::cadence::analyze(std::slice::from_ref(&run), &[None]);
    assert!(
        cadence[0].late_drift.is_some_and(|d| d < -0.03),
        "{cadence:?}"
    );
}

#[test]
fn x_at_time_interpolates_between_samples() {
    let known = [(0.0, 0.0), (10.0, 1.0), (20.0, 1.5)];
    assert_eq!(x_at_time(&known, 5.0), Some(0.5));
    assert_eq!(x_at_time(&known, 10.0), Some(1.0));
    assert_eq!(x_at_time(&known, 15.0), Some(1.25));
    // Outside the samples: the nearest end.
    assert_eq!(x_at_time(&known, -3.0), Some(0.0));
    assert_eq!(x_at_time(&known, 30.0), Some(1.5));
    assert_eq!(x_at_time(&[], 1.0), None);
}

#[test]
fn run_chart_shades_the_compared_stretches_only_when_the_rule_warned() {
    let run = long_run_after_a_walk();
    let (id, day) = (run.activity.id.clone(), run.local_date);
    let mut athlete = Athlete::from_runs(vec![run]);
    let chart = RunChart::new(&id, day);
    athlete.warnings.clear();
    let plain = render(&chart, &athlete.input(), ChartSize::DEFAULT).expect("drawn");
    assert_eq!(pixels_of(&plain.png, palette::COMPARED_EARLY), 0);
    assert_eq!(pixels_of(&plain.png, palette::COMPARED_LATE), 0);
    athlete.warnings = vec![warning("form_fatigue_drift", Tier::Warning, day, Some(&id))];
    for size in [ChartSize::DEFAULT, "800x1000".parse().unwrap()] {
        let warned = render(&chart, &athlete.input(), size).expect("drawn");
        // Shaded on pace and cadence: far more than the legend keys.
        let early = pixels_of(&warned.png, palette::COMPARED_EARLY);
        let late = pixels_of(&warned.png, palette::COMPARED_LATE);
        let total = (size.width() * size.height()) as usize;
        assert!(early * 50 > total && late * 50 > total, "{early} {late}");
        // The late stretch (25%) is wider than the early one (15%).
        assert!(late > early, "{early} {late}");
        assert!(warned.about.contains("late-drift rule"), "{}", warned.about);
    }
}
