//! Weekly distance: one bar per local week, coloured by the highest tier
//! of the week's warnings, with the mean of the three weeks before (the
//! base of `weekly_distance_jump`) and the ACWR on a second axis.

use plotters::prelude::*;

use super::axis::{day, DayAxis};
use super::frame::{
    first_shown_week, header, headroom, plot_width, segments, style_mesh, tier_legend, Area, Frame,
    Key, LegendItem, Skip,
};
use super::chart::Chart;
use super::input::ChartInput;
use super::{marks, palette};
use crate::rules::RuleId;

pub struct WeeklyDistance;

impl Chart for WeeklyDistance {
    fn key(&self) -> String {
        "weekly_distance".into()
    }

    fn title(&self) -> String {
        "Weekly distance".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::WeeklyDistanceJump, RuleId::Acwr, RuleId::IntensitySpike]
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let all = &input.analysis.load.weeks;
        if all.is_empty() {
            return Err(Skip::because(
                "There are no runs in the log, so there is no weekly distance to draw.",
            ));
        }
        if all.iter().all(|w| w.distance_km <= 0.0) {
            return Err(Skip::because(
                "No run in the log has a known distance, so there is no weekly distance to draw.",
            ));
        }
        let y_areas = frame.px(90.0) * 2;
        let first = first_shown_week(all.len(), frame);
        let weeks = &all[first..];
        let tiers = marks::by_week(input.marks, &[]);
        // The mean of the three weeks before each week, as the rule reads it.
        let km: Vec<f64> = all.iter().map(|w| w.distance_km).collect();
        let prior_mean = |i: usize| -> Option<f64> {
            let from = i.checked_sub(3)?;
            Some(km.get(from..i)?.iter().sum::<f64>() / 3.0)
        };
        let partial = weeks.iter().any(|w| w.days_observed < 7);
        let mut note = String::new();
        if first > 0 {
            note.push_str(&format!(
                "The last {} of {} weeks. ",
                weeks.len(),
                all.len()
            ));
        }
        if partial {
            note.push_str("Paler bars: weeks only partly inside the log.");
        }
        let mut legend = tier_legend(Key::Bar);
        let mean_key = if all.len() - first <= 60 {
            Key::Dashed(palette::REFERENCE)
        } else {
            Key::Line(palette::REFERENCE)
        };
        legend.push(LegendItem::new(mean_key, "mean of the 3 weeks before"));
        legend.push(LegendItem::new(
            Key::Line(palette::SECONDARY),
            "ACWR (right axis)",
        ));
        let plot = header(
            area,
            frame,
            &self.title(),
            (!note.is_empty()).then_some(note.trim()),
            &legend,
        )?;

        let (Some(first_week), Some(last_week)) = (weeks.first(), weeks.last()) else {
            return Err(Skip::because("There are no weeks to draw."));
        };
        let x = DayAxis::over(
            day(first_week.week_start) - 1.0,
            day(last_week.week_start) + 8.0,
            frame.date_labels(plot_width(area, frame, y_areas)),
        );
        let km_max = weeks.iter().map(|w| w.distance_km).fold(0.0, f64::max);
        let mean_max = (first..all.len())
            .filter_map(prior_mean)
            .fold(0.0, f64::max);
        let y_max = headroom(km_max.max(mean_max), 1.0);
        let acwr_max = weeks.iter().filter_map(|w| w.acwr).fold(0.0, f64::max);
        let acwr_top = headroom(acwr_max, 2.0);

        let pad = frame.pad();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(pad)
            .margin_right(pad)
            .margin_bottom(pad)
            .x_label_area_size(frame.px(44.0))
            .y_label_area_size(frame.px(90.0))
            .right_y_label_area_size(frame.px(90.0))
            .build_cartesian_2d(x.clone(), 0.0..y_max)?
            .set_secondary_coord(x, 0.0..acwr_top);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, frame);
        mesh.disable_x_mesh()
            .y_desc("Distance (km)")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        chart
            .configure_secondary_axes()
            .label_style(frame.tick_font())
            .axis_desc_style(frame.text_font())
            .axis_style(palette::MUTED_INK.stroke_width(1))
            .y_desc("ACWR")
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()?;

        let gap = 0.9;
        chart.draw_series(weeks.iter().filter(|w| w.distance_km > 0.0).map(|w| {
            let colour = palette::tier(tiers.get(&w.week_start).copied());
            let style = if w.days_observed < 7 {
                colour.mix(0.45).filled()
            } else {
                colour.filled()
            };
            let x0 = day(w.week_start) + gap;
            Rectangle::new([(x0, 0.0), (x0 + 7.0 - 2.0 * gap, w.distance_km)], style)
        }))?;
        let mid = |i: usize| all.get(i).map_or(0.0, |w| day(w.week_start) + 3.5);
        let means = segments((first..all.len()).map(|i| (mid(i), prior_mean(i))));
        let dash = frame.px(10.0);
        // Dashes on a line that turns every few pixels would read as noise.
        let dashed = weeks.len() <= 60;
        for line in means {
            let style = palette::REFERENCE.stroke_width(frame.stroke());
            if dashed {
                chart.draw_series(DashedLineSeries::new(line, dash, dash * 2 / 3, style))?;
            } else {
                chart.draw_series(LineSeries::new(line, style))?;
            }
        }
        let acwr = segments(weeks.iter().map(|w| (day(w.week_start) + 3.5, w.acwr)));
        for line in acwr {
            chart.draw_secondary_series(LineSeries::new(
                line.clone(),
                palette::SECONDARY.stroke_width(frame.stroke()),
            ))?;
            if weeks.len() <= 80 {
                chart
                    .draw_secondary_series(line.into_iter().map(|p| {
                        Circle::new(p, frame.dot() * 3 / 4, palette::SECONDARY.filled())
                    }))?;
            }
        }
        Ok(format!(
            "Distance per week from {} to {} ({} weeks), each bar coloured by the highest \
             warning tier of its week; the dashed line is the mean of the three weeks before, \
             the purple line the acute:chronic workload ratio (right axis).",
            first_week.week_start,
            last_week.week_start,
            weeks.len()
        ))
    }
}
