//! What every chart is: the one trait the renderer, the page and the
//! report folder know charts by. The charts of the whole log are unit
//! structs listed in `chart_table!` (charts/mod.rs); a run's own chart is
//! made once per chosen run (`run::RunChart`).

use super::frame::{Area, Frame, Skip};
use super::input::ChartInput;
use crate::rules::RuleId;

/// One chart: a PNG of its own, drawn from the computed values only.
pub trait Chart: Send + Sync {
    /// The chart's id: its file name without `.png`, its key among the
    /// outcomes and its anchor on the page (`chart-<key>`).
    fn key(&self) -> String;

    /// Its heading on the page; the caption is what [`Chart::draw`] says.
    fn title(&self) -> String;

    /// The PNG's file name in the report folder.
    fn file(&self) -> String {
        format!("{}.png", self.key())
    }

    /// The rules whose findings this chart shows: the page links such a
    /// finding here unless the run's own chart shows it better. A rule no
    /// chart names links to the first chart of the table.
    fn shows(&self) -> &'static [RuleId] {
        &[]
    }

    /// Whether this athlete gets the chart at all. One that does not apply
    /// leaves no trace (no file, no place on the page, no entry in
    /// report.json); one that applies but lacks its data says why in its
    /// place, through [`Chart::draw`]'s `Skip`.
    fn applies(&self, _input: &ChartInput) -> bool {
        true
    }

    /// Draws the chart on `area` (already filled with the background) and
    /// returns a sentence saying what it shows (the caption and alt text);
    /// `Skip` when the data cannot make this chart, with the reason as a
    /// sentence.
    fn draw(&self, input: &ChartInput, area: &Area, frame: &Frame) -> Result<String, Skip>;
}
