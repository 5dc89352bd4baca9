use super::*;
use crate::model::{Format, Sport};
use chrono::{TimeZone, Utc};

fn activity(time_s: Vec<f64>) -> Activity {
    let start = Utc.with_ymd_and_hms(2024, 6, 2, 12, 0, 0).unwrap();
    let mut a = Activity::new(Format::Fit, Sport::Running, start);
    a.streams.time_s = time_s;
    a
}

fn some(values: &[f64]) -> Option<Vec<Option<f64>>> {
    Some(values.iter().map(|v| Some(*v)).collect())
}

#[test]
fn empty_activity_knows_nothing() {
    assert_eq!(RunSummary::of(&activity(vec![])), RunSummary::default());
}

#[test]
fn device_summary_wins() {
    let mut a = activity(vec![0.0, 1.0, 2.0]);
    a.streams.distance_m = some(&[0.0, 3.0, 6.0]);
    a.summary.distance_m = Some(14004.85);
    a.summary.elapsed_s = Some(4989.112);
    a.summary.ascent_m = Some(120.0);
    a.summary.descent_m = Some(0.0);
    let s = RunSummary::of(&a);
    assert_eq!(s.distance_m, Some(14004.85));
    assert_eq!(s.elapsed_s, Some(4989.112));
    assert_eq!(s.ascent_m, Some(120.0));
    // A recorded 0 m descent is a measurement, not "unknown".
    assert_eq!(s.descent_m, Some(0.0));
}

#[test]
fn streams_when_no_device_summary() {
    // Samples at 0, 1, 2, 3, 15, 16, 36, 37, 137, 138 s; the distance
    // stream ends at 318 m.
    let mut a = activity(vec![
        0.0, 1.0, 2.0, 3.0, 15.0, 16.0, 36.0, 37.0, 137.0, 138.0,
    ]);
    a.streams.distance_m = some(&[0.0, 3.0, 3.2, 6.2, 42.2, 45.2, 47.2, 50.2, 315.0, 318.0]);
    let s = RunSummary::of(&a);
    assert_eq!(s.distance_m, Some(318.0));
    assert_eq!(s.elapsed_s, Some(138.0));
    // Intervals: 0-1 s at 3 m/s (moving), 1-2 s at 0.2 m/s (standing),
    // 2-3 s at 3 m/s (moving), 3-15 s is a 12 s gap covering 36 m at
    // 3 m/s (moving), 15-16 s at 3 m/s (moving), 16-36 s a 20 s gap
    // covering 2 m at 0.1 m/s (standing), 36-37 s (moving), 37-137 s a
    // 100 s gap (never moving), 137-138 s (moving):
    // 1 + 1 + 12 + 1 + 1 + 1 = 17 s.
    assert_eq!(s.moving_s, Some(17.0));
}

#[test]
fn no_moving_time_across_a_pause() {
    // 1 s samples at 3 m/s except the timer was stopped from 2.5 s to
    // 4 s: intervals 2-3 and 3-4 overlap the pause, 0-1, 1-2 and 4-5
    // count: 3 s.
    let mut a = activity(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    a.streams.speed_mps = some(&[3.0; 6]);
    a.pauses = vec![crate::model::Pause {
        start_utc: a.start_utc + chrono::Duration::milliseconds(2500),
        end_utc: a.start_utc + chrono::Duration::seconds(4),
    }];
    assert_eq!(RunSummary::of(&a).moving_s, Some(3.0));
}

#[test]
fn truncated_streams_defer_to_the_timer() {
    // 100 samples 1 s apart at 3 m/s cover 99 s of a 3558 s timer (under
    // half): the file was cut short, so the timer stands.
    let mut a = activity((0..100).map(f64::from).collect());
    a.streams.speed_mps = some(&[3.0; 100]);
    a.summary.timer_s = Some(3558.0);
    a.summary.elapsed_s = Some(3558.0);
    assert_eq!(RunSummary::of(&a).moving_s, Some(3558.0));
    // With a 150 s timer the samples cover 99 / 150 = 66%: 99 s moving,
    // and the 51 s of timer without samples count as moving too: 150 s.
    a.summary.timer_s = Some(150.0);
    assert_eq!(RunSummary::of(&a).moving_s, Some(150.0));
}

#[test]
fn elapsed_from_samples_when_the_session_is_short() {
    // Session 4034.862 s, samples to 4961 s: 4961 > 4034.862 * 1.02 =
    // 4115.6 and <= 2 * 4034.862, so the samples win.
    let mut a = activity(vec![0.0, 4961.0, 4990.0]);
    a.streams.heart_rate_bpm = Some(vec![Some(120.0), Some(150.0), None]);
    a.summary.elapsed_s = Some(4034.862);
    // The record at 4990 s is empty and does not count.
    assert_eq!(RunSummary::of(&a).elapsed_s, Some(4961.0));
    a.streams.heart_rate_bpm = Some(vec![Some(120.0); 2]);
    // A last sample 10,000 s out is a broken time stamp: the device wins.
    a.streams.time_s = vec![0.0, 10_000.0];
    assert_eq!(RunSummary::of(&a).elapsed_s, Some(4034.862));
    // Samples ending a second past the session are ordinary.
    a.streams.time_s = vec![0.0, 4035.0];
    assert_eq!(RunSummary::of(&a).elapsed_s, Some(4034.862));
}

#[test]
fn moving_never_exceeds_elapsed() {
    // Whole-second samples 0..=2224 at 3 m/s give 2224 s moving, but
    // the device says the run lasted 2223.803 s.
    let mut a = activity((0..=2224).map(f64::from).collect());
    a.streams.speed_mps = some(&[3.0; 2225]);
    a.summary.elapsed_s = Some(2223.803);
    a.summary.timer_s = Some(2223.803);
    assert_eq!(RunSummary::of(&a).moving_s, Some(2223.803));
}

#[test]
fn moving_time_falls_back_to_timer() {
    let mut a = activity(vec![0.0, 1.0]);
    a.summary.timer_s = Some(1800.0);
    let s = RunSummary::of(&a);
    assert_eq!(s.moving_s, Some(1800.0));
    // The samples end after 1 s, but the timer ran 1800 s.
    assert_eq!(s.elapsed_s, Some(1800.0));
}

#[test]
fn track_length_skips_glitches() {
    // Along the equator one degree of longitude is
    // 6_371_008.8 m * pi / 180 = 111_195.08 m, so 0.0001 deg = 11.1195 m.
    // The fix at t = 2 s is 1 km off the line: both steps touching it
    // imply > 12 m/s and are dropped, leaving the steps 0-1 and 3-4:
    // 2 * 11.1195 = 22.239 m.
    let mut a = activity(vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    let fix = |lon: f64, lat: f64| {
        Some(LatLon {
            lat_deg: lat,
            lon_deg: lon,
        })
    };
    a.streams.position = Some(vec![
        fix(0.0, 0.0001), // not (0, 0): that is the no-fix marker
        fix(0.0001, 0.0001),
        fix(0.0002, 0.009),
        fix(0.0003, 0.0001),
        fix(0.0004, 0.0001),
    ]);
    let s = RunSummary::of(&a);
    let distance = s.distance_m.unwrap();
    assert!((distance - 22.239).abs() < 0.01, "{distance}");
}

#[test]
fn ascent_and_descent_with_dead_band() {
    // Barometric band 3 m: 100 -> 102 (below band) -> 104 (+4, ascent 4,
    // ref 104) -> 103 -> 101 (-3, descent 3, ref 101) -> 106 (+5,
    // ascent 9) -> 104.5 (below band, not counted).
    let mut a = activity(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    a.streams.elevation_m = some(&[100.0, 102.0, 104.0, 103.0, 101.0, 106.0, 104.5]);
    a.elevation_source = Some(ElevationSource::Barometric);
    let s = RunSummary::of(&a);
    assert_eq!((s.ascent_m, s.descent_m), (Some(9.0), Some(3.0)));
    // GPS band 5 m: 104 is only +4, 106 is +6 from 100 (ascent 6, ref
    // 106), 104.5 is -1.5: ascent 6, descent 0.
    a.elevation_source = Some(ElevationSource::Gps);
    let s = RunSummary::of(&a);
    assert_eq!((s.ascent_m, s.descent_m), (Some(6.0), Some(0.0)));
}

#[test]
fn cadence_while_running_only() {
    let mut a = activity(vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    a.streams.speed_mps = some(&[3.0, 3.0, 1.0, 3.0, 3.0]);
    a.streams.cadence_spm = Some(vec![
        Some(170.0),
        Some(174.0),
        Some(150.0),
        Some(90.0),
        None,
    ]);
    // Kept: 170 and 174 (150 is at 1.0 m/s, 90 is below 130 spm, the
    // last has no value): (170 + 174) / 2 = 172.
    assert_eq!(RunSummary::of(&a).avg_cadence_spm, Some(172.0));
    // Everything walking: fall back to all samples, (150 + 90) / 2 = 120.
    a.streams.cadence_spm = Some(vec![None, None, Some(150.0), Some(90.0), None]);
    assert_eq!(RunSummary::of(&a).avg_cadence_spm, Some(120.0));
    // No cadence stream: the device's average.
    a.streams.cadence_spm = None;
    a.summary.avg_cadence_spm = Some(168.0);
    assert_eq!(RunSummary::of(&a).avg_cadence_spm, Some(168.0));
}

#[test]
fn heart_rate_mean_then_device() {
    let mut a = activity(vec![0.0, 1.0, 2.0]);
    a.summary.avg_hr_bpm = Some(150.0);
    a.streams.heart_rate_bpm = Some(vec![Some(130.0), None, Some(141.0)]);
    // (130 + 141) / 2 = 135.5; the device's 150 is only a fallback.
    assert_eq!(RunSummary::of(&a).avg_hr_bpm, Some(135.5));
    a.streams.heart_rate_bpm = None;
    assert_eq!(RunSummary::of(&a).avg_hr_bpm, Some(150.0));
}

#[test]
fn timer_time_without_samples_is_moving() {
    // sports-lib unknown_example.tcx in small: the laps' timer is 500 s,
    // the trackpoints start 100 s in and run 1 s apart at 3 m/s to 400 s,
    // with a 60 s standstill (0.1 m/s) from 200 to 260 s. Covered: 300 s,
    // of which 240 s moving; the 200 s of timer without samples (before
    // the first and after the last) were moving: 440 s.
    let times: Vec<f64> = (100..=400).map(f64::from).collect();
    let speeds: Vec<f64> = times
        .iter()
        .map(|&t| if t > 200.0 && t <= 260.0 { 0.1 } else { 3.0 })
        .collect();
    let mut a = activity(times);
    a.streams.speed_mps = some(&speeds);
    a.summary.timer_s = Some(500.0);
    a.summary.elapsed_s = Some(500.0);
    assert_eq!(RunSummary::of(&a).moving_s, Some(440.0));
    // Without a timer nothing tells what happened outside the samples.
    a.summary.timer_s = None;
    a.summary.elapsed_s = None;
    assert_eq!(RunSummary::of(&a).moving_s, Some(240.0));
}

#[test]
fn a_gap_with_the_timer_running_is_moving_a_paused_one_is_not() {
    // 1 s samples at 3 m/s over 0-100 s and 200-300 s: a 100 s gap. Timer
    // 300 s: the gap ran on the timer, so it is moving: 100 + 100 + 100.
    let times: Vec<f64> = (0..=100).chain(200..=300).map(f64::from).collect();
    let mut a = activity(times);
    a.streams.speed_mps = some(&[3.0; 202]);
    a.summary.timer_s = Some(300.0);
    a.summary.elapsed_s = Some(300.0);
    assert_eq!(RunSummary::of(&a).moving_s, Some(300.0));
    // The device paused over the gap: its timer is 200 s, and so is moving.
    a.summary.timer_s = Some(200.0);
    a.pauses = vec![crate::model::Pause {
        start_utc: a.start_utc + chrono::Duration::seconds(100),
        end_utc: a.start_utc + chrono::Duration::seconds(200),
    }];
    assert_eq!(RunSummary::of(&a).moving_s, Some(200.0));
}

#[test]
fn heart_rate_is_weighted_by_time() {
    // Smart recording: 120 bpm sampled every second for 10 s (t = 0..9),
    // then 150 bpm every 20 s (t = 10, 30, 50, 70). Each sample holds to
    // the next; the last holds as long as the one before (20 s).
    // (10 * 1 * 120 + 4 * 20 * 150) / (10 + 80) = (1200 + 12000) / 90
    // = 146.67; the plain mean would be (1200 + 600) / 14 = 128.6.
    let times: Vec<f64> = (0..10).chain([10, 30, 50, 70]).map(f64::from).collect();
    let mut a = activity(times);
    let hr: Vec<f64> = (0..14)
        .map(|i| if i < 10 { 120.0 } else { 150.0 })
        .collect();
    a.streams.heart_rate_bpm = some(&hr);
    let s = RunSummary::of(&a);
    let avg = s.avg_hr_bpm.unwrap();
    assert!((avg - 146.667).abs() < 0.01, "{avg}");
    assert_eq!(s.max_hr_bpm, Some(150.0));
}

#[test]
fn a_sample_never_holds_longer_than_a_minute() {
    // 100 bpm at 0 s, then nothing for 600 s, then 160 bpm at 600 and
    // 601 s: the first sample holds 60 s, not 600: (100 * 60 + 160 * 2)
    // / 62 = 101.94.
    let mut a = activity(vec![0.0, 600.0, 601.0]);
    a.streams.heart_rate_bpm = some(&[100.0, 160.0, 160.0]);
    let avg = RunSummary::of(&a).avg_hr_bpm.unwrap();
    assert!((avg - 101.935).abs() < 0.01, "{avg}");
}

#[test]
fn device_figures_win_when_samples_miss_a_tenth_of_the_timer() {
    // The strap connected late: 1 s samples of 80 bpm cover 50 s of a
    // 57 s timer (88%), the watch says 90 avg and 104 max.
    let mut a = activity((0..50).map(f64::from).collect());
    a.streams.heart_rate_bpm = some(&[80.0; 50]);
    a.summary.timer_s = Some(57.0);
    a.summary.avg_hr_bpm = Some(90.0);
    a.summary.max_hr_bpm = Some(104.0);
    let s = RunSummary::of(&a);
    assert_eq!((s.avg_hr_bpm, s.max_hr_bpm), (Some(90.0), Some(104.0)));
    // Covering 52 of 57 s (91%), the samples stand.
    a.streams.time_s = (0..52).map(f64::from).collect();
    a.streams.heart_rate_bpm = some(&[80.0; 52]);
    let s = RunSummary::of(&a);
    assert_eq!((s.avg_hr_bpm, s.max_hr_bpm), (Some(80.0), Some(80.0)));
}
