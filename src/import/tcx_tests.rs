//! Tests of the TCX importer: inline documents for each case, then the
//! real-file corpus against its independent truth.

use super::*;
use crate::import::xml_corpus::{corpus_files, hostile_inputs, truth_time};
use crate::model::Pause;
use chrono::TimeZone;
use serde_json::Value;

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 5, 1, h, m, s).single().unwrap()
}

/// A trackpoint `i` seconds after 08:00 (shifted to the zone `zone` says),
/// ~3 m north per second, with `extra` inside.
fn tp(i: u32, zone: &str, extra: &str) -> String {
    let hour = 8 + zone
        .get(1..3)
        .and_then(|h| h.parse::<u32>().ok())
        .unwrap_or(0);
    let zone = if zone.is_empty() { "Z" } else { zone };
    format!(
        "<Trackpoint><Time>2020-05-01T{hour:02}:{:02}:{:02}{zone}</Time><Position><LatitudeDegrees>{:.6}</LatitudeDegrees>\
         <LongitudeDegrees>0</LongitudeDegrees></Position><AltitudeMeters>12</AltitudeMeters>{extra}</Trackpoint>",
        i / 60,
        i % 60,
        f64::from(i) * 0.000027
    )
}

fn activity(sport: &str, id: &str, laps: &str) -> String {
    format!("<Activity Sport=\"{sport}\"><Id>{id}</Id>{laps}<Creator><Name>Forerunner 945</Name></Creator></Activity>")
}

fn lap(start: &str, seconds: f64, metres: f64, extra: &str, points: &str) -> String {
    format!(
        "<Lap StartTime=\"{start}\"><TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters>\
         {extra}<Track>{points}</Track></Lap>"
    )
}

fn tcx(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><TrainingCenterDatabase \
         xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" \
         xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">{body}</TrainingCenterDatabase>"
    )
}

fn points(range: std::ops::Range<u32>, zone: &str, extra: &str) -> String {
    range.map(|i| tp(i, zone, extra)).collect()
}

#[test]
fn several_activities_also_in_multisport_sessions() {
    let run = activity(
        "Running",
        "2020-05-01T08:00:00Z",
        &lap(
            "2020-05-01T08:00:00Z",
            30.0,
            90.0,
            "",
            &points(0..30, "", ""),
        ),
    );
    let ride = activity(
        "Biking",
        "2020-05-01T08:01:00Z",
        &lap(
            "2020-05-01T08:01:00Z",
            20.0,
            300.0,
            "",
            &points(60..80, "", ""),
        ),
    );
    let other = activity(
        "Other",
        "2020-05-01T08:02:00Z",
        &lap(
            "2020-05-01T08:02:00Z",
            30.0,
            90.0,
            "",
            &points(120..150, "", ""),
        ),
    );
    let xml = tcx(&format!(
        "<Activities>{run}<MultiSportSession><Id>2020-05-01T07:00:00Z</Id><FirstSport>{ride}</FirstSport>\
         <NextSport>{other}</NextSport></MultiSportSession></Activities>"
    ));
    let list = decode(xml.as_bytes()).unwrap();
    let sports: Vec<_> = list
        .iter()
        .map(|a| (a.sport.clone(), a.sport_inferred, a.session_index))
        .collect();
    assert_eq!(
        sports,
        [
            (Sport::Running, false, Some(0)),
            (Sport::Cycling, false, Some(1)),
            (Sport::Running, true, Some(2)),
        ]
    );
    assert_eq!(list[1].start_utc, utc(8, 1, 0));
    assert_eq!(list[1].streams.len(), 20);
    assert_eq!(list[0].device.product.as_deref(), Some("Forerunner 945"));
    assert_eq!(list[0].summary.distance_m, Some(90.0));
}

#[test]
fn leading_spaces_and_offsets() {
    let body = activity(
        "Running",
        "2020-05-01T09:00:00.000+01:00",
        &lap(
            "2020-05-01T09:00:00.000+01:00",
            20.0,
            60.0,
            "",
            &points(0..20, "+01:00", ""),
        ),
    );
    let xml = format!(
        "   \n  {}",
        tcx(&format!("<Activities>{body}</Activities>"))
    );
    let a = decode(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.streams.time_s.first(), Some(&0.0));
    assert_eq!(a.streams.time_s.last(), Some(&19.0));
    let offset = a.utc_offset.unwrap();
    assert_eq!(
        (offset.seconds, offset.source),
        (3600, OffsetSource::FileTimestamp)
    );
}

#[test]
fn laps_summary_and_extensions_under_any_prefix() {
    let ext = "<HeartRateBpm><Value>150</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>3.0</ns3:Speed>\
               <ns3:RunCadence>86</ns3:RunCadence><ns3:Watts>280</ns3:Watts></ns3:TPX></Extensions>";
    let lap_extra = |hr: u32, cad: u32| {
        format!(
            "<AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>{}</Value>\
             </MaximumHeartRateBpm><Extensions><ns3:LX><ns3:AvgRunCadence>{cad}</ns3:AvgRunCadence></ns3:LX></Extensions>",
            hr + 10
        )
    };
    let laps = lap(
        "2020-05-01T08:00:00Z",
        30.0,
        100.0,
        &lap_extra(140, 84),
        &points(0..30, "", ext),
    ) + &lap(
        "2020-05-01T08:00:30Z",
        10.0,
        40.0,
        &lap_extra(160, 88),
        &points(30..40, "", ext),
    );
    let xml = tcx(&format!(
        "<Activities>{}</Activities>",
        activity("Running", "2020-05-01T08:00:00Z", &laps)
    ));
    let a = decode(xml.as_bytes()).unwrap().remove(0);
    let s = &a.summary;
    assert_eq!(
        (s.distance_m, s.timer_s, s.max_hr_bpm),
        (Some(140.0), Some(40.0), Some(170.0))
    );
    // Timer-weighted: (140 * 30 + 160 * 10) / 40 = 145; cadence (84 * 30 + 88 * 10) / 40 = 85 strides.
    assert_eq!(s.avg_hr_bpm, Some(145.0));
    assert_eq!(s.avg_cadence_spm, Some(170.0));
    assert_eq!(a.laps.len(), 2);
    assert_eq!(a.laps[1].start_utc, utc(8, 0, 30));
    assert_eq!(a.laps[1].avg_cadence_spm, Some(176.0));
    assert_eq!(a.cadence_convention, CadenceConvention::StridesDoubled);
    assert_eq!(a.streams.cadence_spm.as_ref().unwrap()[5], Some(172.0));
    assert_eq!(a.streams.speed_mps.as_ref().unwrap()[5], Some(3.0));
    assert_eq!(a.streams.power_w.as_ref().unwrap()[5], Some(280.0));
    assert_eq!(a.streams.heart_rate_bpm.as_ref().unwrap()[5], Some(150.0));
    // Lap 2 repeats no point, so no pause and 40 samples.
    assert_eq!((a.streams.len(), a.pauses.len()), (40, 0));
}

#[test]
fn missing_distances_come_from_positions() {
    let with = |i: u32, d: f64| tp(i, "", &format!("<DistanceMeters>{d}</DistanceMeters>"));
    let pts: String = (0..10)
        .map(|i| {
            if i % 3 == 0 {
                with(i, 42_000.0 + f64::from(i) * 3.0)
            } else {
                tp(i, "", "")
            }
        })
        .collect();
    let xml = tcx(&format!(
        "<Activities>{}</Activities>",
        activity(
            "Running",
            "2020-05-01T08:00:00Z",
            &lap("2020-05-01T08:00:00Z", 10.0, 27.0, "", &pts)
        )
    ));
    let a = decode(xml.as_bytes()).unwrap().remove(0);
    let d = a.streams.distance_m.unwrap();
    assert_eq!(d.len(), 10);
    assert!(d.iter().all(Option::is_some));
    assert!(d[0].unwrap().abs() < 0.01, "{d:?}");
    assert!((d[9].unwrap() - 27.0).abs() < 0.1, "{d:?}");
}

#[test]
fn id_rounded_to_the_minute_gives_way_to_the_lap_start() {
    let body = activity(
        "Running",
        "2020-05-01T08:00:00.000Z",
        &lap(
            "2020-05-01T08:00:23Z",
            7.0,
            20.0,
            "",
            &points(23..30, "", ""),
        ),
    );
    let a = decode(tcx(&format!("<Activities>{body}</Activities>")).as_bytes())
        .unwrap()
        .remove(0);
    assert_eq!(a.start_utc, utc(8, 0, 23));
    // A Suunto-style Id a few minutes before the first point is kept.
    let body = activity(
        "Running",
        "2020-05-01T08:00:00Z",
        &lap(
            "2020-05-01T08:00:00Z",
            7.0,
            20.0,
            "",
            &points(200..207, "", ""),
        ),
    );
    let a = decode(tcx(&format!("<Activities>{body}</Activities>")).as_bytes())
        .unwrap()
        .remove(0);
    assert_eq!(
        (a.start_utc, a.streams.time_s.first().copied()),
        (utc(8, 0, 0), Some(200.0))
    );
}

#[test]
fn pauses_account_for_elapsed_minus_timer() {
    // 10 s running, 90 s stopped, 10 s running, then a 20 s gap that was
    // recorded time (Suunto-style): elapsed 129 s, timer 39 s.
    let pts = points(0..10, "", "") + &points(100..110, "", "") + &points(130..140, "", "");
    let laps = lap("2020-05-01T08:00:00Z", 39.0, 90.0, "", &pts);
    let xml = tcx(&format!(
        "<Activities>{}</Activities>",
        activity("Running", "2020-05-01T08:00:00Z", &laps)
    ));
    let a = decode(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(
        a.pauses,
        vec![Pause {
            start_utc: utc(8, 0, 9),
            end_utc: utc(8, 1, 40)
        }]
    );
    // No stopped time at all: no pause, whatever the gaps.
    let laps = lap("2020-05-01T08:00:00Z", 139.0, 90.0, "", &pts);
    let xml = tcx(&format!(
        "<Activities>{}</Activities>",
        activity("Running", "2020-05-01T08:00:00Z", &laps)
    ));
    assert!(decode(xml.as_bytes()).unwrap().remove(0).pauses.is_empty());
}

#[test]
fn without_lap_timers_a_late_new_track_is_a_pause() {
    let laps = lap(
        "2020-05-01T08:00:00Z",
        10.0,
        30.0,
        "",
        &points(0..10, "", ""),
    )
    .replace("<TotalTimeSeconds>10</TotalTimeSeconds>", "")
    .replace(
        "</Track></Lap>",
        &format!("</Track><Track>{}</Track></Lap>", points(100..110, "", "")),
    );
    let xml = tcx(&format!(
        "<Activities>{}</Activities>",
        activity("Running", "2020-05-01T08:00:00Z", &laps)
    ));
    let a = decode(xml.as_bytes()).unwrap().remove(0);
    assert_eq!(
        a.pauses,
        vec![Pause {
            start_utc: utc(8, 0, 9),
            end_utc: utc(8, 1, 40)
        }]
    );
}

#[test]
fn errors() {
    assert_eq!(decode(b""), Err(ImportError::Empty));
    assert!(matches!(
        decode(b"<TrainingCenterDatabase><Activities></Courses>"),
        Err(ImportError::Xml { .. })
    ));
    assert!(matches!(
        decode(b"<gpx version=\"1.1\"></gpx>"),
        Err(ImportError::NotActivity(_))
    ));
    let course = tcx("<Courses><Course><Name>x</Name><Lap><TotalTimeSeconds>1</TotalTimeSeconds></Lap></Course></Courses>");
    assert!(matches!(
        decode(course.as_bytes()),
        Err(ImportError::NotActivity(_))
    ));
    let untimed = tcx("<Activities><Activity Sport=\"Running\"><Lap><Track><Trackpoint/></Track></Lap></Activity></Activities>");
    assert!(matches!(
        decode(untimed.as_bytes()),
        Err(ImportError::Invalid { format: "TCX", .. })
    ));
}

#[test]
fn never_panics_on_hostile_input() {
    let sample = tcx(&format!(
        "<Activities>{}</Activities>",
        activity(
            "Running",
            "2020-05-01T08:00:00Z",
            &lap(
                "2020-05-01T08:00:00Z",
                30.0,
                90.0,
                "",
                &points(0..30, "", "")
            )
        )
    ));
    let mut inputs = hostile_inputs(sample.as_bytes());
    if let Some((_, bytes, _)) = corpus_files("tcx")
        .into_iter()
        .find(|(p, _, _)| p.contains("missing-distances"))
    {
        inputs.extend(hostile_inputs(&bytes));
    }
    for input in inputs {
        for a in decode(&input).unwrap_or_default() {
            let s = &a.streams;
            assert!(s.time_s.iter().all(|t| t.is_finite() && *t >= 0.0));
            for (_, channel) in s.numeric_channels() {
                if let Some(values) = channel {
                    assert_eq!(values.len(), s.len());
                    assert!(values.iter().flatten().all(|v| v.is_finite()));
                }
            }
        }
    }
}

/// The start the truth implies: its `<Id>`, or the first lap's start where
/// Garmin Connect rounded the Id down to the minute.
fn expected_start(truth: &Value) -> Option<DateTime<Utc>> {
    let id = truth.get("id").and_then(truth_time)?;
    let lap = truth.pointer("/laps/0/start_time").and_then(truth_time);
    let whole_minute = id.timestamp() % 60 == 0 && id.timestamp_subsec_millis() == 0;
    Some(match lap {
        Some(lap) if whole_minute && (1..60_000).contains(&(lap - id).num_milliseconds()) => lap,
        _ => id,
    })
}

#[test]
fn corpus_against_truth() {
    let mut failures = Vec::new();
    println!(
        "{:<42} {:>2} {:>10} {:>10} {:>6}  {:<28} {:<9} {:>7} {:>7} {:>7}  pauses",
        "file", "#", "ours m", "truth m", "diff%", "start", "sport", "cad", "cad*", "truth"
    );
    for (path, bytes, truth) in corpus_files("tcx") {
        let ours = match decode(&bytes) {
            Ok(list) => list,
            Err(error) => {
                failures.push(format!("{path}: {error}"));
                continue;
            }
        };
        let expected = truth
            .get("activities")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if ours.len() != expected.len() {
            failures.push(format!(
                "{path}: {} activities, truth {}",
                ours.len(),
                expected.len()
            ));
        }
        for (i, (a, t)) in ours.iter().zip(&expected).enumerate() {
            let want = t.get("laps_total_distance_m").and_then(Value::as_f64);
            let diff = match (a.summary.distance_m, want) {
                (Some(o), Some(w)) if w > 0.0 => (o - w) / w * 100.0,
                _ => f64::NAN,
            };
            if diff.is_nan() || diff.abs() > 0.5 {
                failures.push(format!(
                    "{path}#{i}: distance {:?} vs {want:?}",
                    a.summary.distance_m
                ));
            }
            let want_sport = t
                .get("sport")
                .and_then(Value::as_str)
                .and_then(Sport::from_label)
                .map(|(s, _)| s);
            if want_sport.as_ref().is_some_and(|s| *s != a.sport) {
                failures.push(format!("{path}#{i}: sport {:?} vs {want_sport:?}", a.sport));
            }
            let start_ok = expected_start(t) == Some(a.start_utc);
            if !start_ok {
                failures.push(format!(
                    "{path}#{i}: start {} vs {:?}",
                    a.start_utc,
                    expected_start(t)
                ));
            }
            // Truth's cad_mean counts 0 samples (make_truth.py keeps any
            // text); ours stores them as None. Compare sums over the same
            // sample count, and show our non-zero mean too.
            let values: Vec<f64> = a
                .streams
                .cadence_spm
                .iter()
                .flatten()
                .flatten()
                .copied()
                .collect();
            let factor = if a.cadence_convention == CadenceConvention::StridesDoubled {
                2.0
            } else {
                1.0
            };
            let n_truth = t
                .get("n_trackpoints_with_cad")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let truth_cad = t
                .get("cad_mean")
                .and_then(Value::as_f64)
                .map(|c| c * factor);
            let ours_with_zeros = (n_truth > 0.0).then(|| values.iter().sum::<f64>() / n_truth);
            let ours_nonzero =
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            match (ours_with_zeros, truth_cad) {
                (Some(o), Some(w)) if (o - w).abs() <= 2.0 => {}
                (None, None) if values.is_empty() => {}
                (o, w) => failures.push(format!("{path}#{i}: cadence {o:?} vs truth {w:?}")),
            }
            let show = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
            println!(
                "{:<42} {:>2} {:>10.1} {:>10.1} {:>6.2}  {:<28} {:<9} {:>7} {:>7} {:>7}  {} ({:.0} s)",
                path,
                i,
                a.summary.distance_m.unwrap_or(f64::NAN),
                want.unwrap_or(f64::NAN),
                diff,
                format!("{}{}", a.start_utc.format("%Y-%m-%dT%H:%M:%S%.3f"), if start_ok { " ok" } else { " NO" }),
                a.sport.name(),
                show(ours_nonzero),
                show(ours_with_zeros),
                show(truth_cad),
                a.pauses.len(),
                a.pauses.iter().map(Pause::duration_s).sum::<f64>() + 0.0,
            );
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[path = "tcx_salvage_tests.rs"]
mod salvage;
