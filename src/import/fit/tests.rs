//! The FIT importer against files written by the project's own encoder
//! (`patella_synth`): every decoded value is compared with the generator's
//! sample, which is the independent source here.

use super::decode;
use crate::model::{Activity, CadenceConvention, OffsetSource, Sport};
use patella_synth::{fixtures, SyntheticActivity};
use patella_synth::{write_fit, write_fit_truncated, FitOptions};

fn decode_ok(synthetic: &SyntheticActivity, options: &FitOptions) -> Vec<Activity> {
    decode(&write_fit(synthetic, options)).expect("generated FIT decodes")
}

fn plain() -> FitOptions {
    FitOptions {
        compressed_timestamps: false,
    }
}

#[test]
fn basic_run_matches_the_generator_sample_by_sample() {
    let synthetic = fixtures::run_basic();
    let decoded = decode_ok(&synthetic, &plain());
    assert_eq!(decoded.len(), 1);
    let run = &decoded[0];
    let session = &synthetic.sessions[0];
    assert_eq!(run.sport, Sport::Running);
    assert_eq!(run.start_utc, synthetic.start_utc);
    let offset = run
        .utc_offset
        .as_ref()
        .expect("offset from local_timestamp");
    assert_eq!(
        (offset.seconds, offset.source),
        (synthetic.utc_offset_s, OffsetSource::FitLocalTimestamp)
    );
    assert_eq!(run.streams.len(), session.samples.len());
    assert_eq!(run.cadence_convention, CadenceConvention::StridesDoubled);
    let cadence = run.streams.cadence_spm.as_ref().expect("cadence");
    let positions = run.streams.position.as_ref().expect("positions");
    let distance = run.streams.distance_m.as_ref().expect("distance");
    for (i, sample) in session.samples.iter().enumerate() {
        assert_eq!(
            run.streams.time_s[i],
            f64::from(sample.elapsed_s),
            "time {i}"
        );
        // The generator stores steps/min already rounded to what FIT holds
        // (whole strides + 1/128ths); doubling gives them back exactly.
        assert_eq!(cadence[i], sample.cadence, "cadence {i}");
        let (ours, theirs) = (positions[i].expect("fix"), sample.position.expect("fix"));
        assert!(
            (ours.lat_deg - theirs.lat_deg).abs() < 1e-6
                && (ours.lon_deg - theirs.lon_deg).abs() < 1e-6
        );
        assert!(
            (distance[i].unwrap_or(-1.0) - sample.distance_m).abs() < 0.01,
            "distance {i}"
        );
    }
    let totals = session.totals().expect("totals");
    assert_eq!(run.summary.distance_m, Some(totals.distance_m));
    assert_eq!(run.laps.len(), session.lap_spans().len());
    assert_eq!(run.pauses.len(), session.pauses.len());
    let pause = &session.pauses[0];
    assert_eq!(
        run.pauses[0].duration_s(),
        f64::from(pause.end_s - pause.start_s)
    );
    assert_eq!(run.salvaged, None);
}

#[test]
fn compressed_timestamps_give_the_same_times() {
    let synthetic = fixtures::run_compressed();
    let compressed = decode_ok(
        &synthetic,
        &FitOptions {
            compressed_timestamps: true,
        },
    );
    let expected: Vec<f64> = synthetic.sessions[0]
        .samples
        .iter()
        .map(|s| f64::from(s.elapsed_s))
        .collect();
    assert_eq!(compressed[0].streams.time_s, expected);
}

#[test]
fn running_dynamics_are_kept() {
    let synthetic = fixtures::run_with_dynamics();
    let run = &decode_ok(&synthetic, &plain())[0];
    let sample = &synthetic.sessions[0].samples[100];
    let dynamics = sample.dynamics.as_ref().expect("generator wrote dynamics");
    let at = |channel: &Option<Vec<Option<f64>>>| channel.as_ref().and_then(|c| c[100]);
    assert_eq!(
        at(&run.streams.stance_time_balance_pct),
        Some(dynamics.stance_time_balance_pct)
    );
    assert_eq!(
        at(&run.streams.stance_time_ms),
        Some(dynamics.stance_time_ms)
    );
    assert_eq!(
        at(&run.streams.vertical_oscillation_mm),
        Some(dynamics.vertical_oscillation_mm)
    );
    assert_eq!(
        at(&run.streams.step_length_mm),
        Some(dynamics.step_length_mm)
    );
    assert_eq!(at(&run.streams.power_w), sample.power_w.map(f64::from));
}

#[test]
fn multisport_file_gives_one_activity_per_session() {
    let synthetic = fixtures::multisport_bike_run();
    let decoded = decode_ok(&synthetic, &plain());
    let sports: Vec<&Sport> = decoded.iter().map(|a| &a.sport).collect();
    assert_eq!(sports, [&Sport::Cycling, &Sport::Running]);
    assert_eq!(decoded[0].session_index, Some(0));
    assert_eq!(decoded[1].session_index, Some(1));
    // A bike's rpm is not steps.
    assert_eq!(decoded[0].streams.cadence_spm, None);
    for (activity, session) in decoded.iter().zip(&synthetic.sessions) {
        assert_eq!(activity.streams.len(), session.samples.len());
        assert_eq!(activity.start_utc, synthetic.time_at(session.start_s()));
    }
}

#[test]
fn treadmill_run_has_no_positions() {
    let run = &decode_ok(&fixtures::treadmill(), &plain())[0];
    assert_eq!(run.streams.position, None);
    assert_eq!(run.sub_sport.as_deref(), Some("treadmill"));
    assert!(run.is_indoor());
}

#[test]
fn truncated_file_is_salvaged_with_what_came_before_the_cut() {
    let synthetic = fixtures::run_basic();
    let bytes = write_fit_truncated(&synthetic, &plain(), 0.5);
    let decoded = decode(&bytes).expect("half a run is worth keeping");
    let run = &decoded[0];
    let reason = run.salvaged.as_deref().expect("marked salvaged");
    assert!(reason.contains("header promises"), "{reason}");
    let all = synthetic.sessions[0].samples.len();
    assert!(
        run.streams.len() > all / 3 && run.streams.len() < all,
        "{} of {all}",
        run.streams.len()
    );
    assert_eq!(run.sport, Sport::Running);
    // Without a session message there is no device total.
    assert_eq!(run.summary.distance_m, None);
}

#[test]
fn a_cut_right_after_the_header_is_skipped_as_truncated() {
    let bytes = write_fit(&fixtures::run_basic(), &plain());
    let error = decode(&bytes[..40]).expect_err("nothing to keep");
    assert!(
        error.to_string().starts_with("truncated FIT file"),
        "{error}"
    );
}

/// No input may panic: prefixes cut at every length class and single-byte
/// corruptions all over the file end as activities or errors.
#[test]
fn mangled_files_never_panic() {
    let bytes = write_fit(&fixtures::run_with_dynamics(), &plain());
    for cut in (0..bytes.len()).step_by(211).chain(0..40) {
        let _ = decode(&bytes[..cut]);
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..120 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut mangled = bytes.clone();
        let at = (state % mangled.len() as u64) as usize;
        mangled[at] ^= (state >> 32) as u8 | 1;
        let _ = decode(&mangled);
    }
}
