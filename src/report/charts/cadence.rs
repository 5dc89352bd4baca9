//! Cadence: each run's median over time within the runner's usual range
//! (the 10th to 90th percentile of the medians of the 8 weeks before each
//! run), and the medians against speed with the latest personal line. Runs
//! the low-cadence rules warned about are coloured by tier.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::axis::{day, DayAxis};
use super::frame::{
    first_shown_week, header, panel_font, panels, style_mesh, tier_legend, Area, Frame, Key,
    LegendItem, Skip,
};
use super::chart::Chart;
use super::input::ChartInput;
use super::{marks, palette};
use crate::analyze::cadence::{CadenceLine, RunCadence};
use crate::analyze::percentile::percentile;
use crate::rules::{thresholds, RuleId};

pub struct Cadence;

/// The personal line's look-back, for telling recent runs from older ones.
const LINE_DAYS: i64 = 56;
/// The usual range looks back this far: days d-56..d-1 of a run on day d.
const USUAL_DAYS: i64 = 56;
/// Fewer earlier runs than this make no usual range.
const USUAL_MIN_RUNS: usize = 5;

/// The runner's usual median cadence before a day: percentiles of the
/// medians of the runs of the 8 weeks before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsualRange {
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    /// How many runs the percentiles stand on.
    pub runs: usize,
}

/// The usual range of a run on `day`, from the medians of `all` runs on
/// days `day - 56 ..= day - 1`; `None` with fewer than 5 such runs.
pub fn usual_range(all: &[&RunCadence], day: NaiveDate) -> Option<UsualRange> {
    let medians: Vec<f64> = all
        .iter()
        .filter(|r| r.local_date < day && (day - r.local_date).num_days() <= USUAL_DAYS)
        .filter_map(|r| r.median_spm.filter(|v| v.is_finite()))
        .collect();
    if medians.len() < USUAL_MIN_RUNS {
        return None;
    }
    Some(UsualRange {
        p10: percentile(medians.clone(), 0.10)?,
        median: percentile(medians.clone(), 0.50)?,
        p90: percentile(medians.clone(), 0.90)?,
        runs: medians.len(),
    })
}

/// The usual range of each day of `runs` (oldest first), one entry per
/// day that has a run.
fn usual_ranges(all: &[&RunCadence], runs: &[&RunCadence]) -> Vec<(NaiveDate, Option<UsualRange>)> {
    let mut out: Vec<(NaiveDate, Option<UsualRange>)> = Vec::new();
    for r in runs {
        if out.last().is_none_or(|(d, _)| *d != r.local_date) {
            out.push((r.local_date, usual_range(all, r.local_date)));
        }
    }
    out
}

impl Chart for Cadence {
    fn key(&self) -> String {
        "cadence".into()
    }

    fn title(&self) -> String {
        "Cadence".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::CadenceLowVsBaseline, RuleId::CadenceLowAbsolute, RuleId::FormFatigueDrift, RuleId::GctBalanceAsymmetry]
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
            .iter()
            .copied()
            .filter(|r| from.is_none_or(|f| r.local_date >= f))
            .collect();
        let (Some(first), Some(last)) = (
            runs.iter().map(|r| r.local_date).min(),
            runs.iter().map(|r| r.local_date).max(),
        ) else {
            return Err(Skip::because("There are no runs with cadence to draw."));
        };
        let rules = [RuleId::CadenceLowVsBaseline, RuleId::CadenceLowAbsolute];
        let tiers = marks::by_run(input.marks, &rules);
        let residual = thresholds(RuleId::CadenceLowVsBaseline.rule(), input.config).notice;
        let floor = thresholds(RuleId::CadenceLowAbsolute.rule(), input.config).notice;
        let latest = runs
            .iter()
            .rev()
            .find_map(|r| r.line.map(|line| (r.local_date, line)));
        let usual = usual_ranges(&all, &runs);
        let has_usual = usual.iter().any(|(_, u)| u.is_some());

        let mut legend = tier_legend(Key::Dot);
        if has_usual {
            legend.push(LegendItem::new(
                Key::Band(palette::BASELINE_BAND, palette::BASELINE_MEDIAN),
                "your usual range (8 weeks before, 10th-90th percentile)",
            ));
        }
        let has_line = latest.is_some();
        if has_line {
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
        let mut note = String::from("Median cadence of steady running per run.");
        if has_usual {
            note.push_str(
                " The band is your usual range, the middle 80% of the run medians of the 8 weeks before each run (once there are 5), the thin line their median.",
            );
        }
        match latest {
            Some((date, line)) => note.push_str(&format!(
                " The personal line was fitted to {} runs of the 8 weeks before {date}.",
                line.runs
            )),
            None => {
                note.push_str(" No personal line yet: it needs 5 runs with cadence within 8 weeks.")
            }
        }
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;

        // One cadence range for both panels, so they read alike.
        let values = runs
            .iter()
            .filter_map(|r| r.median_spm)
            .chain(
                usual
                    .iter()
                    .filter_map(|(_, u)| *u)
                    .flat_map(|u| [u.p10, u.p90]),
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
            &usual,
            (first, last),
            (lo, hi),
            floor,
            &tiers,
        )?;
        against_speed(&right, frame, &runs, latest, (lo, hi), residual, &tiers)?;
        Ok(format!(
            "Left: the median cadence of each run from {first} to {last}, within the runner's \
             usual range (the 10th to 90th percentile of the medians of the runs of the 8 weeks \
             before each run). Right: the same medians against the run's speed, with the latest \
             personal line. Runs the low-cadence rules warned about are coloured by tier."
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn over_time(
    area: &Area,
    frame: &Frame,
    runs: &[&RunCadence],
    usual: &[(NaiveDate, Option<UsualRange>)],
    (first, last): (NaiveDate, NaiveDate),
    (lo, hi): (f64, f64),
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
    // The usual range as one area through the run days, broken where a
    // run has too few earlier runs for one.
    for stretch in band_stretches(usual) {
        let upper = stretch.iter().map(|(x, u)| (*x, u.p90));
        let lower = stretch.iter().rev().map(|(x, u)| (*x, u.p10));
        chart.draw_series(std::iter::once(Polygon::new(
            upper.chain(lower).collect::<Vec<_>>(),
            palette::BASELINE_BAND.filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            stretch.iter().map(|(x, u)| (*x, u.median)),
            palette::BASELINE_MEDIAN.stroke_width(thin(frame)),
        ))?;
    }
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

/// The band's outline points, one list per stretch of consecutive run
/// days that have a usual range: a point in the middle of each day, and
/// the stretch's ends pushed to the edges of its first and last days so a
/// lone day still shows as a block as wide as the day.
fn band_stretches(usual: &[(NaiveDate, Option<UsualRange>)]) -> Vec<Vec<(f64, UsualRange)>> {
    let mut out: Vec<Vec<(f64, UsualRange)>> = Vec::new();
    let mut current: Vec<(f64, UsualRange)> = Vec::new();
    let mut close = |current: &mut Vec<(f64, UsualRange)>| {
        if let (Some(&(x0, u0)), Some(&(x1, u1))) = (current.first(), current.last()) {
            let mut stretch = vec![(x0 - 0.5, u0)];
            stretch.append(current);
            stretch.push((x1 + 0.5, u1));
            out.push(stretch);
        }
    };
    for (date, range) in usual {
        match range {
            Some(u) => current.push((day(*date) + 0.5, *u)),
            None => close(&mut current),
        }
    }
    close(&mut current);
    out
}

/// Width of the usual range's median line.
fn thin(frame: &Frame) -> u32 {
    (frame.stroke() * 2 / 3).max(1)
}

fn against_speed(
    area: &Area,
    frame: &Frame,
    runs: &[&RunCadence],
    latest: Option<(NaiveDate, CadenceLine)>,
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
