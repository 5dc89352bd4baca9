//! Runs by local date: the runs of the days before a day, found by binary
//! search instead of walking ten years of runs for each run.

use chrono::NaiveDate;

/// Run indices by local date, to find the runs of the days before a day
/// without walking ten years of runs for each run.
pub struct ByDay(Vec<(NaiveDate, usize)>);

impl ByDay {
    pub fn new(dates: impl Iterator<Item = NaiveDate>) -> ByDay {
        let mut dated: Vec<(NaiveDate, usize)> = dates.enumerate().map(|(i, d)| (d, i)).collect();
        dated.sort_unstable();
        ByDay(dated)
    }

    /// The runs on days `day - window_days ..= day - 1`, oldest first.
    pub fn before(&self, day: NaiveDate, window_days: i64) -> impl Iterator<Item = usize> + '_ {
        let from = day
            .checked_sub_days(chrono::Days::new(window_days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN);
        let start = self.0.partition_point(|(d, _)| *d < from);
        let end = self.0.partition_point(|(d, _)| *d < day);
        self.0
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|(_, i)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn the_days_before_not_the_day_itself() {
        // Runs 0..=4 on Jan 1, 2, 3, 3 and 10 (index 3 logged before 2).
        let days = [
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-01-03",
            "2026-01-10",
        ];
        let by_day = ByDay::new(days.iter().map(|d| day(d)));
        // Two days before Jan 3: Jan 1 and 2, not Jan 3 itself.
        assert_eq!(
            by_day.before(day("2026-01-03"), 2).collect::<Vec<_>>(),
            [0, 1]
        );
        // One day before Jan 3: Jan 2 only.
        assert_eq!(by_day.before(day("2026-01-03"), 1).collect::<Vec<_>>(), [1]);
        // Seven days before Jan 10 (Jan 3..=9): both Jan 3 runs.
        assert_eq!(
            by_day.before(day("2026-01-10"), 7).collect::<Vec<_>>(),
            [2, 3]
        );
        assert_eq!(by_day.before(day("2026-01-01"), 30).count(), 0);
    }
}
