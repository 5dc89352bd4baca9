//! Time stamps as GPX and TCX files write them.
//!
//! Writers disagree on the details: Garmin writes `2019-06-15T09:42:23.000Z`,
//! Polar `2016-04-10T18:40:58.000+01:00`, ecoach `...14:10:05.758+02:00`,
//! some apps leave the zone out altogether. All of them are read here, and
//! the explicit offset, when there is one, is handed back so the importer
//! can record the runner's local time.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Parses an XML time stamp into its UTC instant and, when the text states
/// one, the local UTC offset in seconds (east positive).
///
/// - `Z` (and RFC 3339's `-00:00`, "offset unknown") give the instant with
///   no offset: they say nothing about the runner's local time.
/// - `+01:00`, `+0100`, `+01` give the instant and that offset.
/// - A time without zone is taken as UTC, with no offset.
/// - Fractional seconds of any length are kept (to the nanosecond).
///
/// Returns `None` for anything else; never panics.
pub fn parse(text: &str) -> Option<(DateTime<Utc>, Option<i32>)> {
    let text = super::xml_fields::trim(text);
    // Shortest form we accept is `YYYY-MM-DDTHH:MM:SS` (19 bytes); the guard
    // keeps the byte slicing below on char boundaries for any input.
    if text.len() < 19 || !text.is_ascii() {
        return None;
    }
    let (body, zone) = split_zone(text);
    let naive = parse_naive(body)?;
    match zone {
        Zone::None | Zone::Unknown => Some((naive.and_utc(), None)),
        Zone::Offset(seconds) => {
            let offset = FixedOffset::east_opt(seconds)?;
            let local = naive.and_local_timezone(offset).single()?;
            Some((local.with_timezone(&Utc), Some(seconds)))
        }
    }
}

enum Zone {
    None,
    /// `Z` or `-00:00`: the instant is UTC and the local offset is unknown.
    Unknown,
    Offset(i32),
}

/// Splits `body` from a trailing zone designator.
fn split_zone(text: &str) -> (&str, Zone) {
    if let Some(body) = text.strip_suffix(['Z', 'z']) {
        return (body, Zone::Unknown);
    }
    // The zone sign can only come after the time of day, so only look past
    // the date's own dashes (byte 10 is the `T`).
    let tail_start = 11;
    let Some(sign_at) = text
        .get(tail_start..)
        .and_then(|tail| tail.rfind(['+', '-']))
        .map(|i| i + tail_start)
    else {
        return (text, Zone::None);
    };
    let (body, zone) = text.split_at(sign_at);
    match parse_offset(zone) {
        Some(0) if zone.starts_with('-') => (body, Zone::Unknown),
        Some(seconds) => (body, Zone::Offset(seconds)),
        None => (text, Zone::None),
    }
}

/// `+hh:mm`, `+hhmm` or `+hh` to seconds east of UTC (colons anywhere
/// after the sign are ignored).
fn parse_offset(zone: &str) -> Option<i32> {
    let (sign, rest) = match zone.as_bytes() {
        [b'+', rest @ ..] => (1, rest),
        [b'-', rest @ ..] => (-1, rest),
        _ => return None,
    };
    let mut digits = [0i32; 4];
    let mut count = 0;
    for &b in rest.iter().filter(|b| **b != b':') {
        if !b.is_ascii_digit() {
            return None;
        }
        *digits.get_mut(count)? = i32::from(b - b'0');
        count += 1;
    }
    let [h0, h1, m0, m1] = digits;
    let (hours, minutes) = match count {
        2 => (h0 * 10 + h1, 0),
        4 => (h0 * 10 + h1, m0 * 10 + m1),
        _ => return None,
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

fn parse_naive(body: &str) -> Option<NaiveDateTime> {
    if let Some(naive) = plain_naive(body) {
        return Some(naive);
    }
    // `%.f` accepts an absent fraction too; the space form appears in some
    // exporters that write SQL-style stamps.
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dt%H:%M:%S%.f",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(body, format).ok())
}

/// The shape nearly every file writes, `YYYY-MM-DDTHH:MM:SS` with an
/// optional fraction of 1 to 9 digits, read without chrono's format
/// machinery (which parses its format string on every call) to the same
/// value. `None` for anything else, leap seconds and invalid dates
/// included, which chrono then reads as before.
fn plain_naive(body: &str) -> Option<NaiveDateTime> {
    let (stamp, fraction) = body.as_bytes().split_at_checked(19)?;
    let [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1] =
        <[u8; 19]>::try_from(stamp).ok()?
    else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
    let year = two(y0, y1)? * 100 + two(y2, y3)?;
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let mut value = 0;
            for &b in digits {
                value = value * 10 + digit(b)?;
            }
            value * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(mo0, mo1)?, two(d0, d1)?)?
        .and_hms_nano_opt(two(h0, h1)?, two(mi0, mi1)?, two(s0, s1)?, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    #[test]
    fn zulu_has_no_offset() {
        assert_eq!(
            parse("2019-06-15T09:42:23Z"),
            Some((utc(2019, 6, 15, 9, 42, 23), None))
        );
        assert_eq!(
            parse(" 2019-06-15T09:42:23.000Z\n"),
            Some((utc(2019, 6, 15, 9, 42, 23), None))
        );
    }

    #[test]
    fn offsets_give_the_utc_instant_and_the_offset() {
        assert_eq!(
            parse("2016-04-10T18:40:58.000+01:00"),
            Some((utc(2016, 4, 10, 17, 40, 58), Some(3600)))
        );
        assert_eq!(
            parse("2010-04-02T10:26:48+02:00"),
            Some((utc(2010, 4, 2, 8, 26, 48), Some(7200)))
        );
        assert_eq!(
            parse("2020-01-01T00:30:00-0530"),
            Some((utc(2020, 1, 1, 6, 0, 0), Some(-19800)))
        );
        assert_eq!(
            parse("2020-01-01T09:00:00+09"),
            Some((utc(2020, 1, 1, 0, 0, 0), Some(32400)))
        );
        // An explicit +00:00 is a real offset (London in winter); -00:00 is
        // RFC 3339's "unknown".
        assert_eq!(
            parse("2020-01-01T09:00:00+00:00"),
            Some((utc(2020, 1, 1, 9, 0, 0), Some(0)))
        );
        assert_eq!(
            parse("2020-01-01T09:00:00-00:00"),
            Some((utc(2020, 1, 1, 9, 0, 0), None))
        );
    }

    #[test]
    fn fractional_seconds_are_kept() {
        let (t, offset) = parse("2010-04-02T14:10:05.758+02:00").unwrap();
        assert_eq!(
            t,
            utc(2010, 4, 2, 12, 10, 5) + chrono::Duration::milliseconds(758)
        );
        assert_eq!(offset, Some(7200));
        let (t, _) = parse("2025-05-02T15:51:15.692Z").unwrap();
        assert_eq!(t.timestamp_subsec_millis(), 692);
        let (t, _) = parse("2010-04-02T16:47:09.2+02:00").unwrap();
        assert_eq!(t.timestamp_subsec_millis(), 200);
    }

    #[test]
    fn naive_times_are_utc_without_offset() {
        assert_eq!(
            parse("2017-10-02T08:49:25"),
            Some((utc(2017, 10, 2, 8, 49, 25), None))
        );
        assert_eq!(
            parse("2017-10-02 08:49:25.5"),
            Some((
                utc(2017, 10, 2, 8, 49, 25) + chrono::Duration::milliseconds(500),
                None
            ))
        );
    }

    #[test]
    fn the_plain_shape_reads_as_chrono_reads_it() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        let mut read = 0;
        for _ in 0..50_000 {
            let fraction: String = match next(4) {
                0 => String::new(),
                _ => {
                    let digits = next(12) as usize;
                    let value: String = (0..digits)
                        .map(|_| char::from(b'0' + next(10) as u8))
                        .collect();
                    format!(".{value}")
                }
            };
            let body = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}",
                [1, 1970, 2016, 2024, 9999][next(5) as usize],
                next(14),
                next(33),
                next(26),
                next(61),
                next(62)
            );
            let chrono = NaiveDateTime::parse_from_str(&body, "%Y-%m-%dT%H:%M:%S%.f").ok();
            if let Some(plain) = plain_naive(&body) {
                assert_eq!(Some(plain), chrono, "{body}");
                read += 1;
            }
            assert_eq!(parse_naive(&body), chrono, "{body}");
        }
        assert!(read > 10_000, "{read}");
        for body in [
            "2016-02-29T00:00:00",
            "2015-02-29T00:00:00",
            "2016-12-31T23:59:60",
        ] {
            assert_eq!(
                parse_naive(body),
                NaiveDateTime::parse_from_str(body, "%Y-%m-%dT%H:%M:%S%.f").ok(),
                "{body}"
            );
        }
    }

    #[test]
    fn garbage_is_none_and_never_panics() {
        for text in [
            "",
            "Z",
            "yesterday",
            "2017-10-02",
            "2017-13-02T08:49:25Z",
            "2017-10-02T25:49:25Z",
            "2017-10-02T08:49:25+25:00",
            "2017-10-02T08:49:25+01:0",
            "2017-10-02T08:49:25+ab:cd",
            "2017-10-02T08:49:25é+01:00",
            "éééééééééééééééééééééé",
            "+++++++++++++++++++++++",
            "2017-10-02T08:49:25++01:00",
            "99999-10-02T08:49:25Z",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
