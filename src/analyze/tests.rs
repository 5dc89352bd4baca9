//! The wiring of [`analyze_log`]: what one analyzer hands another.

use super::*;
use crate::analyze::elevation::tests::straight_run;
use crate::analyze::test_runs::simple;
use crate::model::ElevationSource;

#[test]
fn cadence_counts_only_the_flat_part_of_a_hilly_run() {
    // 2000 m at 3 m/s: flat for 600 m at 170 spm, then 10% downhill for
    // 1400 m at 180 spm (longer strides are not what the rule asks about:
    // it asks about flat running). Without the grade filter 70% of the
    // samples say 180 and the median would be 180; with it only samples
    // under 2% grade count, nearly all on the flat: median 170.
    let mut activity = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| {
        Some(if d < 600.0 {
            100.0
        } else {
            100.0 - 0.10 * (d - 600.0)
        })
    });
    let n = activity.streams.len();
    let flat_samples = 200; // 600 m / 3 m per sample
    activity.streams.speed_mps = Some(vec![Some(3.0); n]);
    activity.streams.cadence_spm = Some(
        (0..n)
            .map(|i| Some(if i < flat_samples { 170.0 } else { 180.0 }))
            .collect(),
    );
    let mut run = simple("2024-05-06", 2.0, n as f64 / 60.0);
    run.activity = activity;
    let log = TrainingLog {
        runs: vec![run],
        excluded: Vec::new(),
        duplicates: Vec::new(),
        timezone: "UTC".into(),
        export_shoes: Vec::new(),
    };
    let analysis = analyze_log(&log, &Config::default());
    let cadence = &analysis.cadence[0];
    assert_eq!(cadence.median_spm, Some(170.0));
    // The flat stretch minus its last ~30 m, where the smoothed grade
    // already reaches 2%: about 190 of its 200 samples.
    assert!(
        (170.0..=200.0).contains(&cadence.counted_s),
        "{}",
        cadence.counted_s
    );
}
