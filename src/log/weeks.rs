//! Local calendar weeks.
//!
//! Local dates come from the log, which has already resolved each run's
//! offset (and with it daylight-saving changes), so weeks are pure date
//! arithmetic here: no time of day, no zone.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The first day of a local week (`[athlete] week_start` in the config).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    /// ISO weeks; the default of knee-risk-rules.md.
    #[default]
    Monday,
    Sunday,
}

/// The first day of the week holding `date`.
pub fn week_start_of(date: NaiveDate, start: WeekStart) -> NaiveDate {
    let back = match start {
        WeekStart::Monday => date.weekday().num_days_from_monday(),
        WeekStart::Sunday => date.weekday().num_days_from_sunday(),
    };
    // Only a date within six days of chrono's minimum has no week start;
    // no run is logged there, and the date itself is the closest stand-in.
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(date)
}

/// The last day of the week starting on `week_start` (six days later).
pub fn week_last_day(week_start: NaiveDate) -> NaiveDate {
    // Saturates at chrono's maximum date rather than panicking.
    week_start
        .checked_add_days(Days::new(6))
        .unwrap_or(NaiveDate::MAX)
}

/// Every week start from the week holding `first` to the week holding
/// `last`, empty weeks included, oldest first. Nothing when `last` is
/// before `first`.
pub fn weeks_between(
    first: NaiveDate,
    last: NaiveDate,
    start: WeekStart,
) -> impl Iterator<Item = NaiveDate> {
    let end = week_start_of(last, start);
    let begin = week_start_of(first, start);
    let mut next = (first <= last).then_some(begin);
    std::iter::from_fn(move || {
        let current = next.filter(|week| *week <= end)?;
        // `None` at chrono's maximum date ends the iteration.
        next = current.checked_add_days(Days::new(7));
        Some(current)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn default_is_monday() {
        assert_eq!(WeekStart::default(), WeekStart::Monday);
    }

    #[test]
    fn sunday_belongs_to_the_monday_before_or_starts_its_own_week() {
        // 2026-03-22 is a Sunday; the Monday before it is 2026-03-16.
        let sunday = date("2026-03-22");
        assert_eq!(week_start_of(sunday, WeekStart::Monday), date("2026-03-16"));
        assert_eq!(week_start_of(sunday, WeekStart::Sunday), sunday);
        // The Monday after it starts a Monday week and sits in that Sunday's.
        let monday = date("2026-03-23");
        assert_eq!(week_start_of(monday, WeekStart::Monday), monday);
        assert_eq!(week_start_of(monday, WeekStart::Sunday), sunday);
        // Saturday 2026-03-21 closes the Sunday week of 2026-03-15.
        let saturday = date("2026-03-21");
        assert_eq!(
            week_start_of(saturday, WeekStart::Sunday),
            date("2026-03-15")
        );
        assert_eq!(week_last_day(date("2026-03-16")), sunday);
    }

    #[test]
    fn weeks_cross_year_boundaries() {
        // 2026-01-01 is a Thursday: its Monday week starts 2025-12-29 and its
        // Sunday week on 2025-12-28.
        let new_year = date("2026-01-01");
        assert_eq!(
            week_start_of(new_year, WeekStart::Monday),
            date("2025-12-29")
        );
        assert_eq!(
            week_start_of(new_year, WeekStart::Sunday),
            date("2025-12-28")
        );
        // 2024 is a leap year: Monday 2024-02-26 to Sunday 2024-03-03.
        assert_eq!(
            week_start_of(date("2024-03-03"), WeekStart::Monday),
            date("2024-02-26")
        );
    }

    #[test]
    fn weeks_between_lists_empty_weeks() {
        // Wednesday 2025-12-17 to Friday 2026-01-09: Mondays 12-15, 12-22,
        // 12-29, 01-05, whether or not anything happened in them.
        let weeks: Vec<NaiveDate> =
            weeks_between(date("2025-12-17"), date("2026-01-09"), WeekStart::Monday).collect();
        assert_eq!(
            weeks,
            [
                date("2025-12-15"),
                date("2025-12-22"),
                date("2025-12-29"),
                date("2026-01-05")
            ]
        );
        // Sunday start: Sat 2026-03-21 and Sun 2026-03-22 are two weeks.
        let weeks: Vec<NaiveDate> =
            weeks_between(date("2026-03-21"), date("2026-03-22"), WeekStart::Sunday).collect();
        assert_eq!(weeks, [date("2026-03-15"), date("2026-03-22")]);
        // One day is one week; a reversed range is none.
        assert_eq!(
            weeks_between(date("2026-03-22"), date("2026-03-22"), WeekStart::Monday).count(),
            1
        );
        assert_eq!(
            weeks_between(date("2026-03-23"), date("2026-03-22"), WeekStart::Monday).count(),
            0
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let _ = week_start_of(NaiveDate::MIN, WeekStart::Monday);
        let _ = week_last_day(NaiveDate::MAX);
        assert!(weeks_between(NaiveDate::MAX, NaiveDate::MAX, WeekStart::Sunday).count() <= 1);
    }

    #[test]
    fn config_spelling() {
        let start: WeekStart = serde_json::from_str("\"sunday\"").unwrap();
        assert_eq!(start, WeekStart::Sunday);
        assert_eq!(
            serde_json::to_string(&WeekStart::Monday).unwrap(),
            "\"monday\""
        );
    }
}
