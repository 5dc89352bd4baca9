//! `steep_descent_exposure`: distance run at steep downhill grades beyond
//! the runner's own 30-day maximum for that band (Gottschall & Kram 2005:
//! the mechanism; no prospective injury data). The steepest band that
//! exceeds its maximum sets the tier: -5..-10% notice, <= -10% warning,
//! <= -15% high.

use super::judge::{Input, Judge, Verdicts};
use super::table::{ALL, Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::Finding;
use super::warning::{Confidence, Tier};

/// Less steep distance than this is a few steps, not an exposure.
const MIN_BAND_M: f64 = 100.0;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::SteepDescentExposure,
    name: "steep_descent_exposure",
    risk_factor: "downhill: steep grades",
    conditions: ALL,
    confidence: Confidence::Moderate,
    evidence: "Gottschall & Kram 2005 (mechanism; no prospective injury data)",
    // Grade bands, not ratios: notice -5..-10%, warning <= -10%, high <= -15%.
    defaults: tiers(Some(-0.05), Some(-0.10), Some(-0.15)),
    warns: true,
    unit: ValueUnit::Metres,
    family: Family::Downhill,
    label: "steep downhill",
    episode: None,
};

pub struct SteepDescentExposure;

impl Judge for SteepDescentExposure {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        for run in &input.analysis.downhill.runs {
            if !input.has_history(&run.activity_id) {
                continue;
            }
            judge_run(run, out);
        }
    }
}

fn judge_run(run: &crate::analyze::downhill::RunDownhill, out: &mut Verdicts) {
    {
        let bands = [
            (
                Tier::High,
                "-15%",
                run.measured.distance_m.le_minus_15pct,
                run.prior_30d.max_distance_m.le_minus_15pct,
                -0.15,
            ),
            (
                Tier::Warning,
                "-10%",
                run.measured.distance_m.le_minus_10pct,
                run.prior_30d.max_distance_m.le_minus_10pct,
                -0.10,
            ),
            (
                Tier::Notice,
                "-5% to -10%",
                run.measured.distance_m.minus_5_to_10pct,
                run.prior_30d.max_distance_m.minus_5_to_10pct,
                -0.05,
            ),
        ];
        let exceeded = bands
            .into_iter()
            .find_map(|(tier, label, now, before, grade)| {
                let now = now.filter(|d| *d >= MIN_BAND_M)?;
                let before = before.unwrap_or(0.0);
                (now > before).then_some((tier, label, now, before, grade))
            });
        let Some((tier, label, now, before, grade)) = exceeded else {
            return;
        };
        out.fire(Finding {
                tier,
                date: run.local_date,
                week_start: run.week_start,
                activity_id: Some(run.activity_id.clone()),
                value: now,
                threshold: before,
                what: format!(
                    "This run covered {now:.0} m at grades of {label}{}, more than any run of the previous 30 days ({before:.0} m).",
                    if grade <= -0.10 { " or steeper" } else { "" }
                ),
                suggestion: "Build steep downhill running in small doses, shorten the stride and keep the cadence up on descents.".into(),
            });
    }
}
