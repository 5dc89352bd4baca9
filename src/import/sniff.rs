//! Content sniffing: what a file holds, whatever its name says.

use super::fit;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Gzip,
    Zip,
    Fit,
    Gpx,
    Tcx,
    /// Apple Health's export.xml (root `HealthData`), read as a stream.
    AppleHealth,
    /// Anything else, with a short description for the skipped list.
    Other(&'static str),
}

/// How far into an XML file the root element is looked for.
const XML_PROLOGUE_LIMIT: usize = 64 * 1024;

pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Content::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Content::Zip;
    }
    if fit::header_len(bytes).is_some() {
        return Content::Fit;
    }
    if let Some(root) = xml_root(bytes) {
        let local = root.rsplit(':').next().unwrap_or(root);
        return match local {
            "gpx" => Content::Gpx,
            "TrainingCenterDatabase" => Content::Tcx,
            "HealthData" => Content::AppleHealth,
            "ClinicalDocument" => {
                Content::Other("clinical records (Apple Health's export_cda.xml), not activities")
            }
            _ => Content::Other("an XML document that is neither GPX nor TCX"),
        };
    }
    Content::Other(describe_foreign(bytes))
}

/// The name of the first element of an XML document, skipping a BOM,
/// whitespace (Strava TCX files start with spaces), the declaration,
/// comments and a doctype.
fn xml_root(bytes: &[u8]) -> Option<&str> {
    let head = bytes.get(..bytes.len().min(XML_PROLOGUE_LIMIT))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    loop {
        rest = rest.strip_prefix(b"<")?;
        if let Some(after) = rest.strip_prefix(b"!DOCTYPE") {
            // The doctype names the root. Apple Health's iOS 16 export has
            // a malformed internal subset, so its name is all that is read.
            let name = after.trim_ascii_start();
            let end = name
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'[')?;
            return std::str::from_utf8(name.get(..end)?).ok();
        } else if let Some(after) = rest.strip_prefix(b"!--") {
            let end = find(after, b"-->")?;
            rest = after.get(end + 3..)?.trim_ascii_start();
        } else if rest.starts_with(b"?") || rest.starts_with(b"!") {
            let end = find(rest, b">")?;
            rest = rest.get(end + 1..)?.trim_ascii_start();
        } else {
            let end = rest
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')?;
            return std::str::from_utf8(rest.get(..end)?).ok();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn describe_foreign(bytes: &[u8]) -> &'static str {
    const MAGIC: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"GIF8", "a GIF image"),
        (b"\x00\x00\x00", "a video or other binary media file"),
        (b"{", "a JSON document"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return what;
    }
    let sample = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    let text = std::str::from_utf8(sample).is_ok() && !sample.contains(&0);
    if text {
        "a text file that is not GPX, TCX or FIT"
    } else {
        "unrecognized binary data (no FIT, GPX, TCX, gzip or zip signature)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_roots_found_past_bom_spaces_comments() {
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><gpx version=\"1.1\">"),
            Content::Gpx
        );
        assert_eq!(
            sniff(b"   \n<?xml version=\"1.0\"?>\n<!-- by Strava -->\n<TrainingCenterDatabase xmlns=\"x\">"),
            Content::Tcx
        );
        assert_eq!(sniff(b"<gpx:gpx xmlns:gpx=\"x\"/>"), Content::Gpx);
        assert!(matches!(
            sniff(b"<?xml version=\"1.0\"?><kml>"),
            Content::Other(_)
        ));
    }

    #[test]
    fn apple_health_by_its_doctype_or_root() {
        let ios16 = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 12 -->\n<!ATTLIST VisionPrescription\n  brand CDATA #IMPLIED\n<!ELEMENT RightEye EMPTY>\ndevice CDATA #IMPLIED\n>\n]>\n<HealthData locale=\"en_US\">";
        assert_eq!(sniff(ios16), Content::AppleHealth);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<HealthData locale=\"es_ES\">"),
            Content::AppleHealth
        );
        assert!(matches!(
            sniff(b"<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\">"),
            Content::Other(s) if s.starts_with("clinical records")
        ));
    }

    #[test]
    fn containers_and_foreign_files() {
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Content::Gzip);
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(sniff(b"\x89PNG\r\n"), Content::Other("a PNG image"));
        assert!(
            matches!(sniff(&[0xde, 0xad, 0xbe, 0xef, 0x00]), Content::Other(s) if s.starts_with("unrecognized"))
        );
        assert!(
            matches!(sniff(b"date,distance\n"), Content::Other(s) if s.starts_with("a text file"))
        );
    }
}
