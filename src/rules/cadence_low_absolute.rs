//! `cadence_low_absolute`: a median running cadence under 166 steps/min at
//! easy pace (Luedke 2016). A notice only: population norms say less than
//! the runner's own line. A condition: every easy run with history is
//! judged, and runs where it holds run after run are one episode.

use super::cadence_low_vs_baseline::pace;
use super::judge::{Input, Judge, Verdicts};
use super::table::{EpisodeUnit, Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::Finding;
use super::warning::{Confidence, Tier};
use crate::log::weeks::week_start_of;

/// Runs no faster than this fraction above the runner's usual speed count
/// as easy: tempo runs raise cadence by design.
const EASY_SPEED_MARGIN: f64 = 1.05;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::CadenceLowAbsolute,
    name: "cadence_low_absolute",
    risk_factor: "form: low cadence",
    conditions: &["PFP"],
    confidence: Confidence::Weak,
    evidence: "Luedke 2016",
    defaults: tiers(Some(166.0), None, None),
    warns: true,
    unit: ValueUnit::StepsPerMinute,
    family: Family::Form,
    label: "low cadence",
    episode: Some(EpisodeUnit::Runs),
};

pub struct CadenceLowAbsolute;

impl Judge for CadenceLowAbsolute {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let Some(limit) = input.limits.notice else {
            return;
        };
        let analysis = input.analysis;
        for (i, run) in analysis.cadence.iter().enumerate() {
            if !input.has_history(&run.activity_id) {
                continue;
            }
            let (Some(cadence), Some(speed)) = (run.median_spm, run.speed_mps) else {
                continue;
            };
            // The runner's usual speed: the median of the previous 8 weeks'
            // runs. Walking back from the run, not over all of history; the
            // log is in start order, in which local dates step back at most
            // a day (travel across time zones), hence the margin.
            let mut earlier: Vec<f64> = analysis
                .cadence
                .iter()
                .take(i)
                .rev()
                .take_while(|e| (run.local_date - e.local_date).num_days() <= 56 + 2)
                .filter(|e| (run.local_date - e.local_date).num_days() <= 56)
                .filter_map(|e| e.speed_mps)
                .collect();
            earlier.sort_by(f64::total_cmp);
            let Some(usual) = earlier.get(earlier.len() / 2).copied() else {
                continue;
            };
            if speed > usual * EASY_SPEED_MARGIN {
                continue;
            }
            let finding = (cadence < limit).then(|| Finding {
                tier: Tier::Notice,
                date: run.local_date,
                week_start: week_start_of(run.local_date, analysis.week_start),
                activity_id: Some(run.activity_id.clone()),
                value: cadence,
                threshold: limit,
                what: format!(
                    "Your median cadence at easy pace ({}/km) was {cadence:.1} steps/min, under {limit:.0}.",
                    pace(speed)
                ),
                suggestion: "If you have knee pain, a 5-10% higher cadence is a common first change to try with a physio.".into(),
            });
            out.judged(run.local_date, finding);
        }
    }
}
