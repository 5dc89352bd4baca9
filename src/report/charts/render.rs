//! One chart from data to PNG bytes: drawn into memory with plotters,
//! checked, then encoded. Nothing here writes a file.

use std::panic::{catch_unwind, AssertUnwindSafe};

use plotters::backend::RGBPixel;
use plotters::prelude::*;

use super::chart::Chart;
use super::frame::{Frame, Skip};
use super::input::ChartInput;
use super::size::ChartSize;
use super::{font, palette};

/// A chart drawn and encoded.
pub struct Rendered {
    pub png: Vec<u8>,
    pub about: String,
}

/// Draws `chart` at `size` and encodes it as PNG.
pub fn render(chart: &dyn Chart, input: &ChartInput, size: ChartSize) -> Result<Rendered, Skip> {
    font::ensure_registered().map_err(Skip)?;
    let (width, height) = (size.width(), size.height());
    let pixels = width as usize * height as usize;
    let mut buffer = vec![255u8; pixels * 3];
    let frame = Frame::new(size);
    // plotters panics on a few degenerate inputs (the charts guard against
    // those they know of); a panic here must cost one chart, not the report.
    let drawn = catch_unwind(AssertUnwindSafe(|| -> Result<String, Skip> {
        let backend =
            BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut buffer, (width, height))
                .map_err(|e| Skip(format!("The chart could not be drawn ({e:?}).")))?;
        let root = backend.into_drawing_area();
        root.fill(&palette::BACKGROUND)?;
        let about = chart.draw(input, &root, &frame)?;
        root.present()?;
        Ok(about)
    }));
    let about = drawn.unwrap_or_else(|_| {
        Err(Skip::because(
            "The chart could not be drawn (the plotting library failed on this data).",
        ))
    })?;
    if !has_content(&buffer) {
        return Err(Skip::because(
            "The chart came out empty, so it is left out.",
        ));
    }
    let png = encode(&buffer, width, height)
        .map_err(|e| Skip(format!("The chart could not be encoded as PNG ({e}).")))?;
    Ok(Rendered { png, about })
}

/// At least one pixel in a thousand differs from the background.
fn has_content(rgb: &[u8]) -> bool {
    let background = [
        palette::BACKGROUND.0,
        palette::BACKGROUND.1,
        palette::BACKGROUND.2,
    ];
    let needed = (rgb.len() / 3 / 1000).max(1);
    rgb.chunks_exact(3)
        .filter(|p| *p != background)
        .take(needed)
        .count()
        >= needed
}

fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}
