//! Downhill running per week: the descent, coloured by the highest tier of
//! the week's downhill warnings, and the distance run in each downhill
//! grade band, stacked.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{day, DayAxis};
use super::frame::{
    first_shown_week, header, headroom, panel_font, plot_width, style_mesh, tier_legend, Area,
    Frame, Key, LegendItem, Skip,
};
use super::chart::Chart;
use super::input::ChartInput;
use super::{marks, palette};
use crate::analyze::downhill::WeekDownhill;
use crate::rules::RuleId;

pub struct Downhill;

const RULES: [RuleId; 2] = [RuleId::DescentSessionSpike, RuleId::SteepDescentExposure];

/// The three grade bands of a week in km, gentlest first: -5% to -10%,
/// -10% to -15%, -15% and steeper. `None` without a profile.
fn bands_km(week: &WeekDownhill) -> Option<[f64; 3]> {
    let d = &week.distance_m;
    let (gentle, le10, le15) = (d.minus_5_to_10pct?, d.le_minus_10pct?, d.le_minus_15pct?);
    Some([gentle, (le10 - le15).max(0.0), le15].map(|m| m / 1000.0))
}

impl Chart for Downhill {
    fn key(&self) -> String {
        "downhill".into()
    }

    fn title(&self) -> String {
        "Downhill running per week".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::DescentSessionSpike, RuleId::SteepDescentExposure]
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let all = &input.analysis.downhill.weeks;
        if all.iter().all(|w| w.descent_m.is_none()) {
            return Err(Skip::because(
                "No outdoor run recorded elevation, so there is no downhill running to draw.",
            ));
        }
        let y_area = frame.px(90.0);
        let first = first_shown_week(all.len(), frame);
        let weeks = &all[first..];
        let (Some(first_week), Some(last_week)) = (weeks.first(), weeks.last()) else {
            return Err(Skip::because("There are no weeks to draw."));
        };
        let tiers = marks::by_week(input.marks, &RULES);
        let mut legend = tier_legend(Key::Bar);
        legend.extend([
            LegendItem::new(Key::Bar(palette::GRADE_5_10), "-5% to -10%"),
            LegendItem::new(Key::Bar(palette::GRADE_10_15), "-10% to -15%"),
            LegendItem::new(Key::Bar(palette::GRADE_15), "-15% and steeper"),
        ]);
        let mut note = String::from(
            "Descent is coloured by the highest tier of the week's downhill warnings.",
        );
        if first > 0 {
            note.push_str(&format!(
                " The last {} of {} weeks.",
                weeks.len(),
                all.len()
            ));
        }
        if weeks.iter().any(|w| w.runs > 0 && w.runs_with_profile == 0) {
            note.push_str(" Weeks whose runs recorded no elevation have no bar.");
        }
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;
        let [top, bottom] = <[Area; 2]>::try_from(plot.split_evenly((2, 1)))
            .map_err(|_| Skip::because("The chart area could not be divided."))?;
        let width = plot_width(area, frame, y_area);
        let x = DayAxis::over(
            day(first_week.week_start) - 1.0,
            day(last_week.week_start) + 8.0,
            frame.date_labels(width),
        );
        let pad = frame.pad();
        let gap = 0.9;
        let bar = |w: &WeekDownhill, lo: f64, hi: f64| {
            let x0 = day(w.week_start) + gap;
            [(x0, lo), (x0 + 7.0 - 2.0 * gap, hi)]
        };

        // Weekly descent.
        let descent_max = weeks.iter().filter_map(|w| w.descent_m).fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&top)
            .caption("Descent per week", panel_font(frame))
            .margin_left(pad)
            .margin_right(frame.px(48.0))
            .x_label_area_size(frame.px(36.0))
            .y_label_area_size(y_area)
            .build_cartesian_2d(x.clone(), 0.0..headroom(descent_max, 10.0) * 1.08)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, frame);
        mesh.disable_x_mesh()
            .y_desc("Descent (m)")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        chart.draw_series(weeks.iter().filter_map(|w| {
            let descent = w.descent_m.filter(|d| *d > 0.0)?;
            let colour = palette::tier(tiers.get(&w.week_start).copied());
            Some(Rectangle::new(bar(w, 0.0, descent), colour.filled()))
        }))?;
        if tiers.len() <= 20 {
            let font = frame.tick_font().pos(Pos::new(HPos::Center, VPos::Bottom));
            for w in weeks.iter().filter(|w| tiers.contains_key(&w.week_start)) {
                let Some(descent) = w.descent_m else { continue };
                let (px, py) = chart.backend_coord(&(day(w.week_start) + 3.5, descent));
                area.draw(&Text::new(
                    format!("{descent:.0} m"),
                    (px, py - frame.px(4.0)),
                    font.clone(),
                ))?;
            }
        }

        // Distance per grade band, stacked.
        let band_max = weeks
            .iter()
            .filter_map(bands_km)
            .map(|b| b.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let mut chart = ChartBuilder::on(&bottom)
            .caption(
                "Distance run downhill per week, by grade",
                panel_font(frame),
            )
            .margin_left(pad)
            .margin_right(frame.px(48.0))
            .margin_bottom(pad)
            .x_label_area_size(frame.px(44.0))
            .y_label_area_size(y_area)
            .build_cartesian_2d(x, 0.0..headroom(band_max, 0.5))?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, frame);
        mesh.disable_x_mesh()
            .y_desc("Distance (km)")
            .y_label_formatter(&|v| format!("{v:.1}"))
            .draw()?;
        let colours = [palette::GRADE_5_10, palette::GRADE_10_15, palette::GRADE_15];
        for (band, colour) in colours.iter().enumerate() {
            chart.draw_series(weeks.iter().filter_map(|w| {
                let km = bands_km(w)?;
                let below: f64 = km.iter().take(band).sum();
                let here = *km.get(band)?;
                (here > 0.0).then(|| Rectangle::new(bar(w, below, below + here), colour.filled()))
            }))?;
        }
        Ok(format!(
            "Per week from {} to {}: the descent of the outdoor runs, coloured by the highest \
             tier of the week's downhill warnings, and below it the distance run at downhill \
             grades of -5% to -10%, -10% to -15% and -15% or steeper, stacked.",
            first_week.week_start, last_week.week_start
        ))
    }
}
