//! The report folder's contents: index.html, the charts, report.json and
//! the CSV tables, for one athlete or a coach's team, written through
//! [`Staging`] so that the folder appears complete or not at all.
//!
//! One athlete: everything at the folder's root. A team: the root holds
//! the overview (index.html), report.json and the CSV tables (with an
//! `athlete` column); each athlete's page and charts sit in a sub-folder
//! named after the athlete.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::charts::{drawn_run_ids, render_all, reuse, ChartInput, ChartOutcome, ChartSize};
use super::folder::Staging;
use super::html::{athlete_page, team_page, AthletePage, TeamRow};
use super::json::{AthleteReport, ReportDocument};
use super::records::FindingRow;
use super::tables::Table;
use crate::pipeline::AthleteRun;

/// How to write the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    pub chart_size: ChartSize,
    /// A team overview with one page per athlete (coach mode), even for a
    /// single athlete.
    pub team: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub folder: PathBuf,
    /// Every chart outcome, per athlete in order.
    pub charts: Vec<Vec<ChartOutcome>>,
}

impl Written {
    pub fn index(&self) -> PathBuf {
        self.folder.join("index.html")
    }
}

/// A folder name for an athlete: letters, digits, `-` and `_` kept,
/// lower-cased, other runs of characters turned into one `-`; made unique
/// among `taken`.
pub fn slug(name: &str, taken: &mut HashSet<String>) -> String {
    let mut base = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            base.extend(c.to_lowercase());
        } else if !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = base.trim_matches('-');
    let base = if base.is_empty() { "athlete" } else { base };
    let mut candidate = base.to_string();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// Writes the report of `athletes` to `out`, refusing a destination inside
/// (or around) any of `inputs`.
pub fn write_report(
    out: &Path,
    inputs: &[PathBuf],
    athletes: &[AthleteRun],
    options: &ReportOptions,
) -> anyhow::Result<Written> {
    let staging = Staging::begin(out, inputs)?;
    let team = options.team || athletes.len() > 1;
    let reports: Vec<AthleteReport> = athletes.iter().map(AthleteReport::of).collect();
    let mut taken = HashSet::from(["index.html".to_string()]);
    let folders: Vec<String> = reports
        .iter()
        .map(|r| {
            if team {
                slug(&r.name, &mut taken)
            } else {
                String::new()
            }
        })
        .collect();

    let mut outcomes: Vec<Vec<ChartOutcome>> = Vec::with_capacity(athletes.len());
    let mut chart_files: Vec<String> = Vec::new();
    let (mut activities, mut weeks, mut warnings) =
        (Table::default(), Table::default(), Table::default());
    for ((run, report), folder) in athletes.iter().zip(&reports).zip(&folders) {
        let dir = staging.path().join(folder);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot write the report to {}", dir.display()))?;
        let charts = charts_of(run, report, &staging.out().join(folder), &dir, options)?;
        chart_files.extend(
            charts
                .iter()
                .filter_map(ChartOutcome::file)
                .map(|file| join(folder, file)),
        );
        let page = athlete_page(&AthletePage {
            report,
            charts: &charts,
            team_link: team.then_some("../index.html"),
        });
        staging.write(&join(folder, "index.html"), page.as_bytes())?;
        let athlete = team.then_some(report.name.as_str());
        activities.extend(athlete, &report.activities)?;
        weeks.extend(athlete, &report.weeks)?;
        warnings.extend(athlete, report.warnings.iter().map(FindingRow::of))?;
        outcomes.push(charts);
    }
    if team {
        let rows: Vec<TeamRow> = reports
            .iter()
            .zip(&folders)
            .map(|(report, folder)| TeamRow {
                report,
                page: join(folder, "index.html"),
            })
            .collect();
        staging.write("index.html", team_page(&rows).as_bytes())?;
    }
    staging.write("activities.csv", &activities.into_csv()?)?;
    staging.write("weeks.csv", &weeks.into_csv()?)?;
    staging.write("warnings.csv", &warnings.into_csv()?)?;
    let document = ReportDocument::new(reports, chart_files);
    staging.write_streamed("report.json", |out| {
        serde_json::to_writer_pretty(out, &document).map_err(std::io::Error::other)
    })?;
    let folder = staging.commit()?;
    Ok(Written {
        folder,
        charts: outcomes,
    })
}

/// The charts of one athlete drawn into `dir`, or linked from `earlier`
/// (the same athlete's folder in the report being replaced) when nothing
/// they draw has changed.
fn charts_of(
    run: &AthleteRun,
    report: &AthleteReport,
    earlier: &Path,
    dir: &Path,
    options: &ReportOptions,
) -> anyhow::Result<Vec<ChartOutcome>> {
    let fingerprint = reuse::fingerprint(report, &run.config, options.chart_size)?;
    let charts = match reuse::reuse(earlier, dir, &fingerprint) {
        Some(charts) => charts,
        None => {
            let sampled = run.runs_with_samples(&drawn_run_ids(&run.evaluation.warnings));
            render_all(&ChartInput::of(run, &sampled), dir, options.chart_size)
        }
    };
    // Without the record the next run only draws again.
    let _ = reuse::record(dir, &fingerprint, &charts);
    Ok(charts)
}

fn join(folder: &str, file: &str) -> String {
    if folder.is_empty() {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_unique() {
        let mut taken = HashSet::from(["index.html".to_string()]);
        assert_eq!(slug("Alex Müller", &mut taken), "alex-müller");
        assert_eq!(slug("alex müller", &mut taken), "alex-müller-2");
        assert_eq!(slug("../etc", &mut taken), "etc");
        assert_eq!(slug("", &mut taken), "athlete");
        assert_eq!(slug("index.html", &mut taken), "index-html");
    }
}
