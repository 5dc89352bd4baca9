//! The tier colours, defined once: the charts paint with them and the
//! page's stylesheet and trend bars are written from them, so a badge, a
//! bar and a chart's mark of one tier are the same colour. They mean a
//! finding's tier and nothing else, and grow darker with severity, so they
//! stay apart in grey scale and for colour-blind readers too.

use std::fmt::Write as _;

use crate::rules::Tier;

/// A colour as red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as CSS and SVG write it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A run, week or finding with no warning.
pub const NO_TIER: Rgb = Rgb(108, 128, 155);
pub const NOTICE: Rgb = Rgb(230, 184, 0);
pub const WARNING: Rgb = Rgb(238, 119, 51);
pub const HIGH: Rgb = Rgb(178, 24, 43);

/// The colour of a tier; `None` is "no warning".
pub fn of(tier: Option<Tier>) -> Rgb {
    match tier {
        None => NO_TIER,
        Some(Tier::Notice) => NOTICE,
        Some(Tier::Warning) => WARNING,
        Some(Tier::High) => HIGH,
    }
}

/// The stylesheet's custom properties, one per tier and `--none`:
/// `--notice: #e6b800; --warning: ...; --none: #6c809b;`.
pub fn css_properties() -> String {
    let tiers = [Tier::Notice, Tier::Warning, Tier::High];
    let named = tiers.into_iter().map(|t| (t.name(), Some(t)));
    let mut out = String::new();
    for (name, tier) in named.chain([("none", None)]) {
        let space = if out.is_empty() { "" } else { " " };
        let _ = write!(out, "{space}--{name}: {};", of(tier).hex());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_names_every_tier_in_hex() {
        assert_eq!(
            css_properties(),
            "--notice: #e6b800; --warning: #ee7733; --high: #b2182b; --none: #6c809b;"
        );
    }
}
