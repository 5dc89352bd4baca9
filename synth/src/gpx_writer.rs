//! GPX 1.1 tracks with Garmin's TrackPointExtension (heart rate, cadence).
//!
//! GPX has no sessions, laps or distance: each session becomes a `<trk>`,
//! and readers must rebuild distance from positions. Samples without a
//! position (treadmill) cannot be expressed and are left out.

use std::fmt::Write as _;

use super::activity::{xml_escape, xml_time, SynthSport, SyntheticActivity, TimeStyle};

/// What `<type>` a track carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GpxType {
    /// No `<type>`: the reader has to infer the sport.
    None,
    /// `running`, `cycling` (Garmin Connect export).
    #[default]
    Garmin,
    /// `9` for a run, `1` for a ride (Strava export).
    Strava,
}

/// How cadence numbers count steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CadenceUnit {
    /// Strides per minute (one leg), Garmin's convention for running.
    #[default]
    PerLeg,
    /// Steps per minute (both legs), as some apps write.
    Steps,
}

/// GPX writing choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GpxOptions {
    pub sport_type: GpxType,
    /// Start a new `<trkseg>` after every pause instead of one segment.
    pub split_segments_at_pauses: bool,
    pub cadence: CadenceUnit,
    pub time_style: TimeStyle,
    /// `creator` attribute; the device name when `None`.
    pub creator: Option<String>,
}

const GPX_HEADER: &str = concat!(
    r#"xmlns="http://www.topografix.com/GPX/1/1" "#,
    r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
    r#"xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" "#,
    r#"xsi:schemaLocation="http://www.topografix.com/GPX/1/1 "#,
    r#"http://www.topografix.com/GPX/1/1/gpx.xsd "#,
    r#"http://www.garmin.com/xmlschemas/TrackPointExtension/v1 "#,
    r#"http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd""#,
);

/// Writes the activity as a GPX 1.1 document.
pub fn write_gpx(activity: &SyntheticActivity, options: &GpxOptions) -> String {
    let time = |elapsed_s: u32| {
        xml_time(
            activity.time_at(elapsed_s),
            activity.utc_offset_s,
            options.time_style,
            false,
        )
    };
    let creator = options.creator.as_deref().unwrap_or(&activity.device.name);
    let mut out = String::with_capacity(activity.sample_count() * 240 + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // Writing into a String cannot fail, so the results are ignored.
    let _ = writeln!(
        out,
        "<gpx creator=\"{}\" version=\"1.1\" {GPX_HEADER}>",
        xml_escape(creator)
    );
    let _ = writeln!(out, " <metadata>\n  <time>{}</time>\n </metadata>", time(0));
    for session in &activity.sessions {
        out.push_str(" <trk>\n");
        let _ = writeln!(out, "  <name>{}</name>", xml_escape(&activity.name));
        let type_label = match options.sport_type {
            GpxType::None => None,
            GpxType::Garmin => Some(session.sport.garmin_gpx_type()),
            GpxType::Strava => Some(session.sport.strava_gpx_type()),
        };
        if let Some(label) = type_label {
            let _ = writeln!(out, "  <type>{label}</type>");
        }
        out.push_str("  <trkseg>\n");
        for (i, s) in session.samples.iter().enumerate() {
            let resumed = i > 0 && session.pauses.iter().any(|p| p.end_s == s.elapsed_s);
            if resumed && options.split_segments_at_pauses {
                out.push_str("  </trkseg>\n  <trkseg>\n");
            }
            let Some(pos) = s.position else {
                continue;
            };
            let _ = writeln!(
                out,
                "   <trkpt lat=\"{:.7}\" lon=\"{:.7}\">",
                pos.lat_deg, pos.lon_deg
            );
            if let Some(alt) = s.altitude_m {
                let _ = writeln!(out, "    <ele>{alt:.1}</ele>");
            }
            let _ = writeln!(out, "    <time>{}</time>", time(s.elapsed_s));
            let cadence = s.cadence.map(|c| match (session.sport, options.cadence) {
                (SynthSport::Running, CadenceUnit::PerLeg) => (c / 2.0).round(),
                _ => c.round(),
            });
            if s.heart_rate_bpm.is_some() || cadence.is_some() {
                out.push_str("    <extensions>\n     <gpxtpx:TrackPointExtension>\n");
                if let Some(hr) = s.heart_rate_bpm {
                    let _ = writeln!(out, "      <gpxtpx:hr>{hr}</gpxtpx:hr>");
                }
                if let Some(cad) = cadence {
                    let _ = writeln!(out, "      <gpxtpx:cad>{cad:.0}</gpxtpx:cad>");
                }
                out.push_str("     </gpxtpx:TrackPointExtension>\n    </extensions>\n");
            }
            out.push_str("   </trkpt>\n");
        }
        out.push_str("  </trkseg>\n </trk>\n");
    }
    out.push_str("</gpx>\n");
    out
}
