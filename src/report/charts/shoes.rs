//! Shoes: each pair's distance over time against the `shoe_mileage` marks
//! (500 and 800 km unless the config says otherwise), with the projected
//! retirement date at the pair's recent rate and the runs where a mark
//! was passed coloured by the warning's tier.

use chrono::{Days, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{day, DayAxis};
use super::frame::{header, headroom, plot_width, style_mesh, Area, Frame, Key, LegendItem, Skip};
use super::chart::Chart;
use super::input::ChartInput;
use super::palette;
use crate::analyze::shoes::ShoeWear;
use crate::rules::{thresholds, RuleId};

pub struct Shoes;

/// Projections further out than this end at the chart's edge.
const MAX_PROJECTION_DAYS: u64 = 365;

impl Chart for Shoes {
    fn key(&self) -> String {
        "shoes".into()
    }

    fn title(&self) -> String {
        "Shoe mileage".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::ShoeMileage, RuleId::ShoeRotation]
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let shoes = &input.analysis.shoes.shoes;
        if shoes.is_empty() {
            return Err(Skip::because(
                "No run has a known shoe (Strava's gear or [[shoes]] in patella.toml), so there is no shoe mileage to draw.",
            ));
        }
        // The most recently used pairs, as many as there are colours.
        let mut pairs: Vec<&ShoeWear> = shoes.iter().collect();
        pairs.sort_by(|a, b| b.last_used.cmp(&a.last_used).then(a.name.cmp(&b.name)));
        pairs.truncate(palette::SHOES.len());
        pairs.sort_by(|a, b| a.first_used.cmp(&b.first_used).then(a.name.cmp(&b.name)));
        let as_of = input
            .analysis
            .shoes
            .runs
            .iter()
            .map(|r| r.local_date)
            .max()
            .unwrap_or(NaiveDate::MIN);
        let limits = thresholds(RuleId::ShoeMileage.rule(), input.config);
        let horizon = as_of
            .checked_add_days(Days::new(MAX_PROJECTION_DAYS))
            .unwrap_or(as_of);
        let first = pairs.iter().map(|p| p.first_used).min().unwrap_or(as_of);
        let last = pairs
            .iter()
            .filter_map(|p| p.projected_retirement)
            .map(|d| d.min(horizon))
            .chain([as_of])
            .max()
            .unwrap_or(as_of);

        let mut legend: Vec<LegendItem> = pairs
            .iter()
            .zip(palette::SHOES)
            .map(|(p, colour)| LegendItem::new(Key::Line(colour), describe(p)))
            .collect();
        for (limit, colour, word) in [
            (limits.notice, palette::NOTICE, "notice"),
            (limits.warning, palette::WARNING, "warning: retire"),
        ] {
            if let Some(km) = limit {
                legend.push(LegendItem::new(
                    Key::Dashed(colour),
                    format!("{km:.0} km ({word})"),
                ));
            }
        }
        let mut note = format!(
            "Dotted: projected at each pair's rate of the last 8 weeks, up to {}.",
            as_of
        );
        if shoes.len() > pairs.len() {
            note = format!(
                "The {} most recently used of {} pairs. {note}",
                pairs.len(),
                shoes.len()
            );
        }
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;

        let y_max = headroom(
            pairs
                .iter()
                .flat_map(|p| [p.distance_km, p.retire_km])
                .chain(limits.notice)
                .chain(limits.warning)
                .fold(0.0, f64::max),
            100.0,
        );
        let y_area = frame.px(90.0);
        let x = DayAxis::new(
            first,
            last,
            frame.date_labels(plot_width(area, frame, y_area)),
        );
        let pad = frame.pad();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(pad)
            .margin_right(frame.px(60.0))
            .margin_bottom(pad)
            .x_label_area_size(frame.px(44.0))
            .y_label_area_size(y_area)
            .build_cartesian_2d(x, 0.0..y_max)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, frame);
        mesh.disable_x_mesh()
            .y_desc("Distance on the pair (km)")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        let (x0, x1) = (day(first) - 0.5, day(last) + 1.5);
        let dash = frame.px(12.0);
        for (limit, colour) in [
            (limits.notice, palette::NOTICE),
            (limits.warning, palette::WARNING),
        ] {
            if let Some(km) = limit {
                chart.draw_series(DashedLineSeries::new(
                    [(x0, km), (x1, km)],
                    dash,
                    dash / 2,
                    colour.stroke_width(frame.stroke()),
                ))?;
            }
        }
        let date_font = frame.tick_font().pos(Pos::new(HPos::Center, VPos::Bottom));
        for (pair, colour) in pairs.iter().zip(palette::SHOES) {
            let mut points = vec![(day(pair.first_used), pair.initial_km)];
            points.extend(
                pair.uses
                    .iter()
                    .map(|u| (day(u.date) + 0.5, u.cumulative_km)),
            );
            chart.draw_series(LineSeries::new(points, colour.stroke_width(frame.stroke())))?;
            if let Some(date) = pair.projected_retirement {
                let shown = date.min(horizon);
                let rate = pair.recent_km_per_day.unwrap_or(0.0);
                let km_at = pair.distance_km + rate * (shown - as_of).num_days() as f64;
                let from = (day(as_of) + 0.5, pair.distance_km);
                let to = (day(shown) + 0.5, km_at.min(pair.retire_km));
                chart.draw_series(DashedLineSeries::new(
                    [from, to],
                    frame.px(4.0),
                    frame.px(5.0),
                    colour.stroke_width(frame.stroke()),
                ))?;
                if date <= horizon {
                    chart.draw_series(std::iter::once(Circle::new(
                        to,
                        frame.dot(),
                        colour.filled(),
                    )))?;
                    let (px, py) = chart.backend_coord(&to);
                    area.draw(&Text::new(
                        format!("{date}"),
                        (px, py - frame.dot() * 2),
                        date_font.clone(),
                    ))?;
                }
            }
        }
        // The runs that took a pair past a mark, at the warning's tier.
        let crossings = input
            .marks
            .iter()
            .filter(|w| RuleId::from_name(w.rule) == Some(RuleId::ShoeMileage));
        chart.draw_series(crossings.filter_map(|w| {
            let id = w.activity_id.as_deref()?;
            let used = pairs
                .iter()
                .find_map(|p| p.uses.iter().find(|u| u.activity_id == id))?;
            Some(Circle::new(
                (day(used.date) + 0.5, used.cumulative_km),
                frame.dot() * 3 / 2,
                palette::tier(Some(w.tier)).filled(),
            ))
        }))?;
        Ok(format!(
            "The distance on each pair of shoes from {first} to {as_of}, starting km included, \
             against the {} marks; dotted lines project each pair at its rate of the last \
             8 weeks to its retirement distance, and the runs that passed a mark are coloured \
             by the warning's tier.",
            match (limits.notice, limits.warning) {
                (Some(n), Some(w)) => format!("{n:.0} and {w:.0} km"),
                (Some(k), None) | (None, Some(k)) => format!("{k:.0} km"),
                (None, None) => "mileage".to_string(),
            }
        ))
    }
}

/// "Pegasus 39: 839 km, retire ~2026-11-24".
fn describe(pair: &ShoeWear) -> String {
    let state = if pair.distance_km >= pair.retire_km {
        format!("past {:.0} km", pair.retire_km)
    } else if let Some(date) = pair.projected_retirement {
        format!("{:.0} km around {date}", pair.retire_km)
    } else {
        "not used lately".to_string()
    };
    format!("{}: {:.0} km, {state}", pair.name, pair.distance_km)
}
