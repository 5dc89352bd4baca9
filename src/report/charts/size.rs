//! The pixel size of every chart (`--chart-size WxH`).

use std::fmt;
use std::str::FromStr;

/// Smallest and largest side accepted, in pixels.
pub const MIN_SIDE: u32 = 320;
pub const MAX_SIDE: u32 = 8000;
/// Largest chart accepted, in pixels: 8000x4000. Each chart is drawn in
/// memory (3 bytes a pixel) before it is encoded.
pub const MAX_PIXELS: u64 = 32_000_000;

/// Width and height of a chart in pixels. The default, 1600x900, reads well
/// on a screen; a portrait size such as 800x1000 suits a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChartSize {
    width: u32,
    height: u32,
}

impl ChartSize {
    pub const DEFAULT: ChartSize = ChartSize {
        width: 1600,
        height: 900,
    };

    /// A size within the bounds, or why not.
    pub fn new(width: u32, height: u32) -> Result<ChartSize, ChartSizeError> {
        for (side, value) in [("width", width), ("height", height)] {
            if !(MIN_SIDE..=MAX_SIDE).contains(&value) {
                return Err(ChartSizeError(format!(
                    "chart {side} {value} is out of range ({MIN_SIDE} to {MAX_SIDE} pixels)"
                )));
            }
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(ChartSizeError(format!(
                "chart size {width}x{height} is too large (at most {MAX_PIXELS} pixels, e.g. 8000x4000)"
            )));
        }
        Ok(ChartSize { width, height })
    }

    pub fn width(self) -> u32 {
        self.width
    }

    pub fn height(self) -> u32 {
        self.height
    }

    /// Taller than wide: panels are stacked rather than set side by side.
    pub fn is_portrait(self) -> bool {
        self.height > self.width
    }
}

impl Default for ChartSize {
    fn default() -> Self {
        ChartSize::DEFAULT
    }
}

impl fmt::Display for ChartSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

/// A `--chart-size` that cannot be used, with a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSizeError(String);

impl fmt::Display for ChartSizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartSizeError {}

impl FromStr for ChartSize {
    type Err = ChartSizeError;

    /// "1600x900" (also "1600X900" and "1600×900", spaces ignored).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let invalid = || {
            ChartSizeError(format!(
                "invalid chart size {text:?} (expected WIDTHxHEIGHT in pixels, e.g. 1600x900)"
            ))
        };
        let (w, h) = compact.split_once(['x', 'X', '×']).ok_or_else(invalid)?;
        let parse = |part: &str| {
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
                return Err(invalid());
            }
            // Digits only: a parse failure can only be an overflow.
            Ok(part.parse::<u32>().unwrap_or(u32::MAX))
        };
        ChartSize::new(parse(w)?, parse(h)?)
    }
}
