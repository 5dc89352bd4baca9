//! The timer's pauses, in seconds from the activity's start, for sweeps
//! that walk the samples forward in time.

use crate::model::Activity;

/// Pauses sorted by start, with a cursor past those already behind a sweep.
pub(super) struct TimerPauses {
    spans: Vec<(f64, f64)>,
    first_open: usize,
}

impl TimerPauses {
    pub(super) fn of(activity: &Activity) -> TimerPauses {
        let seconds_from_start = |t: chrono::DateTime<chrono::Utc>| {
            (t - activity.start_utc).num_milliseconds() as f64 / 1000.0
        };
        let mut spans: Vec<(f64, f64)> = activity
            .pauses
            .iter()
            .map(|p| {
                (
                    seconds_from_start(p.start_utc),
                    seconds_from_start(p.end_utc),
                )
            })
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        TimerPauses {
            spans,
            first_open: 0,
        }
    }

    /// Whether the timer was stopped at any time within `start..end`.
    /// Calls must come with non-decreasing `start`: samples and pauses both
    /// run forward, so this is one sweep, not a scan of every pause for
    /// every sample (a GPX with a segment per point has as many pauses as
    /// points).
    pub(super) fn overlaps(&mut self, start: f64, end: f64) -> bool {
        while self
            .spans
            .get(self.first_open)
            .is_some_and(|&(_, to)| to <= start)
        {
            self.first_open += 1;
        }
        self.spans
            .get(self.first_open..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&(from, _)| from < end)
            .any(|&(_, to)| start < to)
    }
}
