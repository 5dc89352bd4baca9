//! Logs for the chart tests: runs with streams from the project's own run
//! generator (written as FIT and read back by the importer, as a watch's
//! file would be), runs with summaries only for long histories, and the
//! checks every PNG must pass.

use std::io::Cursor;
use std::path::Path;

use chrono::{Days, NaiveDate, TimeZone, Utc};

use super::{ChartOutcome, ChartSize};
use crate::analyze::{analyze_log, Analysis};
use crate::config::Config;
use crate::log::{self, LogOptions, LoggedRun, TrainingLog};
use crate::model::Activity;
use crate::rules::{evaluate, Part, Scope, Warning};
use patella_synth::{generate, write_fit, FitOptions, RunParams, Target};

/// The keys (file names without `.png`) of the charts of the whole log, as
/// the page and report.json name them.
pub const WEEKLY_DISTANCE: &str = "weekly_distance";
pub const RUN_SPIKES: &str = "run_spikes";
pub const CADENCE: &str = "cadence";
pub const DOWNHILL: &str = "downhill";
pub const SHOES: &str = "shoes";
pub const RECOVERY: &str = "recovery";
/// The six the tests know; a chart added to the table is not among them.
pub const MAIN: [&str; 6] = [
    WEEKLY_DISTANCE,
    RUN_SPIKES,
    CADENCE,
    DOWNHILL,
    SHOES,
    RECOVERY,
];

/// Which streams a generated run keeps.
#[derive(Debug, Clone, Copy)]
pub struct Channels {
    pub heart_rate: bool,
    pub elevation: bool,
    pub cadence: bool,
}

pub const ALL: Channels = Channels {
    heart_rate: true,
    elevation: true,
    cadence: true,
};

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A run on `day` at 07:00 UTC of `km`, generated at 1 Hz and read back
/// from FIT; channels switched off are removed as a file without them
/// would have them.
pub fn generated(day: NaiveDate, km: f64, seed: u64, channels: Channels) -> Activity {
    let start = Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).expect("07:00"));
    let params = RunParams {
        start_utc: start,
        utc_offset_s: 0,
        target: Target::DistanceM(km * 1000.0),
        // Easy runs with some faster ones, so the cadence line has speeds.
        pace_s_per_km: if seed % 3 == 0 { 300.0 } else { 345.0 },
        cadence: if seed % 3 == 0 { 174.0 } else { 168.0 },
        hilliness_m: if seed % 4 == 0 { 25.0 } else { 10.0 },
        heart_rate: channels.heart_rate,
        altitude: channels.elevation,
        seed,
        ..RunParams::default()
    };
    let bytes = write_fit(
        &generate(&params),
        &FitOptions {
            compressed_timestamps: false,
        },
    );
    let mut activity = crate::import::fit::decode(&bytes)
        .expect("generated FIT decodes")
        .into_iter()
        .next()
        .expect("one session");
    activity.id = format!("{day}-gen-{seed:03}");
    if !channels.cadence {
        activity.streams.cadence_spm = None;
        activity.summary.avg_cadence_spm = None;
    }
    if !channels.heart_rate {
        activity.streams.heart_rate_bpm = None;
    }
    if !channels.elevation {
        activity.streams.elevation_m = None;
        activity.elevation_source = None;
    }
    activity
}

/// `count` generated runs every other day from `first`, 5 to 11 km.
pub fn generated_series(first: &str, count: u64, channels: Channels) -> Vec<Activity> {
    (0..count)
        .map(|i| {
            let day = date(first) + Days::new(2 * i);
            let km = 5.0 + (i * 3 % 7) as f64;
            generated(day, km, i + 1, channels)
        })
        .collect()
}

/// About three runs a week for ten years, summaries only (no streams):
/// 6-12 km on weekdays, a long run on Sundays, a spike now and then, and a
/// new pair of shoes every 700 km.
pub fn ten_years() -> Vec<LoggedRun> {
    use crate::analyze::test_runs::run;
    let first = date("2016-01-04");
    let mut runs = Vec::new();
    let (mut pair, mut on_pair) = (1, 0.0);
    for week in 0..522u64 {
        for (weekday, base) in [(1u64, 8.0), (3, 10.0), (6, 16.0)] {
            let day = first + Days::new(week * 7 + weekday);
            let wobble = ((week * 7 + weekday) * 37 % 11) as f64 - 5.0;
            let mut km: f64 = base + wobble * 0.4;
            if weekday == 6 && week % 17 == 16 {
                km *= 1.7;
            }
            let minutes = km * 5.6;
            let id = format!("{day}-{weekday}");
            let mut r = run(&id, &day.to_string(), Some(km), Some(minutes));
            if on_pair > 700.0 {
                pair += 1;
                on_pair = 0.0;
            }
            on_pair += km;
            r.activity.gear = Some(format!("Pair {pair}"));
            runs.push(r);
        }
    }
    runs
}

/// One athlete's results, as the pipeline computes them.
pub struct Athlete {
    pub log: TrainingLog,
    pub analysis: Analysis,
    /// The findings; a test may replace them, and the charts' marks follow
    /// (see [`Athlete::input`]).
    pub warnings: Vec<Warning>,
    pub config: Config,
}

pub use crate::rules::marks as marks_of;

impl Athlete {
    pub fn from_activities(activities: Vec<Activity>) -> Athlete {
        Athlete::from_log(log::build(activities, &LogOptions::default()))
    }

    pub fn from_runs(runs: Vec<LoggedRun>) -> Athlete {
        Athlete::from_log(TrainingLog {
            runs,
            excluded: Vec::new(),
            duplicates: Vec::new(),
            timezone: "UTC".into(),
            export_shoes: Vec::new(),
        })
    }

    fn from_log(log: TrainingLog) -> Athlete {
        let config = Config::default();
        let analysis = analyze_log(&log, &config);
        let evaluation = evaluate(&analysis, &config, None);
        assert_eq!(marks_of(&evaluation.warnings), evaluation.marks);
        let warnings = evaluation.warnings;
        Athlete {
            log,
            analysis,
            warnings,
            config,
        }
    }

    /// The charts' input: the findings as they are now, and their parts
    /// as the marks. Tests replace `warnings` at will, so the marks are
    /// made from them at each call; they are leaked, a few parts for as
    /// long as the test runs, for the input to borrow.
    pub fn input(&self) -> super::ChartInput<'_> {
        let marks: &[crate::rules::Mark] = Box::leak(marks_of(&self.warnings).into_boxed_slice());
        super::ChartInput {
            log: &self.log,
            analysis: &self.analysis,
            findings: &self.warnings,
            marks,
            config: &self.config,
            sampled: &[],
        }
    }
}

/// Decodes a PNG: width, height and RGB(A) pixels with their channel count.
pub fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>, usize) {
    let decoder = png::Decoder::new(Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut pixels).expect("PNG data");
    pixels.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    (info.width, info.height, pixels, channels)
}

/// The PNG decodes, has exactly `size` and is not blank: many colours and
/// a fair share of pixels off the white background.
pub fn assert_chart_png(path: &Path, size: ChartSize) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (width, height, pixels, channels) = decode(&bytes);
    assert_eq!(
        (width, height),
        (size.width(), size.height()),
        "{}",
        path.display()
    );
    let total = pixels.len() / channels;
    let mut colours: Vec<&[u8]> = Vec::new();
    let mut inked = 0;
    for p in pixels.chunks_exact(channels) {
        let rgb = &p[..3];
        if rgb != [255, 255, 255] {
            inked += 1;
        }
        if colours.len() < 8 && !colours.contains(&rgb) {
            colours.push(rgb);
        }
    }
    assert!(
        colours.len() >= 8,
        "{}: {} colours",
        path.display(),
        colours.len()
    );
    assert!(
        inked * 100 >= total,
        "{}: only {inked} of {total} pixels drawn",
        path.display()
    );
}

/// A reason printed in place of a chart reads as a sentence.
pub fn assert_sentence(reason: &str) {
    let first = reason.chars().next().expect("a reason");
    assert!(first.is_uppercase(), "{reason:?}");
    assert!(reason.ends_with('.'), "{reason:?}");
    assert!(reason.split_whitespace().count() >= 6, "{reason:?}");
}

/// Checks every outcome: drawn charts' PNGs, not-drawn charts' sentences.
pub fn assert_outcomes(dir: &Path, outcomes: &[ChartOutcome], size: ChartSize) {
    for outcome in outcomes {
        match outcome {
            ChartOutcome::Drawn { file, about, .. } => {
                assert_chart_png(&dir.join(file), size);
                assert!(about.as_deref().is_some_and(|a| !a.is_empty()));
            }
            ChartOutcome::NotDrawn { reason, .. } => assert_sentence(reason),
        }
    }
}

/// The outcome of `key`.
pub fn outcome<'o>(outcomes: &'o [ChartOutcome], key: &str) -> &'o ChartOutcome {
    outcomes
        .iter()
        .find(|o| o.key() == key)
        .unwrap_or_else(|| panic!("no chart {key} in {outcomes:?}"))
}

pub fn is_drawn(outcomes: &[ChartOutcome], key: &str) -> bool {
    matches!(outcome(outcomes, key), ChartOutcome::Drawn { .. })
}

/// A finding of one part, of `rule` at `tier` on `day`, naming `activity`
/// when given, as the rules would write it (the words do not matter to the
/// charts).
pub fn warning(
    rule: &'static str,
    tier: crate::rules::Tier,
    day: NaiveDate,
    activity: Option<&str>,
) -> Warning {
    let part = Part {
        rule,
        risk_factor: "",
        tier,
        confidence: crate::rules::Confidence::Weak,
        date: day,
        week_start: day,
        activity_id: activity.map(String::from),
        value: None,
        threshold: None,
        message: String::new(),
        suggestion: String::new(),
        label: String::new(),
        scope: if activity.is_some() {
            Scope::Run
        } else {
            Scope::Week
        },
        conditions: &[],
        evidence: "",
        amount: None,
        running_days: None,
        estimated: false,
    };
    Warning {
        rule,
        risk_factor: "",
        tier,
        conditions: &[],
        confidence: crate::rules::Confidence::Weak,
        evidence: "",
        date: day,
        week_start: day,
        activity_id: part.activity_id.clone(),
        value: None,
        threshold: None,
        message: String::new(),
        suggestion: String::new(),
        headline: String::new(),
        ceiling: None,
        episode: None,
        parts: vec![part],
        now: false,
    }
}

/// How many pixels of a PNG are exactly `colour`.
pub fn pixels_of(png: &[u8], colour: plotters::style::RGBColor) -> usize {
    let (_, _, pixels, channels) = decode(png);
    pixels
        .chunks_exact(channels)
        .filter(|p| p[..3] == [colour.0, colour.1, colour.2])
        .count()
}
