//! The report folder's contents: index.html, the charts, report.json and
//! the CSV tables, for one athlete or a coach's team, written through
//! [`Staging`] so that the folder appears complete or not at all, one
//! athlete at a time ([`ReportWriter`]).
//!
//! One athlete: everything at the folder's root. A team: the root holds
//! the overview (index.html), report.json and the CSV tables (with an
//! `athlete` column); each athlete's page and charts sit in a sub-folder
//! named after the athlete.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

use super::charts::{drawn_run_ids, render_all, reuse, ChartInput, ChartOutcome, ChartSize};
use super::folder::Staging;
use super::html::{athlete_page, team_page, AthletePage, TeamRow};
use super::json::AthleteReport;
use super::parts::{write_athlete, Document, Parts, TableOfPieces, JSON};
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

/// A report being written one athlete at a time, from several threads at
/// once: each athlete's folder, page and charts as soon as the athlete is
/// analyzed, its rows of report.json and the tables into its pieces
/// (`parts::Parts`), and for the overview only its `TeamRow`.
/// [`ReportWriter::finish`] puts the folder together. An athlete's report
/// is dropped once written, so memory holds the athletes being written,
/// never the team.
#[derive(Debug)]
pub struct ReportWriter {
    /// `None` when no folder is written (only `--json`).
    staging: Option<Staging>,
    parts: Parts,
    team: bool,
    chart_size: ChartSize,
    /// Each athlete's folder inside the report ("" for one athlete).
    folders: Vec<String>,
    done: Mutex<Done>,
    /// report.json and the tables, put together as athletes settle.
    assembly: Mutex<Option<Assembly>>,
}

/// report.json and the CSV tables being put together in the staging
/// folder, in athlete order, while later athletes are still analyzed.
#[derive(Debug)]
struct Assembly {
    /// The next athlete to add.
    next: usize,
    document: Document<BufWriter<File>>,
    tables: Vec<TableOfPieces<'static, BufWriter<File>>>,
}

impl Assembly {
    fn begin(staging: &Staging) -> std::io::Result<Assembly> {
        let create = |name: &str| -> std::io::Result<BufWriter<File>> {
            Ok(BufWriter::with_capacity(
                1 << 16,
                File::create(staging.path().join(name))?,
            ))
        };
        let mut tables = Vec::new();
        for name in [ACTIVITIES, WEEKS, WARNINGS] {
            tables.push(TableOfPieces::new(create(name)?, name));
        }
        Ok(Assembly {
            next: 0,
            document: Document::begin(create("report.json")?)?,
            tables,
        })
    }

    /// Adds the athletes before `end` not added yet.
    fn add_until(&mut self, parts: &Parts, end: usize) -> std::io::Result<()> {
        while self.next < end {
            self.document.add(parts, self.next)?;
            for table in &mut self.tables {
                table.add(parts, self.next)?;
            }
            self.next += 1;
        }
        Ok(())
    }

    fn finish(self, charts: &[String]) -> std::io::Result<()> {
        self.document.finish(charts)?;
        for table in self.tables {
            table.finish()?;
        }
        Ok(())
    }
}

/// What the athletes written so far left for the end.
#[derive(Debug, Default)]
struct Done {
    charts: BTreeMap<usize, Vec<ChartOutcome>>,
    rows: BTreeMap<usize, TeamRow>,
    /// The first failure to write; the report fails with it at the end,
    /// while the analysis (and the terminal summary) goes on.
    error: Option<anyhow::Error>,
}

/// One athlete written.
#[derive(Debug)]
pub struct Added {
    /// The terminal summary, when asked for.
    pub summary: Vec<u8>,
    /// The highest tier among the warnings (see [`AthleteRun::worst_tier`]).
    pub worst: Option<crate::rules::Tier>,
}

impl ReportWriter {
    /// Starts the report of the athletes called `names` (in order) into
    /// `folder` when given, refusing a destination inside (or around)
    /// any of `inputs`.
    pub fn begin(
        folder: Option<&Path>,
        inputs: &[PathBuf],
        names: &[String],
        options: &ReportOptions,
    ) -> anyhow::Result<ReportWriter> {
        let staging = folder.map(|out| Staging::begin(out, inputs)).transpose()?;
        let team = options.team || names.len() > 1;
        let mut taken = HashSet::from(["index.html".to_string()]);
        let folders: Vec<String> = names
            .iter()
            .map(|name| {
                if team {
                    slug(name, &mut taken)
                } else {
                    String::new()
                }
            })
            .collect();
        let parts = match &staging {
            Some(staging) => Parts::in_report(staging.path(), folders.clone()),
            None => Parts::temporary(names.len()).context("cannot write the report's parts")?,
        };
        let assembly = staging
            .as_ref()
            .map(Assembly::begin)
            .transpose()
            .context("cannot write the report")?;
        Ok(ReportWriter {
            staging,
            parts,
            team,
            chart_size: options.chart_size,
            folders,
            done: Mutex::new(Done::default()),
            assembly: Mutex::new(assembly),
        })
    }

    /// Writes athlete `index`'s part of the report; with `summary`, also
    /// gives its terminal summary (coloured when `Some(true)`). A failure
    /// to write is kept for [`ReportWriter::finish`].
    pub fn add(&self, index: usize, run: &AthleteRun, summary: Option<bool>) -> Added {
        let report = AthleteReport::of(run);
        let text = summary
            .map(|colour| super::summary::analysis_text(&report, colour))
            .unwrap_or_default();
        let written = self.write_athlete(index, run, &report);
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        match written {
            Ok(Some((charts, row))) => {
                done.charts.insert(index, charts);
                done.rows.insert(index, row);
            }
            Ok(None) => {}
            Err(error) => {
                done.error.get_or_insert(error);
            }
        }
        Added {
            summary: text,
            worst: run.worst_tier(),
        }
    }

    /// Says that every athlete up to `index` is added or failed: their
    /// pieces go into report.json and the tables now, while the next ones
    /// are analyzed, rather than all at the end.
    pub fn settled(&self, index: usize) {
        let mut assembly = self.assembly.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(assembly) = assembly.as_mut() {
            if let Err(error) = assembly.add_until(&self.parts, index + 1) {
                let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
                done.error
                    .get_or_insert(anyhow::Error::new(error).context("cannot write the report"));
            }
        }
    }

    /// Marks athlete `index`, called `name`, as not analyzed, for `why`:
    /// a row of the overview says so.
    pub fn failed(&self, index: usize, name: &str, why: String) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        done.rows
            .insert(index, TeamRow::failed(name.to_string(), why));
    }

    fn write_athlete(
        &self,
        index: usize,
        run: &AthleteRun,
        report: &AthleteReport,
    ) -> anyhow::Result<Option<(Vec<ChartOutcome>, TeamRow)>> {
        let write_json = || {
            self.parts
                .write(index, JSON, |out| write_athlete(out, report))
                .context("cannot write the report's parts")
        };
        let Some(staging) = &self.staging else {
            write_json()?;
            return Ok(None);
        };
        let folder = self.folders.get(index).map_or("", String::as_str);
        let dir = staging.path().join(folder);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot write the report to {}", dir.display()))?;
        let row = TeamRow::of(report, join(folder, "index.html"));
        let pieces: Vec<String> = [JSON, ACTIVITIES, WEEKS, WARNINGS]
            .iter()
            .map(|name| Parts::relative(name))
            .collect();
        let files: Vec<&str> = std::iter::once("index.html")
            .chain(pieces.iter().map(String::as_str))
            .collect();
        let fingerprint = reuse::fingerprint(report, &run.config, self.chart_size, self.team)?;
        let earlier = staging.out().join(folder);
        let charts = match reuse::reuse(&earlier, &dir, &fingerprint, &files) {
            // Nothing this athlete's folder is made of has changed.
            Some(reused) if reused.files => {
                let _ = reuse::record(&dir, &fingerprint, &reused.charts, &files);
                return Ok(Some((reused.charts, row)));
            }
            Some(reused) => reused.charts,
            None => {
                let sampled = run.runs_with_samples(&drawn_run_ids(&run.evaluation.warnings));
                render_all(&ChartInput::of(run, &sampled), &dir, self.chart_size)
            }
        };
        let page = athlete_page(&AthletePage {
            report,
            charts: &charts,
            team_link: self.team.then_some("../index.html"),
        });
        staging.write(&join(folder, "index.html"), page.as_bytes())?;
        drop(page);
        write_json()?;
        let athlete = self.team.then_some(report.name.as_str());
        let table =
            |name: &str, fill: &dyn Fn(&mut Table<&mut dyn Write>) -> anyhow::Result<()>| {
                let mut failure = None;
                self.parts
                    .write(index, name, |out| {
                        let mut table = Table::to(out);
                        if let Err(error) = fill(&mut table).and_then(|()| table.finish().map(drop))
                        {
                            failure = Some(error);
                        }
                        Ok(())
                    })
                    .context("cannot write the report's parts")?;
                failure.map_or(Ok(()), Err)
            };
        table(ACTIVITIES, &|t| t.extend(athlete, &report.activities))?;
        table(WEEKS, &|t| t.extend(athlete, &report.weeks))?;
        table(WARNINGS, &|t| {
            t.extend(athlete, report.warnings.iter().map(FindingRow::of))
        })?;
        // Without the record the next run only writes everything again.
        let _ = reuse::record(&dir, &fingerprint, &charts, &files);
        Ok(Some((charts, row)))
    }

    /// Puts the report folder together (the overview, the tables and
    /// report.json, from the athletes' parts in order) and moves it into
    /// place; fails with the first failure to write any part.
    pub fn finish(self) -> anyhow::Result<Finished> {
        let done = self.done.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(error) = done.error {
            return Err(error);
        }
        let athletes: Vec<usize> = (0..self.folders.len()).collect();
        let mut charts = Vec::new();
        let mut chart_files = Vec::new();
        for (index, outcomes) in done.charts {
            let folder = self.folders.get(index).map_or("", String::as_str);
            chart_files.extend(
                outcomes
                    .iter()
                    .filter_map(ChartOutcome::file)
                    .map(|file| join(folder, file)),
            );
            charts.push(outcomes);
        }
        let folder = match self.staging {
            Some(staging) => {
                if self.team {
                    let rows: Vec<TeamRow> = done.rows.into_values().collect();
                    staging.write("index.html", team_page(&rows).as_bytes())?;
                }
                let assembly = self
                    .assembly
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner());
                if let Some(mut assembly) = assembly {
                    assembly
                        .add_until(&self.parts, athletes.len())
                        .and_then(|()| assembly.finish(&chart_files))
                        .context("cannot write the report")?;
                }
                Some(staging.commit()?)
            }
            None => None,
        };
        let mut parts = self.parts;
        if let Some(folder) = &folder {
            parts.moved_to(folder);
        }
        Ok(Finished {
            written: folder.map(|folder| Written { folder, charts }),
            parts,
            athletes,
        })
    }
}

const ACTIVITIES: &str = "activities.csv";
const WEEKS: &str = "weeks.csv";
const WARNINGS: &str = "warnings.csv";

/// A finished report: the folder written, if any, and report.json's
/// athletes still at hand for `--json`.
#[derive(Debug)]
pub struct Finished {
    pub written: Option<Written>,
    parts: Parts,
    athletes: Vec<usize>,
}

impl Finished {
    /// report.json without its chart list (what `--json` gives), streamed
    /// into `out`.
    pub fn write_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        self.parts.write_document(&self.athletes, &[], out)
    }
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
