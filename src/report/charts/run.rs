//! The chart of one run a warning names: its elevation profile shaded by
//! grade, with pace and cadence below (heart rate when an intensity rule
//! warned about it, stance balance when the asymmetry rule did). When the
//! late-drift rule warned about it, the pace and cadence traces shade the
//! two stretches the rule compares.

use chrono::NaiveDate;
use plotters::prelude::*;

use super::chart::Chart;
use super::frame::{header, style_mesh, Area, Frame, Key, LegendItem, Skip};
use super::input::ChartInput;
use super::palette;
use super::run_traces::{traces, Compared, Profile, Trace, Traces};
use crate::analyze::run_totals::run_km;
use crate::rules::{Mark, RuleId};

/// The key (and file name without `.png`) of the chart of one run:
/// `run-YYYY-MM-DD-xxxxxxxx`, the run's local date and 8 hex digits of a
/// hash of its id (ids start with their UTC start time, so their first
/// characters would not tell two runs of one day apart).
pub fn run_chart_key(local_date: NaiveDate, activity_id: &str) -> String {
    let hash = activity_id.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("run-{}-{hash:08x}", local_date.format("%Y-%m-%d"))
}

/// What happened within one run, which its own chart shows better than
/// any chart of the whole log: steep descents, late form drift, stance
/// balance, one run's intensity.
pub const SHOWS: &[RuleId] = &[
    RuleId::IntensitySpike,
    RuleId::FormFatigueDrift,
    RuleId::GctBalanceAsymmetry,
    RuleId::SteepDescentExposure,
];

pub struct RunChart {
    id: String,
    date: NaiveDate,
}

impl RunChart {
    pub fn new(id: &str, date: NaiveDate) -> RunChart {
        RunChart {
            id: id.to_string(),
            date,
        }
    }
}

enum Panel<'t> {
    Profile(&'t Profile),
    Line {
        trace: &'t Trace,
        caption: &'static str,
        colour: RGBColor,
        pace: bool,
        /// Shade the stretches the late-drift rule compares.
        compared: Option<Compared>,
    },
}

impl Chart for RunChart {
    fn key(&self) -> String {
        run_chart_key(self.date, &self.id)
    }

    fn title(&self) -> String {
        format!("Run on {}", self.date)
    }

    fn shows(&self) -> &'static [RuleId] {
        SHOWS
    }

    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip> {
        let Some(run) = input.run(&self.id) else {
            return Err(Skip::because(
                "This run is not in the training log, so it cannot be drawn.",
            ));
        };
        let warnings: Vec<&Mark> = input
            .marks
            .iter()
            .filter(|w| w.activity_id.as_deref() == Some(self.id.as_str()))
            .collect();
        let warned = |id: RuleId| {
            warnings
                .iter()
                .any(|w| RuleId::from_name(w.rule) == Some(id))
        };
        let bins = (area.dim_in_pixel().0 / 3) as usize;
        let t: Traces = traces(run, bins);
        // The stretches the late-drift rule compared, on its warned runs.
        let compared = t.compared.filter(|_| warned(RuleId::FormFatigueDrift));
        let mut panels: Vec<Panel> = Vec::new();
        if let Some(profile) = &t.profile {
            panels.push(Panel::Profile(profile));
        }
        let lines = [
            (
                &t.pace,
                "Pace (min/km)",
                palette::SECONDARY,
                true,
                true,
                compared,
            ),
            (
                &t.heart_rate,
                "Heart rate (bpm)",
                palette::HIGH,
                false,
                warned(RuleId::IntensitySpike),
                None,
            ),
            (
                &t.cadence,
                "Cadence (steps/min)",
                palette::SERIES,
                false,
                true,
                compared,
            ),
            (
                &t.balance,
                "Stance time balance (% on the left foot)",
                palette::REFERENCE,
                false,
                warned(RuleId::GctBalanceAsymmetry),
                None,
            ),
        ];
        for (trace, caption, colour, pace, wanted, compared) in lines {
            if let (Some(trace), true) = (trace, wanted) {
                panels.push(Panel::Line {
                    trace,
                    caption,
                    colour,
                    pace,
                    compared,
                });
            }
        }
        let shaded = panels.iter().any(|p| {
            matches!(
                p,
                Panel::Line {
                    compared: Some(_),
                    ..
                }
            )
        });
        if panels.is_empty() {
            return Err(Skip::because(
                "This run recorded no elevation, pace or cadence samples, so there is no profile to draw.",
            ));
        }

        let mut title = format!("Run on {}", run.local_date);
        if let Some(km) = run_km(&run.summary) {
            title.push_str(&format!(", {km:.1} km"));
        }
        if let Some(name) = run
            .activity
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            title.push_str(&format!(": {}", name.trim()));
        }
        let mut note = String::new();
        if !warnings.is_empty() {
            let listed: Vec<String> = warnings
                .iter()
                .map(|w| format!("{} ({})", w.rule.replace('_', " "), w.tier.name()))
                .collect();
            note.push_str(&format!("Warnings: {}.", listed.join(", ")));
        }
        let missing: Vec<&str> = [
            (t.profile.is_none(), "elevation"),
            (t.pace.is_none(), "pace"),
            (t.cadence.is_none(), "cadence"),
        ]
        .into_iter()
        .filter_map(|(gone, what)| gone.then_some(what))
        .collect();
        if !missing.is_empty() {
            note.push_str(&format!(" Not recorded: {}.", missing.join(", ")));
        }
        let mut legend: Vec<LegendItem> = if t.profile.is_some() {
            vec![
                LegendItem::new(Key::Bar(palette::GRADE_UP_STEEP), "climb 10%+"),
                LegendItem::new(Key::Bar(palette::GRADE_UP), "5-10%"),
                LegendItem::new(Key::Bar(palette::GRADE_FLAT), "-5% to +5%"),
                LegendItem::new(Key::Bar(palette::GRADE_5_10), "-5% to -10%"),
                LegendItem::new(Key::Bar(palette::GRADE_10_15), "-10% to -15%"),
                LegendItem::new(Key::Bar(palette::GRADE_15), "-15% and steeper"),
            ]
        } else {
            Vec::new()
        };
        if shaded {
            legend.push(LegendItem::new(
                Key::Bar(palette::COMPARED_EARLY),
                "compared: early (10-25%)",
            ));
            legend.push(LegendItem::new(
                Key::Bar(palette::COMPARED_LATE),
                "late (last 25%)",
            ));
        }
        let plot = header(area, frame, &title, Some(note.trim()), &legend)?;

        // The profile gets a larger share than each trace.
        let weights: Vec<f64> = panels
            .iter()
            .map(|p| {
                if matches!(p, Panel::Profile(_)) {
                    1.4
                } else {
                    1.0
                }
            })
            .collect();
        // The bottom panel also holds the distance axis.
        let weights: Vec<f64> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| if i + 1 == panels.len() { w + 0.4 } else { *w })
            .collect();
        let total: f64 = weights.iter().sum();
        let height = f64::from(plot.dim_in_pixel().1);
        let mut rest = plot;
        let count = panels.len();
        for (i, (panel, weight)) in panels.iter().zip(&weights).enumerate() {
            let last = i + 1 == count;
            let area_here = if last {
                rest.clone()
            } else {
                let (here, below) = rest.split_vertically((height * weight / total) as i32);
                rest = below;
                here
            };
            draw_panel(&area_here, frame, panel, &t, last)?;
        }
        let shading = if shaded {
            " Shaded on pace and cadence: the stretches the late-drift rule compares, minutes \
             10%-25% of the running time and its last 25%."
        } else {
            ""
        };
        Ok(format!(
            "The run of {} along its {}: {}.{shading}",
            run.local_date,
            if t.by_distance {
                "distance"
            } else {
                "duration"
            },
            panels
                .iter()
                .map(|p| match p {
                    Panel::Profile(_) => "the elevation profile shaded by grade",
                    Panel::Line { caption, .. } => caption,
                })
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

fn draw_panel(
    area: &Area,
    frame: &Frame,
    panel: &Panel,
    t: &Traces,
    bottom: bool,
) -> Result<(), Skip> {
    let pad = frame.pad();
    let caption = match panel {
        Panel::Profile(_) => "Elevation (m), shaded by grade",
        Panel::Line { caption, .. } => caption,
    };
    let values: Vec<f64> = match panel {
        Panel::Profile(p) => p.iter().filter_map(|b| b.1).collect(),
        Panel::Line { trace, pace, .. } => trace
            .iter()
            .filter_map(|p| p.1.map(|v| if *pace { -v } else { v }))
            .collect(),
    };
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if values.is_empty() {
        return Ok(());
    }
    let spread = (hi - lo).max(match panel {
        Panel::Profile(_) => 20.0,
        Panel::Line { pace: true, .. } => 0.5,
        _ => 4.0,
    });
    let (lo, hi) = (lo - spread * 0.12, hi + spread * 0.12);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, super::frame::panel_font(frame))
        .margin_left(pad)
        .margin_right(frame.px(40.0))
        .margin_bottom(if bottom { pad } else { frame.px(4.0) })
        .x_label_area_size(if bottom {
            frame.px(70.0)
        } else {
            frame.px(8.0)
        })
        .y_label_area_size(frame.px(90.0))
        .build_cartesian_2d(0.0..t.x_max.max(0.01), lo..hi)?;
    // Under the grid and the trace.
    if let Panel::Line {
        compared: Some(compared),
        ..
    } = panel
    {
        for ((from, to), colour) in [
            (compared.early, palette::COMPARED_EARLY),
            (compared.late, palette::COMPARED_LATE),
        ] {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(from, lo), (to, hi)],
                colour.filled(),
            )))?;
        }
    }
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, frame);
    let pace_fmt = |v: &f64| {
        let seconds = (-v * 60.0).round().max(0.0) as i64;
        format!("{}:{:02}", seconds / 60, seconds % 60)
    };
    let plain = |v: &f64| format!("{v:.0}");
    let short = t.x_max < 10.0;
    let x_label = move |v: &f64| {
        if short {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        }
    };
    let formatter: &dyn Fn(&f64) -> String = match panel {
        Panel::Line { pace: true, .. } => &pace_fmt,
        _ => &plain,
    };
    mesh.y_label_formatter(formatter)
        .y_labels(5)
        .x_label_formatter(&x_label);
    if bottom {
        mesh.x_desc(if t.by_distance {
            "Distance (km)"
        } else {
            "Time (min)"
        });
    } else {
        // Grid lines line up with the bottom panel's; the labels are there.
        mesh.x_label_formatter(&|_| String::new());
    }
    mesh.draw()?;
    match panel {
        Panel::Profile(profile) => {
            let width = t.x_max / profile.len().max(1) as f64;
            chart.draw_series(profile.iter().filter_map(|(x, e, g)| {
                let e = (*e)?;
                let colour = g.map_or(palette::GRADE_FLAT, palette::grade);
                Some(Rectangle::new(
                    [(x - width / 2.0, lo), (x + width / 2.0, e)],
                    colour.filled(),
                ))
            }))?;
            for line in super::frame::segments(profile.iter().map(|(x, e, _)| (*x, *e))) {
                chart.draw_series(LineSeries::new(
                    line,
                    palette::REFERENCE.stroke_width(frame.stroke() / 2 + 1),
                ))?;
            }
        }
        Panel::Line {
            trace,
            colour,
            pace,
            ..
        } => {
            let points = trace
                .iter()
                .map(|(x, v)| (*x, v.map(|v| if *pace { -v } else { v })));
            for line in super::frame::segments(points) {
                chart.draw_series(LineSeries::new(line, colour.stroke_width(frame.stroke())))?;
            }
        }
    }
    Ok(())
}
