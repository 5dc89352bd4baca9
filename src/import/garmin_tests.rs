use super::*;
use crate::model::Format;

const ACTIVITIES: &str = r#"[ { "summarizedActivitiesExport": [
  { "activityId": 17290383425, "name": "Morning Run", "activityType": "running",
    "sportType": "RUNNING", "startTimeGmt": 1717225200000.0, "distance": 1000000.0,
    "duration": 3000000.0, "somethingNew": {"x": 1} },
  { "activityId": 17290383426, "name": "Hills", "activityType": {"typeKey": "trail_running"},
    "beginTimestamp": 1717311600000 },
  { "activityId": 17290383427, "activityType": "multi_sport", "parent": true,
    "startTimeGmt": 1717225200000 },
  { "name": "no id", "startTimeGmt": 1717225200000 },
  { "activityId": 5, "name": 7, "startTimeGmt": 1717225200000 }
] } ]"#;

const GEAR: &str = r#"[ {
  "gearDTOS": [
    { "gearPk": 200, "uuid": "b", "gearTypeName": "shoes", "gearStatusName": "retired",
      "customMakeModel": " Brooks Ghost 15 ", "displayName": "",
      "dateBegin": "2023-01-05T00:00:00.0", "dateEnd": "2024-05-31T00:00:00.0",
      "maximumMeters": 0 },
    { "gearPk": 100, "uuid": "a", "gearTypeName": "Shoes", "gearStatusName": "active",
      "customMakeModel": "Nike Pegasus 40", "displayName": "Daily trainer",
      "dateBegin": "2024-03-01", "dateEnd": null, "maximumMeters": 600000.0 },
    { "gearPk": 300, "gearTypeName": "Bike", "customMakeModel": "Road bike" },
    { "gearPk": 400, "gearTypeName": "Shoes" }
  ],
  "gearActivityDTOs": {
    "100": [ { "gearPk": 100, "activityId": 17290383425 } ],
    "300": [ { "gearPk": 300, "activityId": 17290383426 } ],
    "200": [ { "activityId": 17290383426 } ]
  },
  "gearActivityTypeDTOS": []
} ]"#;

#[test]
fn summaries_are_read_leniently() {
    let parsed = parse_activities(ACTIVITIES.as_bytes()).expect("parses");
    let ids: Vec<u64> = parsed.summaries.iter().map(|s| s.activity_id).collect();
    assert_eq!(ids, [17290383425, 17290383426]);
    let hills = &parsed.summaries[1];
    assert_eq!(hills.activity_type.as_deref(), Some("trail_running"));
    assert_eq!(hills.start_ms, 1_717_311_600_000);
    assert_eq!(parsed.bad_entries.len(), 2, "{:?}", parsed.bad_entries);
    assert_eq!(parsed.bad_entries[0], "entry 4: no activityId");
    assert!(parsed.bad_entries[1].starts_with("entry 5: "));
}

#[test]
fn shapes_that_are_not_the_export_are_refused() {
    for (bytes, why) in [
        ("{\"activities\": []}", "no summarizedActivitiesExport list"),
        (
            "[{\"summarizedActivitiesExport\": 3}]",
            "no summarizedActivitiesExport list",
        ),
        ("[1, 2", "not JSON"),
    ] {
        let error = parse_activities(bytes.as_bytes()).expect_err(bytes);
        assert!(error.starts_with(why), "{error}");
    }
    // No gear at all: an empty list, or none.
    let none = parse_gear(b"[{\"gearDTOS\": null, \"gearActivityDTOs\": {}}]").expect("none");
    assert!(none.shoes.is_empty() && !none.no_links);
    let error = parse_gear(b"[{\"gear\": []}]").expect_err("no list");
    assert_eq!(error, "no gearDTOS list (unknown export shape)");
}

#[test]
fn gear_keeps_shoes_with_their_names_distances_and_links() {
    let gear = parse_gear(GEAR.as_bytes()).expect("parses");
    let names: Vec<&str> = gear.shoes.iter().map(|s| s.shoe.name.as_str()).collect();
    assert_eq!(
        names,
        ["Daily trainer", "Brooks Ghost 15", "Garmin shoe 400"]
    );
    let daily = &gear.shoes[0].shoe;
    assert_eq!(daily.retire_km, Some(600.0));
    assert_eq!(daily.from, NaiveDate::from_ymd_opt(2024, 3, 1));
    assert_eq!((daily.until, daily.retired), (None, false));
    let ghost = &gear.shoes[1].shoe;
    assert_eq!(ghost.retire_km, None);
    assert_eq!(ghost.until, NaiveDate::from_ymd_opt(2024, 5, 31));
    assert!(ghost.retired);
    assert_eq!(gear.links[&17290383425], [100]);
    let mut hills = gear.links[&17290383426].clone();
    hills.sort_unstable();
    assert_eq!(hills, [200, 300]);
    assert!(!gear.no_links);
}

#[test]
fn a_second_pair_of_one_name_stays_a_pair_of_its_own() {
    let gear = parse_gear(
        br#"[{"gearDTOS": [
            {"gearPk": 2, "gearTypeName": "Shoes", "customMakeModel": "Kinvara"},
            {"gearPk": 1, "gearTypeName": "Shoes", "customMakeModel": "Kinvara"}],
          "gearActivityDTOs": {}}]"#,
    )
    .expect("parses");
    let names: Vec<&str> = gear.shoes.iter().map(|s| s.shoe.name.as_str()).collect();
    assert_eq!(names, ["Kinvara", "Kinvara (2)"]);
}

fn activity(start_s: i64, file: &str) -> Activity {
    let start = DateTime::from_timestamp(start_s, 0).expect("time");
    let mut activity = Activity::new(Format::Fit, Sport::Running, start);
    activity.files = vec![file.to_string()];
    activity
}

#[test]
fn activities_take_the_nearest_summary_once_and_its_shoe() {
    let export = Export {
        root: "export.zip".into(),
        summaries: parse_activities(ACTIVITIES.as_bytes())
            .expect("parses")
            .summaries,
        gear: parse_gear(GEAR.as_bytes()).expect("parses"),
    };
    let mut activities = vec![
        // 4 s late, and a copy 1 s late: the copy is nearer.
        activity(1_717_225_204, "export.zip/DI_CONNECT/a.fit"),
        activity(1_717_225_201, "export.zip/DI_CONNECT/b.fit"),
        // 9 s early: within the tolerance.
        activity(1_717_311_591, "export.zip/DI_CONNECT/c.fit"),
        // Outside the export.
        activity(1_717_311_600, "other/c.fit"),
        // Too far from any summary.
        activity(1_717_311_611, "export.zip/DI_CONNECT/d.fit"),
    ];
    let shoes = apply(&[export], &mut activities);
    let got: Vec<(Option<&str>, Option<&str>, Option<GearSource>)> = activities
        .iter()
        .map(|a| (a.name.as_deref(), a.gear.as_deref(), a.gear_source))
        .collect();
    let garmin = Some(GearSource::GarminGear);
    assert_eq!(
        got,
        [
            (None, None, None),
            (Some("Morning Run"), Some("Daily trainer"), garmin),
            // The bike is no shoe.
            (Some("Hills"), Some("Brooks Ghost 15"), garmin),
            (None, None, None),
            (None, None, None),
        ]
    );
    assert_eq!(activities[2].sub_sport.as_deref(), Some("trail"));
    let names: Vec<&str> = shoes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Brooks Ghost 15", "Daily trainer", "Garmin shoe 400"]
    );
}

#[test]
fn the_export_root_holds_di_connect() {
    assert_eq!(
        export_root("x/export.zip/DI_CONNECT/DI-Connect-Fitness/u_gear.json"),
        "x/export.zip"
    );
    assert_eq!(export_root("DI_CONNECT/DI-Connect-Fitness/u_gear.json"), "");
    assert_eq!(export_root("DI-Connect-Fitness/u_gear.json"), "");
    assert_eq!(
        export_root("a/DI_CONNECT/DI-Connect-Fitness/u_gear.json"),
        "a"
    );
    assert_eq!(export_root("loose/u_gear.json"), "loose");
    assert_eq!(export_root("u_gear.json"), "");
}
