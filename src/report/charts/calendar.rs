//! The layout of the recovery calendar: which cell a day goes in.
//!
//! Up to about a year, one band of weeks (a column per week on a landscape
//! chart, a row per week on a portrait one) with weekday and month names.
//! Longer logs get one band per calendar year, stacked, so years can be
//! compared at a glance; the most recent years that fit are shown.

use chrono::{Datelike, NaiveDate};

use crate::log::weeks::{week_start_of, WeekStart};

/// Longest log drawn as one band of weeks.
const MAX_WEEKS_ONE_BAND: usize = 60;
/// Columns of a year band: a year touches at most 54 weeks.
const YEAR_WEEKS: usize = 54;
/// Smallest cell of a year band, in pixels.
const MIN_CELL_PX: f64 = 6.0;

#[derive(Debug, Clone)]
pub enum Bands {
    /// One band of weeks from this week start on.
    Weeks { from: NaiveDate, count: usize },
    /// One band per calendar year, oldest first.
    Years(Vec<i32>),
}

/// Where the cells go inside a plot area.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub bands: Bands,
    pub start: WeekStart,
    pub portrait: bool,
    /// Top-left corner of the first cell.
    pub origin: (f64, f64),
    /// Size of a cell across the bands (per weekday).
    pub cell: f64,
    /// Size of a cell along the weeks: the same as `cell` for one band of
    /// weeks; year bands stretch their cells to use the width.
    pub cell_along: f64,
    /// Space between two bands.
    pub gap: f64,
}

impl Calendar {
    /// Lays out `first..=last` in an area of `room` pixels (width, height)
    /// left after the gutters for labels.
    pub fn new(
        first: NaiveDate,
        last: NaiveDate,
        start: WeekStart,
        portrait: bool,
        room: (f64, f64),
        gap: f64,
    ) -> Calendar {
        // Along the weeks, across the days and bands.
        let (along, across) = if portrait { (room.1, room.0) } else { room };
        let first_week = week_start_of(first, start);
        let weeks = ((week_start_of(last, start) - first_week).num_days() / 7 + 1).max(1) as usize;
        let (bands, cell, cell_along) = if weeks <= MAX_WEEKS_ONE_BAND {
            let cell = (along / weeks as f64).min(across / 7.0);
            let bands = Bands::Weeks {
                from: first_week,
                count: weeks,
            };
            (bands, cell, cell)
        } else {
            let size = |n: usize| {
                let n = n as f64;
                (along / YEAR_WEEKS as f64).min((across - (n - 1.0) * gap) / (7.0 * n))
            };
            let years: Vec<i32> = (first.year()..=last.year()).collect();
            let fit = (1..=years.len())
                .rev()
                .find(|n| size(*n) >= MIN_CELL_PX)
                .unwrap_or(1);
            let shown = years[years.len() - fit..].to_vec();
            let cell = size(fit);
            (Bands::Years(shown), cell, stretch(along, cell))
        };
        Calendar {
            bands,
            start,
            portrait,
            origin: (0.0, 0.0),
            cell: cell.max(1.0),
            cell_along: cell_along.max(1.0),
            gap,
        }
    }

    /// Sizes the cells of the bands already chosen to `room`.
    pub fn fit(&mut self, room: (f64, f64)) {
        let (along, across) = if self.portrait {
            (room.1, room.0)
        } else {
            room
        };
        let bands = self.band_count() as f64;
        let (cell, cell_along) = match &self.bands {
            Bands::Weeks { count, .. } => {
                let cell = (along / *count as f64).min(across / 7.0);
                (cell, cell)
            }
            Bands::Years(_) => {
                let cell = (along / YEAR_WEEKS as f64)
                    .min((across - (bands - 1.0) * self.gap) / (7.0 * bands));
                (cell, stretch(along, cell))
            }
        };
        self.cell = cell.max(1.0);
        self.cell_along = cell_along.max(1.0);
    }

    /// Caps the cells at `max` pixels each way.
    pub fn cap(&mut self, max: f64) {
        self.cell = self.cell.min(max);
        self.cell_along = self.cell_along.min(max);
    }

    /// A cell's width and height in pixels.
    pub fn cell_px(&self) -> (i32, i32) {
        let across = (self.cell.round() as i32).max(2);
        let along = (self.cell_along.round() as i32).max(2);
        if self.portrait {
            (across, along)
        } else {
            (along, across)
        }
    }

    pub fn band_count(&self) -> usize {
        match &self.bands {
            Bands::Weeks { .. } => 1,
            Bands::Years(years) => years.len(),
        }
    }

    /// The first day shown.
    pub fn first_day(&self) -> Option<NaiveDate> {
        match &self.bands {
            Bands::Weeks { from, .. } => Some(*from),
            Bands::Years(years) => NaiveDate::from_ymd_opt(*years.first()?, 1, 1),
        }
    }

    /// (band, week along the band, weekday) of a date, when shown.
    pub fn slot(&self, date: NaiveDate) -> Option<(usize, usize, usize)> {
        let week = week_start_of(date, self.start);
        let weekday = (date - week).num_days().clamp(0, 6) as usize;
        match &self.bands {
            Bands::Weeks { from, count } => {
                let along = usize::try_from((week - *from).num_days() / 7).ok()?;
                (along < *count).then_some((0, along, weekday))
            }
            Bands::Years(years) => {
                let band = years.iter().position(|y| *y == date.year())?;
                let jan1 = NaiveDate::from_ymd_opt(date.year(), 1, 1)?;
                let along =
                    usize::try_from((week - week_start_of(jan1, self.start)).num_days() / 7)
                        .ok()?;
                Some((band, along, weekday))
            }
        }
    }

    /// Top-left pixel of a cell.
    pub fn at(&self, band: usize, along: usize, weekday: usize) -> (i32, i32) {
        let band_offset = band as f64 * (7.0 * self.cell + self.gap);
        let (a, c) = (
            along as f64 * self.cell_along,
            band_offset + weekday as f64 * self.cell,
        );
        let (x, y) = if self.portrait { (c, a) } else { (a, c) };
        (
            (self.origin.0 + x).round() as i32,
            (self.origin.1 + y).round() as i32,
        )
    }

    /// The cell of a date, when shown.
    pub fn cell_of(&self, date: NaiveDate) -> Option<(i32, i32)> {
        self.slot(date).map(|(b, a, w)| self.at(b, a, w))
    }

    /// Month labels along the first band: (position along, label).
    pub fn months(&self) -> Vec<(usize, String)> {
        match &self.bands {
            Bands::Weeks { from, count } => (0..*count)
                .filter_map(|i| {
                    let week = *from + chrono::Days::new(7 * i as u64);
                    let end = week + chrono::Days::new(6);
                    let first_of_month = if week.day() == 1 || i == 0 {
                        week
                    } else if end.month() != week.month() {
                        end
                    } else {
                        return None;
                    };
                    let label = if i == 0 || first_of_month.month() == 1 {
                        first_of_month.format("%b %Y").to_string()
                    } else {
                        first_of_month.format("%b").to_string()
                    };
                    Some((i, label))
                })
                .collect(),
            Bands::Years(years) => {
                let Some(year) = years.first() else {
                    return Vec::new();
                };
                (1..=12)
                    .filter_map(|m| NaiveDate::from_ymd_opt(*year, m, 1))
                    .filter_map(|d| {
                        let (_, along, _) = self.slot(d)?;
                        Some((along, d.format("%b").to_string()))
                    })
                    .collect()
            }
        }
    }
}

/// Year cells along the weeks: as wide as a year band allows, but no more
/// than four and a half times their height, so days still read as cells.
fn stretch(along: f64, cell: f64) -> f64 {
    (along / YEAR_WEEKS as f64).min(cell * 4.5).max(cell)
}
