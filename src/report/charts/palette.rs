//! Colours shared by every chart. Tier colours mean a warning's tier and
//! nothing else (they are [`tier_colours`]', which the page's stylesheet
//! uses too); data series use blues, purples and greys, so a warm colour
//! always points at a finding.

use plotters::style::RGBColor;

use crate::report::tier_colours::{self, Rgb};
use crate::rules::Tier;

/// Background of every chart.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
/// Titles and axis text.
pub const INK: RGBColor = RGBColor(33, 37, 41);
/// Notes, secondary text.
pub const MUTED_INK: RGBColor = RGBColor(96, 103, 112);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(228, 231, 235);
pub const GRID_BOLD: RGBColor = RGBColor(205, 210, 216);

const fn plotted(Rgb(r, g, b): Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

pub const NOTICE: RGBColor = plotted(tier_colours::NOTICE);
pub const WARNING: RGBColor = plotted(tier_colours::WARNING);
pub const HIGH: RGBColor = plotted(tier_colours::HIGH);

/// The colour of a tier; `None` is "no warning".
pub fn tier(tier: Option<Tier>) -> RGBColor {
    plotted(tier_colours::of(tier))
}

/// Legend words for a tier.
pub fn tier_label(tier: Option<Tier>) -> &'static str {
    match tier {
        None => "no warning",
        Some(Tier::Notice) => "notice",
        Some(Tier::Warning) => "warning",
        Some(Tier::High) => "high",
    }
}

/// Reference lines: the 3-week mean, the 30-day envelope.
pub const REFERENCE: RGBColor = RGBColor(52, 58, 64);
/// A second quantity on its own axis (ACWR, pace).
pub const SECONDARY: RGBColor = RGBColor(117, 80, 170);
/// The main measured series (cadence points, the cadence trace).
pub const SERIES: RGBColor = RGBColor(31, 119, 180);
/// The runner's own baseline band.
pub const BASELINE_BAND: RGBColor = RGBColor(198, 219, 239);
/// The middle line of the baseline band.
pub const BASELINE_MEDIAN: RGBColor = RGBColor(66, 146, 198);
/// The two stretches of a run the late-drift rule compares: minutes
/// 10%-25% and the last 25%.
pub const COMPARED_EARLY: RGBColor = RGBColor(222, 235, 247);
pub const COMPARED_LATE: RGBColor = RGBColor(232, 224, 244);

/// Downhill grade bands, lighter to darker with steepness.
pub const GRADE_5_10: RGBColor = RGBColor(188, 189, 220);
pub const GRADE_10_15: RGBColor = RGBColor(128, 125, 186);
pub const GRADE_15: RGBColor = RGBColor(63, 0, 125);
/// Level ground (-5% to +5%) and climbs in the run profile.
pub const GRADE_FLAT: RGBColor = RGBColor(214, 214, 206);
pub const GRADE_UP: RGBColor = RGBColor(161, 217, 155);
pub const GRADE_UP_STEEP: RGBColor = RGBColor(65, 171, 93);

/// The colour of a grade (a fraction: -0.12 is 12% down).
pub fn grade(grade: f64) -> RGBColor {
    match grade {
        g if g <= -0.15 => GRADE_15,
        g if g <= -0.10 => GRADE_10_15,
        g if g <= -0.05 => GRADE_5_10,
        g if g >= 0.10 => GRADE_UP_STEEP,
        g if g >= 0.05 => GRADE_UP,
        _ => GRADE_FLAT,
    }
}

/// One colour per shoe: no reds, oranges or yellows (those are tiers).
pub const SHOES: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(227, 119, 194),
];

/// A day with no run, inside the analyzed period.
pub const REST_DAY: RGBColor = RGBColor(238, 238, 238);

/// Daily load on a sequential blue scale: `fraction` 0 is the lightest
/// running day, 1 the heaviest.
pub fn load(fraction: f64) -> RGBColor {
    const LIGHT: (f64, f64, f64) = (198.0, 219.0, 239.0);
    const DARK: (f64, f64, f64) = (8.0, 48.0, 107.0);
    let t = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(
        mix(LIGHT.0, DARK.0),
        mix(LIGHT.1, DARK.1),
        mix(LIGHT.2, DARK.2),
    )
}

/// Whether dark text is readable on `colour` (else use white).
pub fn is_light(colour: RGBColor) -> bool {
    let RGBColor(r, g, b) = colour;
    0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b) > 150.0
}
