//! patella's smoothed descent against the watch's own: the FIT session's
//! `total_descent` as fitdecode read it into the shared corpus's truth
//! (`../shared/corpus/truth.json`), which no code of ours computed.
//! A GPX or TCX export of the same recording (same start) is compared with
//! the same session. Runs only where the corpus exists.
//!
//! `cargo test --release --test descent_accuracy -- --nocapture` prints the
//! table of docs/accuracy.md.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use patella::analyze::elevation::profile_of;
use patella::import::import_paths;
use patella::model::{Activity, ElevationSource};
use serde_json::Value;

/// Below this the watch's figure is a few metres and a percentage of it
/// says nothing (the fenix 5's one-minute run descends 0 m).
const MIN_WATCH_DESCENT_M: f64 = 20.0;
/// The median target of issue 12 for barometric runs, met.
const MAX_MEDIAN_ERROR_PCT: f64 = 5.0;
/// Issue 12 asks for no run beyond 15%; two runs still are (an FR920XT in
/// smart recording, -20.9%; the FR255 triathlon's 27 m run, -15.4%:
/// docs/accuracy.md), so this guards against regressions until those are
/// solved rather than stating the target. It was 30% while the fenix 3 run
/// paused four times read +28.9%; not counting across its pauses brought
/// it to +12.8%, and the worst run is now the FR920XT's.
const MAX_ERROR_PCT: f64 = 22.0;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.join("truth.json").exists().then_some(dir)
}

/// A running session the watch measured: when it started and its descent.
struct WatchSession {
    file: String,
    start: DateTime<Utc>,
    descent_m: f64,
}

/// Every outdoor running session of an intact FIT file with a descent.
fn watch_sessions(truth: &serde_json::Map<String, Value>) -> Vec<WatchSession> {
    let mut out = Vec::new();
    for (file, entry) in truth {
        if entry["format"] != "fit" {
            continue;
        }
        for session in entry["sessions"].as_array().into_iter().flatten() {
            let outdoor_run = session["sport"] == "running" && session["sub_sport"] != "treadmill";
            let start = session["start_time"].as_str().and_then(|s| s.parse().ok());
            let descent = session["total_descent"].as_f64();
            if let (true, Some(start), Some(descent_m)) = (outdoor_run, start, descent) {
                out.push(WatchSession {
                    file: file.clone(),
                    start,
                    descent_m,
                });
            }
        }
    }
    out
}

/// One compared recording.
struct Row {
    file: String,
    device: String,
    source: Option<ElevationSource>,
    watch_m: f64,
    ours_m: Option<f64>,
}

impl Row {
    fn error_pct(&self) -> Option<f64> {
        self.ours_m
            .map(|ours| (ours - self.watch_m) / self.watch_m * 100.0)
    }
}

fn rows(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json readable");
    let Value::Object(truth) = serde_json::from_str(&text).expect("truth.json is JSON") else {
        panic!("truth.json is not an object");
    };
    let sessions = watch_sessions(&truth);
    let mut out = Vec::new();
    for file in truth.keys() {
        if truth[file].get("error").is_some() {
            continue;
        }
        let imported = import_paths(&[dir.join(file)]).expect("corpus file exists");
        for activity in &imported.activities {
            // The session itself, or the session a GPX/TCX export was made
            // of (starts within a minute: exports round the start).
            let Some(session) = sessions.iter().find(|s| {
                (s.file == *file || !file.ends_with(".fit"))
                    && (activity.start_utc - s.start).num_seconds().abs() <= 60
            }) else {
                continue;
            };
            if session.descent_m < MIN_WATCH_DESCENT_M || activity.is_indoor() {
                continue;
            }
            out.push(row(file, activity, session));
        }
    }
    out
}

fn row(file: &str, activity: &Activity, session: &WatchSession) -> Row {
    Row {
        file: file.to_string(),
        device: activity.device.label().unwrap_or_else(|| "-".into()),
        source: activity.elevation_source,
        watch_m: session.descent_m,
        ours_m: profile_of(activity).and_then(|p| p.descent_m),
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

fn print(rows: &[Row]) {
    println!("| file | device | source | watch descent m | patella descent m | error % |");
    println!("|---|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {:.0} | {} | {} |",
            r.file,
            r.device,
            r.source
                .map_or("-".into(), |s| format!("{s:?}").to_lowercase()),
            r.watch_m,
            r.ours_m.map_or("null".into(), |v| format!("{v:.0}")),
            r.error_pct().map_or("null".into(), |v| format!("{v:+.1}")),
        );
    }
}

#[test]
fn barometric_descent_matches_the_watch() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/corpus: skipping the descent comparison");
        return;
    };
    let rows = rows(&dir);
    print(&rows);
    let barometric: Vec<&Row> = rows
        .iter()
        .filter(|r| r.source == Some(ElevationSource::Barometric))
        .collect();
    // FR945, FR955, FR935, FR920XT, FR910XT, fenix 2 and 3, vivoactive HR,
    // FR255, COROS APEX Pro: the corpus holds at least ten such runs.
    assert!(
        barometric.len() >= 10,
        "{} barometric runs",
        barometric.len()
    );
    let mut errors: Vec<f64> = barometric
        .iter()
        .map(|r| {
            r.error_pct()
                .expect("a barometric outdoor run has a profile")
        })
        .collect();
    let worst = errors.iter().fold(0.0_f64, |m, e| m.max(e.abs()));
    let median = median(&mut errors).unwrap_or(f64::NAN);
    println!(
        "\nbarometric runs: {}, median error {median:+.1}%, range {:+.1}% to {:+.1}%",
        errors.len(),
        errors.first().copied().unwrap_or(f64::NAN),
        errors.last().copied().unwrap_or(f64::NAN),
    );
    assert!(
        median.abs() <= MAX_MEDIAN_ERROR_PCT,
        "median error {median:+.1}%"
    );
    assert!(worst <= MAX_ERROR_PCT, "worst error {worst:.1}%");
}

/// What the corpus's recordings are, by the watch's sensor list or its
/// maker's specification (MANIFEST.tsv names each device); `None` where
/// the file does not say which watch made it.
const KNOWN_SOURCES: &[(&str, Option<ElevationSource>)] = {
    use ElevationSource::{Barometric as B, Gps as G};
    &[
        ("goldencheetah/Fr955v19.28andStryd.fit", Some(B)),
        ("goldencheetah/Garmin920_withFirstbeat.fit", Some(B)),
        ("muktihari-fit/triathlon_summary_first.fit", Some(B)),
        ("muktihari-fit/triathlon_summary_last.fit", Some(B)),
        ("python-fitparse/garmin-fenix-5-run.fit", Some(B)),
        ("runalyze/FR920-additional-start-events.fit", Some(B)),
        ("runalyze/FR920xt-with-Stryd.fit", Some(B)),
        ("runalyze/Fenix-2-negative-times.fit", Some(B)),
        ("runalyze/Fenix-2-pauses.fit", Some(B)),
        ("runalyze/Multisession-stop-after-transition.fit", Some(B)),
        ("runalyze/Multisession.fit", Some(B)),
        ("runalyze/garmin-runPower.fit", Some(B)),
        ("runalyze/multisport-triathlon-fenix3.fit", Some(B)),
        ("sports-lib/2067489619.fit", Some(B)),
        ("sports-lib/6782987395.fit", Some(B)),
        ("sports-lib/6782987395.tcx", Some(B)),
        ("sports-lib/6916663933.fit", Some(B)),
        ("sports-lib/6916728382.fit", Some(B)),
        ("sports-lib/garmin.fit", Some(B)),
        ("runalyze/Wrong-time-zone-by-polar.tcx", Some(B)),
        ("sports-lib/6281425038.tcx", Some(B)),
        ("sports-lib/unknown_example.tcx", Some(B)),
        ("runalyze/FR630-with-lth.fit", Some(G)),
        ("runalyze/FR735XT-with-performance-condition.fit", Some(G)),
        ("runalyze/Standard.fit", Some(G)),
        ("runalyze/time-jump.fit", Some(G)),
        ("runalyze/Standard.tcx", Some(G)),
        ("runalyze/Multisport.tcx", Some(G)),
        ("runalyze/Multiple-Trainings.tcx", Some(G)),
        ("runalyze/missing-distances.tcx", Some(G)),
        // Exports that name the service, not the watch: a barometric FR945
        // and vivoactive HR behind Garmin Connect.
        ("sports-lib/6782987395.gpx", None),
        ("sports-lib/2067489619.gpx", None),
    ]
};

/// The source patella decides for each corpus recording of a known
/// altimeter: it may say unknown, never the wrong one.
#[test]
fn elevation_source_on_the_corpus() {
    let Some(dir) = corpus() else {
        eprintln!("no ../shared/corpus: skipping the source comparison");
        return;
    };
    let mut confusion = std::collections::BTreeMap::new();
    for &(file, known) in KNOWN_SOURCES {
        let imported = import_paths(&[dir.join(file)]).expect("corpus file exists");
        for activity in imported
            .activities
            .iter()
            .filter(|a| a.streams.elevation_m.is_some())
        {
            let decided = activity.elevation_source;
            println!("{file}: known {known:?}, decided {decided:?}");
            *confusion
                .entry(format!("{known:?} -> {decided:?}"))
                .or_insert(0) += 1;
            if let (Some(known), Some(decided)) = (known, decided) {
                assert!(
                    decided == known || decided == ElevationSource::Unknown,
                    "{file}: {decided:?} for a {known:?} recording"
                );
            }
        }
    }
    println!("\nknown -> decided: activities");
    for (pair, n) in &confusion {
        println!("{pair}: {n}");
    }
}
