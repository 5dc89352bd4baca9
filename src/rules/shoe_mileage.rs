//! `shoe_mileage`: worn shoes (expert opinion: cushioning loss plateaus
//! near 800 km). Notice from 500 km, warning from 800 km or from the
//! pair's own `retire_km`. Each tier fires once per pair, dated on the run
//! that took the pair's km (its starting km included) to the threshold.

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::Finding;
use super::warning::{Confidence, Scope, Tier};
use crate::analyze::shoes::ShoeWear;
use crate::log::weeks::{week_start_of, WeekStart};

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::ShoeMileage,
    name: "shoe_mileage",
    risk_factor: "worn shoes",
    conditions: &["nonspecific"],
    confidence: Confidence::Expert,
    evidence: "expert opinion (cushioning loss plateaus near 800 km)",
    defaults: tiers(Some(500.0), Some(800.0), None),
    warns: true,
    unit: ValueUnit::Kilometres,
    family: Family::Shoes,
    label: "worn shoes",
    episode: None,
};

pub struct ShoeMileage;

impl Judge for ShoeMileage {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let limits = input.limits;
        for pair in &input.analysis.shoes.shoes {
            let retire = pair.own_retire_km.or(limits.warning);
            // A notice at or past the retirement distance would only repeat it.
            let notice = limits
                .notice
                .filter(|notice| retire.is_none_or(|retire| *notice < retire));
            for (tier, threshold) in [(Tier::Notice, notice), (Tier::Warning, retire)] {
                let Some(threshold) = threshold else { continue };
                if let Some(found) = finding(pair, tier, threshold, input.analysis.week_start) {
                    out.fire(found).scope = Scope::State;
                }
            }
        }
    }
}

fn finding(pair: &ShoeWear, tier: Tier, threshold: f64, start: WeekStart) -> Option<Finding> {
    let crossed = pair.crossing(threshold)?;
    let km = (crossed.cumulative_km * 100.0).round() / 100.0;
    let what = match tier {
        Tier::Notice => format!(
            "Your \"{}\" shoes passed {threshold:.0} km on {} ({km:.1} km after this run).",
            pair.name, crossed.date
        ),
        _ => format!(
            "Your \"{}\" shoes reached their retirement distance of {threshold:.0} km on {} \
             ({km:.1} km after this run).",
            pair.name, crossed.date
        ),
    };
    let suggestion = match tier {
        Tier::Notice => {
            "Plan a new pair and start alternating it in before the old one is worn out."
        }
        _ => {
            "Retire this pair for running, or at least move long and downhill runs to a newer one."
        }
    };
    Some(Finding {
        tier,
        date: crossed.date,
        week_start: week_start_of(crossed.date, start),
        activity_id: Some(crossed.activity_id.clone()),
        value: km,
        threshold,
        what,
        suggestion: suggestion.into(),
    })
}
