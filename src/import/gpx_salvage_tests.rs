//! A GPX file damaged mid-file keeps the points read before the
//! damage, marked salvaged; without two timed points before it, it is
//! skipped with the XML error.

use super::*;

/// 50 points one per line, the one at `damaged` replaced by a point whose
/// end tag is wrong (a damaged copy): the XML breaks on line `damaged + 3`.
fn damaged_gpx(damaged: u32) -> String {
    let points: Vec<String> = (0..50)
        .map(|i| {
            if i == damaged {
                "<trkpt lat=\"1\" lon=\"2\"></trkseg>".to_string()
            } else {
                pt(i, "")
            }
        })
        .collect();
    gpx11(&format!(
        "<trk><trkseg>\n{}\n</trkseg></trk>",
        points.join("\n")
    ))
}

#[test]
fn a_damaged_file_keeps_the_points_before_the_damage() {
    let xml = damaged_gpx(30);
    let a = one(&xml);
    assert_eq!(a.streams.len(), 30);
    assert_eq!(a.start_utc, utc(8, 0, 0));
    assert_eq!(a.streams.time_s.last(), Some(&29.0));
    // quick-xml reports a wrong end tag at its `</`.
    let at = xml.find("</trkseg>").unwrap();
    assert_eq!(
        a.salvaged.as_deref(),
        Some(
            format!(
                "invalid GPX XML at line 33 (byte {at}): ill-formed document: expected `</trkpt>`, but \
                 `</trkseg>` was found; only the points before it were read"
            )
            .as_str()
        )
    );
}

#[test]
fn a_damaged_file_without_two_timed_points_before_the_damage_is_skipped() {
    for damaged in [0, 1] {
        let xml = damaged_gpx(damaged);
        let at = xml.find("</trkseg>").unwrap() as u64;
        assert!(
            matches!(decode(xml.as_bytes()), Err(ImportError::Xml { position, .. }) if position == at),
            "{damaged}"
        );
    }
}
