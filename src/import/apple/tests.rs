use super::*;
use crate::model::{Format, Sport};

/// The broken DTD of iOS 16 (a declaration without its `>`, stray `>`
/// lines), as reported in apple-health-grafana issue 14 and patched on
/// Apple's forums.
const PROLOG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|VisionPrescription)*)>
<!ATTLIST VisionPrescription
  brand CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
device CDATA #IMPLIED
<!ELEMENT MetadataEntry EMPTY>
>
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-06-01 10:00:00 -0600"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-02-02"/>
"#;

fn record(kind: &str, source: &str, unit: &str, start: &str, end: &str, value: &str) -> String {
    format!(
        "<Record type=\"HKQuantityTypeIdentifier{kind}\" sourceName=\"{source}\" sourceVersion=\"10.1\" \
         device=\"&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, manufacturer:Apple Inc.&gt;\" unit=\"{unit}\" \
         creationDate=\"{end}\" startDate=\"{start}\" endDate=\"{end}\" value=\"{value}\"/>\n"
    )
}

/// A run 07:30-08:00 -0600 with a 60 s pause at 07:40, heart rate 120
/// for its first ten minutes and 150 after, steps from the Watch (180
/// spm) and the phone (90 spm, to be ignored), ground contact 250 ms.
fn export() -> String {
    let mut xml = PROLOG.to_string();
    let watch = "Ann\u{2019}s Apple Watch";
    for minute in 0..30 {
        let at = format!("2024-05-01 07:{:02}:00 -0600", 30 + minute);
        let to = format!("2024-05-01 07:{:02}:59 -0600", 30 + minute);
        let hr = if minute < 10 { "120" } else { "150" };
        xml += &record("HeartRate", watch, "count/min", &at, &at, hr);
        let half = format!("2024-05-01 07:{:02}:30 -0600", 30 + minute);
        xml += &record("HeartRate", watch, "count/min", &half, &half, hr);
        xml += &record("StepCount", watch, "count", &at, &to, "177");
        xml += &record("StepCount", "iPhone", "count", &at, &to, "88.5");
        xml += &record("RunningGroundContactTime", watch, "ms", &at, &at, "250");
    }
    xml += &record(
        "ActiveEnergyBurned",
        watch,
        "kcal",
        "2024-05-01 07:30:00 -0600",
        "2024-05-01 07:31:00 -0600",
        "12\u{b}",
    );
    xml += r#" <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="29" durationUnit="min" sourceName="Ann’s Apple Watch" device="&lt;&lt;HKDevice: 0x2&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2&gt;" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <MetadataEntry key="HKTimeZone" value="America/Denver"/>
  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:40:00 -0600"/>
  <WorkoutEvent type="HKWorkoutEventTypeMotionPaused" date="2024-05-01 07:40:00 -0600"/>
  <WorkoutEvent type="HKWorkoutEventTypeResume" date="2024-05-01 07:41:00 -0600"/>
  <WorkoutEvent type="HKWorkoutEventTypeMotionResumed" date="2024-05-01 07:41:00 -0600"/>
  <WorkoutActivity uuid="X" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600">
   <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600" sum="99" unit="km"/>
  </WorkoutActivity>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600" average="140" minimum="100" maximum="160" unit="count/min"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600" sum="3.5" unit="mi"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" startDate="2024-05-01 07:30:00 -0600" endDate="2024-05-01 08:00:00 -0600" sum="5133" unit="count"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="20" durationUnit="min" totalDistance="1.5" totalDistanceUnit="km" sourceName="iPhone" startDate="2024-05-02 12:00:00 -0600" endDate="2024-05-02 12:20:00 -0600"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" totalDistance="5" totalDistanceUnit="km" sourceName="Ann’s Apple Watch" startDate="2021-01-08 18:44:41 +0100" endDate="2021-01-08 19:14:41 +0100">
  <MetadataEntry key="HKIndoorWorkout" value="1"/>
 </Workout>
</HealthData>
"#;
    xml
}

#[test]
fn runs_walks_and_their_totals() {
    let activities = decode(export().as_bytes()).unwrap();
    assert_eq!(activities.len(), 3);
    let run = &activities[0];
    assert_eq!(run.format, Format::AppleHealth);
    assert_eq!(run.sport, Sport::Running);
    assert_eq!(run.start_utc.to_rfc3339(), "2024-05-01T13:30:00+00:00");
    // Denver in May is -0600 too, from the zone.
    let offset = run.utc_offset.as_ref().unwrap();
    assert_eq!(
        (offset.seconds, offset.zone.as_deref()),
        (-21_600, Some("America/Denver"))
    );
    assert_eq!(run.sub_sport, None);
    // 3.5 mi from the workout's own statistics, not its part's 99 km.
    assert!((run.summary.distance_m.unwrap() - 5632.704).abs() < 1e-6);
    assert_eq!(run.summary.timer_s, Some(1740.0));
    assert_eq!(run.summary.elapsed_s, Some(1800.0));
    assert_eq!(run.summary.avg_hr_bpm, Some(140.0));
    assert_eq!(run.summary.max_hr_bpm, Some(160.0));
    assert_eq!(run.pauses.len(), 1);
    assert_eq!(run.pauses[0].duration_s(), 60.0);
    assert_eq!(run.device.label().as_deref(), Some("Apple Watch"));
    // No route: samples every 5 s, the Watch's steps alone.
    let streams = &run.streams;
    assert_eq!(streams.len(), 361);
    let hr = streams.heart_rate_bpm.as_ref().unwrap();
    assert_eq!(
        (hr[0], hr[119], hr[120], hr[360]),
        (Some(120.0), Some(120.0), Some(150.0), Some(150.0))
    );
    let cadence = streams.cadence_spm.as_ref().unwrap();
    assert!((cadence[1].unwrap() - 177.0 * 60.0 / 59.0).abs() < 1e-3);
    assert_eq!(streams.stance_time_ms.as_ref().unwrap()[7], Some(250.0));

    let walk = &activities[1];
    assert_eq!(walk.sport, Sport::Walking);
    assert_eq!(walk.summary.distance_m, Some(1500.0));
    assert!(walk.streams.is_empty());

    let old = &activities[2];
    assert_eq!(old.sub_sport.as_deref(), Some("treadmill"));
    assert_eq!(old.summary.distance_m, Some(5000.0));
    assert_eq!(old.summary.timer_s, Some(1800.0));
    assert_eq!(old.utc_offset.as_ref().unwrap().seconds, 3600);
    assert!(old.streams.heart_rate_bpm.is_none());
}

#[test]
fn a_route_is_the_timeline() {
    let gpx = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Route</name><trkseg>
<trkpt lon="-105.0" lat="40.0"><ele>1600</ele><time>2024-05-01T13:30:02Z</time><extensions><speed>3.0</speed></extensions></trkpt>
<trkpt lon="-105.0" lat="40.0003"><ele>1600</ele><time>2024-05-01T13:30:12Z</time><extensions><speed>3.0</speed></extensions></trkpt>
<trkpt lon="-105.0" lat="40.0006"><ele>1601</ele><time>2024-05-01T13:50:12Z</time><extensions><speed>3.0</speed></extensions></trkpt>
</trkseg></trk></gpx>"#;
    let xml = export().replace(
        "<MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>",
        "<WorkoutRoute sourceName=\"w\" startDate=\"2024-05-01 07:30:00 -0600\" endDate=\"2024-05-01 08:00:00 -0600\">\
         <MetadataEntry key=\"HKIndoorWorkout\" value=\"1\"/>\
         <FileReference path=\"/workout-routes/route_2024-05-01_8.00am.gpx\"/></WorkoutRoute>",
    );
    let routes = |path: &str| {
        (path == "/workout-routes/route_2024-05-01_8.00am.gpx").then(|| gpx.as_bytes().to_vec())
    };
    let export = scan(xml.as_bytes()).build(&routes).unwrap();
    assert!(export.notes.is_empty());
    let run = &export.activities[0];
    // The route's metadata does not make the run indoor.
    assert_eq!(run.sub_sport, None);
    assert_eq!(run.streams.time_s, vec![2.0, 12.0, 1212.0]);
    assert!(run.streams.position.is_some());
    assert_eq!(
        run.streams.heart_rate_bpm,
        Some(vec![Some(120.0), Some(120.0), Some(150.0)])
    );
    // Without the file: the totals stay, and a note says so.
    let missing = scan(xml.as_bytes()).build(&|_| None).unwrap();
    assert_eq!(missing.notes.len(), 1, "{:?}", missing.notes);
    assert!(missing.notes[0].contains("route_2024-05-01_8.00am.gpx"));
    assert_eq!(missing.activities[0].summary.timer_s, Some(1740.0));
    assert_eq!(missing.activities[0].streams.len(), 361);
}

#[test]
fn a_cut_file_keeps_the_workouts_before_the_cut() {
    let xml = export();
    let cut_at = xml
        .find("<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"30\"")
        .unwrap()
        + 40;
    let activities = decode(&xml.as_bytes()[..cut_at]).unwrap();
    assert_eq!(activities.len(), 2);
    let reason = activities[0].salvaged.as_deref().unwrap();
    // It says where the last whole element ends: the cut tag's start.
    let line = 1 + xml[..cut_at - 40].matches('\n').count();
    assert!(
        reason.contains(&format!("cut at line {line} (byte {})", cut_at - 40)),
        "{reason}"
    );
    assert!(reason.contains("inside <HealthData>"), "{reason}");
    // Cut among the records: nothing to keep, and why.
    let early = decode(&xml.as_bytes()[..5000]).unwrap_err().to_string();
    assert!(early.contains("before any workout"), "{early}");
}

#[test]
fn a_total_given_only_per_part_is_summed() {
    let xml = format!(
        "{PROLOG}<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"20\" durationUnit=\"min\" sourceName=\"w\" startDate=\"2024-05-01 07:00:00 -0600\" endDate=\"2024-05-01 07:20:00 -0600\">\
         <WorkoutActivity uuid=\"A\" startDate=\"2024-05-01 07:00:00 -0600\" endDate=\"2024-05-01 07:10:00 -0600\">\
         <WorkoutStatistics type=\"HKQuantityTypeIdentifierDistanceWalkingRunning\" startDate=\"2024-05-01 07:00:00 -0600\" endDate=\"2024-05-01 07:10:00 -0600\" sum=\"2\" unit=\"km\"/></WorkoutActivity>\
         <WorkoutActivity uuid=\"B\" startDate=\"2024-05-01 07:10:00 -0600\" endDate=\"2024-05-01 07:20:00 -0600\">\
         <WorkoutStatistics type=\"HKQuantityTypeIdentifierDistanceWalkingRunning\" startDate=\"2024-05-01 07:10:00 -0600\" endDate=\"2024-05-01 07:20:00 -0600\" sum=\"1500\" unit=\"m\"/></WorkoutActivity>\
         </Workout></HealthData>"
    );
    let activities = decode(xml.as_bytes()).unwrap();
    assert_eq!(activities[0].summary.distance_m, Some(3500.0));
}

#[test]
fn not_an_export() {
    assert!(decode(b"<?xml version=\"1.0\"?><gpx/>").is_err());
    assert_eq!(decode(b""), Err(crate::import::ImportError::Empty));
    let empty = format!("{PROLOG}</HealthData>");
    assert!(decode(empty.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("without workouts"));
}
