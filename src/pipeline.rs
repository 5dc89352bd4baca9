//! The whole pipeline for one athlete: import, log, analyze, rules. The
//! binary and the tests call this; renderers take its result.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use crate::analyze::features::RunFeatures;
use crate::analyze::{analyze_features, Analysis};
use crate::catalog::{self, Catalog, Prepared};
use crate::config::Config;
use crate::import::{Imported, Skipped, SourceFile};
use crate::log::{self, LogOptions, LoggedRun, TrainingLog};
use crate::rules::{evaluate, Evaluation, Tier};

/// What `patella analyze` was asked.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeRequest {
    pub paths: Vec<PathBuf>,
    pub tz: Option<chrono_tz::Tz>,
    /// `--config`; otherwise `patella.toml` at the root of the first folder.
    pub config: Option<PathBuf>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// Everything computed for one athlete.
pub struct AthleteRun {
    pub name: String,
    pub config: Config,
    pub skipped: Vec<Skipped>,
    pub log: TrainingLog,
    pub analysis: Analysis,
    pub evaluation: Evaluation,
    /// The files read, to read a run's samples again: the log keeps none.
    pub sources: Vec<SourceFile>,
}

impl AthleteRun {
    /// The highest tier among the warnings (what `--fail-on` compares);
    /// `None` without a warning.
    pub fn worst_tier(&self) -> Option<Tier> {
        self.evaluation.warnings.iter().map(|w| w.tier).max()
    }

    /// The runs of `ids` with their samples read again from their files,
    /// for the charts that draw them; a run whose file is gone is left out.
    pub fn runs_with_samples(&self, ids: &[&str]) -> Vec<LoggedRun> {
        let wanted: Vec<&LoggedRun> = self
            .log
            .runs
            .iter()
            .filter(|r| ids.contains(&r.activity.id.as_str()))
            .collect();
        let held: Vec<&crate::model::Activity> = wanted
            .iter()
            .map(|r| &r.activity)
            .filter(|a| a.released.is_some())
            .collect();
        let mut reloaded = catalog::reload(&self.sources, &held);
        wanted
            .into_iter()
            .filter_map(|run| {
                if run.activity.released.is_none() {
                    return Some(run.clone());
                }
                let at = reloaded.iter().position(|a| a.id == run.activity.id)?;
                let mut run = run.clone();
                run.activity.streams = reloaded.swap_remove(at).streams;
                run.activity.released = None;
                Some(run)
            })
            .collect()
    }
}

/// `config` when given, else `patella.toml` at the root of the first
/// path when it is a folder, else the defaults.
fn config_for(paths: &[PathBuf], config: Option<&Path>) -> anyhow::Result<Config> {
    if let Some(path) = config {
        return Ok(Config::load(path)?);
    }
    match paths.first().filter(|p| p.is_dir()) {
        Some(folder) => Ok(Config::find(folder)?
            .map(|(_, config)| config)
            .unwrap_or_default()),
        None => Ok(Config::default()),
    }
}

fn folder_name(path: Option<&PathBuf>) -> String {
    path.map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(|| "athlete".into(), |n| n.to_string_lossy().into_owned())
}

impl AnalyzeRequest {
    /// The athlete's name as [`analyze_from`] will give it (the config's,
    /// else the first folder's name), known before the analysis: a
    /// report names each athlete's folder before any is analyzed. A config
    /// that does not load gives the folder's name (the analysis then fails
    /// with the config's error).
    pub fn athlete_name(&self) -> String {
        config_for(&self.paths, self.config.as_deref())
            .ok()
            .and_then(|config| config.athlete.name)
            .unwrap_or_else(|| folder_name(self.paths.first()))
    }
}

/// Runs the pipeline for the paths of one athlete.
pub fn analyze(request: &AnalyzeRequest) -> anyhow::Result<AthleteRun> {
    analyze_with(request, &crate::progress::Silent)
}

/// [`analyze`], reporting its stages to `progress`; no cache.
pub fn analyze_with(
    request: &AnalyzeRequest,
    progress: &dyn crate::progress::Progress,
) -> anyhow::Result<AthleteRun> {
    analyze_from(request, progress, &mut Catalog::uncached())
}

/// [`analyze_with`], reading files through `catalog` (and its cache).
pub fn analyze_from(
    request: &AnalyzeRequest,
    progress: &dyn crate::progress::Progress,
    catalog: &mut Catalog,
) -> anyhow::Result<AthleteRun> {
    let config = config_for(&request.paths, request.config.as_deref())?;
    let mut loaded = catalog
        .load(&request.paths, progress)
        .context("cannot analyze")?;
    progress.stage("analyzing", None);
    let zones = LogOptions {
        cli_zone: request.tz,
        config_zone: config.athlete.timezone,
    };
    let skipped = std::mem::take(&mut loaded.imported.skipped);
    let (mut log, mut features_by_id) = log_prepared(loaded.imported, &zones);
    if let Some(until) = request.until {
        log.runs.retain(|run| run.local_date <= until);
    }
    // By id: two activities share one only when they share their content
    // (one file found twice), and then the log keeps one of them.
    let features: Vec<RunFeatures> = log
        .runs
        .iter()
        .map(|run| {
            features_by_id
                .remove(&run.activity.id)
                .unwrap_or_else(|| RunFeatures::of(&run.activity))
        })
        .collect();
    // Emptied, but still as large as when full.
    drop(features_by_id);
    let analysis = analyze_features(&log, &config, &features);
    let evaluation = evaluate(&analysis, &config, request.since);
    let name = config
        .athlete
        .name
        .clone()
        .unwrap_or_else(|| folder_name(request.paths.first()));
    Ok(AthleteRun {
        name,
        config,
        skipped,
        sources: loaded.sources,
        log,
        analysis,
        evaluation,
    })
}

/// The log of prepared activities, with the shoes the exports list, and
/// the features measured while each file was read, by activity id.
fn log_prepared(
    imported: Imported<Prepared>,
    zones: &LogOptions,
) -> (TrainingLog, HashMap<String, RunFeatures>) {
    let mut features = HashMap::new();
    let summarized = imported
        .activities
        .into_iter()
        .map(|prepared| {
            if let Some(f) = prepared.features {
                features.insert(prepared.activity.id.clone(), f);
            }
            log::Candidate::new(prepared.summary, prepared.activity)
        })
        .collect();
    let mut log = log::build_summarized(summarized, zones);
    log.export_shoes = imported.export_shoes;
    (log, features)
}

/// What `patella import` was asked.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub paths: Vec<PathBuf>,
    pub tz: Option<chrono_tz::Tz>,
    /// `--config`; otherwise `patella.toml` at the root of the first folder.
    pub config: Option<PathBuf>,
}

/// The runs of one set of paths, logged but not analyzed: what
/// `patella import` lists.
#[derive(Debug)]
pub struct ImportedLog {
    pub log: TrainingLog,
    pub skipped: Vec<Skipped>,
}

/// Reads and logs `request.paths` as [`analyze_from`] does: through
/// `catalog` (and its cache), local times from `--tz` and the config's
/// zone; no analysis.
pub fn import_from(
    request: &ImportRequest,
    progress: &dyn crate::progress::Progress,
    catalog: &mut Catalog,
) -> anyhow::Result<ImportedLog> {
    let config = config_for(&request.paths, request.config.as_deref())?;
    let mut loaded = catalog.load(&request.paths, progress)?;
    let zones = LogOptions {
        cli_zone: request.tz,
        config_zone: config.athlete.timezone,
    };
    let skipped = std::mem::take(&mut loaded.imported.skipped);
    let (log, _) = log_prepared(loaded.imported, &zones);
    Ok(ImportedLog { log, skipped })
}
