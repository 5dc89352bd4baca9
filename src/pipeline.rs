//! The whole pipeline for one athlete: import, log, analyze, rules. The
//! binary and the tests call this; renderers take its result.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use crate::analyze::{analyze_log, Analysis};
use crate::config::Config;
use crate::import::{import_paths_with, Skipped};
use crate::log::{self, LogOptions, TrainingLog};
use crate::rules::{evaluate, Evaluation};

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
}

fn config_for(request: &AnalyzeRequest) -> anyhow::Result<Config> {
    if let Some(path) = &request.config {
        return Ok(Config::load(path)?);
    }
    match request.paths.first().filter(|p| p.is_dir()) {
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

/// Runs the pipeline for the paths of one athlete.
pub fn analyze(request: &AnalyzeRequest) -> anyhow::Result<AthleteRun> {
    analyze_with(request, &crate::progress::Silent)
}

/// [`analyze`], reporting its stages to `progress`.
pub fn analyze_with(
    request: &AnalyzeRequest,
    progress: &dyn crate::progress::Progress,
) -> anyhow::Result<AthleteRun> {
    let config = config_for(request)?;
    let imported = import_paths_with(&request.paths, progress).context("cannot analyze")?;
    progress.stage("analyzing", None);
    let mut log = log::build(
        imported.activities,
        &LogOptions {
            cli_zone: request.tz,
            config_zone: config.athlete.timezone,
        },
    );
    if let Some(until) = request.until {
        log.runs.retain(|run| run.local_date <= until);
    }
    let analysis = analyze_log(&log, &config);
    let evaluation = evaluate(&analysis, &config, request.since);
    let name = config
        .athlete
        .name
        .clone()
        .unwrap_or_else(|| folder_name(request.paths.first()));
    Ok(AthleteRun {
        name,
        config,
        skipped: imported.skipped,
        log,
        analysis,
        evaluation,
    })
}
