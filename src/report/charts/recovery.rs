//! Recovery: a calendar of daily running load, one cell per day, so runs of
//! consecutive days and rest days show at a glance. Streaks the rules
//! warned about are outlined, and weeks of monotonous training underlined,
//! in their tier's colour.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::calendar::{Bands, Calendar};
use super::frame::{centred, header, text, Area, Frame, Key, LegendItem, Skip};
use super::chart::Chart;
use super::input::ChartInput;
use super::{marks, palette};
use crate::analyze::daily::DailySeries;
use crate::log::weeks::{week_start_of, WeekStart};
use crate::rules::{RuleId, Tier};

pub struct Recovery;

/// Daily minutes from which each shade starts.
const BINS: [(f64, f64); 5] = [
    (0.0, 0.2),
    (30.0, 0.4),
    (60.0, 0.6),
    (90.0, 0.8),
    (120.0, 1.0),
];

fn shade(minutes: f64) -> RGBColor {
    let fraction = BINS
        .iter()
        .rev()
        .find(|(from, _)| minutes >= *from)
        .map_or(0.2, |(_, shade)| *shade);
    palette::load(fraction)
}

/// Gutters for labels and the room left for the cells.
struct Geometry {
    lead: (f64, f64),
    underline: i32,
}

impl Geometry {
    fn new(frame: &Frame, portrait: bool) -> Geometry {
        let tick = frame.tick_px();
        let lead = if portrait {
            (tick * 5.5, tick * 1.8)
        } else {
            (tick * 3.4, tick * 1.8)
        };
        Geometry {
            lead,
            underline: frame.px(7.0),
        }
    }

    fn room(&self, frame: &Frame, (w, h): (u32, u32), portrait: bool) -> (f64, f64) {
        let pad = f64::from(frame.pad());
        let extra = f64::from(self.underline * 2);
        let w = f64::from(w) - 2.0 * pad - self.lead.0 - if portrait { extra } else { 0.0 };
        let h = f64::from(h) - pad - self.lead.1 - if portrait { 0.0 } else { extra };
        (w.max(1.0), h.max(1.0))
    }
}

impl Chart for Recovery {
    fn key(&self) -> String {
        "recovery".into()
    }

    fn title(&self) -> String {
        "Running days and rest days".into()
    }

    fn shows(&self) -> &'static [RuleId] {
        &[RuleId::RecoveryStreak, RuleId::TrainingMonotony]
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let recovery = &input.analysis.recovery;
        // Minutes per day, whatever load the monotony rule reads.
        let daily = DailySeries::build(&input.log.runs, None);
        let (Some(first), Some(last)) = (daily.first_day(), daily.last_day()) else {
            return Err(Skip::because(
                "There are no runs in the log, so there is no calendar to draw.",
            ));
        };
        let start = recovery.week_start;
        let portrait = frame.size.is_portrait();
        let geometry = Geometry::new(frame, portrait);
        let gap = f64::from(geometry.underline) * 2.4;
        // The header takes about this much; the calendar is sized again below.
        let header_guess = frame.title_px() * 1.3 + frame.text_px() * 5.5 + f64::from(frame.pad());
        let (w, h) = area.dim_in_pixel();
        let guess = geometry.room(
            frame,
            (w, (f64::from(h) - header_guess).max(1.0) as u32),
            portrait,
        );
        let mut calendar = Calendar::new(first, last, start, portrait, guess, gap);
        let shown_from = calendar.first_day().unwrap_or(first).max(first);

        let streak_tiers = marks::by_date(input.marks, &[RuleId::RecoveryStreak]);
        let monotony = marks::by_week(input.marks, &[RuleId::TrainingMonotony]);
        let outlined: Vec<(NaiveDate, NaiveDate, Tier)> = recovery
            .streaks
            .iter()
            .filter(|s| s.last_day >= shown_from)
            .filter_map(|s| Some((s.first_day, s.last_day, *streak_tiers.get(&s.last_day)?)))
            .collect();

        let mut legend = vec![LegendItem::new(Key::Bar(palette::REST_DAY), "rest day")];
        legend.extend([
            LegendItem::new(Key::Bar(shade(0.0)), "< 30 min"),
            LegendItem::new(Key::Bar(shade(30.0)), "30-60"),
            LegendItem::new(Key::Bar(shade(60.0)), "60-90"),
            LegendItem::new(Key::Bar(shade(90.0)), "90-120"),
            LegendItem::new(Key::Bar(shade(120.0)), "≥ 120 min"),
        ]);
        // Outlines and underlines are explained only where there are some.
        for tier in [Tier::Notice, Tier::Warning, Tier::High] {
            if outlined.iter().any(|o| o.2 == tier) {
                legend.push(LegendItem::new(
                    Key::Outline(palette::tier(Some(tier))),
                    format!("streak ({})", palette::tier_label(Some(tier))),
                ));
            }
        }
        if let Some(tier) = monotony
            .iter()
            .filter(|(week, _)| **week >= week_start_of(shown_from, start))
            .map(|(_, tier)| *tier)
            .max()
        {
            legend.push(LegendItem::new(
                Key::Bar(palette::tier(Some(tier))),
                "underlined: monotonous week",
            ));
        }
        let first_weekday = match start {
            WeekStart::Monday => "Monday",
            WeekStart::Sunday => "Sunday",
        };
        let mut note = String::from("Minutes of running per day.");
        if let Bands::Years(years) = &calendar.bands {
            note.push_str(&if portrait {
                format!(" One column of cells per year, weeks from top to bottom, {first_weekday} on the left.")
            } else {
                format!(" One row of cells per year, weeks from left to right, {first_weekday} at the top.")
            });
            let total = last.year() - first.year() + 1;
            if (years.len() as i32) < total {
                note.push_str(&format!(" The last {} of {total} years.", years.len()));
            }
        }
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;
        calendar.fit(geometry.room(frame, plot.dim_in_pixel(), portrait));
        calendar.cap(f64::from(frame.px(110.0)));
        if calendar.cell < 3.0 {
            return Err(Skip::because(
                "The chart is too small for a calendar of this many weeks.",
            ));
        }
        calendar.origin = (f64::from(frame.pad()) + geometry.lead.0, geometry.lead.1);
        draw_labels(&plot, frame, &calendar, start)?;
        draw_days(&plot, frame, &calendar, &daily)?;

        let cell = calendar.cell;
        let (sw, sh) = calendar.cell_px();
        let inset = if cell >= 8.0 {
            (cell * 0.08).round().max(1.0) as i32
        } else {
            0
        };
        // Warned streaks, outlined cell by cell, highest tier last.
        let stroke = (cell * 0.09).clamp(1.0, f64::from(frame.px(5.0))) as u32;
        let mut outlined = outlined;
        outlined.sort_by_key(|o| o.2);
        for (from, to, tier) in &outlined {
            for d in daily
                .days
                .iter()
                .filter(|d| d.date >= *from && d.date <= *to)
            {
                let Some((x, y)) = calendar.cell_of(d.date) else {
                    continue;
                };
                let half = inset / 2;
                plot.draw(&Rectangle::new(
                    [(x + half, y + half), (x + sw - half, y + sh - half)],
                    palette::tier(Some(*tier)).stroke_width(stroke),
                ))?;
            }
        }
        // Monotonous weeks, underlined beyond the week's last day.
        let line = geometry.underline;
        for (week_start, tier) in &monotony {
            let Some((band, along, _)) = calendar.slot(*week_start) else {
                continue;
            };
            let (x, y) = calendar.at(band, along, 6);
            let rect = if portrait {
                [
                    (x + sw + inset, y + inset),
                    (x + sw + inset + line, y + sh - inset),
                ]
            } else {
                [
                    (x + inset, y + sh + inset),
                    (x + sw - inset, y + sh + inset + line),
                ]
            };
            plot.draw(&Rectangle::new(rect, palette::tier(Some(*tier)).filled()))?;
        }
        Ok(format!(
            "A calendar from {} to {last}, one cell per day shaded by minutes of running; \
             grey cells are rest days. Streaks of running days the rules warned about are \
             outlined, and monotonous weeks underlined, in their tier's colour.",
            shown_from
        ))
    }
}

/// Weekday or year names across the bands, month names along them.
fn draw_labels(
    plot: &Area,
    frame: &Frame,
    calendar: &Calendar,
    start: WeekStart,
) -> Result<(), Skip> {
    let font = frame.tick_font();
    let tick = frame.tick_px();
    let pad = frame.pad();
    let (sw, sh) = calendar.cell_px();
    let portrait = calendar.portrait;
    let across_label = |plot: &Area, label: &str, band: usize, weekday: f64| -> Result<(), Skip> {
        let (x, y) = calendar.at(band, 0, 0);
        let offset = (weekday * calendar.cell) as i32;
        if portrait {
            centred(
                plot,
                label,
                (x + offset + sw / 2, y - (tick * 0.9) as i32),
                &font,
            )
        } else {
            text(
                plot,
                label,
                (pad, y + offset + (sh - tick as i32) / 2),
                &font,
            )
        }
    };
    match &calendar.bands {
        Bands::Weeks { .. } if calendar.cell >= tick * 0.9 || portrait => {
            let names = match start {
                WeekStart::Monday => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                WeekStart::Sunday => ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            };
            for (i, name) in names.iter().enumerate() {
                across_label(plot, name, 0, i as f64)?;
            }
        }
        Bands::Weeks { .. } => {}
        Bands::Years(years) => {
            for (band, year) in years.iter().enumerate() {
                across_label(plot, &year.to_string(), band, 3.0)?;
            }
        }
    }
    let mut next_free = i32::MIN;
    for (along, label) in calendar.months() {
        let (x, y) = calendar.at(0, along, 0);
        let (pos, extent) = if portrait {
            (y, (tick * 1.4) as i32)
        } else {
            (
                x,
                (tick * 0.62 * label.chars().count() as f64) as i32 + frame.px(8.0),
            )
        };
        if pos < next_free {
            continue;
        }
        next_free = pos + extent;
        if portrait {
            text(plot, &label, (pad, y), &font)?;
        } else {
            text(plot, &label, (x, y - (tick * 1.5) as i32), &font)?;
        }
    }
    Ok(())
}

/// One cell per day: rest days grey, running days by minutes.
fn draw_days(
    plot: &Area,
    frame: &Frame,
    calendar: &Calendar,
    daily: &DailySeries,
) -> Result<(), Skip> {
    let cell = calendar.cell;
    let tick = frame.tick_px();
    let (sw, sh) = calendar.cell_px();
    // A gap between cells wherever a cell is large enough to spare one.
    let inset = |px: i32| {
        if px >= 6 {
            (f64::from(px) * 0.08).round().max(1.0) as i32
        } else {
            0
        }
    };
    let (ix, iy) = (inset(sw), inset(sh));
    for d in &daily.days {
        let Some((x, y)) = calendar.cell_of(d.date) else {
            continue;
        };
        let colour = if d.runs == 0 {
            palette::REST_DAY
        } else {
            shade(d.load)
        };
        plot.draw(&Rectangle::new(
            [(x + ix, y + iy), (x + sw - ix, y + sh - iy)],
            colour.filled(),
        ))?;
        if cell >= tick * 2.2 && d.runs > 0 && d.load > 0.0 {
            let ink = if palette::is_light(colour) {
                palette::INK
            } else {
                palette::BACKGROUND
            };
            let style = frame.tick_font().color(&ink);
            centred(
                plot,
                &format!("{:.0}", d.load),
                (x + sw / 2, y + sh / 2),
                &style,
            )?;
        }
        if cell >= tick * 3.6 {
            let ink = if d.runs == 0 || palette::is_light(colour) {
                palette::MUTED_INK
            } else {
                palette::GRID
            };
            let corner = (f64::from(sw.min(sh)) * 0.12) as i32;
            let style = (super::font::FAMILY, tick * 0.7).into_font().color(&ink);
            text(
                plot,
                &d.date.day().to_string(),
                (x + corner, y + corner),
                &style,
            )?;
        }
    }
    Ok(())
}
