//! The daily series every load analyzer shares: one entry per local date,
//! rest days included, so rolling windows are plain index arithmetic.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::run_totals::{run_km, run_time_s};
use super::trimp::{LoadBasis, RunLoads};
use crate::log::LoggedRun;

/// One local date. A rest day has `runs == 0` and zeros elsewhere: no
/// running is a measured zero, not an unknown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    /// Every run that day, timed or not.
    pub runs: u32,
    /// Sum of the known distances (runs without one add nothing and are
    /// listed in [`DailySeries::undistanced`]).
    pub distance_km: f64,
    /// Sum of the runs' moving minutes (elapsed when moving is unknown).
    pub moving_min: f64,
    /// Training load in the units of [`DailySeries::load_basis`].
    pub load: f64,
}

/// Consecutive local dates from the first run to the last (or to a given
/// end date).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DailySeries {
    /// One entry per date, no gaps, oldest first. Empty without runs.
    pub days: Vec<Day>,
    pub load_basis: LoadBasis,
    /// Ids of runs with neither a moving nor an elapsed time: counted in
    /// `runs` and `distance_km`, but they add no minutes and no load, so
    /// the report can say the load misses them.
    pub untimed: Vec<String>,
    /// Ids of runs without a distance: counted in `runs` and the minutes,
    /// but they add no km.
    pub undistanced: Vec<String>,
}

impl DailySeries {
    /// The series from the first run's local date to the last run's, or to
    /// `end` when given. Runs after `end` are left out (the analysis is
    /// "as of" that date); an `end` before the first run gives no days.
    pub fn build(runs: &[LoggedRun], end: Option<NaiveDate>) -> DailySeries {
        let minutes = RunLoads {
            loads: runs
                .iter()
                .map(|run| run_time_s(&run.summary).map(|s| s / 60.0))
                .collect(),
            ..RunLoads::default()
        };
        Self::build_with(runs, end, &minutes)
    }

    /// [`DailySeries::build`] with each run's load given, in the order of
    /// `runs`.
    pub fn build_with(runs: &[LoggedRun], end: Option<NaiveDate>, loads: &RunLoads) -> Self {
        let mut series = DailySeries {
            load_basis: loads.basis,
            ..DailySeries::default()
        };
        // The log keeps runs oldest first, but min/max keep this correct for
        // any order.
        let Some(first) = runs.iter().map(|r| r.local_date).min() else {
            return series;
        };
        let Some(last) = end.or_else(|| runs.iter().map(|r| r.local_date).max()) else {
            return series;
        };
        let Ok(len) = usize::try_from((last - first).num_days() + 1) else {
            return series;
        };
        series.days = (0..len)
            .map_while(|i| first.checked_add_days(Days::new(i as u64)))
            .map(|date| Day {
                date,
                runs: 0,
                distance_km: 0.0,
                moving_min: 0.0,
                load: 0.0,
            })
            .collect();
        for (i, run) in runs.iter().enumerate() {
            let Some(day) = series.index_of(run.local_date) else {
                continue;
            };
            let day = &mut series.days[day];
            day.runs += 1;
            match run_km(&run.summary) {
                Some(km) => day.distance_km += km,
                None => series.undistanced.push(run.activity.id.clone()),
            }
            let load = loads.loads.get(i).copied().flatten();
            match (run_time_s(&run.summary), load) {
                (Some(time_s), Some(load)) => {
                    day.moving_min += time_s / 60.0;
                    day.load += load;
                }
                _ => series.untimed.push(run.activity.id.clone()),
            }
        }
        series
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.days.first().map(|d| d.date)
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.days.last().map(|d| d.date)
    }

    /// The index of `date` in `days`, when the series covers it.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        let offset = usize::try_from((date - self.first_day()?).num_days()).ok()?;
        (offset < self.days.len()).then_some(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::test_runs::{date, run, simple};

    #[test]
    fn no_runs_no_days() {
        let series = DailySeries::build(&[], None);
        assert!(series.days.is_empty());
        assert_eq!(series.first_day(), None);
        assert_eq!(series.index_of(date("2026-03-22")), None);
    }

    #[test]
    fn rest_days_filled_and_runs_summed() {
        // Mon 03-16: 5 km in 30 min and 3 km in 20 min -> 2 runs, 8 km,
        // 50 min, load 50. Tue and Wed rest (zeros). Thu 03-19: 10 km 60 min.
        let runs = [
            simple("2026-03-16", 5.0, 30.0),
            simple("2026-03-16", 3.0, 20.0),
            simple("2026-03-19", 10.0, 60.0),
        ];
        let series = DailySeries::build(&runs, None);
        assert_eq!(series.days.len(), 4);
        let d0 = &series.days[0];
        assert_eq!(
            (d0.runs, d0.distance_km, d0.moving_min, d0.load),
            (2, 8.0, 50.0, 50.0)
        );
        for rest in &series.days[1..3] {
            assert_eq!((rest.runs, rest.distance_km, rest.load), (0, 0.0, 0.0));
        }
        assert_eq!(series.days[2].date, date("2026-03-18"));
        assert_eq!(series.days[3].load, 60.0);
        assert_eq!(series.index_of(date("2026-03-19")), Some(3));
        assert_eq!(series.index_of(date("2026-03-20")), None);
        assert_eq!(series.index_of(date("2026-03-15")), None);
        assert!(series.untimed.is_empty() && series.undistanced.is_empty());
    }

    #[test]
    fn elapsed_stands_in_for_moving_and_untimed_runs_are_listed() {
        // a: no moving time, elapsed 40 min -> 40 min. b: no time at all ->
        // counted and its 6 km kept, but no minutes; listed as untimed.
        // c: no distance -> 25 min, no km; listed as undistanced.
        let mut a = run("a", "2026-03-16", Some(5.0), None);
        a.summary.elapsed_s = Some(2400.0);
        let b = run("b", "2026-03-16", Some(6.0), None);
        let c = run("c", "2026-03-16", None, Some(25.0));
        let series = DailySeries::build(&[a, b, c], None);
        let day = &series.days[0];
        assert_eq!((day.runs, day.distance_km, day.moving_min), (3, 11.0, 65.0));
        assert_eq!(day.load, 65.0);
        assert_eq!(series.untimed, ["b"]);
        assert_eq!(series.undistanced, ["c"]);
    }

    #[test]
    fn end_date_extends_or_cuts_the_series() {
        let runs = [
            simple("2026-03-16", 5.0, 30.0),
            simple("2026-03-19", 8.0, 45.0),
        ];
        // Extended to Sunday 03-22: three trailing rest days.
        let series = DailySeries::build(&runs, Some(date("2026-03-22")));
        assert_eq!(series.days.len(), 7);
        assert_eq!(series.days[6].runs, 0);
        // Cut at 03-17: the 03-19 run is after the analysis date.
        let series = DailySeries::build(&runs, Some(date("2026-03-17")));
        assert_eq!(series.days.len(), 2);
        assert_eq!(series.days.iter().map(|d| d.runs).sum::<u32>(), 1);
        // An end before the first run: nothing.
        assert!(DailySeries::build(&runs, Some(date("2026-03-01")))
            .days
            .is_empty());
    }
}
