//! Tests of the GPX importer: small inline documents for each case, then the
//! real-file corpus against its independent truth and the `gpx` crate.

use super::*;
use crate::import::xml_corpus::{corpus_files, hostile_inputs, manifest_says_running, truth_time};
use crate::model::CadenceConvention;
use chrono::TimeZone;
use std::collections::HashMap;

fn one(xml: &str) -> Activity {
    match decode(xml.as_bytes()) {
        Ok(mut activities) if activities.len() == 1 => activities.remove(0),
        other => panic!("expected one activity, got {other:?}"),
    }
}

fn utc(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 5, 1, h, m, s).single().unwrap()
}

/// A track point `i` seconds after 08:00, `i` times ~3 m north of the equator.
fn pt(i: u32, extra: &str) -> String {
    pt_at(i, f64::from(i) * 0.000027, extra)
}

/// A track point `i` seconds after 08:00 at this latitude.
fn pt_at(i: u32, lat: f64, extra: &str) -> String {
    format!(
        "<trkpt lat=\"{lat:.6}\" lon=\"0.0\"><ele>10</ele><time>2020-05-01T08:{:02}:{:02}Z</time>{extra}</trkpt>",
        i / 60,
        i % 60
    )
}

fn gpx11(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"Test - http://example.com\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\">{body}</gpx>"
    )
}

#[test]
fn any_namespace_prefix_is_read() {
    for (hr, cad) in [
        ("gpxtpx:hr", "gpxtpx:cad"),
        ("ns3:hr", "ns3:cad"),
        ("hr", "cadence"),
        ("heartrate", "RunCadence"),
    ] {
        let ext = format!(
            "<extensions><x:TrackPointExtension><{hr}>150</{hr}><{cad}>85</{cad}>\
             <power>250</power><ns3:atemp>21.5</ns3:atemp></x:TrackPointExtension></extensions>"
        );
        let points: String = (0..20).map(|i| pt(i, &ext)).collect();
        let a = one(&gpx11(&format!(
            "<trk><type>running</type><trkseg>{points}</trkseg></trk>"
        )));
        let s = &a.streams;
        assert_eq!(s.heart_rate_bpm.as_ref().unwrap()[3], Some(150.0), "{hr}");
        assert_eq!(s.cadence_spm.as_ref().unwrap()[3], Some(170.0), "{cad}");
        assert_eq!(s.power_w.as_ref().unwrap()[3], Some(250.0));
        assert_eq!(s.temperature_c.as_ref().unwrap()[3], Some(21.5));
        assert_eq!(a.cadence_convention, CadenceConvention::StridesDoubled);
        assert_eq!(a.device.product.as_deref(), Some("Test"));
    }
}

#[test]
fn gpx_10_with_speed_course_and_no_version() {
    let points: String = (0..10)
        .map(|i| {
            pt(
                i,
                "<course>12.5</course><speed>3.1</speed><magvar>1.0</magvar><sat>7</sat>",
            )
        })
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?><gpx creator=\"x\" xmlns=\"http://www.topografix.com/GPX/1/0\">\
         <time>2021-01-01T00:00:00Z</time><trk><name>Morning</name><trkseg>{points}</trkseg></trk></gpx>"
    );
    let a = one(&xml);
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.name.as_deref(), Some("Morning"));
    assert_eq!(a.streams.speed_mps.as_ref().unwrap()[5], Some(3.1));
    assert_eq!(a.streams.len(), 10);
}

#[test]
fn bom_and_leading_whitespace() {
    let points: String = (0..5).map(|i| pt(i, "")).collect();
    let xml = format!(
        "\u{feff}\n  {}",
        gpx11(&format!("<trk><trkseg>{points}</trkseg></trk>"))
    );
    assert_eq!(one(&xml).streams.len(), 5);
}

#[test]
fn segments_concatenate_and_gaps_become_pauses() {
    let first: String = (0..10).map(|i| pt(i, "")).collect();
    let second: String = (70..80).map(|i| pt(i, "")).collect();
    // The second track comes first in the file but later in time.
    let xml = gpx11(&format!(
        "<trk><trkseg>{second}</trkseg></trk><trk><trkseg>{first}</trkseg><trkseg></trkseg></trk>"
    ));
    let a = one(&xml);
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.streams.len(), 20);
    assert_eq!(
        a.pauses,
        vec![Pause {
            start_utc: utc(8, 0, 9),
            end_utc: utc(8, 1, 10)
        }]
    );
    // No distance is counted across the pause: 18 steps of ~3 m.
    let last = a
        .streams
        .distance_m
        .as_ref()
        .unwrap()
        .last()
        .copied()
        .flatten()
        .unwrap();
    let step = crate::model::haversine_m(
        LatLon {
            lat_deg: 0.0,
            lon_deg: 0.0,
        },
        LatLon {
            lat_deg: 0.000027,
            lon_deg: 0.0,
        },
    );
    assert!((last - 18.0 * step).abs() < 0.01, "{last}");
}

#[test]
fn backwards_time_and_spikes_are_dropped() {
    let mut points: Vec<String> = (0..30).map(|i| pt(i, "")).collect();
    // Runkeeper-style: the second point is a second before the first.
    points.insert(1, pt(0, "").replace("08:00:00", "07:59:59"));
    // A fix 1 km off for one second.
    points[15] = pt_at(14, 0.01, "");
    let a = one(&gpx11(&format!(
        "<trk><trkseg>{}</trkseg></trk>",
        points.concat()
    )));
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.streams.len(), 29);
    assert!(a.streams.time_s.windows(2).all(|w| w[0] <= w[1]));
    let last = a
        .streams
        .distance_m
        .as_ref()
        .unwrap()
        .last()
        .copied()
        .flatten()
        .unwrap();
    assert!(last < 100.0, "{last}");
}

#[test]
fn strava_numeric_types() {
    let points: String = (0..5).map(|i| pt(i, "")).collect();
    let run = one(&gpx11(&format!(
        "<trk><type>9</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!((run.sport, run.sport_inferred), (Sport::Running, false));
    let ride = one(&gpx11(&format!(
        "<trk><type>1</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!(ride.sport, Sport::Cycling);
    let trail = one(&gpx11(&format!(
        "<trk><type>trail_running</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!(
        (trail.sport, trail.sub_sport.as_deref()),
        (Sport::Running, Some("trail"))
    );
}

#[test]
fn a_bike_cadence_is_not_steps() {
    let points: String = (0..20)
        .map(|i| pt(i, "<extensions><cad>88</cad></extensions>"))
        .collect();
    let ride = one(&gpx11(&format!(
        "<trk><type>1</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!(ride.streams.cadence_spm, None);
    assert_eq!(ride.cadence_convention, CadenceConvention::None);
}

#[test]
fn no_sport_is_inferred() {
    // ~3 m/s for 10 minutes, no cadence.
    let points: String = (0..600).map(|i| pt(i, "")).collect();
    let a = one(&gpx11(&format!("<trk><trkseg>{points}</trkseg></trk>")));
    assert_eq!((a.sport, a.sport_inferred), (Sport::Running, true));
    // ~9 m/s: a ride, and its fast fixes are not glitches.
    let fast: String = (0..600)
        .map(|i| pt_at(i, f64::from(i) * 0.000081, ""))
        .collect();
    let ride = one(&gpx11(&format!("<trk><trkseg>{fast}</trkseg></trk>")));
    assert_eq!((ride.sport, ride.sport_inferred), (Sport::Cycling, true));
    assert_eq!(ride.streams.len(), 600);
}

#[test]
fn offsets_are_recorded() {
    let points: String = (0..5)
        .map(|i| pt(i, "").replace(&format!("08:00:0{i}Z"), &format!("10:00:0{i}.5+02:00")))
        .collect();
    let a = one(&gpx11(&format!("<trk><trkseg>{points}</trkseg></trk>")));
    assert_eq!(
        a.start_utc,
        utc(8, 0, 0) + chrono::Duration::milliseconds(500)
    );
    let offset = a.utc_offset.unwrap();
    assert_eq!(
        (offset.seconds, offset.source),
        (7200, OffsetSource::FileTimestamp)
    );
}

#[test]
fn zero_values_are_missing_not_zero() {
    let ext = "<extensions><hr>0</hr><cad>0</cad></extensions>";
    let points: String = (0..5).map(|i| pt(i, ext)).collect();
    let a = one(&gpx11(&format!(
        "<trk><type>run</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!(a.streams.heart_rate_bpm, None);
    assert_eq!(a.streams.cadence_spm, None);
    assert_eq!(a.cadence_convention, CadenceConvention::None);
    assert_eq!(a.summary.distance_m, None);
}

#[test]
fn errors() {
    assert_eq!(decode(b""), Err(ImportError::Empty));
    let bad = decode(b"<gpx><trk><trkseg></trk></gpx>");
    assert!(
        matches!(bad, Err(ImportError::Xml { position, .. }) if position > 0),
        "{bad:?}"
    );
    let other = decode(b"<?xml version=\"1.0\"?><kml><Document/></kml>");
    assert!(
        matches!(other, Err(ImportError::NotActivity(_))),
        "{other:?}"
    );
    let route =
        gpx11("<rte><rtept lat=\"1\" lon=\"2\"><time>2020-05-01T08:00:00Z</time></rtept></rte>");
    assert!(matches!(
        decode(route.as_bytes()),
        Err(ImportError::NotActivity(_))
    ));
    let untimed = gpx11(
        "<trk><trkseg><trkpt lat=\"1\" lon=\"2\"/><trkpt lat=\"1\" lon=\"2.1\"/></trkseg></trk>",
    );
    assert_eq!(
        decode(untimed.as_bytes()),
        Err(ImportError::Invalid {
            format: "GPX",
            message: "no timestamps (a route, not an activity)".into()
        })
    );
}

#[test]
fn truncated_files_keep_what_was_read() {
    let points: String = (0..50).map(|i| pt(i, "")).collect();
    let xml = gpx11(&format!("<trk><trkseg>{points}</trkseg></trk>"));
    let cut = xml.find("08:00:40").unwrap();
    let a = one(&xml[..cut]);
    assert_eq!(a.streams.len(), 40);
    assert!(a.salvaged.as_deref().unwrap().starts_with("truncated GPX"));
    let header_only = &xml[..60];
    assert!(matches!(
        decode(header_only.as_bytes()),
        Err(ImportError::Xml { .. })
    ));
}

#[test]
fn never_panics_on_hostile_input() {
    let sample = gpx11(
        &(0..40)
            .map(|i| pt(i, "<extensions><hr>140</hr></extensions>"))
            .collect::<String>(),
    );
    let mut inputs = hostile_inputs(sample.as_bytes());
    if let Some((_, bytes, _)) = corpus_files("gpx")
        .into_iter()
        .find(|(p, _, _)| p.contains("strava-export"))
    {
        inputs.extend(hostile_inputs(&bytes));
    }
    for input in inputs {
        if let Ok(activities) = decode(&input) {
            for a in activities {
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
}

#[test]
fn corpus_against_truth() {
    let files = corpus_files("gpx");
    let mut failures = Vec::new();
    println!(
        "{:<45} {:>10} {:>10} {:>6}  {:<27} {:<10} {:>6}  pauses",
        "file", "ours m", "truth m", "diff%", "start", "sport", "cad"
    );
    for (path, bytes, truth) in &files {
        let activity = match decode(bytes) {
            Ok(mut list) if list.len() == 1 => list.remove(0),
            other => {
                failures.push(format!("{path}: {other:?}"));
                continue;
            }
        };
        let ours = activity
            .streams
            .distance_m
            .as_ref()
            .and_then(|d| d.iter().rev().find_map(|v| *v));
        let want = truth.get("length_2d_m").and_then(|v| v.as_f64());
        let diff = match (ours, want) {
            (Some(o), Some(w)) if w > 0.0 => (o - w) / w * 100.0,
            _ => f64::NAN,
        };
        if diff.is_nan() || diff.abs() > 1.0 {
            failures.push(format!("{path}: length {ours:?} vs truth {want:?}"));
        }
        let start_ok = truth.get("first_time").and_then(truth_time) == Some(activity.start_utc);
        if !start_ok {
            failures.push(format!(
                "{path}: start {} vs {:?}",
                activity.start_utc,
                truth.get("first_time")
            ));
        }
        if manifest_says_running(path) && activity.sport != Sport::Running {
            failures.push(format!(
                "{path}: sport {:?}, the manifest says running",
                activity.sport
            ));
        }
        let cad = mean_cadence(&activity);
        println!(
            "{:<45} {:>10.1} {:>10.1} {:>6.2}  {:<27} {:<10} {:>6}  {} ({:.0} s)",
            path,
            ours.unwrap_or(f64::NAN),
            want.unwrap_or(f64::NAN),
            diff,
            format!(
                "{}{}",
                activity.start_utc.format("%Y-%m-%dT%H:%M:%S%.3f"),
                if start_ok { " ok" } else { " NO" }
            ),
            format!(
                "{}{}",
                activity.sport.name(),
                if activity.sport_inferred { "*" } else { "" }
            ),
            cad.map_or("-".into(), |c| format!("{c:.1}")),
            activity.pauses.len(),
            activity.pauses.iter().map(Pause::duration_s).sum::<f64>() + 0.0,
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn mean_cadence(activity: &Activity) -> Option<f64> {
    let values: Vec<f64> = activity
        .streams
        .cadence_spm
        .as_ref()?
        .iter()
        .flatten()
        .copied()
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Position and elevation of one of our samples.
type Sample = (Option<LatLon>, Option<f64>);

/// Geometry, elevation and times against the `gpx` crate, for the files it
/// can read: every oracle point must be among ours (up to the 1% our
/// backward-time and spike filters may drop), at the same place.
#[test]
fn corpus_against_gpx_crate() {
    for (path, bytes, _) in corpus_files("gpx") {
        let Ok(oracle) = gpx::read(bytes.as_slice()) else {
            println!("{path}: the gpx crate cannot read it");
            continue;
        };
        let Ok(mut list) = decode(&bytes) else {
            panic!("{path}: the gpx crate reads it, we do not");
        };
        let ours = list.remove(0);
        let s = &ours.streams;
        let positions = s.position.clone().unwrap_or_default();
        let elevations = s.elevation_m.clone().unwrap_or_default();
        let mut by_time: HashMap<i64, Vec<Sample>> = HashMap::new();
        for (i, t) in s.time_s.iter().enumerate() {
            let millis = ours.start_utc.timestamp_millis() + (t * 1000.0).round() as i64;
            let sample = (
                positions.get(i).copied().flatten(),
                elevations.get(i).copied().flatten(),
            );
            by_time.entry(millis).or_default().push(sample);
        }
        let (mut checked, mut missing) = (0, 0);
        for point in oracle
            .tracks
            .iter()
            .flat_map(|t| &t.segments)
            .flat_map(|s| &s.points)
        {
            let time = point.time.and_then(|t| t.format().ok());
            let Some(time) = time.and_then(|t| truth_time(&t.into())) else {
                continue;
            };
            checked += 1;
            let Some(samples) = by_time.get(&time.timestamp_millis()) else {
                missing += 1;
                continue;
            };
            let same = samples.iter().any(|(p, ele)| {
                p.is_some_and(|p| {
                    (p.lat_deg - point.point().y()).abs() < 1e-9
                        && (p.lon_deg - point.point().x()).abs() < 1e-9
                }) && *ele == point.elevation
            });
            assert!(
                same,
                "{path}: {samples:?} at {time}, the gpx crate says {point:?}"
            );
        }
        println!(
            "{path}: {checked} oracle points, {missing} not among our {}",
            s.len()
        );
        assert!(
            missing * 100 <= checked,
            "{path}: {missing} of {checked} points missing"
        );
    }
}

#[test]
fn a_corrupt_point_time_neither_sets_the_start_nor_cuts_the_track() {
    // 60 points a second apart; the first dated year 0001 and point 30
    // dated 2085. Both lie days from the median (08:00:30) and are
    // dropped; the other 58 remain, starting at 08:00:01.
    let points: String = (0..60)
        .map(|i| {
            let point = pt(i, "");
            match i {
                0 => point.replace("2020-05-01T08:00:00Z", "0001-01-01T00:00:00Z"),
                30 => point.replace("2020-05-01T08:00:30Z", "2085-01-01T00:00:00Z"),
                _ => point,
            }
        })
        .collect();
    let a = one(&gpx11(&format!(
        "<trk><type>running</type><trkseg>{points}</trkseg></trk>"
    )));
    assert_eq!(a.start_utc, utc(8, 0, 1));
    assert_eq!(a.streams.len(), 58);
    assert_eq!(a.streams.time_s.last(), Some(&58.0));
}

#[path = "gpx_salvage_tests.rs"]
mod salvage;
