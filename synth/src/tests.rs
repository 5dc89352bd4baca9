//! Round trips: what the writers produce must decode, with fitparser, the
//! `gpx` crate and quick-xml, to the numbers the generator made.

use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};
use geo::{Distance, Haversine, Point};

use super::*;

fn value<'a>(record: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    record
        .fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn num(record: &FitDataRecord, name: &str) -> Option<f64> {
    value(record, name).and_then(|v| v.clone().try_into().ok())
}

fn text(record: &FitDataRecord, name: &str) -> Option<String> {
    match value(record, name)? {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn of_kind(records: &[FitDataRecord], kind: MesgNum) -> Vec<&FitDataRecord> {
    records.iter().filter(|r| r.kind() == kind).collect()
}

fn decode(activity: &SyntheticActivity, options: &FitOptions) -> Vec<FitDataRecord> {
    let bytes = write_fit(activity, options);
    fitparser::from_bytes(&bytes).expect("valid FIT with valid CRCs")
}

#[test]
fn fit_round_trip_of_a_run() {
    let activity = fixtures::run_basic();
    let session = &activity.sessions[0];
    let records = decode(&activity, &FitOptions::default());

    let recs = of_kind(&records, MesgNum::Record);
    assert_eq!(recs.len(), session.samples.len());

    let first = &session.samples[0];
    let pos = first.position.expect("GPS run");
    let semi = 180.0 / 2f64.powi(31);
    let lat = num(recs[0], "position_lat").unwrap() * semi;
    let lon = num(recs[0], "position_long").unwrap() * semi;
    assert!((lat - pos.lat_deg).abs() < 1e-9, "{lat} vs {}", pos.lat_deg);
    assert!((lon - pos.lon_deg).abs() < 1e-9, "{lon} vs {}", pos.lon_deg);
    assert!((lat - 39.70).abs() < 0.05 && (lon + 104.966).abs() < 0.05);

    // Running cadence: strides/min plus 1/128 fractions; steps = 2 x that.
    for (rec, sample) in recs.iter().zip(&session.samples).skip(100).take(50) {
        let strides = num(rec, "cadence").unwrap() + num(rec, "fractional_cadence").unwrap();
        let expected = sample.cadence.unwrap();
        assert!(
            (2.0 * strides - expected).abs() < 1e-9,
            "{strides} vs {expected}"
        );
        assert!((150.0..195.0).contains(&expected), "{expected}");
    }

    let sessions = of_kind(&records, MesgNum::Session);
    assert_eq!(sessions.len(), 1);
    let s = sessions[0];
    let last_distance = num(recs[recs.len() - 1], "distance").unwrap();
    let total = num(s, "total_distance").unwrap();
    assert!((total - last_distance).abs() < 0.005);
    assert!((total - 3000.0).abs() < 0.005, "{total}");
    assert_eq!(text(s, "sport").as_deref(), Some("running"));
    let avg_strides =
        num(s, "avg_running_cadence").unwrap() + num(s, "avg_fractional_cadence").unwrap_or(0.0);
    let totals = session.totals().unwrap();
    assert!((2.0 * avg_strides - totals.avg_cadence.unwrap()).abs() < 0.02);
    assert!((num(s, "total_timer_time").unwrap() - totals.timer_s).abs() < 1e-6);
    assert_eq!(num(s, "total_elapsed_time").unwrap(), totals.timer_s + 30.0);

    let laps = of_kind(&records, MesgNum::Lap);
    assert_eq!(laps.len(), 3);
    let lap_sum: f64 = laps.iter().map(|l| num(l, "total_distance").unwrap()).sum();
    assert!((lap_sum - total).abs() < 0.05);

    // The pause shows as timer stop_all / start events.
    let events = of_kind(&records, MesgNum::Event);
    let types: Vec<String> = events
        .iter()
        .filter_map(|e| text(e, "event_type"))
        .collect();
    assert_eq!(types, ["start", "stop_all", "start", "stop_all"]);

    // local_timestamp carries the runner's offset; fitparser reads it in the
    // machine's zone, so compare wall-clock readings rather than instants.
    let act = of_kind(&records, MesgNum::Activity)[0];
    let Some(Value::Timestamp(local)) = value(act, "local_timestamp") else {
        panic!("no local_timestamp");
    };
    let end_utc = activity.time_at(activity.end_s());
    let expected_local = end_utc.naive_utc() + chrono::Duration::seconds(-7 * 3600);
    assert_eq!(local.naive_local(), expected_local);
    assert_eq!(num(act, "num_sessions"), Some(1.0));
}

#[test]
fn fit_multisport_has_two_sessions() {
    let activity = fixtures::multisport_bike_run();
    let records = decode(&activity, &FitOptions::default());
    let sessions = of_kind(&records, MesgNum::Session);
    let sports: Vec<_> = sessions.iter().filter_map(|s| text(s, "sport")).collect();
    assert_eq!(sports, ["cycling", "running"]);
    let act = of_kind(&records, MesgNum::Activity)[0];
    assert_eq!(num(act, "num_sessions"), Some(2.0));
    assert_eq!(text(act, "type").as_deref(), Some("auto_multi_sport"));
    let run_start = num(sessions[1], "start_time").unwrap();
    let bike_end = num(sessions[0], "timestamp").unwrap();
    assert_eq!(run_start - bike_end, 150.0);
    assert_eq!(
        of_kind(&records, MesgNum::Record).len(),
        activity.sample_count()
    );
}

#[test]
fn fit_treadmill_and_dynamics_channels() {
    let records = decode(&fixtures::treadmill(), &FitOptions::default());
    let recs = of_kind(&records, MesgNum::Record);
    assert!(recs.iter().all(|r| value(r, "position_lat").is_none()));
    let session = of_kind(&records, MesgNum::Session)[0];
    assert_eq!(text(session, "sub_sport").as_deref(), Some("treadmill"));

    let activity = fixtures::run_with_dynamics();
    let records = decode(&activity, &FitOptions::default());
    let rec = of_kind(&records, MesgNum::Record)[300];
    let sample = &activity.sessions[0].samples[300];
    let d = sample.dynamics.unwrap();
    assert_eq!(num(rec, "stance_time"), Some(d.stance_time_ms));
    assert_eq!(
        num(rec, "stance_time_balance"),
        Some(d.stance_time_balance_pct)
    );
    assert_eq!(
        num(rec, "vertical_oscillation"),
        Some(d.vertical_oscillation_mm)
    );
    assert_eq!(num(rec, "step_length"), Some(d.step_length_mm));
    assert_eq!(num(rec, "power"), sample.power_w.map(f64::from));
    assert_eq!(num(rec, "enhanced_altitude"), sample.altitude_m);
    assert_eq!(num(rec, "enhanced_speed"), Some(sample.speed_mps));
    // Step length agrees with speed and cadence.
    let implied = sample.speed_mps / (sample.cadence.unwrap() / 60.0) * 1000.0;
    assert!((implied - d.step_length_mm).abs() < 0.1);
}

#[test]
fn compressed_timestamps_decode_to_the_same_times() {
    let activity = fixtures::run_compressed();
    let times = |options| -> Vec<i64> {
        of_kind(&decode(&activity, &options), MesgNum::Record)
            .iter()
            .map(|r| num(r, "timestamp").unwrap() as i64)
            .collect()
    };
    let plain = times(FitOptions::default());
    let compressed = times(FitOptions {
        compressed_timestamps: true,
    });
    assert_eq!(plain.len(), activity.sample_count());
    assert_eq!(plain, compressed);
    let compact = write_fit(
        &activity,
        &FitOptions {
            compressed_timestamps: true,
        },
    );
    assert!(compact.len() < write_fit(&activity, &FitOptions::default()).len());
}

#[test]
fn crc_is_checked_and_truncation_is_detectable() {
    // CRC-16/ARC's standard check value: the writer's CRC is FIT's.
    assert_eq!(fit_encode::crc16(b"123456789"), 0xBB3D);
    let activity = fixtures::run_basic();
    let mut bytes = write_fit(&activity, &FitOptions::default());
    let data_size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    assert_eq!(bytes.len(), 14 + data_size + 2);
    assert_eq!(
        fit_encode::crc16(&bytes),
        0,
        "CRC over data and CRC is zero"
    );
    bytes[100] ^= 0x40;
    assert!(fitparser::from_bytes(&bytes).is_err());

    let cut = write_fit_truncated(&activity, &FitOptions::default(), 0.5);
    assert!(cut.len() < 14 + data_size);
    assert_eq!(&cut[8..12], b".FIT");
    let full = write_fit(&activity, &FitOptions::default());
    assert_eq!(&cut[..], &full[..cut.len()]);
}

fn parses_as_xml(doc: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return elements,
            Ok(quick_xml::events::Event::Start(_)) => elements += 1,
            Ok(_) => {}
            Err(e) => panic!("invalid XML at {}: {e}", reader.buffer_position()),
        }
    }
}

#[test]
fn gpx_is_valid_and_complete() {
    let activity = fixtures::run_basic();
    let doc = write_gpx(&activity, &GpxOptions::default());
    assert!(parses_as_xml(&doc) > 0);
    let gpx = gpx::read(doc.as_bytes()).expect("gpx crate reads it");
    assert_eq!(gpx.tracks.len(), 1);
    assert_eq!(gpx.tracks[0].type_.as_deref(), Some("running"));
    let points: usize = gpx.tracks[0].segments.iter().map(|s| s.points.len()).sum();
    assert_eq!(points, activity.sample_count());
    let first = &gpx.tracks[0].segments[0].points[0];
    let pos = activity.sessions[0].samples[0].position.unwrap();
    assert!((first.point().y() - pos.lat_deg).abs() < 1e-7);
    assert!(doc.contains("<gpxtpx:hr>") && doc.contains("<gpxtpx:cad>"));

    let split = write_gpx(
        &activity,
        &GpxOptions {
            split_segments_at_pauses: true,
            sport_type: GpxType::None,
            ..GpxOptions::default()
        },
    );
    let gpx = gpx::read(split.as_bytes()).expect("gpx crate reads it");
    assert_eq!(gpx.tracks[0].segments.len(), 2);
    assert_eq!(gpx.tracks[0].type_, None);
    let ride = write_gpx(
        &fixtures::ride(),
        &GpxOptions {
            sport_type: GpxType::Strava,
            ..GpxOptions::default()
        },
    );
    assert!(ride.contains("<type>1</type>"));
}

#[test]
fn tcx_is_valid_and_complete() {
    let activity = fixtures::run_basic();
    let doc = write_tcx(&activity, &TcxOptions::default());
    assert!(parses_as_xml(&doc) > 0);
    assert_eq!(doc.matches("<Trackpoint>").count(), activity.sample_count());
    assert_eq!(doc.matches("<Lap StartTime").count(), 3);
    // One track per stretch between pauses.
    assert_eq!(doc.matches("<Track>").count(), 4);
    assert!(doc.contains("<Activity Sport=\"Running\">"));
    assert!(doc.contains("<ns3:RunCadence>"));
    let last = activity.sessions[0].samples.last().unwrap();
    assert!(doc.contains(&format!(
        "<DistanceMeters>{:.2}</DistanceMeters>",
        last.distance_m
    )));
    let local = write_tcx(
        &activity,
        &TcxOptions {
            time_style: TimeStyle::LocalOffset,
            cadence: TcxCadence::CadenceElement,
            ..TcxOptions::default()
        },
    );
    assert!(local.contains("<Id>2026-03-03T06:30:00.000-07:00</Id>"));
    assert!(local.contains("<Cadence>") && !local.contains("RunCadence>"));
    assert_eq!(local.matches("<Cadence>").count(), activity.sample_count());
    let multi = write_tcx(&fixtures::multisport_bike_run(), &TcxOptions::default());
    assert!(parses_as_xml(&multi) > 0);
    assert_eq!(multi.matches("<Activity Sport=").count(), 2);
}

#[test]
fn generated_runs_are_plausible() {
    let activity = generate(&RunParams {
        target: Target::DistanceM(10_000.0),
        hilliness_m: 15.0,
        route: RouteShape::OutAndBack,
        seed: 99,
        ..RunParams::default()
    });
    let session = &activity.sessions[0];
    let t = session.totals().unwrap();
    assert_eq!(t.distance_m, 10_000.0);
    // Track length from positions matches the recorded distance.
    let track: f64 = session
        .samples
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].position.unwrap(), w[1].position.unwrap());
            Haversine.distance(
                Point::new(a.lon_deg, a.lat_deg),
                Point::new(b.lon_deg, b.lat_deg),
            )
        })
        .sum();
    assert!((track / t.distance_m - 1.0).abs() < 0.02, "track {track}");
    // Pace near plan; out and back climbs what it descends.
    let pace = t.timer_s / 10.0;
    assert!((pace / 330.0 - 1.0).abs() < 0.1, "pace {pace}");
    assert!(
        (t.ascent_m - t.descent_m).abs() < 0.15 * t.ascent_m,
        "{t:?}"
    );
    assert!(
        (100.0..300.0).contains(&t.ascent_m),
        "ascent {}",
        t.ascent_m
    );
    let hr = t.avg_hr_bpm.unwrap();
    assert!((125.0..165.0).contains(&hr), "hr {hr}");
    for pair in session.samples.windows(2) {
        assert!(pair[1].elapsed_s > pair[0].elapsed_s);
        assert!(pair[1].distance_m >= pair[0].distance_m);
    }
    let end = session.samples.last().unwrap().position.unwrap();
    let start = session.samples[0].position.unwrap();
    let gap = Haversine.distance(
        Point::new(start.lon_deg, start.lat_deg),
        Point::new(end.lon_deg, end.lat_deg),
    );
    assert!(gap < 20.0, "out and back ends {gap} m from the start");
}

#[test]
fn output_is_deterministic() {
    assert_eq!(fixtures::test_files(), fixtures::test_files());
    let a = generate(&RunParams::default());
    let b = generate(&RunParams::default());
    assert_eq!(
        write_fit(&a, &FitOptions::default()),
        write_fit(&b, &FitOptions::default())
    );
    let other = generate(&RunParams {
        seed: 2,
        ..RunParams::default()
    });
    assert_ne!(a, other);
}

#[test]
fn committed_fixtures_match_the_generator() {
    // The fixtures are the workspace's, one folder up from this crate.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    for file in fixtures::all_files().unwrap() {
        let on_disk = std::fs::read(root.join(&file.path)).unwrap_or_default();
        assert!(
            on_disk == file.bytes,
            "fixtures/{} is stale or edited by hand: rerun \
             `cargo run --example make_fixtures -- fixtures`",
            file.path
        );
    }
}

#[test]
fn degenerate_parameters_neither_hang_nor_panic() {
    for target in [
        Target::DistanceM(0.0),
        Target::DistanceM(f64::NAN),
        Target::DurationS(0),
    ] {
        let activity = generate(&RunParams {
            target,
            pace_s_per_km: 0.0,
            ..RunParams::default()
        });
        let bytes = write_fit(&activity, &FitOptions::default());
        assert!(fitparser::from_bytes(&bytes).is_ok());
        write_gpx(&activity, &GpxOptions::default());
        write_tcx(&activity, &TcxOptions::default());
    }
    let empty = multisport(&[], 60);
    assert!(fitparser::from_bytes(&write_fit(&empty, &FitOptions::default())).is_ok());
}
