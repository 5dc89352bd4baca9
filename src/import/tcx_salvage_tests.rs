//! A TCX file damaged mid-file keeps the points read before the
//! damage, marked salvaged; without two timed points before it, it is
//! skipped with the XML error.

use super::*;

/// One run of 60 trackpoints, one per line, the one at `damaged` cut off
/// by a wrong end tag (a damaged copy).
fn damaged_tcx(damaged: u32) -> String {
    let points: Vec<String> = (0..60)
        .map(|i| {
            if i == damaged {
                "<Trackpoint><Time>2020-05-01T09:00:00Z</Lap>".to_string()
            } else {
                tp(i, "", "")
            }
        })
        .collect();
    let laps = lap(
        "2020-05-01T08:00:00Z",
        59.0,
        177.0,
        "",
        &format!("\n{}\n", points.join("\n")),
    );
    tcx(&activity("Running", "2020-05-01T08:00:00Z", &laps))
}

#[test]
fn a_damaged_file_keeps_the_points_before_the_damage() {
    let xml = damaged_tcx(45);
    let activities = decode(xml.as_bytes()).unwrap();
    assert_eq!(activities.len(), 1);
    let a = &activities[0];
    assert_eq!(a.streams.len(), 45);
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.streams.time_s.last(), Some(&44.0));
    let at = xml.find("</Lap>").unwrap();
    assert_eq!(
        a.salvaged.as_deref(),
        Some(
            format!(
                "invalid TCX XML at line 47 (byte {at}): ill-formed document: expected `</Time>`, but \
                 `</Lap>` was found; only the points before it were read"
            )
            .as_str()
        )
    );
}

#[test]
fn a_damaged_file_without_two_timed_points_before_the_damage_is_skipped() {
    for damaged in [0, 1] {
        let xml = damaged_tcx(damaged);
        let at = xml.find("</Lap>").unwrap() as u64;
        assert!(
            matches!(decode(xml.as_bytes()), Err(ImportError::Xml { position, .. }) if position == at),
            "{damaged}"
        );
    }
}
