//! What every chart shares: text sizes scaled from the chart's size, the
//! header (title, note, legend) above the plot, and the error that turns a
//! failed drawing into a sentence.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FAMILY;
use super::palette;
use super::size::ChartSize;

/// The drawing area of a chart in memory.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Why a chart was not drawn, as a sentence for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip(pub String);

impl Skip {
    pub fn because(reason: impl Into<String>) -> Skip {
        Skip(reason.into())
    }
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Skip {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        Skip(format!("The chart could not be drawn ({error})."))
    }
}

/// Sizes of one chart, scaled from 1600x900 so text keeps its share of
/// the picture; the smaller side decides, so a phone's 800x1000 gets text
/// as large relative to its width as a screen's 1600x900.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub size: ChartSize,
    unit: f64,
}

impl Frame {
    pub fn new(size: ChartSize) -> Frame {
        let side = f64::from(size.width().min(size.height()));
        Frame {
            size,
            unit: (side / 900.0).clamp(0.35, 5.0),
        }
    }

    /// `base` pixels at 1600x900, scaled to this size (at least 1).
    pub fn px(&self, base: f64) -> i32 {
        (base * self.unit).round().max(1.0) as i32
    }

    fn font_px(&self, base: f64, min: f64) -> f64 {
        (base * self.unit).max(min)
    }

    pub fn title_px(&self) -> f64 {
        self.font_px(32.0, 14.0)
    }

    pub fn text_px(&self) -> f64 {
        self.font_px(21.0, 11.0)
    }

    pub fn tick_px(&self) -> f64 {
        self.font_px(19.0, 10.0)
    }

    pub fn title_font(&self) -> TextStyle<'static> {
        (FAMILY, self.title_px(), FontStyle::Bold)
            .into_font()
            .color(&palette::INK)
    }

    pub fn text_font(&self) -> TextStyle<'static> {
        (FAMILY, self.text_px()).into_font().color(&palette::INK)
    }

    pub fn note_font(&self) -> TextStyle<'static> {
        (FAMILY, self.text_px())
            .into_font()
            .color(&palette::MUTED_INK)
    }

    pub fn tick_font(&self) -> TextStyle<'static> {
        (FAMILY, self.tick_px()).into_font().color(&palette::INK)
    }

    /// Width of plot lines.
    pub fn stroke(&self) -> u32 {
        self.px(2.5) as u32
    }

    /// Radius of points.
    pub fn dot(&self) -> i32 {
        self.px(5.0)
    }

    /// Room for about this many date labels along `width` pixels.
    pub fn date_labels(&self, width: i32) -> usize {
        ((f64::from(width) / (self.tick_px() * 7.0)) as usize).clamp(2, 24)
    }

    /// Outer padding of the picture.
    pub fn pad(&self) -> i32 {
        self.px(22.0)
    }
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    Bar(RGBColor),
    /// A shaded band with a thin line through its middle.
    Band(RGBColor, RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Dot(RGBColor),
    Outline(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    pub key: Key,
    pub label: String,
}

impl LegendItem {
    pub fn new(key: Key, label: impl Into<String>) -> LegendItem {
        LegendItem {
            key,
            label: label.into(),
        }
    }
}

/// The four tier entries, for charts coloured by tier.
pub fn tier_legend(key: fn(RGBColor) -> Key) -> Vec<LegendItem> {
    use crate::rules::Tier;
    [
        None,
        Some(Tier::Notice),
        Some(Tier::Warning),
        Some(Tier::High),
    ]
    .into_iter()
    .map(|t| LegendItem::new(key(palette::tier(t)), palette::tier_label(t)))
    .collect()
}

fn text_width(area: &Area, text: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(text, style).map_or(
        (text.chars().count() as f64 * style.font.get_size() * 0.6) as i32,
        |s| s.0 as i32,
    )
}

/// Splits `text` into lines no wider than `width` pixels.
pub fn wrap(area: &Area, text: &str, style: &TextStyle, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, style) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `text` with its top-left corner at `(x, y)`.
pub fn text(area: &Area, text: &str, (x, y): (i32, i32), style: &TextStyle) -> Result<(), Skip> {
    let style = style.pos(Pos::new(HPos::Left, VPos::Top));
    area.draw(&Text::new(text.to_string(), (x, y), style))?;
    Ok(())
}

/// Draws `text` centred on `(x, y)`.
pub fn centred(area: &Area, text: &str, (x, y): (i32, i32), style: &TextStyle) -> Result<(), Skip> {
    let style = style.pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(text.to_string(), (x, y), style))?;
    Ok(())
}

/// Draws the title, an optional note and the legend at the top of `area`
/// and returns the area left below them for the plot.
pub fn header<'a>(
    area: &Area<'a>,
    frame: &Frame,
    title: &str,
    note: Option<&str>,
    legend: &[LegendItem],
) -> Result<Area<'a>, Skip> {
    let (width, _) = area.dim_in_pixel();
    let pad = frame.pad();
    let usable = width as i32 - 2 * pad;
    let mut y = pad;
    let title_font = frame.title_font();
    for line in wrap(area, title, &title_font, usable) {
        text(area, &line, (pad, y), &title_font)?;
        y += (frame.title_px() * 1.25) as i32;
    }
    if let Some(note) = note {
        y += frame.px(2.0);
        let note_font = frame.note_font();
        for line in wrap(area, note, &note_font, usable) {
            text(area, &line, (pad, y), &note_font)?;
            y += (frame.text_px() * 1.3) as i32;
        }
    }
    if !legend.is_empty() {
        y += frame.px(6.0);
        y = draw_legend(area, frame, legend, (pad, y), usable)?;
    }
    let (_, rest) = area.split_vertically(y + frame.px(8.0));
    Ok(rest)
}

/// Legend entries in rows, wrapping at `width`; returns the y below them.
fn draw_legend(
    area: &Area,
    frame: &Frame,
    items: &[LegendItem],
    (left, top): (i32, i32),
    width: i32,
) -> Result<i32, Skip> {
    let font = frame.text_font();
    let key_w = frame.px(30.0);
    let key_h = (frame.text_px() * 0.75) as i32;
    let gap = frame.px(10.0);
    let spacing = frame.px(28.0);
    let row_h = (frame.text_px() * 1.45) as i32;
    let (mut x, mut y) = (left, top);
    for item in items {
        let w = key_w + gap + text_width(area, &item.label, &font);
        if x > left && x + w > left + width {
            x = left;
            y += row_h;
        }
        let middle = y + (frame.text_px() * 0.55) as i32;
        draw_key(area, frame, item.key, (x, middle), (key_w, key_h))?;
        text(area, &item.label, (x + key_w + gap, y), &font)?;
        x += w + spacing;
    }
    Ok(y + row_h)
}

fn draw_key(
    area: &Area,
    frame: &Frame,
    key: Key,
    (x, middle): (i32, i32),
    (w, h): (i32, i32),
) -> Result<(), Skip> {
    let stroke = frame.stroke();
    match key {
        Key::Bar(colour) => {
            area.draw(&Rectangle::new(
                [(x, middle - h / 2), (x + w, middle + h / 2)],
                colour.filled(),
            ))?;
        }
        Key::Band(fill, line) => {
            area.draw(&Rectangle::new(
                [(x, middle - h / 2), (x + w, middle + h / 2)],
                fill.filled(),
            ))?;
            area.draw(&PathElement::new(
                vec![(x, middle), (x + w, middle)],
                line.stroke_width((stroke * 2 / 3).max(1)),
            ))?;
        }
        Key::Outline(colour) => {
            area.draw(&Rectangle::new(
                [(x, middle - h / 2), (x + w, middle + h / 2)],
                colour.stroke_width(stroke + 1),
            ))?;
        }
        Key::Line(colour) => {
            area.draw(&PathElement::new(
                vec![(x, middle), (x + w, middle)],
                colour.stroke_width(stroke),
            ))?;
        }
        Key::Dashed(colour) => {
            let dash = (w / 4).max(2);
            for i in (0..w).step_by(2 * dash as usize) {
                area.draw(&PathElement::new(
                    vec![(x + i, middle), (x + (i + dash).min(w), middle)],
                    colour.stroke_width(stroke),
                ))?;
            }
        }
        Key::Dot(colour) => {
            area.draw(&Circle::new(
                (x + w / 2, middle),
                frame.dot(),
                colour.filled(),
            ))?;
        }
    }
    Ok(())
}

/// The standard look of a plot's mesh: light grid, ticks in the tick font.
pub fn style_mesh<X, Y>(
    mesh: &mut plotters::chart::MeshStyle<'_, '_, X, Y, BitMapBackend<'_>>,
    frame: &Frame,
) where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
{
    mesh.label_style(frame.tick_font())
        .axis_desc_style(frame.text_font())
        .bold_line_style(palette::GRID_BOLD.stroke_width(1))
        .light_line_style(palette::GRID.stroke_width(1))
        .max_light_lines(0)
        .axis_style(palette::MUTED_INK.stroke_width(1))
        .set_all_tick_mark_size(frame.px(6.0));
}

/// The first of `weeks` weeks the time charts show: each week gets at
/// least 6 pixels of the chart's width, so a long log shows its most
/// recent part, the same weeks in every chart.
pub fn first_shown_week(weeks: usize, frame: &Frame) -> usize {
    let width = f64::from(frame.size.width()) - f64::from(2 * frame.pad() + frame.px(180.0));
    let fits = (width.max(6.0) / 6.0).floor() as usize;
    weeks.saturating_sub(fits.max(1))
}

/// Plot width in pixels of an area, less the y label areas.
pub fn plot_width(area: &Area, frame: &Frame, y_label_areas: i32) -> i32 {
    area.dim_in_pixel().0 as i32 - 2 * frame.pad() - y_label_areas
}

/// Consecutive points with a value, as separate lines: a `None` breaks the
/// line instead of being drawn as 0.
pub fn segments(points: impl IntoIterator<Item = (f64, Option<f64>)>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (x, y) in points {
        match y.filter(|v| v.is_finite()) {
            Some(y) => current.push((x, y)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// An upper axis bound that leaves headroom above `max` and is never 0.
pub fn headroom(max: f64, floor: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        (max * 1.12).max(floor)
    } else {
        floor
    }
}

/// `area` cut into `n` panels: side by side on a landscape chart, stacked
/// on a portrait one (a phone).
pub fn panels<'a>(area: &Area<'a>, frame: &Frame, n: usize) -> Vec<Area<'a>> {
    if frame.size.is_portrait() {
        area.split_evenly((n, 1))
    } else {
        area.split_evenly((1, n))
    }
}

/// The bold caption of a panel.
pub fn panel_font(frame: &Frame) -> TextStyle<'static> {
    (FAMILY, frame.text_px() * 1.1, FontStyle::Bold)
        .into_font()
        .color(&palette::INK)
}
