use super::*;
use crate::model::{Format, Sport};

/// Metres per degree of latitude on geo's haversine sphere (radius
/// 6371008.8 m): 6371008.8 * pi / 180.
const M_PER_DEG: f64 = 111_195.08;

/// A straight run north along a meridian at `speed_mps`, one sample per
/// second, with elevation `elevation(distance)` (None for no reading).
pub(crate) fn straight_run(
    length_m: f64,
    speed_mps: f64,
    source: ElevationSource,
    elevation: impl Fn(f64) -> Option<f64>,
) -> Activity {
    let start = "2024-05-06T07:00:00Z".parse().unwrap();
    let mut a = Activity::new(Format::Fit, Sport::Running, start);
    a.id = "straight".into();
    let samples = (length_m / speed_mps).floor() as usize + 1;
    let d: Vec<f64> = (0..samples).map(|i| i as f64 * speed_mps).collect();
    a.streams.time_s = (0..samples).map(|i| i as f64).collect();
    a.streams.position = Some(
        d.iter()
            .map(|&d| {
                Some(LatLon {
                    lat_deg: 45.0 + d / M_PER_DEG,
                    lon_deg: 7.0,
                })
            })
            .collect(),
    );
    a.streams.elevation_m = Some(d.iter().map(|&d| elevation(d)).collect());
    a.elevation_source = Some(source);
    a
}

/// The test course: flat 100 m up to 400 m; 400-900 m at -12% (60 m
/// down to 40); flat to 1100; 1100-1350 at +20% (50 m up to 90); flat to
/// 1550; 1550-1800 at -16% (40 m down to 50); flat to 2000.
pub(crate) fn course(d: f64) -> f64 {
    match d {
        d if d < 400.0 => 100.0,
        d if d < 900.0 => 100.0 - 0.12 * (d - 400.0),
        d if d < 1100.0 => 40.0,
        d if d < 1350.0 => 40.0 + 0.20 * (d - 1100.0),
        d if d < 1550.0 => 90.0,
        d if d < 1800.0 => 90.0 - 0.16 * (d - 1550.0),
        _ => 50.0,
    }
}

/// Distance of the grid intervals whose grade (mean of both ends) is in
/// `band`, and how many such intervals.
fn band_m(p: &ElevationProfile, band: impl Fn(f64) -> bool) -> f64 {
    p.grade
        .windows(2)
        .filter(|w| matches!(w, [Some(a), Some(b)] if band((a + b) / 2.0)))
        .count() as f64
        * p.step_m
}

#[test]
fn known_course() {
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| {
        Some(course(d))
    });
    let p = profile_of(&run).unwrap();
    // 667 samples, 3 m apart: the last at 1998 m, so grid points 0..=1995.
    assert_eq!(p.distance_m.len(), 400);
    assert!((p.distance_m[399] - 1995.0).abs() < 1e-6);
    assert_eq!(p.dead_band_m, 3.0);
    // Smoothing with symmetric windows keeps every rise and fall whole:
    // down 60 + 40 = 100 m, up 50 m.
    assert!(
        (p.descent_m.unwrap() - 100.0).abs() < 1.0,
        "{:?}",
        p.descent_m
    );
    assert!((p.ascent_m.unwrap() - 50.0).abs() < 1.0, "{:?}", p.ascent_m);
    // Mid-slope the smoothed grade is the true one.
    assert!((p.grade[130].unwrap() + 0.12).abs() < 1e-6); // 650 m
    assert!((p.grade[245].unwrap() - 0.20).abs() < 1e-6); // 1225 m

    // Band distances. The moving average is a 105 m box (21 points of
    // 5 m) and the grade a 60 m box, so where the slope changes from 0 to
    // s at a corner c, the smoothed slope is s * F(x - c) with F the
    // integral of a trapezoid kernel: 165 m wide, flat top of height 1/105
    // on [-22.5, 22.5], linear flanks 60 m long. Near the centre
    // F(u) = 0.5 + u / 105; in the upper flank 1 - F(u) = (82.5 - u)^2 /
    // (2 * 60 * 105) = (82.5 - u)^2 / 12600. Both slopes are longer than
    // 165 m, so the two corners of each do not interact.
    //
    // -12% over 400-900:
    //   <= -5%:  F = 5/12, u = -(1/12) * 105 = -8.75: 500 + 2 * 8.75 = 517.5 m
    //   <= -10%: 1 - F = 1/6, (82.5 - u)^2 = 2100, u = 36.67:
    //            500 - 2 * 36.67 = 426.7 m
    // -16% over 1550-1800:
    //   <= -5%:  F = 5/16, u = -(3/16) * 105 = -19.69: 250 + 39.4 = 289.4 m
    //   <= -10%: F = 10/16, u = (1/8) * 105 = 13.13: 250 - 26.25 = 223.75 m
    //   <= -15%: 1 - F = 1/16, (82.5 - u)^2 = 787.5, u = 54.44:
    //            250 - 108.9 = 141.1 m
    // Totals: <= -5% 806.9 m, <= -10% 650.4 m, <= -15% 141.1 m, and the
    // band -5%..-10% is 806.9 - 650.4 = 156.5 m.
    let close = |got: f64, want: f64| {
        assert!((got - want).abs() <= STEP_M, "got {got} m, want {want} m");
    };
    close(band_m(&p, |g| g <= -0.05), 806.9);
    close(band_m(&p, |g| g <= -0.10), 650.4);
    close(band_m(&p, |g| g <= -0.15), 141.1);
    close(band_m(&p, |g| g <= -0.05 && g > -0.10), 156.5);
    // No grade is dropped on this course: the steepest is 20%.
    let none = p.grade.iter().filter(|g| g.is_none()).count();
    // Only the first and last 4 points, whose clipped window is < 50 m.
    assert_eq!(none, 8);
    // 3 m/s without stops: the moving time at 1500 m is 500 s.
    let t = p.moving_time_s[300].unwrap();
    assert!((t - 500.0).abs() < 0.01, "{t}");
}

#[test]
fn noise_on_flat_ground_adds_no_climb() {
    // ±2 m of deterministic jitter (a multiplicative hash mod 41, mapped to
    // -2.0..=2.0) on a flat 2 km. The median and the 100 m average leave
    // well under the 3 m barometric dead band of it.
    let jitter = |d: f64| {
        let i = (d / 3.0).round() as u64;
        Some(200.0 + ((i * 7919 + 13) % 41) as f64 / 10.0 - 2.0)
    };
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, jitter);
    let p = profile_of(&run).unwrap();
    assert!(p.ascent_m.unwrap() < 1.0, "{:?}", p.ascent_m);
    assert!(p.descent_m.unwrap() < 1.0, "{:?}", p.descent_m);
    // Every grade is near flat, far from any downhill band.
    assert!(p.grade.iter().flatten().all(|g| g.abs() < 0.03));
}

#[test]
fn grade_steeper_than_40_percent_is_discarded() {
    // A 60 m rise over 100 m (60%) at 900-1000 m. After the 105 m average
    // the steepest smoothed slope is 0.6 * 100 / 105 = 57%; over 60 m its
    // grade stays above 40% around 950 m, so those points have no grade.
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| {
        Some(100.0 + 0.6 * (d - 900.0).clamp(0.0, 100.0))
    });
    let p = profile_of(&run).unwrap();
    assert_eq!(p.grade[190], None); // 950 m
    assert!(p.grade.iter().flatten().all(|g| g.abs() <= MAX_ABS_GRADE));
    // Points either side still have grades, and no downhill appears.
    assert!(p.grade[170].is_some() && p.grade[210].is_some());
    assert_eq!(band_m(&p, |g| g <= -0.05), 0.0);
}

#[test]
fn a_one_sample_spike_is_removed_by_the_median() {
    // One 30 m spike at 999 m on flat ground: the 50 m median removes it.
    let run = straight_run(2000.0, 3.0, ElevationSource::Gps, |d| {
        Some(if d == 999.0 { 130.0 } else { 100.0 })
    });
    let p = profile_of(&run).unwrap();
    assert_eq!(p.dead_band_m, DEAD_BAND_GPS_M);
    assert_eq!((p.ascent_m, p.descent_m), (Some(0.0), Some(0.0)));
}

#[test]
fn gaps_break_the_profile() {
    // No elevation between 600 and 900 m (a 300 m gap, > 200 m); the level
    // jumps from 100 to 150 across it. No climb may be invented there.
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| match d {
        d if d < 600.0 => Some(100.0),
        d if d < 900.0 => None,
        _ => Some(150.0),
    });
    let p = profile_of(&run).unwrap();
    assert_eq!((p.ascent_m, p.descent_m), (Some(0.0), Some(0.0)));
    assert_eq!(p.elevation_m[150], None); // 750 m
    assert_eq!(p.grade[150], None);
    assert_eq!(p.elevation_m[100], Some(100.0)); // 500 m
    assert_eq!(p.elevation_m[200], Some(150.0)); // 1000 m
                                                 // A 93 m gap (no reading between the samples at 597 and 690 m) is
                                                 // bridged: the level is interpolated through it.
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| {
        (!(600.0..690.0).contains(&d)).then_some(100.0)
    });
    let p = profile_of(&run).unwrap();
    assert!(p.elevation_m.iter().all(|e| *e == Some(100.0)));
}

#[test]
fn indoor_and_elevationless_runs_have_no_profile() {
    let mut treadmill = straight_run(2000.0, 3.0, ElevationSource::Barometric, |_| Some(100.0));
    treadmill.sub_sport = Some("treadmill".into());
    assert_eq!(profile_of(&treadmill), None);
    let mut no_elevation = straight_run(2000.0, 3.0, ElevationSource::Gps, |_| None);
    assert_eq!(profile_of(&no_elevation), None);
    no_elevation.streams.elevation_m = None;
    assert_eq!(profile_of(&no_elevation), None);
}

#[test]
fn device_distance_is_preferred_and_glitches_dropped() {
    // The device says 2.5 m per second where the track says 3 m: the grid
    // follows the device (last sample 666 * 2.5 = 1665 m).
    let mut run = straight_run(2000.0, 3.0, ElevationSource::Gps, |_| Some(10.0));
    let n = run.streams.time_s.len();
    run.streams.distance_m = Some((0..n).map(|i| Some(i as f64 * 2.5)).collect());
    let p = profile_of(&run).unwrap();
    assert_eq!(p.distance_m.last(), Some(&1665.0));

    // Without device distance, a fix 1 km off (1000 m in 1 s) is dropped,
    // and so the track is 1998 m long, not 3998 m.
    let mut run = straight_run(2000.0, 3.0, ElevationSource::Gps, |_| Some(10.0));
    if let Some(Some(fix)) = run.streams.position.as_mut().and_then(|t| t.get_mut(300)) {
        fix.lat_deg += 1000.0 / M_PER_DEG;
    }
    let p = profile_of(&run).unwrap();
    assert_eq!(p.distance_m.last().map(|d| d.round()), Some(1995.0));
}

#[test]
fn stops_add_no_moving_time() {
    // 120 s standing at 600 m (the same fix repeated), then on at 3 m/s.
    let mut run = straight_run(1200.0, 3.0, ElevationSource::Barometric, |_| Some(5.0));
    let s = &mut run.streams;
    let stop = 200; // sample at 600 m
    let fix = s
        .position
        .as_ref()
        .and_then(|t| t.get(stop).copied())
        .flatten();
    for _ in 0..120 {
        s.time_s.insert(stop + 1, 0.0);
        if let Some(t) = s.position.as_mut() {
            t.insert(stop + 1, fix);
        }
        if let Some(e) = s.elevation_m.as_mut() {
            e.insert(stop + 1, Some(5.0));
        }
    }
    s.time_s = (0..s.time_s.len()).map(|i| i as f64).collect();
    let p = profile_of(&run).unwrap();
    // At 900 m the moving time is 900 / 3 = 300 s: the 120 s stop is out.
    assert!((p.moving_time_s[180].unwrap() - 300.0).abs() < 1e-6);
}

#[test]
fn garbage_never_panics() {
    let mut run = straight_run(500.0, 3.0, ElevationSource::Unknown, |d| {
        Some(if d == 30.0 { f64::NAN } else { 1.0 })
    });
    // Streams shorter than time_s, NaN times and positions.
    if let Some(e) = run.streams.elevation_m.as_mut() {
        e.truncate(50);
    }
    run.streams.time_s.push(f64::NAN);
    if let Some(t) = run.streams.position.as_mut() {
        t.push(Some(LatLon {
            lat_deg: f64::NAN,
            lon_deg: 0.0,
        }));
    }
    let p = profile_of(&run).unwrap();
    assert!(p.elevation_m.iter().flatten().all(|e| e.is_finite()));
    run.streams = Default::default();
    run.streams.position = Some(vec![]);
    run.streams.elevation_m = Some(vec![]);
    assert_eq!(profile_of(&run), None);
}

/// The pipeline on a real barometric FR945 run, against the device's own
/// totals (FIT session: total_ascent 347 m, total_descent 371 m).
#[test]
fn corpus_fr945_matches_the_device() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/sports-lib/6782987395.fit");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("corpus not present, skipped: {}", path.display());
        return;
    };
    let activities = crate::import::fit::decode(&bytes).unwrap();
    let run = &activities[0];
    assert_eq!(run.elevation_source, Some(ElevationSource::Barometric));
    let p = profile_of(run).unwrap();
    let (ascent, descent) = (p.ascent_m.unwrap(), p.descent_m.unwrap());
    let (device_up, device_down) = (
        run.summary.ascent_m.unwrap(),
        run.summary.descent_m.unwrap(),
    );
    println!(
        "6782987395.fit: ascent {ascent:.1} m (device {device_up}), \
         descent {descent:.1} m (device {device_down})"
    );
    assert!((ascent / device_up - 1.0).abs() <= 0.15);
    assert!((descent / device_down - 1.0).abs() <= 0.15);
}

#[test]
fn each_sample_gets_the_grade_of_its_grid_point() {
    // The course at 3 m/s: sample i lies at 3i m. Well inside each stretch
    // (more than the 100 m smoothing away from its ends) the smoothed grade
    // is the stretch's own: sample 50 (150 m) flat, 216 (648 m) -12%, 408
    // (1224 m) +20%, 558 (1674 m) -16%.
    let run = straight_run(2000.0, 3.0, ElevationSource::Barometric, |d| {
        Some(course(d))
    });
    let p = profile_of(&run).unwrap();
    assert_eq!(p.sample_grade.len(), run.streams.len());
    for (sample, expected) in [(50, 0.0), (216, -0.12), (408, 0.20), (558, -0.16)] {
        let grade = p.sample_grade[sample].unwrap();
        assert!((grade - expected).abs() < 0.005, "sample {sample}: {grade}");
    }
    // Sample 0 lies 25 m before the first grade: the 60 m window is cut
    // below its 50 m minimum there.
    assert_eq!(p.sample_grade[0], None);
}

/// A flat 1000 m run at 3 m/s, one sample a second, standing still (no
/// sample: the timer is stopped) for `pause_s` after the sample at 498 m,
/// with the pause in `pauses` as the device records it. The altitude reads
/// 110 m before the pause and 100 m after it, as a barometer that drifted
/// while the watch was stopped.
fn paused_run(pause_s: f64, source: ElevationSource) -> Activity {
    let mut run = straight_run(1000.0, 3.0, source, |d| {
        Some(if d <= 498.0 { 110.0 } else { 100.0 })
    });
    let last_before = 166; // 166 * 3 = 498 m
    for t in run.streams.time_s.iter_mut().skip(last_before + 1) {
        *t += pause_s;
    }
    let at = |s: f64| run.start_utc + chrono::Duration::milliseconds((s * 1000.0) as i64);
    run.pauses = vec![crate::model::Pause {
        start_utc: at(last_before as f64),
        end_utc: at(last_before as f64 + 1.0 + pause_s),
    }];
    run
}

#[test]
fn no_descent_across_a_long_pause() {
    // Hand count: 10 m down between 498 and 501 m. With a 5-minute pause
    // there, each side is flat (110 m, then 100 m) and counts nothing; the
    // step is the barometer's drift, not running.
    let paused = profile_of(&paused_run(300.0, ElevationSource::Barometric)).unwrap();
    assert_eq!((paused.ascent_m, paused.descent_m), (Some(0.0), Some(0.0)));
    // Without the pause record the same samples count the step whole.
    let mut unpaused = paused_run(300.0, ElevationSource::Barometric);
    unpaused.pauses.clear();
    let counted = profile_of(&unpaused).unwrap();
    assert!((counted.descent_m.unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(counted.ascent_m, Some(0.0));
    // Elevation and grades (which the downhill rules read) still run
    // across the pause: only the count is split.
    assert_eq!(paused.elevation_m, counted.elevation_m);
    assert_eq!(paused.grade, counted.grade);
}

#[test]
fn a_short_pause_keeps_its_step() {
    // 15 s is not more than 20 s: a stop at a crossing, counted as before.
    let p = profile_of(&paused_run(15.0, ElevationSource::Barometric)).unwrap();
    assert!((p.descent_m.unwrap() - 10.0).abs() < 1e-9);
}

#[test]
fn gps_counts_stay_whole_across_a_pause() {
    // Splitting GPS counts read worse against the watches of the corpus:
    // the 10 m step is counted (over the 7 m band) as before.
    let p = profile_of(&paused_run(300.0, ElevationSource::Gps)).unwrap();
    assert!(
        (p.descent_m.unwrap() - 10.0).abs() < 1e-9,
        "{:?}",
        p.descent_m
    );
}

#[test]
fn each_side_of_a_pause_counts_its_own_hill() {
    // 30 m down from 100 to 400 m, flat, a 2-minute pause at 498 m with
    // a 10 m jump up, then 20 m up from 700 to 900 m. Hand count: descent
    // 30 (the pause's step is not counted), ascent 20.
    let mut run = straight_run(1000.0, 3.0, ElevationSource::Barometric, |d| {
        Some(match d {
            d if d < 100.0 => 130.0,
            d if d < 400.0 => 130.0 - 0.1 * (d - 100.0),
            d if d <= 498.0 => 100.0,
            d if d < 700.0 => 110.0,
            d if d < 900.0 => 110.0 + 0.1 * (d - 700.0),
            _ => 130.0,
        })
    });
    let last_before = 166;
    for t in run.streams.time_s.iter_mut().skip(last_before + 1) {
        *t += 120.0;
    }
    let at = |s: f64| run.start_utc + chrono::Duration::seconds(s as i64);
    run.pauses = vec![crate::model::Pause {
        start_utc: at(166.0),
        end_utc: at(287.0),
    }];
    let p = profile_of(&run).unwrap();
    assert!(
        (p.descent_m.unwrap() - 30.0).abs() < 1e-6,
        "{:?}",
        p.descent_m
    );
    assert!(
        (p.ascent_m.unwrap() - 20.0).abs() < 1e-6,
        "{:?}",
        p.ascent_m
    );
}

#[test]
fn pause_breaks_on_the_grid() {
    let point = |time_s: f64, distance_m: f64| AxisPoint {
        sample: 0,
        time_s,
        distance_m,
        moving_time_s: 0.0,
        elevation_m: Some(0.0),
    };
    // Grid from 0 m (k0 = 0), 41 points to 200 m.
    // Paused between 10 s and 70 s, standing at 52 m: the part before ends
    // with the point at 50 m (index 10), the part after starts at 55 m.
    let axis = [
        point(0.0, 0.0),
        point(10.0, 52.0),
        point(70.0, 52.0),
        point(100.0, 200.0),
    ];
    assert_eq!(
        pause_breaks(&axis, &[(10.0, 70.0)], 0.0, 41),
        vec![(11, 11)]
    );
    // Standing exactly on a grid point (50 m): that point reads the sample
    // after the pause, so it starts the part after.
    let axis = [
        point(0.0, 0.0),
        point(10.0, 50.0),
        point(70.0, 50.0),
        point(100.0, 200.0),
    ];
    assert_eq!(
        pause_breaks(&axis, &[(10.0, 70.0)], 0.0, 41),
        vec![(10, 10)]
    );
    // Moved from 52 to 68 m while paused: 55, 60 and 65 m are interpolated
    // across the pause and belong to neither part.
    let axis = [
        point(0.0, 0.0),
        point(10.0, 52.0),
        point(70.0, 68.0),
        point(100.0, 200.0),
    ];
    assert_eq!(
        pause_breaks(&axis, &[(10.0, 70.0)], 0.0, 41),
        vec![(11, 14)]
    );
    // A pause after the last sample, or none, breaks nothing.
    assert!(pause_breaks(&axis, &[(101.0, 130.0)], 0.0, 41).is_empty());
    assert!(pause_breaks(&axis, &[], 0.0, 41).is_empty());

    assert_eq!(counted_parts(0, 41, &[(11, 14)]), vec![0..11, 14..41]);
    // A piece starting at index 20 (after a gap) is untouched by a break
    // before it, and split by one inside it.
    assert_eq!(
        counted_parts(20, 10, &[(11, 14), (25, 25)]),
        vec![0..5, 5..10]
    );
    // A break at the piece's very start or end leaves it whole.
    let whole = Range { start: 0, end: 10 };
    assert_eq!(counted_parts(20, 10, &[(20, 20), (30, 30)]), vec![whole]);
}
