//! index.html: one self-contained page per athlete and, for a coach's
//! folder, a team overview. No script, no external URL, font or
//! stylesheet: the style is inline and the charts are PNG files beside the
//! page. Every number is one of report.json's, as rounded there.

mod athlete;
mod style;
mod team;

pub use athlete::{athlete_page, AthletePage};
pub use team::{team_page, TeamRow};

use std::fmt::Write as _;

use crate::rules::Tier;

/// Text made safe for HTML content and attribute values (`&`, `<`, `>`,
/// both quotes).
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The class of a table row flagged by the highest of `tiers`; empty
/// without any.
fn flag_class(tiers: impl Iterator<Item = Tier>) -> String {
    tiers
        .max()
        .map(|t| format!(" class=\"flag-{}\"", t.name()))
        .unwrap_or_default()
}

/// The page around `body`: doctype, title, inline style.
fn document(title: &str, body: &str) -> String {
    let mut page = String::with_capacity(body.len() + 8192);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"patella {}\">\n<title>{}</title>\n<style>{}</style>\n\
         </head>\n<body>\n{body}\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title),
        style::css()
    );
    page
}

/// A tier's badge: the same colours as the charts' tier palette.
fn tier_badge(tier: Tier) -> String {
    format!(
        "<span class=\"tier tier-{name}\">{name}</span>",
        name = tier.name()
    )
}

/// A number cell: `-` for null (never 0).
fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.decimals$}"))
}

/// A signed percentage cell.
fn signed_pct(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:+.0}%"))
}

/// The not-medical-advice box.
fn notice_box() -> String {
    format!(
        "<p class=\"advice\" role=\"note\"><strong>Not medical advice.</strong> {}</p>",
        escape(super::json::NOT_MEDICAL_ADVICE)
    )
}

#[cfg(test)]
mod tests;
