//! Every run's distance against the longest run of the 30 days before it
//! (the envelope of `session_distance_spike`), with the rule's notice and
//! warning lines above it and the spikes the rule found coloured by tier.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{day, DayAxis};
use super::frame::{
    first_shown_week, header, headroom, plot_width, style_mesh, tier_legend, Area, Frame, Key,
    LegendItem, Skip,
};
use super::chart::Chart;
use super::input::ChartInput;
use super::{marks, palette};
use crate::rules::{thresholds, RuleId};

pub struct RunSpikes;

/// Labels are written next to at most this many spikes.
const MAX_LABELS: usize = 15;

impl Chart for RunSpikes {
    fn key(&self) -> String {
        "run_spikes".into()
    }

    fn title(&self) -> String {
        "Single runs against the longest run of the previous 30 days".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::SessionDistanceSpike]
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let load = &input.analysis.load;
        if load.runs.iter().all(|r| r.distance_km.is_none()) {
            return Err(Skip::because(
                "No run in the log has a known distance, so no run can be compared with the ones before it.",
            ));
        }
        let y_area = frame.px(90.0);
        let width = plot_width(area, frame, y_area);
        let first_week = first_shown_week(load.weeks.len(), frame);
        let from = load.weeks.get(first_week).map(|w| w.week_start);
        let mut runs: Vec<_> = load
            .runs
            .iter()
            .filter(|r| from.is_none_or(|f| r.local_date >= f))
            .collect();
        runs.sort_by_key(|r| r.local_date);
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return Err(Skip::because("There are no runs to draw."));
        };
        let (first_day, last_day) = (first.local_date, last.local_date);
        let rule = RuleId::SessionDistanceSpike;
        let limits = thresholds(rule.rule(), input.config);
        let tiers = marks::by_run(input.marks, &[rule]);
        let spikes = marks::run_warnings(input.marks, &[rule]);

        let mut legend = tier_legend(Key::Dot);
        legend.push(LegendItem::new(
            Key::Line(palette::REFERENCE),
            "longest run of the previous 30 days",
        ));
        let lines: Vec<_> = [
            (limits.notice, palette::NOTICE, "notice"),
            (limits.warning, palette::WARNING, "warning"),
        ]
        .into_iter()
        .filter_map(|(limit, colour, name)| limit.map(|l| (l, colour, name)))
        .collect();
        for (limit, colour, name) in &lines {
            legend.push(LegendItem::new(
                Key::Dashed(*colour),
                format!("{:+.0}% ({name})", limit * 100.0),
            ));
        }
        let shown = first_week > 0;
        let note = if shown {
            Some(format!("Runs since {}.", first_day))
        } else if runs.iter().all(|r| r.longest_prev_30d_km.is_none()) {
            Some("No run has an earlier run within 30 days to compare with yet.".to_string())
        } else {
            None
        };
        let plot = header(area, frame, &self.title(), note.as_deref(), &legend)?;

        // The envelope holds from one run's day to the next run's day.
        let mut steps: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut current: Vec<(f64, f64)> = Vec::new();
        for (i, run) in runs.iter().enumerate() {
            let x0 = day(run.local_date) + 0.5;
            let x1 = runs
                .get(i + 1)
                .map_or(x0 + 1.0, |next| day(next.local_date) + 0.5);
            match run.longest_prev_30d_km.filter(|v| v.is_finite()) {
                Some(env) => {
                    current.push((x0, env));
                    current.push((x1, env));
                }
                None if !current.is_empty() => steps.push(std::mem::take(&mut current)),
                None => {}
            }
        }
        if !current.is_empty() {
            steps.push(current);
        }
        let top_factor = lines.iter().map(|(l, _, _)| 1.0 + l).fold(1.0, f64::max);
        let y_max = headroom(
            runs.iter()
                .filter_map(|r| r.distance_km)
                .chain(steps.iter().flatten().map(|p| p.1 * top_factor))
                .fold(0.0, f64::max),
            1.0,
        );
        let x = DayAxis::new(first_day, last_day, frame.date_labels(width));
        let pad = frame.pad();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(pad)
            .margin_right(pad * 2)
            .margin_bottom(pad)
            .x_label_area_size(frame.px(44.0))
            .y_label_area_size(y_area)
            .build_cartesian_2d(x, 0.0..y_max)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, frame);
        mesh.disable_x_mesh()
            .y_desc("Distance of the run (km)")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        let dash = frame.px(10.0);
        for step in &steps {
            for (limit, colour, _) in &lines {
                chart.draw_series(DashedLineSeries::new(
                    step.iter().map(|(x, y)| (*x, y * (1.0 + limit))),
                    dash,
                    dash * 2 / 3,
                    colour.stroke_width(frame.stroke() * 2 / 3 + 1),
                ))?;
            }
            chart.draw_series(LineSeries::new(
                step.iter().copied(),
                palette::REFERENCE.stroke_width(frame.stroke()),
            ))?;
        }
        // Runs without a warning first, so spikes are drawn on top.
        let dot = frame.dot();
        for warned in [false, true] {
            chart.draw_series(runs.iter().filter_map(|r| {
                let km = r.distance_km?;
                let tier = tiers.get(r.activity_id.as_str()).copied();
                (tier.is_some() == warned).then(|| {
                    let size = if warned { dot * 3 / 2 } else { dot };
                    Circle::new(
                        (day(r.local_date) + 0.5, km),
                        size,
                        palette::tier(tier).filled(),
                    )
                })
            }))?;
        }
        let label_font = frame.tick_font().pos(Pos::new(HPos::Center, VPos::Bottom));
        let visible: Vec<_> = spikes.iter().filter(|w| w.date >= first_day).collect();
        if visible.len() <= MAX_LABELS {
            for warning in visible {
                let run = runs
                    .iter()
                    .find(|r| Some(r.activity_id.as_str()) == warning.activity_id.as_deref());
                let (Some(run), Some(value)) = (run, warning.value) else {
                    continue;
                };
                let Some(km) = run.distance_km else { continue };
                let (px, py) = chart.backend_coord(&(day(run.local_date) + 0.5, km));
                // Backend coordinates are the picture's: draw on the root.
                area.draw(&Text::new(
                    format!("{:+.0}%", value * 100.0),
                    (px, py - dot * 2),
                    label_font.clone(),
                ))?;
            }
        }
        Ok(format!(
            "The distance of each run from {first_day} to {last_day} against the longest run \
             of the 30 days before it (the dark step line); the dashed lines are the \
             thresholds of the single-run spike rule, and runs it warned about are coloured \
             by tier."
        ))
    }
}
