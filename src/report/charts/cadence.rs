//! Cadence: each run's median over time within the band the runner's own
//! cadence-vs-speed line expects at that run's speed, and the medians
//! against speed with the latest personal line. Runs the low-cadence rules
//! warned about are coloured by tier.

use plotters::prelude::*;

use super::axis::{day, DayAxis};
use super::frame::{
    first_shown_week, header, panel_font, panels, style_mesh, tier_legend, Area, Frame, Key,
    LegendItem, Skip,
};
use super::render::Chart;
use super::{marks, palette, ChartInput, CADENCE};
use crate::analyze::cadence::{CadenceLine, RunCadence};
use crate::rules::{thresholds, RuleId};

pub struct Cadence;

/// The personal line's look-back, for telling recent runs from older ones.
const LINE_DAYS: i64 = 56;

impl Chart for Cadence {
    fn key(&self) -> String {
        CADENCE.into()
    }

    fn title(&self) -> String {
        "Cadence".into()
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let all: Vec<&RunCadence> = input
            .analysis
            .cadence
            .iter()
            .filter(|r| r.median_spm.is_some_and(f64::is_finite))
            .collect();
        if all.is_empty() {
            return Err(Skip::because(
                "No run recorded cadence on steady running, so there is no cadence to draw.",
            ));
        }
        let weeks = &input.analysis.load.weeks;
        let first_week = first_shown_week(weeks.len(), frame);
        let from = weeks.get(first_week).map(|w| w.week_start);
        let runs: Vec<&RunCadence> = all
            .into_iter()
            .filter(|r| from.is_none_or(|f| r.local_date >= f))
            .collect();
        let (Some(first), Some(last)) = (
            runs.iter().map(|r| r.local_date).min(),
            runs.iter().map(|r| r.local_date).max(),
        ) else {
            return Err(Skip::because("There are no runs with cadence to draw."));
        };
        let rules = [RuleId::CadenceLowVsBaseline, RuleId::CadenceLowAbsolute];
        let tiers = marks::by_run(input.warnings, &rules);
        let residual = thresholds(RuleId::CadenceLowVsBaseline.rule(), input.config).notice;
        let floor = thresholds(RuleId::CadenceLowAbsolute.rule(), input.config).notice;
        let band = residual.map(f64::abs).unwrap_or(0.05);
        let latest = runs
            .iter()
            .rev()
            .find_map(|r| r.line.map(|line| (r.local_date, line)));

        let mut legend = tier_legend(Key::Dot);
        let has_line = latest.is_some();
        if has_line {
            legend.push(LegendItem::new(
                Key::Bar(palette::BASELINE_BAND),
                format!("expected at the run's speed ±{:.0}%", band * 100.0),
            ));
            legend.push(LegendItem::new(
                Key::Line(palette::REFERENCE),
                "personal line of the last 8 weeks",
            ));
        }
        if let Some(floor) = floor {
            legend.push(LegendItem::new(
                Key::Line(palette::NOTICE),
                format!("{floor:.0} steps/min floor (notice)"),
            ));
        }
        if let (Some(residual), true) = (residual, has_line) {
            legend.push(LegendItem::new(
                Key::Dashed(palette::NOTICE),
                format!(
                    "{:.0}% under the personal line (notice)",
                    residual.abs() * 100.0
                ),
            ));
        }
        let note = match latest {
            Some((date, line)) => format!(
                "Median cadence of steady running per run. The personal line was fitted to {} runs of the 8 weeks before {date}.",
                line.runs
            ),
            None => "Median cadence of steady running per run. No personal line yet: it needs 5 runs with cadence within 8 weeks.".to_string(),
        };
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;

        // One cadence range for both panels, so they read alike.
        let expected = |r: &RunCadence| Some(r.line?.at(r.speed_mps?)).filter(|v| v.is_finite());
        let values = runs
            .iter()
            .filter_map(|r| r.median_spm)
            .chain(
                runs.iter()
                    .filter_map(|r| expected(r))
                    .flat_map(|e| [e * (1.0 - band), e * (1.0 + band)]),
            )
            .chain(floor);
        let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (lo, hi) = ((lo - 4.0).floor(), (hi + 4.0).ceil());
        let [left, right] = <[Area; 2]>::try_from(panels(&plot, frame, 2))
            .map_err(|_| Skip::because("The chart area could not be divided."))?;
        over_time(
            &left,
            frame,
            &runs,
            (first, last),
            (lo, hi),
            band,
            floor,
            &tiers,
        )?;
        against_speed(&right, frame, &runs, latest, (lo, hi), residual, &tiers)?;
        Ok(format!(
            "Left: the median cadence of each run from {first} to {last}, with the band the \
             runner's own cadence-vs-speed line expects at that run's speed. Right: the same \
             medians against the run's speed, with the latest personal line. Runs the \
             low-cadence rules warned about are coloured by tier."
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn over_time(
    area: &Area,
    frame: &Frame,
    runs: &[&RunCadence],
    (first, last): (chrono::NaiveDate, chrono::NaiveDate),
    (lo, hi): (f64, f64),
    band: f64,
    floor: Option<f64>,
    tiers: &std::collections::HashMap<&str, crate::rules::Tier>,
) -> Result<(), Skip> {
    let pad = frame.pad();
    let width = area.dim_in_pixel().0 as i32 - 2 * pad - frame.px(90.0);
    let x = DayAxis::new(first, last, frame.date_labels(width));
    let mut chart = ChartBuilder::on(area)
        .caption("Median cadence per run", panel_font(frame))
        .margin_left(pad)
        .margin_right(frame.px(40.0))
        .margin_bottom(pad)
        .x_label_area_size(frame.px(44.0))
        .y_label_area_size(frame.px(90.0))
        .build_cartesian_2d(x, lo..hi)?;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, frame);
    mesh.disable_x_mesh()
        .y_desc("Cadence (steps/min)")
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    // Each run's own band: the line's cadence at that run's speed, ±band.
    let span_days = (day(last) - day(first) + 2.0).max(1.0);
    let half = (0.6 * f64::from(frame.dot()) / (f64::from(width.max(1)) / span_days)).max(0.3);
    chart.draw_series(runs.iter().filter_map(|r| {
        let e = r.line?.at(r.speed_mps?);
        let x = day(r.local_date) + 0.5;
        e.is_finite().then(|| {
            Rectangle::new(
                [(x - half, e * (1.0 + band)), (x + half, e * (1.0 - band))],
                palette::BASELINE_BAND.filled(),
            )
        })
    }))?;
    if let Some(floor) = floor {
        chart.draw_series(LineSeries::new(
            [(day(first) - 0.5, floor), (day(last) + 1.5, floor)],
            palette::NOTICE.stroke_width(frame.stroke()),
        ))?;
    }
    draw_dots(
        &mut chart,
        frame,
        runs,
        tiers,
        |r| Some((day(r.local_date) + 0.5, r.median_spm?)),
        |_| false,
    )?;
    Ok(())
}

fn against_speed(
    area: &Area,
    frame: &Frame,
    runs: &[&RunCadence],
    latest: Option<(chrono::NaiveDate, CadenceLine)>,
    (lo, hi): (f64, f64),
    residual: Option<f64>,
    tiers: &std::collections::HashMap<&str, crate::rules::Tier>,
) -> Result<(), Skip> {
    let speeds: Vec<f64> = runs
        .iter()
        .filter_map(|r| r.speed_mps.filter(|v| v.is_finite()))
        .collect();
    let (min, max) = speeds
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let (min, max) = if speeds.is_empty() {
        (2.0, 4.0)
    } else {
        ((min - 0.15).max(0.0), max + 0.15)
    };
    let pad = frame.pad();
    let mut chart = ChartBuilder::on(area)
        .caption("Cadence against speed", panel_font(frame))
        .margin_left(pad)
        .margin_right(frame.px(40.0))
        .margin_bottom(pad)
        .x_label_area_size(frame.px(70.0))
        .y_label_area_size(frame.px(90.0))
        .build_cartesian_2d(min..max, lo..hi)?;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, frame);
    mesh.x_desc("Median speed of the run (m/s; 3.0 m/s is 5:33 per km)")
        .x_label_formatter(&|v| {
            if max - min < 1.0 {
                format!("{v:.2}")
            } else {
                format!("{v:.1}")
            }
        })
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    if let Some((_, line)) = latest {
        let ends = [min, max];
        if let Some(r) = residual {
            let dash = frame.px(10.0);
            chart.draw_series(DashedLineSeries::new(
                ends.map(|v| (v, line.at(v) * (1.0 + r))),
                dash,
                dash * 2 / 3,
                palette::NOTICE.stroke_width(frame.stroke()),
            ))?;
        }
        chart.draw_series(LineSeries::new(
            ends.map(|v| (v, line.at(v))),
            palette::REFERENCE.stroke_width(frame.stroke()),
        ))?;
    }
    // Runs older than the latest line's look-back are paler.
    let newest = runs.iter().map(|r| r.local_date).max();
    let old = |r: &RunCadence| newest.is_some_and(|n| (n - r.local_date).num_days() > LINE_DAYS);
    draw_dots(
        &mut chart,
        frame,
        runs,
        tiers,
        |r| Some((r.speed_mps?, r.median_spm?)),
        old,
    )?;
    Ok(())
}

/// Dots for the runs, warned runs last (on top) and larger.
fn draw_dots<X, Y>(
    chart: &mut ChartContext<'_, BitMapBackend<'_>, Cartesian2d<X, Y>>,
    frame: &Frame,
    runs: &[&RunCadence],
    tiers: &std::collections::HashMap<&str, crate::rules::Tier>,
    at: impl Fn(&RunCadence) -> Option<(f64, f64)>,
    faded: impl Fn(&RunCadence) -> bool,
) -> Result<(), Skip>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    let dot = frame.dot();
    for warned in [false, true] {
        chart.draw_series(runs.iter().filter_map(|r| {
            let tier = tiers.get(r.activity_id.as_str()).copied();
            if tier.is_some() != warned {
                return None;
            }
            let colour = palette::tier(tier);
            let style = if faded(r) && !warned {
                colour.mix(0.3).filled()
            } else {
                colour.filled()
            };
            let size = if warned { dot * 3 / 2 } else { dot };
            at(r).map(|p| Circle::new(p, size, style))
        }))?;
    }
    Ok(())
}
