//! Recovery: a calendar of daily running load, one cell per day, so runs of
//! consecutive days and rest days show at a glance. Streaks the rules
//! warned about are outlined, and weeks of monotonous training underlined,
//! in their tier's colour.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::frame::{centred, header, text, Area, Frame, Key, LegendItem, Skip};
use super::render::Chart;
use super::{marks, palette, ChartInput, RECOVERY};
use crate::analyze::daily::{DailySeries, Day};
use crate::log::weeks::week_start_of;
use crate::rules::{RuleId, Tier};

pub struct Recovery;

/// Daily load bins in minutes (the recovery analyzer's load basis) and
/// their shade.
const BINS: [(f64, f64); 5] = [
    (0.0, 0.2),
    (30.0, 0.4),
    (60.0, 0.6),
    (90.0, 0.8),
    (120.0, 1.0),
];
/// Cells smaller than this make the calendar unreadable: long logs show
/// their most recent weeks.
const MIN_CELL_PX: f64 = 9.0;

fn shade(minutes: f64) -> RGBColor {
    let fraction = BINS
        .iter()
        .rev()
        .find(|(from, _)| minutes >= *from)
        .map_or(0.2, |(_, shade)| *shade);
    palette::load(fraction)
}

impl Chart for Recovery {
    fn key(&self) -> String {
        RECOVERY.into()
    }

    fn title(&self) -> String {
        "Running days and rest days".into()
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
        let first_week = week_start_of(first, start);
        let total_weeks = ((week_start_of(last, start) - first_week).num_days() / 7 + 1) as usize;
        let portrait = frame.size.is_portrait();
        // Weeks run along the longer side.
        let (w, h) = area.dim_in_pixel();
        let along = f64::from(if portrait { h } else { w }) * 0.85;
        let fits = ((along / MIN_CELL_PX) as usize).max(1);
        let shown_weeks = total_weeks.min(fits);
        let skip_weeks = total_weeks - shown_weeks;
        let from = first_week + chrono::Days::new(7 * skip_weeks as u64);
        let days: Vec<&Day> = daily.days.iter().filter(|d| d.date >= from).collect();

        let streak_tiers = marks::by_date(input.warnings, &[RuleId::RecoveryStreak]);
        let monotony = marks::by_week(input.warnings, &[RuleId::TrainingMonotony]);
        let mut outlined: Vec<(NaiveDate, NaiveDate, Tier)> = recovery
            .streaks
            .iter()
            .filter_map(|s| Some((s.first_day, s.last_day, *streak_tiers.get(&s.last_day)?)))
            .collect();
        outlined.sort_by_key(|o| o.2);

        let mut legend = vec![LegendItem::new(Key::Bar(palette::REST_DAY), "rest day")];
        legend.extend([
            LegendItem::new(Key::Bar(shade(0.0)), "< 30 min"),
            LegendItem::new(Key::Bar(shade(30.0)), "30-60"),
            LegendItem::new(Key::Bar(shade(60.0)), "60-90"),
            LegendItem::new(Key::Bar(shade(90.0)), "90-120"),
            LegendItem::new(Key::Bar(shade(120.0)), "≥ 120 min"),
        ]);
        for tier in [Tier::Notice, Tier::Warning, Tier::High] {
            legend.push(LegendItem::new(
                Key::Outline(palette::tier(Some(tier))),
                format!("streak: {}", palette::tier_label(Some(tier))),
            ));
        }
        legend.push(LegendItem::new(
            Key::Bar(palette::WARNING),
            "underline: monotonous week (its tier)",
        ));
        let mut note = String::from("Minutes of running per day.");
        if skip_weeks > 0 {
            note.push_str(&format!(" The last {shown_weeks} of {total_weeks} weeks."));
        }
        let plot = header(area, frame, &self.title(), Some(&note), &legend)?;

        // Geometry: a gutter for weekday names and one for month names.
        let (pw, ph) = plot.dim_in_pixel();
        let (pw, ph) = (pw as i32, ph as i32);
        let pad = frame.pad();
        let tick = frame.tick_px();
        let day_gutter = (tick * 3.2) as i32;
        let month_gutter = if portrait {
            (tick * 6.0) as i32
        } else {
            (tick * 1.8) as i32
        };
        let underline = frame.px(7.0);
        let (cols, rows) = if portrait {
            (7, shown_weeks)
        } else {
            (shown_weeks, 7)
        };
        let (lead_x, lead_y) = if portrait {
            (month_gutter, day_gutter)
        } else {
            (day_gutter, month_gutter)
        };
        let room_x = f64::from(pw - 2 * pad - lead_x - if portrait { underline * 2 } else { 0 });
        let room_y = f64::from(ph - pad - lead_y - if portrait { 0 } else { underline * 2 });
        let cell = (room_x / cols as f64)
            .min(room_y / rows as f64)
            .min(f64::from(frame.px(110.0)));
        if cell < 3.0 {
            return Err(Skip::because(
                "The chart is too small for a calendar of this many weeks.",
            ));
        }
        let (x0, y0) = (pad + lead_x, lead_y);
        let at = |week: usize, weekday: usize| -> (i32, i32) {
            let (col, row) = if portrait {
                (weekday, week)
            } else {
                (week, weekday)
            };
            (
                x0 + (col as f64 * cell).round() as i32,
                y0 + (row as f64 * cell).round() as i32,
            )
        };
        let place = |date: NaiveDate| -> (usize, usize) {
            let week = ((week_start_of(date, start) - from).num_days() / 7).max(0) as usize;
            let weekday = (date - week_start_of(date, start)).num_days().clamp(0, 6) as usize;
            (week, weekday)
        };
        let size = (cell.round() as i32).max(2);
        let inset = if cell >= 8.0 {
            (cell * 0.08).round().max(1.0) as i32
        } else {
            0
        };

        // Weekday names.
        let names = match start {
            crate::log::weeks::WeekStart::Monday => {
                ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            }
            crate::log::weeks::WeekStart::Sunday => {
                ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            }
        };
        let font = frame.tick_font();
        if cell >= tick * 0.9 || portrait {
            for (i, name) in names.iter().enumerate() {
                let (x, y) = at(0, i);
                if portrait {
                    centred(&plot, name, (x + size / 2, y - day_gutter / 2), &font)?;
                } else {
                    text(&plot, name, (pad, y + (size - tick as i32) / 2), &font)?;
                }
            }
        }
        // Month names where a month starts.
        let mut next_free = i32::MIN;
        for week in 0..shown_weeks {
            let week_start = from + chrono::Days::new(7 * week as u64);
            let week_end = week_start + chrono::Days::new(6);
            let starts_month =
                week == 0 || week_start.month() != week_end.month() || week_start.day() == 1;
            if !starts_month {
                continue;
            }
            let month_day = if week == 0 || week_start.day() == 1 {
                week_start
            } else {
                week_end
            };
            let label = if week == 0 || month_day.month() == 1 {
                month_day.format("%b %Y").to_string()
            } else {
                month_day.format("%b").to_string()
            };
            let (x, y) = at(week, 0);
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
                text(&plot, &label, (pad, y + (size - tick as i32) / 2), &font)?;
            } else {
                text(&plot, &label, (x, y - (tick * 1.5) as i32), &font)?;
            }
        }
        // The days.
        for d in &days {
            let (week, weekday) = place(d.date);
            let (x, y) = at(week, weekday);
            let colour = if d.runs == 0 {
                palette::REST_DAY
            } else {
                shade(d.load)
            };
            plot.draw(&Rectangle::new(
                [(x + inset, y + inset), (x + size - inset, y + size - inset)],
                colour.filled(),
            ))?;
            if cell >= tick * 2.2 && d.runs > 0 && d.load > 0.0 {
                let ink = if palette::is_light(colour) {
                    palette::INK
                } else {
                    palette::BACKGROUND
                };
                centred(
                    &plot,
                    &format!("{:.0}", d.load),
                    (x + size / 2, y + size / 2),
                    &frame.tick_font().color(&ink),
                )?;
            }
            if cell >= tick * 3.6 {
                let ink = if d.runs == 0 || palette::is_light(colour) {
                    palette::MUTED_INK
                } else {
                    palette::GRID
                };
                let corner = (f64::from(size) * 0.12) as i32;
                let style = (super::font::FAMILY, tick * 0.7).into_font().color(&ink);
                text(
                    &plot,
                    &d.date.day().to_string(),
                    (x + corner, y + corner),
                    &style,
                )?;
            }
        }
        // Warned streaks, outlined cell by cell, highest tier last.
        let stroke = (cell * 0.09).clamp(1.0, f64::from(frame.px(5.0))) as u32;
        for (first_day, last_day, tier) in &outlined {
            for d in days
                .iter()
                .filter(|d| d.date >= *first_day && d.date <= *last_day)
            {
                let (x, y) = at(place(d.date).0, place(d.date).1);
                plot.draw(&Rectangle::new(
                    [
                        (x + inset / 2, y + inset / 2),
                        (x + size - inset / 2, y + size - inset / 2),
                    ],
                    palette::tier(Some(*tier)).stroke_width(stroke),
                ))?;
            }
        }
        // Monotonous weeks, underlined beyond the week's last day.
        for (week_start, tier) in &monotony {
            if *week_start < from {
                continue;
            }
            let (week, _) = place(*week_start);
            let (x, y) = at(week, 6);
            let rect = if portrait {
                [
                    (x + size + inset, y + inset),
                    (x + size + inset + underline, y + size - inset),
                ]
            } else {
                [
                    (x + inset, y + size + inset),
                    (x + size - inset, y + size + inset + underline),
                ]
            };
            plot.draw(&Rectangle::new(rect, palette::tier(Some(*tier)).filled()))?;
        }
        Ok(format!(
            "A calendar from {} to {last}, one cell per day shaded by minutes of running; \
             grey cells are rest days. Streaks of running days the rules warned about are \
             outlined, and monotonous weeks underlined, in their tier's colour.",
            days.first().map_or(first, |d| d.date)
        ))
    }
}
