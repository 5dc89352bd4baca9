//! The runner's own 8-week look-back: for a run on day d, the runs of days
//! d-56..=d-1, its own day left out so that two runs of one day are not
//! each other's baseline. The cadence line, the stance-balance baseline
//! and the easy-pace threshold of the intensity analyzer all stand on it
//! (knee-risk-rules.md: the cadence line "over the last 8 weeks", the
//! balance's "own 8-week baseline").

use chrono::NaiveDate;

use super::by_day::ByDay;

/// The look-back in days: the rules' 8 weeks.
pub const BASELINE_DAYS: i64 = 56;

/// The indices of the runs of the 8 weeks before `day`, in the order
/// `runs` was built from (the log's), so that sums over them add up in the
/// same order whatever the dates.
pub fn runs_before(runs: &ByDay, day: NaiveDate) -> Vec<usize> {
    let mut earlier: Vec<usize> = runs.before(day, BASELINE_DAYS).collect();
    earlier.sort_unstable();
    earlier
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn eight_weeks_before_in_log_order() {
        let days = [
            "2026-01-01", // 57 days before 2026-02-27: outside
            "2026-02-20",
            "2026-01-02", // 56 days before: inside, though logged later
            "2026-02-27", // the day itself is not its own baseline
            "2026-02-27",
        ];
        let runs = ByDay::new(days.iter().map(|d| day(d)));
        assert_eq!(runs_before(&runs, day("2026-02-27")), [1, 2]);
        assert_eq!(runs_before(&runs, day("2026-01-02")), [0]);
        assert!(runs_before(&runs, day("2026-01-01")).is_empty());
    }
}
