//! The one font of every chart: DejaVu Sans, embedded in the binary (the
//! `dejavu` crate ships the TTF bytes), registered once with plotters'
//! `ab_glyph` text backend. No system font or font library is looked up.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

/// The family every chart names. plotters' own defaults also ask for
/// "sans-serif", so no text path can end up without a font.
pub const FAMILY: &str = "sans-serif";

/// Registers the regular and bold faces on first use; later calls return
/// the first outcome.
pub fn ensure_registered() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let faces = [
                (FontStyle::Normal, dejavu::sans::regular()),
                (FontStyle::Bold, dejavu::sans::bold()),
            ];
            for (style, bytes) in faces {
                register_font(FAMILY, style, bytes)
                    .map_err(|_| "the embedded chart font could not be read.".to_string())?;
            }
            Ok(())
        })
        .clone()
}
