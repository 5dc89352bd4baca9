//! A small Apple Health "Export All Health Data", written from the format
//! as public sources show it (the DTD of HealthKit Export Version 12 with
//! iOS 16's defects, `Record` and `Workout` shapes of real exports, the
//! route GPX Apple writes): three runs, a walk and a ride, and the same
//! export cut short.
//!
//! The numbers are chosen to be checked by hand (see `tests/cli_apple.rs`):
//! - 2023-10-10, older form: `totalDistance="5" totalDistanceUnit="km"`,
//!   30 min, no statistics; heart rate 138 every minute.
//! - 2024-05-01, with its route (181 points every 10 s at 3 m/s), 30 min,
//!   5.4 km in its statistics; heart rate 140 for 15 minutes then 160,
//!   every 30 s; the Watch counts 170 steps a minute, the phone 80 (to be
//!   ignored); ground contact 240 ms, vertical oscillation 8.5 cm.
//! - 2024-05-03, indoor (`HKIndoorWorkout` 1), no route, 40 min with a
//!   2-minute pause, 5 mi; heart rate 145, 172 steps a minute, running
//!   speed 12 km/h every 30 s while not paused.
//! - A walk on 2024-05-02 and a ride on 2024-05-04.

use crate::GeneratedFile;

const WATCH: &str = "Ann\u{2019}s Apple\u{a0}Watch";
const WATCH_DEVICE: &str = "&lt;&lt;HKDevice: 0x283704460&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.4&gt;";
const PHONE: &str = "Ann\u{2019}s iPhone";
const PHONE_DEVICE: &str = "&lt;&lt;HKDevice: 0x283714aa0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,2, software:17.4&gt;";

/// The internal DTD of an iOS 16 export, with its two defects: the
/// VisionPrescription ATTLIST without its `>`, and the stray fragment
/// before `]>`.
const PROLOG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute)*)>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
<!ATTLIST LeftEye
  sphere           CDATA #IMPLIED
>
  device           CDATA #IMPLIED
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #IMPLIED
  value CDATA #IMPLIED
>
>
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-06-01 10:00:00 -0600"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-02-02" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>
"#;

/// A local time of the fixture's zone (-0600) from seconds since
/// `day` 00:00.
fn at(day: &str, seconds: i64) -> String {
    format!(
        "{day} {:02}:{:02}:{:02} -0600",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

struct Rec<'a> {
    kind: &'a str,
    watch: bool,
    unit: &'a str,
    start: String,
    end: String,
    value: String,
}

fn record(out: &mut String, r: &Rec<'_>) {
    let (source, version, device) = if r.watch {
        (WATCH, "10.4", WATCH_DEVICE)
    } else {
        (PHONE, "17.4", PHONE_DEVICE)
    };
    out.push_str(&format!(
        " <Record type=\"HKQuantityTypeIdentifier{}\" sourceName=\"{source}\" sourceVersion=\"{version}\" device=\"{device}\" unit=\"{}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\" value=\"{}\"",
        r.kind, r.unit, r.end, r.start, r.end, r.value
    ));
    if r.kind == "HeartRate" {
        out.push_str(">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" value=\"2\"/>\n </Record>\n");
    } else {
        out.push_str("/>\n");
    }
}

/// A point record (`startDate` = `endDate`).
/// A step count of the Watch (or the phone) over `seconds` from `from`.
fn steps(out: &mut String, watch: bool, day: &str, from: i64, seconds: i64, count: &str) {
    record(
        out,
        &Rec {
            kind: "StepCount",
            watch,
            unit: "count",
            start: at(day, from),
            end: at(day, from + seconds),
            value: count.into(),
        },
    );
}

fn point(out: &mut String, kind: &str, unit: &str, when: String, value: &str) {
    record(
        out,
        &Rec {
            kind,
            watch: true,
            unit,
            start: when.clone(),
            end: when,
            value: value.into(),
        },
    );
}

/// Seconds of day of each run's start.
const OLD_DAY: &str = "2023-10-10";
const OLD_START: i64 = 6 * 3600 + 30 * 60;
const ROUTE_DAY: &str = "2024-05-01";
const ROUTE_START: i64 = 7 * 3600;
const INDOOR_DAY: &str = "2024-05-03";
const INDOOR_START: i64 = 18 * 3600;
/// The indoor run's pause, seconds after its start.
const PAUSE: (i64, i64) = (1200, 1320);

fn records() -> String {
    let mut out = String::new();
    // Heart rate, every type's records together as exports write them.
    for minute in 0..=30 {
        point(
            &mut out,
            "HeartRate",
            "count/min",
            at(OLD_DAY, OLD_START + minute * 60),
            "138",
        );
    }
    for half in 0..=60 {
        let value = if half < 30 { "140" } else { "160" };
        point(
            &mut out,
            "HeartRate",
            "count/min",
            at(ROUTE_DAY, ROUTE_START + half * 30),
            value,
        );
    }
    for half in 0..=80 {
        let t = half * 30;
        if t > PAUSE.0 && t < PAUSE.1 {
            continue;
        }
        point(
            &mut out,
            "HeartRate",
            "count/min",
            at(INDOOR_DAY, INDOOR_START + t),
            "145",
        );
    }
    // A resting heart rate hours later, outside every workout.
    point(
        &mut out,
        "HeartRate",
        "count/min",
        at(ROUTE_DAY, 13 * 3600),
        "62",
    );
    // Steps: the Watch a minute at a time, the phone five.
    for minute in 0..30 {
        let from = ROUTE_START + minute * 60;
        steps(&mut out, true, ROUTE_DAY, from, 60, "170");
    }
    for five in 0..6 {
        let from = ROUTE_START + five * 300;
        steps(&mut out, false, ROUTE_DAY, from, 300, "400");
    }
    for minute in 0..40 {
        let from = minute * 60;
        if from >= PAUSE.0 && from < PAUSE.1 {
            continue;
        }
        let from = INDOOR_START + from;
        steps(&mut out, true, INDOOR_DAY, from, 60, "172");
    }
    // Running dynamics of the route run, every 30 s.
    for half in 0..=60 {
        let when = || at(ROUTE_DAY, ROUTE_START + half * 30);
        point(&mut out, "RunningGroundContactTime", "ms", when(), "240");
        point(&mut out, "RunningVerticalOscillation", "cm", when(), "8.5");
        point(&mut out, "RunningStrideLength", "m", when(), "1.06");
        point(&mut out, "RunningPower", "W", when(), "250");
        point(&mut out, "RunningSpeed", "km/hr", when(), "10.8");
    }
    for half in 0..=80 {
        let t = half * 30;
        if t > PAUSE.0 && t < PAUSE.1 {
            continue;
        }
        point(
            &mut out,
            "RunningSpeed",
            "km/hr",
            at(INDOOR_DAY, INDOOR_START + t),
            "12",
        );
    }
    // Records no run needs: energy, and a heart rate variability reading
    // with its beats.
    record(
        &mut out,
        &Rec {
            kind: "ActiveEnergyBurned",
            watch: true,
            unit: "kcal",
            start: at(ROUTE_DAY, ROUTE_START),
            end: at(ROUTE_DAY, ROUTE_START + 60),
            value: "12.5".into(),
        },
    );
    out.push_str(&format!(
        " <Record type=\"HKQuantityTypeIdentifierHeartRateVariabilitySDNN\" sourceName=\"{WATCH}\" sourceVersion=\"10.4\" device=\"{WATCH_DEVICE}\" unit=\"ms\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\" value=\"41.2\">\n  <HeartRateVariabilityMetadataList>\n   <InstantaneousBeatsPerMinute bpm=\"61\" time=\"5:10:03.12 AM\"/>\n   <InstantaneousBeatsPerMinute bpm=\"63\" time=\"5:10:04.09 AM\"/>\n  </HeartRateVariabilityMetadataList>\n </Record>\n",
        at(ROUTE_DAY, 5 * 3600 + 61), at(ROUTE_DAY, 5 * 3600), at(ROUTE_DAY, 5 * 3600 + 61)
    ));
    out
}

fn statistics(kind: &str, day: &str, from: i64, to: i64, values: &str) -> String {
    format!(
        "  <WorkoutStatistics type=\"HKQuantityTypeIdentifier{kind}\" startDate=\"{}\" endDate=\"{}\" {values}/>\n",
        at(day, from),
        at(day, to)
    )
}

fn workouts() -> String {
    let mut out = String::new();
    // Older form: totals as attributes.
    out.push_str(&format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"30\" durationUnit=\"min\" totalDistance=\"5\" totalDistanceUnit=\"km\" totalEnergyBurned=\"310\" totalEnergyBurnedUnit=\"kcal\" sourceName=\"{WATCH}\" sourceVersion=\"10.0\" device=\"{WATCH_DEVICE}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n  <MetadataEntry key=\"HKTimeZone\" value=\"America/Denver\"/>\n  <MetadataEntry key=\"HKElevationAscended\" value=\"1036 cm\"/>\n </Workout>\n",
        at(OLD_DAY, OLD_START + 1802), at(OLD_DAY, OLD_START), at(OLD_DAY, OLD_START + 1800)
    ));
    // iOS 16 form with its route.
    let (from, to) = (ROUTE_START, ROUTE_START + 1800);
    out.push_str(&format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"30\" durationUnit=\"min\" sourceName=\"{WATCH}\" sourceVersion=\"10.4\" device=\"{WATCH_DEVICE}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n  <MetadataEntry key=\"HKTimeZone\" value=\"America/Denver\"/>\n  <WorkoutEvent type=\"HKWorkoutEventTypeSegment\" date=\"{}\" duration=\"10\" durationUnit=\"min\"/>\n",
        at(ROUTE_DAY, to + 3), at(ROUTE_DAY, from), at(ROUTE_DAY, to), at(ROUTE_DAY, from)
    ));
    out.push_str(&statistics(
        "ActiveEnergyBurned",
        ROUTE_DAY,
        from,
        to,
        "sum=\"402.5\" unit=\"kcal\"",
    ));
    out.push_str(&statistics(
        "DistanceWalkingRunning",
        ROUTE_DAY,
        from,
        to,
        "sum=\"5.4\" unit=\"km\"",
    ));
    out.push_str(&statistics(
        "HeartRate",
        ROUTE_DAY,
        from,
        to,
        "average=\"150\" minimum=\"138\" maximum=\"165\" unit=\"count/min\"",
    ));
    out.push_str(&statistics(
        "StepCount",
        ROUTE_DAY,
        from,
        to,
        "sum=\"5100\" unit=\"count\"",
    ));
    out.push_str(&format!(
        "  <WorkoutRoute sourceName=\"{WATCH}\" sourceVersion=\"10.4\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n   <MetadataEntry key=\"HKMetadataKeySyncVersion\" value=\"2\"/>\n   <MetadataEntry key=\"HKMetadataKeySyncIdentifier\" value=\"6C1F3A0E-2B7D-4C1A-9E55-0D2F5A7B8C91\"/>\n   <FileReference path=\"/workout-routes/route_2024-05-01_7.30am.gpx\"/>\n  </WorkoutRoute>\n </Workout>\n",
        at(ROUTE_DAY, to + 4), at(ROUTE_DAY, from), at(ROUTE_DAY, to)
    ));
    // A walk.
    let walk = 12 * 3600;
    out.push_str(&format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeWalking\" duration=\"30\" durationUnit=\"min\" sourceName=\"{PHONE}\" sourceVersion=\"17.4\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n",
        at("2024-05-02", walk + 1800), at("2024-05-02", walk), at("2024-05-02", walk + 1800)
    ));
    out.push_str(&statistics(
        "DistanceWalkingRunning",
        "2024-05-02",
        walk,
        walk + 1800,
        "sum=\"2.1\" unit=\"km\"",
    ));
    out.push_str(" </Workout>\n");
    // Indoor, paused for two minutes.
    let (from, to) = (INDOOR_START, INDOOR_START + 2400);
    out.push_str(&format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"38\" durationUnit=\"min\" sourceName=\"{WATCH}\" sourceVersion=\"10.4\" device=\"{WATCH_DEVICE}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"1\"/>\n  <MetadataEntry key=\"HKTimeZone\" value=\"America/Denver\"/>\n",
        at(INDOOR_DAY, to + 2), at(INDOOR_DAY, from), at(INDOOR_DAY, to)
    ));
    for (kind, t) in [
        ("Pause", PAUSE.0),
        ("MotionPaused", PAUSE.0),
        ("Resume", PAUSE.1),
        ("MotionResumed", PAUSE.1),
    ] {
        out.push_str(&format!(
            "  <WorkoutEvent type=\"HKWorkoutEventType{kind}\" date=\"{}\"/>\n",
            at(INDOOR_DAY, from + t)
        ));
    }
    out.push_str(&statistics(
        "DistanceWalkingRunning",
        INDOOR_DAY,
        from,
        to,
        "sum=\"5\" unit=\"mi\"",
    ));
    out.push_str(&statistics(
        "HeartRate",
        INDOOR_DAY,
        from,
        to,
        "average=\"145\" minimum=\"140\" maximum=\"150\" unit=\"count/min\"",
    ));
    out.push_str(" </Workout>\n");
    // A ride.
    let ride = 9 * 3600;
    out.push_str(&format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeCycling\" duration=\"60\" durationUnit=\"min\" sourceName=\"{WATCH}\" sourceVersion=\"10.4\" device=\"{WATCH_DEVICE}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n",
        at("2024-05-04", ride + 3600), at("2024-05-04", ride), at("2024-05-04", ride + 3600)
    ));
    out.push_str(&statistics(
        "DistanceCycling",
        "2024-05-04",
        ride,
        ride + 3600,
        "sum=\"25\" unit=\"km\"",
    ));
    out.push_str(" </Workout>\n");
    out
}

/// The export.xml.
pub fn export_xml() -> String {
    let mut xml = String::from(PROLOG);
    xml.push_str(&records());
    xml.push_str(&workouts());
    xml.push_str(" <ActivitySummary dateComponents=\"2024-05-01\" activeEnergyBurned=\"520\" activeEnergyBurnedGoal=\"500\" activeEnergyBurnedUnit=\"kcal\"/>\n</HealthData>\n");
    xml
}

/// The route of the 2024-05-01 run as Apple writes it: UTC times, `lon`
/// before `lat`, speed and accuracy in plain extensions. 181 points
/// every 10 s due north at 3 m/s (0.00026979 degrees of latitude).
pub fn route_gpx() -> String {
    let mut gpx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"Apple Health Export\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd\">\n  <metadata>\n    <time>2024-06-01T16:00:00Z</time>\n  </metadata>\n  <trk>\n    <name>Route 2024-05-01 7:30am</name>\n    <trkseg>\n",
    );
    for i in 0..=180i64 {
        let lat = 39.700000 + i as f64 * 0.000_269_79;
        let t = 13 * 3600 + i * 10;
        gpx.push_str(&format!(
            "      <trkpt lon=\"-104.950000\" lat=\"{lat:.6}\"><ele>{:.6}</ele><time>2024-05-01T{:02}:{:02}:{:02}Z</time><extensions><speed>3.000000</speed><course>0.000000</course><hAcc>4.000000</hAcc><vAcc>3.000000</vAcc></extensions></trkpt>\n",
            1600.0 + i as f64 * 0.1,
            t / 3600,
            t / 60 % 60,
            t % 60
        ));
    }
    gpx.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
    gpx
}

/// The fixtures: the export folder as unzipped, and a copy of export.xml
/// cut inside the indoor run's Workout element.
pub fn files() -> Vec<GeneratedFile> {
    let xml = export_xml();
    let indoor = xml
        .find("HKIndoorWorkout\" value=\"1\"")
        .unwrap_or(xml.len() / 2);
    let cut = xml.get(..indoor).unwrap_or_default().to_string();
    vec![
        GeneratedFile::new("apple-health-export/apple_health_export/export.xml", xml),
        GeneratedFile::new(
            "apple-health-export/apple_health_export/workout-routes/route_2024-05-01_7.30am.gpx",
            route_gpx(),
        ),
        GeneratedFile::new("apple-health-damaged/apple_health_export/export.xml", cut),
    ]
}

/// A large export.xml for the benchmark (`examples/gen_apple_export.rs`):
/// the prolog above, then Records grouped by type as real exports write
/// them (heart rate every 5 s during workouts and every 4 minutes
/// otherwise, step counts from the Watch and the phone, then active
/// energy every minute of the waking day until the file reaches
/// `target_bytes`), then `workouts` Workouts (two runs in three, the rest
/// walks and rides), one every other day. Returns the bytes written.
pub fn write_large_export(
    out: &mut impl std::io::Write,
    target_bytes: u64,
    workouts: usize,
) -> std::io::Result<u64> {
    let written = std::cell::Cell::new(0u64);
    let put = |out: &mut dyn std::io::Write, text: &str| -> std::io::Result<()> {
        written.set(written.get() + text.len() as u64);
        out.write_all(text.as_bytes())
    };
    put(out, PROLOG)?;
    let days = workouts as i64 * 2;
    let day_name = |day: i64| {
        // Days from 2019-01-01 (a Tuesday), as a date.
        let (mut year, mut remaining) = (2019, day);
        loop {
            let length = if year % 4 == 0 { 366 } else { 365 };
            if remaining < length {
                break;
            }
            remaining -= length;
            year += 1;
        }
        let leap = year % 4 == 0;
        let months = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let mut month = 0;
        while month < 11 && remaining >= months[month] {
            remaining -= months[month];
            month += 1;
        }
        format!("{year}-{:02}-{:02}", month + 1, remaining + 1)
    };
    // A workout on every other day at 07:00 for an hour.
    let workout_start = 7 * 3600;
    let mut line = String::with_capacity(1024);
    let mut rng = crate::SplitMix64::new(14);
    for day in 0..days {
        let name = day_name(day);
        let busy = day % 2 == 0;
        let mut t = 6 * 3600;
        while t < 23 * 3600 {
            let in_workout = busy && t >= workout_start && t < workout_start + 3600;
            let value = if in_workout {
                140 + rng.next_u64() % 30
            } else {
                55 + rng.next_u64() % 25
            };
            line.clear();
            record(
                &mut line,
                &Rec {
                    kind: "HeartRate",
                    watch: true,
                    unit: "count/min",
                    start: at(&name, t),
                    end: at(&name, t),
                    value: value.to_string(),
                },
            );
            put(out, &line)?;
            t += if in_workout { 5 } else { 240 };
        }
    }
    for day in 0..days {
        let name = day_name(day);
        for watch in [true, false] {
            let step = if watch { 600 } else { 900 };
            let mut t = 7 * 3600;
            while t < 22 * 3600 {
                line.clear();
                let count = 100 + rng.next_u64() % 900;
                steps(&mut line, watch, &name, t, step - 60, &count.to_string());
                put(out, &line)?;
                t += step;
            }
        }
    }
    // Filler up to the target, leaving room for the workouts.
    let room = workouts as u64 * 2200 + 4096;
    'energy: for round in 0.. {
        for day in 0..days {
            let name = day_name(day);
            let mut t = 6 * 3600 + round * 17;
            while t < 23 * 3600 {
                if written.get() + room >= target_bytes {
                    break 'energy;
                }
                line.clear();
                let kcal = format!("{:.3}", 0.5 + (rng.next_u64() % 5000) as f64 / 1000.0);
                record(
                    &mut line,
                    &Rec {
                        kind: "ActiveEnergyBurned",
                        watch: true,
                        unit: "kcal",
                        start: at(&name, t),
                        end: at(&name, t + 60),
                        value: kcal,
                    },
                );
                put(out, &line)?;
                t += 60;
            }
        }
        if round > 1000 {
            break;
        }
    }
    for index in 0..workouts {
        let name = day_name(index as i64 * 2);
        let (from, to) = (workout_start, workout_start + 3600);
        let kind = match index % 6 {
            0..=3 => "Running",
            4 => "Walking",
            _ => "Cycling",
        };
        line.clear();
        line.push_str(&format!(
            " <Workout workoutActivityType=\"HKWorkoutActivityType{kind}\" duration=\"60\" durationUnit=\"min\" sourceName=\"{WATCH}\" sourceVersion=\"10.4\" device=\"{WATCH_DEVICE}\" creationDate=\"{}\" startDate=\"{}\" endDate=\"{}\">\n  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>\n  <MetadataEntry key=\"HKTimeZone\" value=\"America/Denver\"/>\n",
            at(&name, to + 3), at(&name, from), at(&name, to)
        ));
        line.push_str(&statistics(
            "DistanceWalkingRunning",
            &name,
            from,
            to,
            "sum=\"10.2\" unit=\"km\"",
        ));
        line.push_str(&statistics(
            "HeartRate",
            &name,
            from,
            to,
            "average=\"150\" minimum=\"120\" maximum=\"170\" unit=\"count/min\"",
        ));
        line.push_str(" </Workout>\n");
        put(out, &line)?;
    }
    put(out, "</HealthData>\n")?;
    Ok(written.get())
}
