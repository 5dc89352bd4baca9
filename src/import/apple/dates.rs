//! Apple Health's dates: `2024-05-01 07:30:00 -0600`, local time with the
//! offset it was printed in, always this one width, whole seconds.

/// An instant and the offset its date was printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    /// Seconds since the Unix epoch.
    pub utc: i64,
    /// The printed offset east of UTC, in seconds.
    pub offset_s: i32,
}

/// Reads `YYYY-MM-DD HH:MM:SS ±HHMM` (a `T` or a `Z` is also taken), by
/// position: it is the one format every export writes and the parser sees
/// millions of them.
pub(super) fn parse(text: &[u8]) -> Option<Stamp> {
    let digits = |from: usize, len: usize| -> Option<i64> {
        let mut value = 0i64;
        for b in text.get(from..from + len)? {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(b - b'0');
        }
        Some(value)
    };
    if text.get(4) != Some(&b'-') || text.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    let rest = text.get(19..)?;
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let offset_s = match rest.first() {
        None | Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let zone = rest.get(1..)?;
            let zone: Vec<u8> = zone.iter().copied().filter(|b| *b != b':').collect();
            if zone.len() != 4 || !zone.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let number = |i: usize| i32::from(zone.get(i).copied().unwrap_or(b'0') - b'0');
            let minutes = (number(0) * 10 + number(1)) * 60 + number(2) * 10 + number(3);
            if *sign == b'-' {
                -minutes * 60
            } else {
                minutes * 60
            }
        }
        Some(_) => return None,
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Stamp {
        utc: local - i64::from(offset_s),
        offset_s,
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_dates_with_their_offset() {
        let stamp = parse(b"2024-05-01 07:30:00 -0600").unwrap();
        // 13:30 UTC.
        assert_eq!(stamp.utc, 1_714_570_200);
        assert_eq!(stamp.offset_s, -21_600);
        let east = parse(b"2025-01-14 12:35:13 +0900").unwrap();
        assert_eq!(east.utc, 1_736_825_713);
        assert_eq!(east.offset_s, 32_400);
        assert_eq!(
            parse(b"2000-03-01 00:00:00 +0000").unwrap().utc,
            951_868_800
        );
        assert_eq!(parse(b"1969-12-31 23:59:59 +0000").unwrap().utc, -1);
        assert_eq!(parse(b"2024-05-01T07:30:00Z").unwrap().utc, 1_714_548_600);
    }

    #[test]
    fn other_shapes_are_refused() {
        for bad in [
            &b""[..],
            b"2024-05-01",
            b"20150616071916-0700",
            b"2024-13-01 07:30:00 -0600",
            b"2024-05-01 07:30:00 -06",
            b"2024-05-01 07:3x:00 -0600",
        ] {
            assert_eq!(parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
