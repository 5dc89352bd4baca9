use super::*;
use crate::analyze::test_runs::{run, sampled as hr_segments, simple};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn zone_weights_at_their_boundaries() {
    // Max 200: 99 bpm is 49.5% -> 0; 100 is 50% -> 1; 119 -> 1; 120 is
    // 60% -> 2; 179 -> 4; 180 is 90% -> 5; above the maximum stays 5.
    let weights: Vec<f64> = [99.0, 100.0, 119.0, 120.0, 179.0, 180.0, 215.0]
        .iter()
        .map(|hr| zone_weight(*hr, 200.0))
        .collect();
    assert_eq!(weights, [0.0, 1.0, 1.0, 2.0, 4.0, 5.0, 5.0]);
    assert_eq!(zone_weight(150.0, 0.0), 0.0, "no zone without a maximum");
    assert_eq!(zone_weight(f64::NAN, 200.0), 0.0);
}

#[test]
fn trimp_weights_each_minute_by_its_zone() {
    // Max 200. 300 s at 150 bpm (75% -> zone 3) and 300 s at 185 bpm
    // (92.5% -> zone 5): 5 min x 3 + 5 min x 5 = 40.
    let r = hr_segments(
        "a",
        "2026-03-02",
        &[(300, Some(150.0), 3.0), (300, Some(185.0), 3.0)],
    );
    assert!(close(edwards_trimp(&r.activity.streams, 200.0), 40.0));
}

#[test]
fn trimp_needs_heart_rate_on_half_the_samples() {
    // 200 of 601 samples with heart rate: a third, too few.
    let r = hr_segments(
        "a",
        "2026-03-02",
        &[(200, Some(150.0), 3.0), (400, None, 3.0)],
    );
    assert_eq!(edwards_trimp(&r.activity.streams, 200.0), None);
    // Without a heart-rate channel at all.
    assert_eq!(
        edwards_trimp(&simple("2026-03-02", 5.0, 30.0).activity.streams, 200.0),
        None
    );
}

#[test]
fn configured_max_wins_over_the_data() {
    let runs = [hr_segments("a", "2026-03-02", &[(60, Some(150.0), 3.0)])];
    assert_eq!(
        max_hr_of(&runs, Some(190)),
        Some(MaxHr {
            bpm: 190.0,
            source: MaxHrSource::Config
        })
    );
}

#[test]
fn observed_max_needs_five_runs_and_ignores_brief_spikes() {
    // Each run: 1000 s at 160 bpm, then 5 s at 220 (an optical spike,
    // 0.5% of the samples) and its closing sample. One run peaks at 180
    // for 100 s. 99th percentile per run: 160 (the spike is above it) and
    // 180 for the one run; the maximum of those is 180.
    let mut runs: Vec<_> = (0..4)
        .map(|i| {
            hr_segments(
                &format!("r{i}"),
                &format!("2026-03-0{}", i + 2),
                &[(1000, Some(160.0), 3.0), (5, Some(220.0), 3.0)],
            )
        })
        .collect();
    assert_eq!(max_hr_of(&runs, None), None, "four runs are too few");
    runs.push(hr_segments(
        "peak",
        "2026-03-07",
        &[(900, Some(160.0), 3.0), (100, Some(180.0), 3.0)],
    ));
    assert_eq!(
        max_hr_of(&runs, None),
        Some(MaxHr {
            bpm: 180.0,
            source: MaxHrSource::Observed
        })
    );
}

#[test]
fn loads_are_trimp_with_imputed_minutes_for_runs_without_heart_rate() {
    // Max 200 from the config. Two HR runs: 600 s at 150 (zone 3) -> 30
    // TRIMP in 10 min, and 600 s at 185 (zone 5) -> 50 in 10 min. Per
    // minute 3 and 5, median 4. A 20-min run without HR -> 80, imputed.
    // An untimed run stays None. Timed runs: 3, measured: 2 >= half.
    let runs = [
        hr_segments("easy", "2026-03-02", &[(600, Some(150.0), 3.0)]),
        hr_segments("hard", "2026-03-03", &[(600, Some(185.0), 3.0)]),
        run("nohr", "2026-03-04", Some(4.0), Some(20.0)),
        run("untimed", "2026-03-05", Some(4.0), None),
    ];
    let loads = training_loads(&runs, Some(200));
    assert_eq!(loads.basis, LoadBasis::Trimp);
    assert!(close(loads.loads[0], 30.0));
    assert!(close(loads.loads[1], 50.0));
    assert!(close(loads.loads[2], 80.0));
    assert_eq!(loads.loads[3], None);
    assert_eq!(loads.imputed, ["nohr"]);
}

#[test]
fn minutes_when_heart_rate_is_rare_or_no_max_is_known() {
    // One HR run of three timed ones: under half -> minutes.
    let runs = [
        hr_segments("hr", "2026-03-02", &[(600, Some(150.0), 3.0)]),
        simple("2026-03-03", 5.0, 30.0),
        simple("2026-03-04", 5.0, 25.0),
    ];
    let loads = training_loads(&runs, Some(200));
    assert_eq!(loads.basis, LoadBasis::Minutes);
    assert_eq!(loads.loads, [Some(10.0), Some(30.0), Some(25.0)]);
    assert_eq!(loads.max_hr, None);
    // HR on every run, but no configured max and fewer than five runs to
    // estimate one from -> minutes.
    let loads = training_loads(&runs[..1], None);
    assert_eq!(loads.basis, LoadBasis::Minutes);
}

#[test]
fn one_implausible_peak_does_not_switch_trimp_off() {
    // Five runs peaking at 160 and one whose sensor read 250 throughout:
    // 250 is outside 140..=230 and left out, the maximum is 160 from the
    // other five.
    let mut runs: Vec<_> = (0..5)
        .map(|i| {
            hr_segments(
                &format!("r{i}"),
                &format!("2026-03-0{}", i + 2),
                &[(1000, Some(160.0), 3.0)],
            )
        })
        .collect();
    runs.push(hr_segments(
        "glitch",
        "2026-03-08",
        &[(1000, Some(250.0), 3.0)],
    ));
    assert_eq!(
        max_hr_of(&runs, None),
        Some(MaxHr {
            bpm: 160.0,
            source: MaxHrSource::Observed
        })
    );
}
