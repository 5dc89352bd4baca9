//! TCX (Garmin Training Center v2) activities, shaped like Garmin Connect's
//! export: one `<Activity>` per session, one `<Lap>` per lap with device
//! totals, and a new `<Track>` after each pause.

use std::fmt::Write as _;

use super::activity::{
    xml_escape, xml_time, Sample, SynthSport, SyntheticActivity, SyntheticSession, TimeStyle,
    Totals,
};

/// Where running cadence goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TcxCadence {
    /// `<ns3:RunCadence>` in the trackpoint extension (strides/min), as
    /// Garmin writes it.
    #[default]
    RunCadenceExtension,
    /// The plain `<Cadence>` element (strides/min), as some converters do.
    CadenceElement,
}

/// TCX writing choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcxOptions {
    pub cadence: TcxCadence,
    pub time_style: TimeStyle,
    /// Start a new `<Track>` after every pause, as Garmin devices do.
    pub split_tracks_at_pauses: bool,
}

impl Default for TcxOptions {
    fn default() -> Self {
        TcxOptions {
            cadence: TcxCadence::default(),
            time_style: TimeStyle::default(),
            split_tracks_at_pauses: true,
        }
    }
}

const TCX_ROOT: &str = concat!(
    r#"<TrainingCenterDatabase "#,
    r#"xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 "#,
    r#"http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" "#,
    r#"xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" "#,
    r#"xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" "#,
    r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
);

struct Tcx<'a> {
    activity: &'a SyntheticActivity,
    options: TcxOptions,
    out: String,
}

/// Writes the activity as a TCX document.
pub fn write_tcx(activity: &SyntheticActivity, options: &TcxOptions) -> String {
    let mut w = Tcx {
        activity,
        options: *options,
        out: String::with_capacity(activity.sample_count() * 420 + 2048),
    };
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.out.push_str(TCX_ROOT);
    w.out.push_str("\n  <Activities>\n");
    for session in &activity.sessions {
        w.session(session);
    }
    w.out.push_str("  </Activities>\n");
    w.out.push_str(concat!(
        "  <Author xsi:type=\"Application_t\">\n",
        "    <Name>Connect Api</Name>\n",
        "    <Build><Version><VersionMajor>0</VersionMajor><VersionMinor>0</VersionMinor>",
        "<BuildMajor>0</BuildMajor><BuildMinor>0</BuildMinor></Version></Build>\n",
        "    <LangID>en</LangID>\n",
        "    <PartNumber>006-D2449-00</PartNumber>\n",
        "  </Author>\n",
        "</TrainingCenterDatabase>\n",
    ));
    w.out
}

impl Tcx<'_> {
    fn time(&self, elapsed_s: u32) -> String {
        let a = self.activity;
        xml_time(
            a.time_at(elapsed_s),
            a.utc_offset_s,
            self.options.time_style,
            true,
        )
    }

    /// Per-leg cadence for running (TCX's convention), rpm for cycling.
    fn cadence(sport: SynthSport, value: f64) -> f64 {
        match sport {
            SynthSport::Running => (value / 2.0).round(),
            SynthSport::Cycling => value.round(),
        }
    }

    fn session(&mut self, session: &SyntheticSession) {
        let start = self.time(session.start_s());
        let _ = writeln!(
            self.out,
            "    <Activity Sport=\"{}\">\n      <Id>{start}</Id>",
            session.sport.tcx_name()
        );
        let laps = session.lap_totals();
        let last_lap = laps.len().saturating_sub(1);
        for (n, (lap, (from, to))) in laps.iter().zip(session.lap_spans()).enumerate() {
            // A lap's first sample closed the previous lap.
            let first = if n == 0 { from } else { from + 1 };
            let samples = session.samples.get(first..=to).unwrap_or(&[]);
            self.lap(session, lap, samples, n == last_lap);
        }
        let d = &self.activity.device;
        let _ = writeln!(
            self.out,
            concat!(
                "      <Creator xsi:type=\"Device_t\">\n",
                "        <Name>{}</Name>\n        <UnitId>{}</UnitId>\n",
                "        <ProductID>{}</ProductID>\n",
                "        <Version><VersionMajor>{}</VersionMajor><VersionMinor>{}</VersionMinor>",
                "<BuildMajor>0</BuildMajor><BuildMinor>0</BuildMinor></Version>\n",
                "      </Creator>\n    </Activity>"
            ),
            xml_escape(&d.name),
            d.serial_number,
            d.product,
            d.software_version / 100,
            d.software_version % 100,
        );
    }

    fn lap(&mut self, session: &SyntheticSession, t: &Totals, samples: &[Sample], last: bool) {
        let sport = session.sport;
        // The schema requires calories; a rough per-km figure is enough.
        let kcal_per_km = if sport == SynthSport::Running {
            68.0
        } else {
            24.0
        };
        let _ = writeln!(
            self.out,
            concat!(
                "      <Lap StartTime=\"{}\">\n",
                "        <TotalTimeSeconds>{:.1}</TotalTimeSeconds>\n",
                "        <DistanceMeters>{:.2}</DistanceMeters>\n",
                "        <MaximumSpeed>{:.3}</MaximumSpeed>\n",
                "        <Calories>{:.0}</Calories>"
            ),
            self.time(t.start_s),
            t.timer_s,
            t.distance_m,
            t.max_speed_mps,
            t.distance_m / 1000.0 * kcal_per_km,
        );
        if let (Some(avg), Some(max)) = (t.avg_hr_bpm, t.max_hr_bpm) {
            let _ = writeln!(
                self.out,
                concat!(
                    "        <AverageHeartRateBpm><Value>{:.0}</Value></AverageHeartRateBpm>\n",
                    "        <MaximumHeartRateBpm><Value>{}</Value></MaximumHeartRateBpm>"
                ),
                avg, max
            );
        }
        self.out.push_str("        <Intensity>Active</Intensity>\n");
        let avg_cadence = t.avg_cadence.map(|c| Self::cadence(sport, c));
        if let (SynthSport::Cycling, Some(c)) = (sport, avg_cadence) {
            let _ = writeln!(self.out, "        <Cadence>{c:.0}</Cadence>");
        }
        let trigger = if last { "Manual" } else { "Distance" };
        let _ = writeln!(self.out, "        <TriggerMethod>{trigger}</TriggerMethod>");
        self.out.push_str("        <Track>\n");
        for s in samples {
            let resumed = session.pauses.iter().any(|p| p.end_s == s.elapsed_s);
            if resumed && self.options.split_tracks_at_pauses && s.elapsed_s > t.start_s {
                self.out.push_str("        </Track>\n        <Track>\n");
            }
            self.trackpoint(sport, s);
        }
        self.out.push_str("        </Track>\n");
        let _ = write!(
            self.out,
            "        <Extensions>\n          <ns3:LX>\n            <ns3:AvgSpeed>{:.3}</ns3:AvgSpeed>\n",
            t.avg_speed_mps
        );
        let in_extension = self.options.cadence == TcxCadence::RunCadenceExtension;
        if let (SynthSport::Running, true, Some(c)) = (sport, in_extension, avg_cadence) {
            let _ = writeln!(
                self.out,
                "            <ns3:AvgRunCadence>{c:.0}</ns3:AvgRunCadence>"
            );
        }
        self.out
            .push_str("          </ns3:LX>\n        </Extensions>\n      </Lap>\n");
    }

    fn trackpoint(&mut self, sport: SynthSport, s: &Sample) {
        let _ = writeln!(
            self.out,
            "          <Trackpoint>\n            <Time>{}</Time>",
            self.time(s.elapsed_s)
        );
        if let Some(p) = s.position {
            let _ = writeln!(
                self.out,
                concat!(
                    "            <Position>\n",
                    "              <LatitudeDegrees>{:.7}</LatitudeDegrees>\n",
                    "              <LongitudeDegrees>{:.7}</LongitudeDegrees>\n",
                    "            </Position>"
                ),
                p.lat_deg, p.lon_deg
            );
        }
        if let Some(alt) = s.altitude_m {
            let _ = writeln!(
                self.out,
                "            <AltitudeMeters>{alt:.1}</AltitudeMeters>"
            );
        }
        let _ = writeln!(
            self.out,
            "            <DistanceMeters>{:.2}</DistanceMeters>",
            s.distance_m
        );
        if let Some(hr) = s.heart_rate_bpm {
            let _ = writeln!(
                self.out,
                "            <HeartRateBpm><Value>{hr}</Value></HeartRateBpm>"
            );
        }
        let cadence = s.cadence.map(|c| Self::cadence(sport, c));
        let in_element =
            sport == SynthSport::Cycling || self.options.cadence == TcxCadence::CadenceElement;
        if let (true, Some(c)) = (in_element, cadence) {
            let _ = writeln!(self.out, "            <Cadence>{c:.0}</Cadence>");
        }
        let _ = write!(
            self.out,
            "            <Extensions>\n              <ns3:TPX>\n                <ns3:Speed>{:.3}</ns3:Speed>\n",
            s.speed_mps
        );
        if let (false, Some(c)) = (in_element, cadence) {
            let _ = writeln!(
                self.out,
                "                <ns3:RunCadence>{c:.0}</ns3:RunCadence>"
            );
        }
        if let Some(w) = s.power_w {
            let _ = writeln!(self.out, "                <ns3:Watts>{w}</ns3:Watts>");
        }
        self.out.push_str(
            "              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n",
        );
    }
}
