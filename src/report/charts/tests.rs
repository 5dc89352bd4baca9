//! Every chart renders on edge data (one run, no heart rate, no elevation,
//! no cadence, ten years of runs, the demo export) into a PNG that decodes,
//! has the requested size and is not blank; a chart that lacks its data
//! says why in a sentence.

use std::time::Instant;

use super::chart::Chart;
use super::render::render;
use super::run::RunChart;
use super::tests_data::*;
use super::*;
use crate::rules::Tier;

fn render_into(athlete: &Athlete, size: ChartSize) -> (tempfile::TempDir, Vec<ChartOutcome>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let outcomes = render_all(&athlete.input(), dir.path(), size);
    assert_outcomes(dir.path(), &outcomes, size);
    (dir, outcomes)
}

/// The chart of one run, drawn whether or not a warning names it.
fn run_chart(athlete: &Athlete, index: usize, size: ChartSize) -> Result<(), String> {
    let run = &athlete.log.runs[index];
    let chart = RunChart::new(&run.activity.id, run.local_date);
    match render(&chart, &athlete.input(), size) {
        Ok(rendered) => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let path = dir.path().join("run.png");
            std::fs::write(&path, &rendered.png).expect("written");
            assert_chart_png(&path, size);
            Ok(())
        }
        Err(skip) => {
            assert_sentence(&skip.0);
            Err(skip.0)
        }
    }
}

/// The drawn charts among the six of the whole log: a chart added to the
/// table leaves these tests as they are.
fn drawn(outcomes: &[ChartOutcome]) -> Vec<&str> {
    outcomes
        .iter()
        .filter(|o| o.file().is_some())
        .map(ChartOutcome::key)
        .filter(|key| MAIN.contains(key))
        .collect()
}

fn run_charts(outcomes: &[ChartOutcome]) -> usize {
    outcomes
        .iter()
        .filter(|o| o.key().starts_with("run-"))
        .count()
}

#[test]
fn one_run() {
    let athlete = Athlete::from_activities(vec![generated(date("2026-03-03"), 8.0, 1, ALL)]);
    for size in [ChartSize::DEFAULT, "800x1000".parse().unwrap()] {
        let (_dir, outcomes) = render_into(&athlete, size);
        assert_eq!(
            drawn(&outcomes),
            [WEEKLY_DISTANCE, RUN_SPIKES, CADENCE, DOWNHILL, RECOVERY]
        );
        // No gear and no [[shoes]]: the reason names both.
        let ChartOutcome::NotDrawn { reason, .. } = outcome(&outcomes, SHOES) else {
            panic!("shoes drawn without shoes");
        };
        assert!(reason.contains("shoe"), "{reason}");
        assert_eq!(run_charts(&outcomes), 0, "no warning, no run chart");
        run_chart(&athlete, 0, size).expect("the run's own chart");
    }
}

#[test]
fn no_heart_rate() {
    let channels = Channels {
        heart_rate: false,
        ..ALL
    };
    let athlete = Athlete::from_activities(generated_series("2026-03-02", 8, channels));
    assert!(athlete
        .log
        .runs
        .iter()
        .all(|r| r.activity.streams.heart_rate_bpm.is_none()));
    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    for key in [WEEKLY_DISTANCE, RUN_SPIKES, CADENCE, DOWNHILL, RECOVERY] {
        assert!(is_drawn(&outcomes, key), "{key}");
    }
    run_chart(&athlete, 7, ChartSize::DEFAULT).expect("a run without heart rate");
}

#[test]
fn no_elevation() {
    let channels = Channels {
        elevation: false,
        ..ALL
    };
    let athlete = Athlete::from_activities(generated_series("2026-03-02", 6, channels));
    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    let ChartOutcome::NotDrawn { reason, .. } = outcome(&outcomes, DOWNHILL) else {
        panic!("downhill drawn without elevation");
    };
    assert!(reason.contains("elevation"), "{reason}");
    for key in [WEEKLY_DISTANCE, RUN_SPIKES, CADENCE, RECOVERY] {
        assert!(is_drawn(&outcomes, key), "{key}");
    }
    // Pace and cadence still make the run's chart.
    run_chart(&athlete, 0, ChartSize::DEFAULT).expect("pace and cadence only");
}

#[test]
fn no_cadence() {
    let channels = Channels {
        cadence: false,
        ..ALL
    };
    let athlete = Athlete::from_activities(generated_series("2026-03-02", 6, channels));
    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    let ChartOutcome::NotDrawn { reason, .. } = outcome(&outcomes, CADENCE) else {
        panic!("cadence drawn without cadence");
    };
    assert!(reason.contains("cadence"), "{reason}");
    for key in [WEEKLY_DISTANCE, RUN_SPIKES, DOWNHILL, RECOVERY] {
        assert!(is_drawn(&outcomes, key), "{key}");
    }
    run_chart(&athlete, 0, ChartSize::DEFAULT).expect("elevation and pace only");
}

#[test]
fn ten_years_of_runs() {
    let athlete = Athlete::from_runs(ten_years());
    assert!(athlete.log.runs.len() > 1500);
    let started = Instant::now();
    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    let took = started.elapsed();
    for key in [WEEKLY_DISTANCE, RUN_SPIKES, SHOES, RECOVERY] {
        assert!(is_drawn(&outcomes, key), "{key}");
    }
    // Summaries only: no cadence, no elevation, no samples in the runs the
    // spike rule names, and each says so.
    for key in [CADENCE, DOWNHILL] {
        assert!(!is_drawn(&outcomes, key), "{key}");
    }
    let runs: Vec<&ChartOutcome> = outcomes
        .iter()
        .filter(|o| o.key().starts_with("run-"))
        .collect();
    assert!(!runs.is_empty(), "the spikes name runs");
    assert!(runs.iter().all(|o| o.file().is_none()));
    // Drawing aggregates: ten years take about as long as one.
    eprintln!("ten years: {} charts in {took:?}", outcomes.len());
}

#[test]
fn empty_log_gives_sentences_not_frames() {
    let athlete = Athlete::from_runs(Vec::new());
    let (dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    for key in MAIN {
        assert!(!is_drawn(&outcomes, key), "{key}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn runs_without_distance_or_time() {
    use crate::analyze::test_runs::run;
    let runs = vec![
        run("a", "2026-03-02", None, Some(30.0)),
        run("b", "2026-03-04", None, None),
    ];
    let athlete = Athlete::from_runs(runs);
    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    // No km: nothing to draw as distance, but the days still count.
    assert!(!is_drawn(&outcomes, WEEKLY_DISTANCE));
    assert!(!is_drawn(&outcomes, RUN_SPIKES));
    assert!(is_drawn(&outcomes, RECOVERY));
}

#[test]
fn demo_export_end_to_end() {
    let athlete = crate::pipeline::analyze(&crate::pipeline::AnalyzeRequest {
        paths: vec![
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-export")
        ],
        ..Default::default()
    })
    .expect("the demo export analyzes");
    // The log keeps no samples: the run charts draw the runs read again.
    let sampled = athlete.runs_with_samples(&super::drawn_run_ids(&athlete.evaluation.warnings));
    assert_eq!(sampled.len(), 9, "the runs the demo's warnings name");
    assert!(athlete
        .log
        .runs
        .iter()
        .all(|r| r.activity.streams.is_empty()));
    let input = ChartInput::of(&athlete, &sampled);
    for size in [ChartSize::DEFAULT, "800x1000".parse().unwrap()] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let outcomes = render_all(&input, dir.path(), size);
        assert_outcomes(dir.path(), &outcomes, size);
        for key in MAIN {
            assert!(
                is_drawn(&outcomes, key),
                "{key}: {:?}",
                outcome(&outcomes, key)
            );
        }
        // A drawn chart for every warned run, and every warning links to a
        // drawn chart.
        for warning in &athlete.evaluation.warnings {
            if let Some(run) = run_chart_for_warning(warning) {
                assert!(is_drawn(&outcomes, &run), "{run}");
            }
            let shown = outcome_for_warning(&outcomes, warning).expect("a chart");
            assert!(shown.file().is_some(), "{}: {shown:?}", warning.rule);
        }
        let warned: std::collections::HashSet<&str> = athlete
            .evaluation
            .warnings
            .iter()
            .filter_map(|w| w.activity_id.as_deref())
            .collect();
        assert_eq!(run_charts(&outcomes), warned.len());
    }
}

#[test]
fn chart_size_parsing() {
    let size: ChartSize = "1600x900".parse().unwrap();
    assert_eq!((size.width(), size.height()), (1600, 900));
    assert_eq!(size, ChartSize::default());
    assert_eq!(
        " 800 X 1000 ".parse::<ChartSize>().unwrap().to_string(),
        "800x1000"
    );
    assert_eq!("1200×800".parse::<ChartSize>().unwrap().height(), 800);
    for bad in [
        "",
        "1600",
        "x900",
        "1600x",
        "16OOx900",
        "-1600x900",
        "1600x900x2",
    ] {
        let error = bad.parse::<ChartSize>().unwrap_err().to_string();
        assert!(error.contains("expected WIDTHxHEIGHT"), "{bad}: {error}");
    }
    for bad in ["319x900", "1600x8001", "99999999999x900"] {
        let error = bad.parse::<ChartSize>().unwrap_err().to_string();
        assert!(error.contains("out of range"), "{bad}: {error}");
    }
    assert!("8000x8000"
        .parse::<ChartSize>()
        .unwrap_err()
        .to_string()
        .contains("too large"));
    assert!(ChartSize::new(320, 320).is_ok());
}

#[test]
fn every_rule_links_to_a_chart() {
    let notice = |rule: &'static str, activity: Option<&str>| {
        warning(rule, Tier::Notice, date("2026-05-07"), activity)
    };
    let id = Some("20260507T133000Z-abc123");
    let run = run_chart_key(date("2026-05-07"), "20260507T133000Z-abc123");
    assert!(run.starts_with("run-2026-05-07-") && run.len() == "run-2026-05-07-".len() + 8);
    for (rule, activity, expected) in [
        ("session_distance_spike", id, RUN_SPIKES),
        ("weekly_distance_jump", None, WEEKLY_DISTANCE),
        ("acwr", None, WEEKLY_DISTANCE),
        ("intensity_spike", None, WEEKLY_DISTANCE),
        ("intensity_spike", id, run.as_str()),
        ("cadence_low_vs_baseline", id, CADENCE),
        ("cadence_low_absolute", id, CADENCE),
        ("form_fatigue_drift", id, run.as_str()),
        ("gct_balance_asymmetry", id, run.as_str()),
        ("descent_session_spike", id, DOWNHILL),
        ("descent_session_spike", None, DOWNHILL),
        ("steep_descent_exposure", id, run.as_str()),
        ("shoe_mileage", id, SHOES),
        ("shoe_rotation", None, SHOES),
        ("recovery_streak", None, RECOVERY),
        ("training_monotony", None, RECOVERY),
    ] {
        assert_eq!(
            chart_for_warning(&notice(rule, activity)),
            expected,
            "{rule}"
        );
    }
    // Every rule of the table has a chart.
    for rule in crate::rules::rules() {
        let key = chart_for_warning(&notice(rule.name, None));
        assert!(MAIN.contains(&key.as_str()), "{}", rule.name);
    }
}

#[test]
fn run_charts_are_capped_and_every_warning_keeps_a_chart() {
    use crate::analyze::test_runs::run;
    // 60 runs, each named by a warning: 15 highs, 30 warnings, 15
    // notices; one run also named by a cadence warning.
    let first = date("2026-01-05");
    let runs: Vec<_> = (0..60u64)
        .map(|i| {
            let day = (first + chrono::Days::new(i)).to_string();
            run(&format!("run-{i:02}"), &day, Some(8.0), Some(45.0))
        })
        .collect();
    let mut athlete = Athlete::from_runs(runs);
    let tier_of = |i: usize| match i % 4 {
        0 => Tier::High,
        1 | 2 => Tier::Warning,
        _ => Tier::Notice,
    };
    let mut warnings: Vec<Warning> = athlete
        .log
        .runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let rule = if i % 2 == 0 {
                "form_fatigue_drift"
            } else {
                "steep_descent_exposure"
            };
            warning(rule, tier_of(i), r.local_date, Some(&r.activity.id))
        })
        .collect();
    let low = &athlete.log.runs[2];
    warnings.push(warning(
        "cadence_low_absolute",
        Tier::Notice,
        low.local_date,
        Some(&low.activity.id),
    ));
    warnings.push(warning("acwr", Tier::High, date("2026-03-02"), None));
    athlete.warnings = warnings;

    let (_dir, outcomes) = render_into(&athlete, ChartSize::DEFAULT);
    let run_keys: Vec<&str> = outcomes
        .iter()
        .map(ChartOutcome::key)
        .filter(|k| k.starts_with("run-"))
        .collect();
    assert_eq!(run_keys.len(), MAX_RUN_CHARTS);
    // Oldest first, as before the cap.
    let mut sorted = run_keys.clone();
    sorted.sort();
    assert_eq!(run_keys, sorted);
    // Chosen: the 15 highs, then the 25 most recent of the 30 warnings
    // (all but runs 1, 2, 5, 6 and 9); no notice.
    let charted = |r: &crate::log::LoggedRun| {
        run_keys.contains(&run_chart_key(r.local_date, &r.activity.id).as_str())
    };
    let chosen: Vec<usize> = (0..60).filter(|&i| charted(&athlete.log.runs[i])).collect();
    let expected: Vec<usize> = (0..60)
        .filter(|i| i % 4 != 3 && ![1, 2, 5, 6, 9].contains(i))
        .collect();
    assert_eq!(chosen, expected);
    // Every warning's link resolves to an outcome: its run's chart when
    // drawn among the 40, else its rule's overview chart.
    for w in &athlete.warnings {
        let shown = outcome_for_warning(&outcomes, w)
            .unwrap_or_else(|| panic!("no chart for {} on {}", w.rule, w.date));
        let best = chart_for_warning(w);
        if outcomes
            .iter()
            .any(|o| o.key() == best && o.file().is_some())
        {
            assert_eq!(shown.key(), best);
        } else {
            assert!(
                [best.as_str(), overview_chart_for_warning(w).as_str()].contains(&shown.key()),
                "{}: {shown:?}",
                w.rule
            );
        }
        if let Some(run) = run_chart_for_warning(w) {
            if !run_keys.contains(&run.as_str()) {
                assert_eq!(shown.key(), overview_chart_for_warning(w), "{}", w.rule);
            }
        }
    }
}

#[test]
fn outcome_for_warning_prefers_a_drawn_chart() {
    let drawn = |key: &str| ChartOutcome::Drawn {
        key: key.into(),
        file: format!("{key}.png"),
        title: key.into(),
        about: None,
    };
    let not_drawn = |key: &str| ChartOutcome::NotDrawn {
        key: key.into(),
        title: key.into(),
        reason: "Not drawn for a reason of some kind.".into(),
    };
    let id = "20260507T133000Z-abc123";
    let run = run_chart_key(date("2026-05-07"), id);
    let w = warning(
        "steep_descent_exposure",
        Tier::Warning,
        date("2026-05-07"),
        Some(id),
    );
    assert_eq!(chart_for_warning(&w), run);
    assert_eq!(overview_chart_for_warning(&w), DOWNHILL);
    let key =
        |outcomes: &[ChartOutcome]| outcome_for_warning(outcomes, &w).map(|o| o.key().to_string());
    // The run's chart when drawn.
    assert_eq!(key(&[drawn(DOWNHILL), drawn(&run)]), Some(run.clone()));
    // Beyond the cap (no run chart) or not drawn: the overview.
    assert_eq!(key(&[drawn(DOWNHILL)]), Some(DOWNHILL.to_string()));
    assert_eq!(
        key(&[drawn(DOWNHILL), not_drawn(&run)]),
        Some(DOWNHILL.to_string())
    );
    // Neither drawn: the run's chart, which says why.
    assert_eq!(
        key(&[not_drawn(DOWNHILL), not_drawn(&run)]),
        Some(run.clone())
    );
    assert_eq!(key(&[not_drawn(DOWNHILL)]), Some(DOWNHILL.to_string()));
    assert_eq!(key(&[drawn(WEEKLY_DISTANCE)]), None);
}

#[test]
fn a_chart_that_fails_costs_itself_only() {
    struct Panics;
    impl Chart for Panics {
        fn key(&self) -> String {
            "panics".into()
        }
        fn title(&self) -> String {
            "Panics".into()
        }
        fn draw(
            &self,
            _: &ChartInput,
            _: &frame::Area,
            _: &frame::Frame,
        ) -> Result<String, frame::Skip> {
            panic!("a plotting library bug");
        }
    }
    let athlete = Athlete::from_runs(Vec::new());
    let skip = render(&Panics, &athlete.input(), ChartSize::DEFAULT)
        .err()
        .expect("not drawn");
    assert_sentence(&skip.0);
}

/// Writes the edge cases' charts under `/tmp/patella-charts/` to look at:
/// `cargo test --lib charts::tests::write_edge_cases -- --ignored`.
#[test]
#[ignore]
fn write_edge_cases() {
    let scenarios = [
        (
            "one-run",
            Athlete::from_activities(vec![generated(date("2026-03-03"), 8.0, 1, ALL)]),
        ),
        (
            "no-elevation",
            Athlete::from_activities(generated_series(
                "2026-03-02",
                6,
                Channels {
                    elevation: false,
                    ..ALL
                },
            )),
        ),
        ("ten-years", Athlete::from_runs(ten_years())),
    ];
    for (name, athlete) in scenarios {
        for size in [ChartSize::DEFAULT, "800x1000".parse().unwrap()] {
            let dir = std::path::Path::new("/tmp/patella-charts").join(format!("{name}-{size}"));
            std::fs::create_dir_all(&dir).expect("folder");
            for outcome in render_all(&athlete.input(), &dir, size) {
                eprintln!("{name} {size}: {outcome:?}");
            }
            for index in [0, athlete.log.runs.len() - 1] {
                let run = &athlete.log.runs[index];
                let chart = RunChart::new(&run.activity.id, run.local_date);
                if let Ok(rendered) = render(&chart, &athlete.input(), size) {
                    std::fs::write(dir.join(format!("{}.png", chart.key())), rendered.png)
                        .expect("written");
                }
            }
        }
    }
}
