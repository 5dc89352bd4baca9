//! Every chart renders on edge data (one run, no heart rate, no elevation,
//! no cadence, ten years of runs, the demo export) into a PNG that decodes,
//! has the requested size and is not blank; a chart that lacks its data
//! says why in a sentence.

use std::time::Instant;

use super::render::{render, Chart};
use super::run::RunChart;
use super::tests_data::*;
use super::*;
use crate::rules::{Confidence, Tier};

const MAIN: [&str; 6] = [
    WEEKLY_DISTANCE,
    RUN_SPIKES,
    CADENCE,
    DOWNHILL,
    SHOES,
    RECOVERY,
];

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

fn drawn(outcomes: &[ChartOutcome]) -> Vec<&str> {
    outcomes
        .iter()
        .filter(|o| o.file().is_some())
        .map(ChartOutcome::key)
        .collect()
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
        assert_eq!(outcomes.len(), 6, "no warning, no run chart");
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
    assert_eq!(outcomes.len(), MAIN.len());
    assert!(drawn(&outcomes).is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn runs_without_distance_or_time() {
    use crate::analyze::daily::testing::run;
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
    let input = ChartInput::of(&athlete);
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
        assert_eq!(outcomes.len(), MAIN.len() + warned.len());
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
    let warning = |rule: &'static str, activity: Option<&str>| Warning {
        rule,
        risk_factor: "",
        tier: Tier::Notice,
        conditions: &[],
        confidence: Confidence::Weak,
        evidence: "",
        date: date("2026-05-07"),
        week_start: date("2026-05-04"),
        activity_id: activity.map(String::from),
        value: None,
        threshold: None,
        message: String::new(),
        suggestion: String::new(),
        related_to: None,
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
            chart_for_warning(&warning(rule, activity)),
            expected,
            "{rule}"
        );
    }
    // Every rule of the table has a chart.
    for rule in crate::rules::RULES {
        let key = chart_for_warning(&warning(rule.name, None));
        assert!(MAIN.contains(&key.as_str()), "{}", rule.name);
    }
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
