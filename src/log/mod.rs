//! The training log: runs only, duplicates merged, local dates.
//!
//! Every imported activity ends here either as a run in the log, as an
//! excluded non-run, or as a dropped copy of another activity. Time zones
//! are decided here, once, for every later stage.

pub(crate) mod dedup;
pub(crate) mod local_time;
mod options;
pub(crate) mod summary;
pub(crate) mod weeks;

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Activity, ExportShoe, OffsetSource, UtcOffset};
pub use dedup::Candidate;
pub use options::{LogOptions, PER_ACTIVITY_OFFSET};
pub use summary::RunSummary;

impl LogOptions {
    /// The zone named for the report's `timezone` key: `--tz`, else the
    /// config's zone, when every run took its offset from it; else
    /// [`PER_ACTIVITY_OFFSET`], since the place, or the file, decided.
    pub fn timezone_label(&self, runs: &[LoggedRun]) -> String {
        let given = |run: &LoggedRun| {
            matches!(
                run.offset.source,
                OffsetSource::CommandLine | OffsetSource::Config
            )
        };
        match self.cli_zone.or(self.config_zone) {
            Some(zone) if runs.iter().all(given) => zone.name().to_string(),
            _ => PER_ACTIVITY_OFFSET.to_string(),
        }
    }
}

/// One athlete's runs, with what was set aside and why.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingLog {
    /// Oldest first.
    pub runs: Vec<LoggedRun>,
    /// Non-running activities, copies merged; oldest first.
    pub excluded: Vec<Excluded>,
    /// Runs found more than once; oldest first.
    pub duplicates: Vec<Duplicate>,
    /// What local weeks are computed in, for the report's `timezone` key.
    pub timezone: String,
    /// The shoes the exports list ([`crate::import::Imported::export_shoes`]),
    /// which the shoe analysis takes where the config says nothing; the
    /// pipeline hands them over, [`build`] leaves them empty.
    pub export_shoes: Vec<ExportShoe>,
}

/// A run as the log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRun {
    /// The kept copy; its `files` also list the merged copies' files.
    pub activity: Activity,
    /// The resolved offset (the place's zone, the file's own, or a zone
    /// given by the runner).
    pub offset: UtcOffset,
    /// Why that offset won over another source that disagreed.
    pub offset_note: Option<String>,
    pub start_local: NaiveDateTime,
    pub local_date: NaiveDate,
    pub summary: RunSummary,
}

/// An activity left out of the log because it is not a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    pub files: Vec<String>,
    pub sport: String,
    /// E.g. "not a run (cycling)".
    pub reason: String,
}

/// Copies of one run: the file kept and the files dropped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    pub kept: String,
    pub dropped: Vec<String>,
    /// E.g. "same start (±0 s) and distance (1.2% apart)".
    pub reason: String,
}

/// Why a non-run is left out, in words a runner reads.
fn excluded_reason(activity: &Activity) -> String {
    let sport = activity.sport.name();
    match (&activity.sport, activity.sport_inferred) {
        (crate::model::Sport::Other(name), _) if name == "unknown" => {
            "not a run: the file names no sport and its speed and cadence match none".into()
        }
        (_, true) => format!("not a run ({sport}, judged from its speed and cadence)"),
        _ => format!("not a run ({sport})"),
    }
}

/// Builds the training log from every imported activity.
pub fn build(activities: Vec<Activity>, options: &LogOptions) -> TrainingLog {
    // Summaries walk every sample of every stream: the costly part of the
    // log for ten years of runs, and independent per activity.
    let summarized = activities
        .into_par_iter()
        .map(|activity| Candidate::new(RunSummary::of(&activity), activity))
        .collect();
    build_summarized(summarized, options)
}

/// [`build`] from activities already summarized, whose streams may have
/// been released (see [`Activity::release_streams`]).
///
/// Every step works in the memory of `activities`: runs are split from the
/// rest, merged and turned into [`LoggedRun`]s in place, so a long log is
/// held once, not once per step.
pub fn build_summarized(mut activities: Vec<Candidate>, options: &LogOptions) -> TrainingLog {
    // Out of the same vector (merging sorts both, so order does not matter
    // here): a partition would copy every run.
    let mut others = Vec::new();
    let mut index = 0;
    while index < activities.len() {
        if activities[index].activity.is_running() {
            index += 1;
        } else {
            others.push(activities.swap_remove(index));
        }
    }
    let mut runs = dedup::merge(activities);

    let duplicates = runs
        .iter_mut()
        .filter_map(|run| {
            let copies = run.copies.take()?;
            (!copies.dropped_files.is_empty()).then(|| Duplicate {
                kept: first_file(&run.activity),
                dropped: copies.dropped_files,
                reason: copies.reason,
            })
        })
        .collect();

    runs.par_iter_mut().for_each(|run| {
        run.activity.forget_track();
        run.local = Some(local_time_of(run, options));
    });
    let mut runs: Vec<LoggedRun> = runs
        .into_iter()
        .map(|mut run| {
            let local = match run.local.take() {
                Some(local) => local,
                None => local_time_of(&run, options),
            };
            LoggedRun {
                activity: run.activity,
                offset: local.offset,
                offset_note: local.note,
                start_local: local.start_local,
                local_date: local.local_date,
                summary: run.summary,
            }
        })
        .collect();
    // The vector is the one the activities were read into, as long as the
    // activities were (a third longer than the runs, and often twice as
    // many slots as activities).
    runs.shrink_to_fit();

    // Copies of a ride are merged too, so one ride is listed once.
    let excluded = dedup::merge(others)
        .into_iter()
        .map(|kept| {
            let activity = kept.activity;
            let sport = activity.sport.name().to_string();
            Excluded {
                reason: excluded_reason(&activity),
                files: activity.files,
                sport,
            }
        })
        .collect();

    TrainingLog {
        timezone: options.timezone_label(&runs),
        runs,
        excluded,
        duplicates,
        export_shoes: Vec::new(),
    }
}

/// `run`'s local time, from the zone at its first fix and its own offset.
fn local_time_of(run: &Candidate, options: &LogOptions) -> local_time::LocalTime {
    let place = run
        .summary
        .start_zone
        .as_deref()
        .and_then(|z| z.parse().ok());
    local_time::resolve(&run.activity, place, options)
}

/// The file an activity's data came from; an activity built without a file
/// (tests, synthetic data) is named by its id.
fn first_file(activity: &Activity) -> String {
    activity
        .files
        .first()
        .cloned()
        .unwrap_or_else(|| activity.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, LatLon, OffsetSource, Sport};
    use chrono::{DateTime, Utc};

    fn activity(file: &str, format: Format, sport: Sport, utc: &str) -> Activity {
        let start: DateTime<Utc> = utc.parse().unwrap();
        let mut a = Activity::new(format, sport, start);
        a.id = file.to_string();
        a.files = vec![file.to_string()];
        a
    }

    fn with_distance(mut a: Activity, distance_m: f64) -> Activity {
        a.summary.distance_m = Some(distance_m);
        a
    }

    #[test]
    fn a_long_log_is_built_in_the_memory_it_was_read_into() {
        // std reuses a vector's memory for `into_iter().map(..).collect()`
        // only when each new element fits in an old one's space: a
        // candidate must hold a logged run (and the read activity a
        // candidate, checked in catalog::prepared).
        use std::mem::size_of;
        assert!(size_of::<Candidate>() >= size_of::<LoggedRun>());
        assert_eq!(
            std::mem::align_of::<Candidate>(),
            std::mem::align_of::<LoggedRun>()
        );
    }

    #[test]
    fn runs_kept_others_excluded_copies_merged() {
        let log = build(
            vec![
                with_distance(
                    activity("b.gpx", Format::Gpx, Sport::Running, "2019-06-15T09:42:23Z"),
                    14168.6,
                ),
                with_distance(
                    activity(
                        "ride.fit",
                        Format::Fit,
                        Sport::Cycling,
                        "2019-06-14T17:00:00Z",
                    ),
                    40000.0,
                ),
                with_distance(
                    activity(
                        "ride.gpx",
                        Format::Gpx,
                        Sport::Cycling,
                        "2019-06-14T17:00:00Z",
                    ),
                    40200.0,
                ),
                activity(
                    "swim.fit",
                    Format::Fit,
                    Sport::Swimming,
                    "2019-06-16T07:00:00Z",
                ),
                with_distance(
                    activity("a.fit", Format::Fit, Sport::Running, "2019-06-15T09:42:23Z"),
                    14004.85,
                ),
                with_distance(
                    activity(
                        "early.fit",
                        Format::Fit,
                        Sport::Running,
                        "2019-06-01T09:00:00Z",
                    ),
                    5000.0,
                ),
            ],
            &LogOptions::default(),
        );
        let runs: Vec<&str> = log
            .runs
            .iter()
            .map(|r| r.activity.files[0].as_str())
            .collect();
        assert_eq!(runs, ["early.fit", "a.fit"]);
        assert_eq!(log.runs[1].summary.distance_m, Some(14004.85));
        assert_eq!(
            log.duplicates,
            [Duplicate {
                kept: "a.fit".into(),
                dropped: vec!["b.gpx".into()],
                reason: "same start (±0 s) and distance (1.2% apart)".into(),
            }]
        );
        assert_eq!(
            log.excluded,
            [
                Excluded {
                    files: vec!["ride.fit".into(), "ride.gpx".into()],
                    sport: "cycling".into(),
                    reason: "not a run (cycling)".into(),
                },
                Excluded {
                    files: vec!["swim.fit".into()],
                    sport: "swimming".into(),
                    reason: "not a run (swimming)".into(),
                },
            ]
        );
        assert_eq!(log.timezone, PER_ACTIVITY_OFFSET);
    }

    #[test]
    fn offsets_resolved_per_run() {
        // The FIT file states UTC-4 (New York in June): 09:42:23Z is 05:42:23.
        // The run without an offset starts in Denver in January (MST, UTC-7):
        // 04:30Z on Tuesday 2024-01-16 is 21:30 on Monday 2024-01-15.
        let mut stated = activity(
            "ny.fit",
            Format::Fit,
            Sport::Running,
            "2019-06-15T09:42:23Z",
        );
        stated.utc_offset = Some(UtcOffset {
            seconds: -14400,
            source: OffsetSource::FitLocalTimestamp,
            zone: None,
        });
        let mut denver = activity(
            "den.gpx",
            Format::Gpx,
            Sport::Running,
            "2024-01-16T04:30:00Z",
        );
        denver.streams.time_s = vec![0.0];
        denver.streams.position = Some(vec![Some(LatLon {
            lat_deg: 39.7392,
            lon_deg: -104.9903,
        })]);
        let log = build(vec![denver, stated], &LogOptions::default());
        let ny = &log.runs[0];
        assert_eq!(ny.start_local.to_string(), "2019-06-15 05:42:23");
        assert_eq!(ny.offset.source, OffsetSource::FitLocalTimestamp);
        let den = &log.runs[1];
        assert_eq!(den.offset.source, OffsetSource::GpsPosition);
        assert_eq!(den.local_date.to_string(), "2024-01-15");
        assert_eq!(den.start_local.to_string(), "2024-01-15 21:30:00");
    }

    #[test]
    fn one_file_holding_a_run_twice_is_no_duplicate_entry() {
        let twice = || {
            with_distance(
                activity(
                    "twice.fit",
                    Format::Fit,
                    Sport::Running,
                    "2012-04-09T21:22:26Z",
                ),
                5.73,
            )
        };
        let log = build(vec![twice(), twice()], &LogOptions::default());
        assert_eq!(log.runs.len(), 1);
        assert!(log.duplicates.is_empty());
    }

    #[test]
    fn timezone_label_names_a_zone_only_when_every_run_took_it() {
        let at = |source, zone: &str| {
            let run = activity("a.fit", Format::Fit, Sport::Running, "2024-01-16T04:30:00Z");
            LoggedRun {
                offset: UtcOffset {
                    seconds: 0,
                    source,
                    zone: Some(zone.into()),
                },
                offset_note: None,
                start_local: run.start_utc.naive_utc(),
                local_date: run.start_utc.date_naive(),
                summary: RunSummary::default(),
                activity: run,
            }
        };
        let config = LogOptions {
            cli_zone: None,
            config_zone: Some(chrono_tz::America::Denver),
        };
        let denver = at(OffsetSource::Config, "America/Denver");
        assert_eq!(
            config.timezone_label(std::slice::from_ref(&denver)),
            "America/Denver"
        );
        let cli = LogOptions {
            cli_zone: Some(chrono_tz::Europe::Berlin),
            ..config.clone()
        };
        let berlin = at(OffsetSource::CommandLine, "Europe/Berlin");
        assert_eq!(
            cli.timezone_label(std::slice::from_ref(&berlin)),
            "Europe/Berlin"
        );
        // One run placed by its GPS fix: weeks follow each run's offset.
        let placed = at(OffsetSource::GpsPosition, "Asia/Tokyo");
        assert_eq!(cli.timezone_label(&[berlin, placed]), PER_ACTIVITY_OFFSET);
        assert_eq!(
            LogOptions::default().timezone_label(&[denver]),
            PER_ACTIVITY_OFFSET
        );
    }

    #[test]
    fn report_keys() {
        let duplicate = Duplicate {
            kept: "a.fit".into(),
            dropped: vec!["a.gpx".into()],
            reason: "same start (±0 s) and distance (0.0% apart)".into(),
        };
        let json = serde_json::to_value(&duplicate).unwrap();
        assert_eq!(json["kept"], "a.fit");
        assert_eq!(json["dropped"][0], "a.gpx");
        let json = serde_json::to_value(RunSummary::default()).unwrap();
        assert!(json["distance_m"].is_null() && json["avg_hr_bpm"].is_null());
    }
}
