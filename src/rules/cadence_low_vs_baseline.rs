//! `cadence_low_vs_baseline`: a run's cadence well below the runner's own
//! cadence-vs-speed line of the previous 8 weeks (Heiderscheit 2011,
//! Lenhart 2014: lower cadence raises knee load; the injury link is weak).
//! A condition: when it persists run after run, it is one episode.

use super::judge::{Input, Judge, Verdicts};
use super::table::{ALL, EpisodeUnit, Family, Rule, RuleId, ValueUnit, tiers};
use super::warning::Confidence;
use super::tier::{tier_at_most, Finding};
use crate::log::weeks::week_start_of;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::CadenceLowVsBaseline,
    name: "cadence_low_vs_baseline",
    risk_factor: "form: low cadence / overstriding",
    conditions: ALL,
    confidence: Confidence::Weak,
    evidence: "Heiderscheit 2011 and Lenhart 2014 (mechanism moderate, injury link weak)",
    defaults: tiers(Some(-0.05), Some(-0.10), None),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Form,
    label: "cadence below your usual",
    episode: Some(EpisodeUnit::Runs),
};

pub struct CadenceLowVsBaseline;

impl Judge for CadenceLowVsBaseline {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let analysis = input.analysis;
        for run in &analysis.cadence {
            if !input.has_history(&run.activity_id) {
                continue;
            }
            let (Some(residual), Some(cadence), Some(speed), Some(line)) = (
                run.residual_vs_line,
                run.median_spm,
                run.speed_mps,
                run.line,
            ) else {
                continue;
            };
            let finding = tier_at_most(residual, &input.limits).map(|(tier, threshold)| Finding {
                tier,
                date: run.local_date,
                week_start: week_start_of(run.local_date, analysis.week_start),
                activity_id: Some(run.activity_id.clone()),
                value: residual,
                threshold,
                what: format!(
                    "Your cadence on this run was {cadence:.0} steps/min at {}/km, {:.0}% below your usual {:.0} at that pace (your last 8 weeks).",
                    pace(speed),
                    -residual * 100.0,
                    line.at(speed)
                ),
                suggestion: "Try a slightly quicker, shorter stride (about 5% more steps per minute) on easy runs.".into(),
            });
            out.judged(run.local_date, finding);
        }
    }
}

/// "5:32" per km.
pub(super) fn pace(speed_mps: f64) -> String {
    if speed_mps <= 0.0 {
        return "-".into();
    }
    let seconds = (1000.0 / speed_mps).round() as u64;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
