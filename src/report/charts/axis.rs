//! A calendar axis for plotters: values are day numbers (days from the
//! common era, so a week bar spans `week_start..week_start + 7`), ticks
//! fall on week starts, month starts or years, whichever fits the width.

use std::ops::Range;

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

/// The day number of a date (the axis' value).
pub fn day(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// The date of a day number, when it is one.
pub fn date_of(day: f64) -> Option<NaiveDate> {
    if !day.is_finite() || day.abs() > f64::from(i32::MAX) {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(day.round() as i32)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// Dates from `from` to `to` (day numbers, `to` excluded).
#[derive(Debug, Clone)]
pub struct DayAxis {
    from: f64,
    to: f64,
    step: Step,
}

impl DayAxis {
    /// An axis over `first..=last` with room for about `max_labels` tick
    /// labels. Half a day of margin on each side keeps a day's bar or
    /// point off the frame.
    pub fn new(first: NaiveDate, last: NaiveDate, max_labels: usize) -> DayAxis {
        let from = day(first.min(last)) - 0.5;
        let to = day(last.max(first)) + 1.5;
        DayAxis::over(from, to, max_labels)
    }

    /// An axis over the day numbers `from..to`.
    pub fn over(from: f64, to: f64, max_labels: usize) -> DayAxis {
        let to = if to > from { to } else { from + 1.0 };
        let span = to - from;
        let max_labels = max_labels.max(2) as f64;
        let candidates = [
            (Step::Days(1), 1.0),
            (Step::Days(7), 7.0),
            (Step::Months(1), 30.4),
            (Step::Months(2), 60.9),
            (Step::Months(3), 91.3),
            (Step::Months(6), 182.6),
            (Step::Years(1), 365.25),
            (Step::Years(2), 730.5),
            (Step::Years(5), 1826.0),
            (Step::Years(10), 3652.0),
        ];
        let step = candidates
            .iter()
            .find(|(_, days)| span / days <= max_labels)
            .map_or(Step::Years(25), |(step, _)| *step);
        DayAxis { from, to, step }
    }

    /// The tick dates inside the axis.
    fn ticks(&self) -> Vec<NaiveDate> {
        let (Some(first), Some(last)) = (date_of(self.from.ceil()), date_of(self.to.floor()))
        else {
            return Vec::new();
        };
        let mut at = match self.step {
            Step::Days(1) => first,
            // Week ticks on Mondays.
            Step::Days(_) => {
                let back = first.weekday().num_days_from_monday();
                let monday = first - chrono::Days::new(u64::from(back));
                if monday < first {
                    monday + chrono::Days::new(7)
                } else {
                    monday
                }
            }
            Step::Months(n) => {
                let start = NaiveDate::from_ymd_opt(first.year(), first.month(), 1);
                let mut start = start.unwrap_or(first);
                // Months on multiples of the step (Jan, Apr, Jul, Oct).
                while start < first || (start.month0() % n) != 0 {
                    start = start + Months::new(1);
                }
                start
            }
            Step::Years(n) => {
                let mut year = first.year();
                while NaiveDate::from_ymd_opt(year, 1, 1).is_none_or(|d| d < first)
                    || year.rem_euclid(n as i32) != 0
                {
                    year += 1;
                }
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(first)
            }
        };
        let mut ticks = Vec::new();
        while at <= last && ticks.len() < 1000 {
            ticks.push(at);
            let next = match self.step {
                Step::Days(n) => at.checked_add_days(chrono::Days::new(u64::from(n))),
                Step::Months(n) => at.checked_add_months(Months::new(n)),
                Step::Years(n) => at.checked_add_months(Months::new(12 * n)),
            };
            match next {
                Some(next) => at = next,
                None => break,
            }
        }
        ticks
    }
}

impl Ranged for DayAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = (value - self.from) / (self.to - self.from);
        let pixels = f64::from(limit.1 - limit.0) * fraction;
        if pixels.is_finite() {
            limit.0 + pixels.round().clamp(-1e7, 1e7) as i32
        } else {
            limit.0
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        let ticks = self.ticks();
        let max = hint.max_num_points().max(1);
        let every = ticks.len().div_ceil(max).max(1);
        ticks.iter().step_by(every).map(|d| day(*d)).collect()
    }

    fn range(&self) -> Range<f64> {
        self.from..self.to
    }
}

impl ValueFormatter<f64> for DayAxis {
    fn format_ext(&self, value: &f64) -> String {
        let Some(date) = date_of(*value) else {
            return String::new();
        };
        match self.step {
            Step::Days(_) => date.format("%-d %b").to_string(),
            Step::Months(_) => date.format("%b %Y").to_string(),
            Step::Years(_) => date.format("%Y").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ticks_fit_the_span() {
        // 17 weeks with room for 12 labels: months.
        let axis = DayAxis::new(d("2026-02-02"), d("2026-05-31"), 12);
        let labels: Vec<String> = axis
            .key_points(12usize)
            .iter()
            .map(|v| axis.format_ext(v))
            .collect();
        assert_eq!(labels, ["Mar 2026", "Apr 2026", "May 2026", "Jun 2026"]);
        // Ten years: every year or two.
        let axis = DayAxis::new(d("2016-01-04"), d("2025-12-28"), 12);
        let ticks = axis.key_points(12usize);
        assert!((5..=10).contains(&ticks.len()), "{ticks:?}");
        assert_eq!(axis.format_ext(&ticks[0]), "2017");
        // One day: a tick on that day.
        let axis = DayAxis::new(d("2026-03-03"), d("2026-03-03"), 12);
        assert_eq!(axis.key_points(12usize)[0], day(d("2026-03-03")));
    }
}
