//! The runner's wall-clock time of each run, decided once for every stage.
//!
//! Never reads the machine's time zone (`chrono::Local`): the same export
//! must give the same local dates on any computer.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use tzf_rs::DefaultFinder;

use super::options::LogOptions;
use crate::model::{Activity, OffsetSource, UtcOffset};

/// Real offsets lie between UTC-12 and UTC+14; anything beyond is a broken
/// `local_timestamp`, not a place.
const MAX_OFFSET_S: i32 = 14 * 3600;
/// Every zone in use is a whole number of quarter hours from UTC. FIT
/// `local_timestamp` and `timestamp` can be written a second or two apart,
/// so a stated offset is rounded to the nearest quarter hour.
const QUARTER_HOUR_S: i32 = 15 * 60;

/// Where and when a run happened in local time.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTime {
    pub offset: UtcOffset,
    pub start_local: NaiveDateTime,
    pub local_date: NaiveDate,
    /// Why the offset was chosen over another that disagreed with it, e.g.
    /// "the place's zone Europe/Warsaw (UTC+02:00) over the file's own
    /// offset (UTC+01:00)"; `None` when every source agreed.
    pub note: Option<String>,
}

/// Resolves the local offset of `activity`. The zone of the place where
/// the run started decides when there is a GPS fix: watches write their
/// clock's offset, which is wrong after travel or a missed DST change
/// (issue 12: five corpus files). Without a fix the file's own offset
/// decides, then `--tz`, then the configured zone, else UTC.
///
/// `place` is the zone at the run's first fix ([`zone_at`]), found once
/// when the file is read and cached with its summary: the zone polygons
/// take 30 MB and tens of milliseconds to unpack, which a warm run skips.
pub fn resolve(activity: &Activity, place: Option<Tz>, options: &LogOptions) -> LocalTime {
    let start = activity.start_utc;
    let candidates = [
        place.map(|zone| zone_offset(zone, start, OffsetSource::GpsPosition)),
        stated_offset(activity.utc_offset.as_ref()),
        options
            .cli_zone
            .map(|zone| zone_offset(zone, start, OffsetSource::CommandLine)),
        options
            .config_zone
            .map(|zone| zone_offset(zone, start, OffsetSource::Config)),
    ];
    let mut known = candidates.into_iter().flatten();
    let offset = known.next().unwrap_or(UtcOffset {
        seconds: 0,
        source: OffsetSource::AssumedUtc,
        zone: None,
    });
    let overruled: Vec<String> = known
        .filter(|other| other.seconds != offset.seconds)
        .map(|other| describe(&other))
        .collect();
    let note = (!overruled.is_empty())
        .then(|| format!("{} over {}", describe(&offset), overruled.join(" and ")));
    // Only a start at the very edge of chrono's range could overflow.
    let start_local = start
        .naive_utc()
        .checked_add_signed(Duration::seconds(i64::from(offset.seconds)))
        .unwrap_or(start.naive_utc());
    LocalTime {
        local_date: start_local.date(),
        start_local,
        offset,
        note,
    }
}

/// "the file's own offset (UTC+01:00)", for the note on a disagreement.
fn describe(offset: &UtcOffset) -> String {
    let zone = offset.zone.as_deref().unwrap_or("?");
    let what = match offset.source {
        OffsetSource::GpsPosition => format!("{zone} where the run started"),
        OffsetSource::FitLocalTimestamp | OffsetSource::FileTimestamp => {
            "the file's own offset".to_string()
        }
        OffsetSource::CommandLine => format!("--tz {zone}"),
        OffsetSource::Config => format!("the config's timezone {zone}"),
        OffsetSource::AssumedUtc => "UTC".to_string(),
    };
    format!("{what} ({})", utc_label(offset.seconds))
}

/// "UTC+05:30", "UTC-07:00".
pub fn utc_label(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn stated_offset(stated: Option<&UtcOffset>) -> Option<UtcOffset> {
    let stated = stated?;
    if stated.seconds.abs() > MAX_OFFSET_S {
        return None;
    }
    let quarters = (f64::from(stated.seconds) / f64::from(QUARTER_HOUR_S)).round() as i32;
    Some(UtcOffset {
        seconds: quarters * QUARTER_HOUR_S,
        ..stated.clone()
    })
}

/// The zone's offset at that instant, so summer and winter runs each get
/// their own.
fn zone_offset(zone: Tz, at: DateTime<Utc>, source: OffsetSource) -> UtcOffset {
    UtcOffset {
        seconds: zone
            .offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc(),
        source,
        zone: Some(zone.name().to_string()),
    }
}

/// The zone at the activity's first GPS fix.
pub fn start_zone(activity: &Activity) -> Option<Tz> {
    let fix = activity.first_fix()?;
    zone_at(fix.lat_deg, fix.lon_deg)
}

/// The zone containing a point. Over open sea the bundled data answers with
/// the nautical `Etc/GMT±N` zones, which are real offsets too.
pub fn zone_at(lat_deg: f64, lon_deg: f64) -> Option<Tz> {
    // Building the finder unpacks the polygons (tens of milliseconds), so it
    // is built once, on first use, and shared by every thread.
    static FINDER: OnceLock<DefaultFinder> = OnceLock::new();
    let finder = FINDER.get_or_init(DefaultFinder::new);
    finder.get_tz_name(lon_deg, lat_deg).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, LatLon, Sport};
    use chrono::{Datelike, Weekday};

    fn run_at(utc: &str) -> Activity {
        let start = utc.parse::<DateTime<Utc>>().unwrap();
        Activity::new(Format::Fit, Sport::Running, start)
    }

    fn with_fix(mut activity: Activity, lat_deg: f64, lon_deg: f64) -> Activity {
        activity.streams.time_s = vec![0.0, 1.0];
        activity.streams.position = Some(vec![None, Some(LatLon { lat_deg, lon_deg })]);
        activity
    }

    /// [`resolve`] with the zone of the run's own first fix.
    fn resolve_here(activity: &Activity, options: &LogOptions) -> LocalTime {
        resolve(activity, start_zone(activity), options)
    }

    fn denver() -> LogOptions {
        LogOptions {
            cli_zone: Some(chrono_tz::America::Denver),
            config_zone: None,
        }
    }

    fn local(utc: &str, options: &LogOptions) -> LocalTime {
        resolve_here(&run_at(utc), options)
    }

    #[test]
    fn sunday_evening_in_denver_stays_sunday() {
        // 2024-06-03 04:30 UTC is Monday; Denver is on MDT (UTC-6) in June,
        // so the run started 22:30 on Sunday 2024-06-02.
        let t = local("2024-06-03T04:30:00Z", &denver());
        assert_eq!(t.offset.seconds, -6 * 3600);
        assert_eq!(t.offset.source, OffsetSource::CommandLine);
        assert_eq!(t.offset.zone.as_deref(), Some("America/Denver"));
        assert_eq!(t.start_local.to_string(), "2024-06-02 22:30:00");
        assert_eq!(t.local_date.weekday(), Weekday::Sun);
    }

    #[test]
    fn denver_dst_edges() {
        // Spring forward 2024-03-10 at 02:00 MST = 09:00 UTC.
        let before = local("2024-03-10T08:59:00Z", &denver());
        assert_eq!(before.offset.seconds, -7 * 3600);
        assert_eq!(before.start_local.to_string(), "2024-03-10 01:59:00");
        let after = local("2024-03-10T09:00:00Z", &denver());
        assert_eq!(after.offset.seconds, -6 * 3600);
        assert_eq!(after.start_local.to_string(), "2024-03-10 03:00:00");
        // Fall back 2024-11-03 at 02:00 MDT = 08:00 UTC; 01:xx happens twice.
        let before = local("2024-11-03T07:59:00Z", &denver());
        assert_eq!(before.offset.seconds, -6 * 3600);
        assert_eq!(before.start_local.to_string(), "2024-11-03 01:59:00");
        let after = local("2024-11-03T08:00:00Z", &denver());
        assert_eq!(after.offset.seconds, -7 * 3600);
        assert_eq!(after.start_local.to_string(), "2024-11-03 01:00:00");
        // 06:30 UTC on 3 November is still 00:30 MDT: Sunday, not Saturday.
        let early = local("2024-11-03T06:30:00Z", &denver());
        assert_eq!(early.local_date.to_string(), "2024-11-03");
    }

    #[test]
    fn file_offset_wins_and_is_rounded() {
        // FIT local_timestamp 07:05:43 vs timestamp 11:05:43 gives -14400 s;
        // a writer a second late would give -14401 s.
        let mut run = run_at("2019-06-15T09:42:23Z");
        run.utc_offset = Some(UtcOffset {
            seconds: -14401,
            source: OffsetSource::FitLocalTimestamp,
            zone: None,
        });
        let t = resolve_here(&run, &denver());
        assert_eq!(t.offset.seconds, -14400);
        assert_eq!(t.offset.source, OffsetSource::FitLocalTimestamp);
        assert_eq!(t.start_local.to_string(), "2019-06-15 05:42:23");
    }

    #[test]
    fn absurd_file_offset_is_ignored() {
        let mut run = run_at("2019-06-15T09:42:23Z");
        run.utc_offset = Some(UtcOffset {
            seconds: 20 * 3600,
            source: OffsetSource::FitLocalTimestamp,
            zone: None,
        });
        assert_eq!(
            resolve_here(&run, &denver()).offset.source,
            OffsetSource::CommandLine
        );
    }

    #[test]
    fn gps_zone_beats_cli_zone_beats_config_zone() {
        // Berlin in January is CET (UTC+1); Denver in January is MST (UTC-7).
        let run = run_at("2024-01-15T12:00:00Z");
        let both = LogOptions {
            cli_zone: Some(chrono_tz::Europe::Berlin),
            config_zone: Some(chrono_tz::America::Denver),
        };
        let t = resolve_here(&run, &both);
        assert_eq!(
            (t.offset.seconds, t.offset.source),
            (3600, OffsetSource::CommandLine)
        );
        assert_eq!(
            t.note.as_deref(),
            Some(
                "--tz Europe/Berlin (UTC+01:00) over the config's timezone \
                 America/Denver (UTC-07:00)"
            )
        );
        let config_only = LogOptions {
            cli_zone: None,
            config_zone: Some(chrono_tz::Europe::Berlin),
        };
        let t = resolve_here(&run, &config_only);
        assert_eq!(
            (t.offset.seconds, t.offset.source, t.note),
            (3600, OffsetSource::Config, None)
        );
        // A fix in Denver: the place wins over both zones, and says so.
        let t = resolve_here(&with_fix(run, 39.7392, -104.9903), &both);
        assert_eq!(
            (t.offset.seconds, t.offset.source),
            (-7 * 3600, OffsetSource::GpsPosition)
        );
        assert_eq!(
            t.note.as_deref(),
            Some(
                "America/Denver where the run started (UTC-07:00) over \
                 --tz Europe/Berlin (UTC+01:00)"
            )
        );
    }

    #[test]
    fn place_beats_a_file_offset_that_missed_summer_time() {
        // runalyze Wrong-time-zone-by-polar.tcx: Warsaw, 2016-04-10, after
        // the change to CEST (UTC+2) on 27 March; the Polar V800 wrote
        // +01:00. 17:40:58Z is 19:40:58 in Warsaw.
        let mut run = with_fix(run_at("2016-04-10T17:40:58Z"), 52.23, 21.01);
        run.utc_offset = Some(UtcOffset {
            seconds: 3600,
            source: OffsetSource::FileTimestamp,
            zone: None,
        });
        let t = resolve_here(&run, &LogOptions::default());
        assert_eq!(
            (t.offset.seconds, t.offset.zone.as_deref()),
            (7200, Some("Europe/Warsaw"))
        );
        assert_eq!(t.start_local.to_string(), "2016-04-10 19:40:58");
        assert_eq!(
            t.note.as_deref(),
            Some(
                "Europe/Warsaw where the run started (UTC+02:00) over \
                 the file's own offset (UTC+01:00)"
            )
        );
    }

    #[test]
    fn offsets_are_labelled_with_sign_and_minutes() {
        assert_eq!(utc_label(0), "UTC+00:00");
        assert_eq!(utc_label(-7 * 3600), "UTC-07:00");
        // India, and Newfoundland in winter.
        assert_eq!(utc_label(19800), "UTC+05:30");
        assert_eq!(utc_label(-12600), "UTC-03:30");
    }

    #[test]
    fn gps_fix_in_denver() {
        // January: MST, UTC-7. 02:00 UTC Tuesday is 19:00 Monday in Denver.
        let run = with_fix(run_at("2024-01-16T02:00:00Z"), 39.7392, -104.9903);
        let t = resolve_here(&run, &LogOptions::default());
        assert_eq!(t.offset.source, OffsetSource::GpsPosition);
        assert_eq!(t.offset.zone.as_deref(), Some("America/Denver"));
        assert_eq!(t.offset.seconds, -7 * 3600);
        assert_eq!(t.local_date.to_string(), "2024-01-15");
    }

    #[test]
    fn gps_fix_at_sea() {
        // Mid-Pacific at 0 N, 140 W: the nautical zone for 135-150 W is
        // UTC-9, which the tz database spells Etc/GMT+9.
        let run = with_fix(run_at("2024-01-16T12:00:00Z"), 0.0, -140.0);
        let t = resolve_here(&run, &LogOptions::default());
        assert_eq!(t.offset.source, OffsetSource::GpsPosition);
        assert_eq!(t.offset.zone.as_deref(), Some("Etc/GMT+9"));
        assert_eq!(t.offset.seconds, -9 * 3600);
    }

    #[test]
    fn nothing_known_is_utc() {
        let t = local("2024-01-16T02:00:00Z", &LogOptions::default());
        assert_eq!(t.offset.source, OffsetSource::AssumedUtc);
        assert_eq!(t.offset.seconds, 0);
        assert_eq!(t.local_date.to_string(), "2024-01-16");
    }
}
