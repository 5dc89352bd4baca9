//! Renders the charts of an export folder:
//! `cargo run --release --example render_charts -- [EXPORT_DIR] [OUT_DIR] [WxH]`
//! (defaults: `fixtures/demo-export`, `/tmp/demo-charts`, 1600x900).
//! Prints each chart's outcome and how long drawing them took.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use patella::pipeline::{analyze, AnalyzeRequest};
use patella::report::charts::{drawn_run_ids, render_all, ChartInput, ChartOutcome, ChartSize};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("render_charts: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let export = PathBuf::from(args.next().unwrap_or_else(|| "fixtures/demo-export".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/demo-charts".into()));
    let size: ChartSize = match args.next() {
        Some(text) => text.parse()?,
        None => ChartSize::default(),
    };
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let started = Instant::now();
    let athlete = analyze(&AnalyzeRequest {
        paths: vec![export],
        ..Default::default()
    })?;
    let analyzed = started.elapsed();
    let started = Instant::now();
    let sampled = athlete.runs_with_samples(&drawn_run_ids(&athlete.evaluation.warnings));
    let outcomes = render_all(&ChartInput::of(&athlete, &sampled), &out, size);
    let rendered = started.elapsed();
    for outcome in &outcomes {
        match outcome {
            ChartOutcome::Drawn { file, title, .. } => println!("drawn      {file}  ({title})"),
            ChartOutcome::NotDrawn { key, reason, .. } => println!("not drawn  {key}: {reason}"),
        }
    }
    println!(
        "{} charts at {size} into {} in {:.0} ms (analysis {:.0} ms)",
        outcomes.len(),
        out.display(),
        rendered.as_secs_f64() * 1000.0,
        analyzed.as_secs_f64() * 1000.0
    );
    Ok(())
}
