//! `descent_session_spike`: a run descending far more than any run of the
//! previous 30 days, and a week descending far more than the mean of the
//! three before (by analogy with Frandsen 2025; repeated-bout effect,
//! Bontemps 2020). Indoor runs and runs under 100 m of descent are not
//! judged; the floors keep only weeks of 300 m that grew by 150 m.

use super::judge::{Input, Judge, Verdicts};
use super::table::{ALL, Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::{tier_above, Finding, MIN_HISTORY_DAYS};
use super::warning::{Amount, Confidence};
use crate::log::weeks::week_last_day;
use crate::model::ElevationSource;

/// Descents under this are too small to call a spike, however they
/// compare.
const MIN_DESCENT_M: f64 = 100.0;

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::DescentSessionSpike,
    name: "descent_session_spike",
    risk_factor: "downhill: spike",
    conditions: ALL,
    confidence: Confidence::Weak,
    evidence: "analogy with Frandsen 2025; repeated-bout effect, Bontemps 2020",
    defaults: tiers(Some(0.30), Some(0.50), Some(1.00)),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Downhill,
    label: "descent spike",
    episode: None,
};

pub struct DescentSessionSpike;

impl Judge for DescentSessionSpike {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    fn judge(&self, input: &Input, out: &mut Verdicts) {
        judge_runs(input, out);
        judge_weeks(input, out);
    }
}

fn judge_runs(input: &Input, out: &mut Verdicts) {
    for run in &input.analysis.downhill.runs {
        let (Some(descent), Some(previous)) = (run.measured.descent_m, run.prior_30d.max_descent_m) else {
            continue;
        };
        if !input.has_history(&run.activity_id) || descent < MIN_DESCENT_M || previous <= 0.0 {
            continue;
        }
        let ratio = descent / previous - 1.0;
        let Some((tier, threshold)) = tier_above(ratio, &input.limits) else {
            continue;
        };
        let part = out.fire(Finding {
            tier,
            date: run.local_date,
            week_start: run.week_start,
            activity_id: Some(run.activity_id.clone()),
            value: ratio,
            threshold,
            what: format!(
                "This run descended {descent:.0} m, {:.0}% more than the most of any run in the previous 30 days ({previous:.0} m){}.",
                ratio * 100.0,
                source_caveat(run.measured.elevation_source)
            ),
            suggestion: "Add downhill running gradually; the first hilly runs after a flat spell load the knee most.".into(),
        });
        part.amount = Some(Amount {
            now: descent,
            base: previous,
        });
    }
}

/// Weekly descent against the mean of the three weeks before, from 30
/// days after the first run on.
fn judge_weeks(input: &Input, out: &mut Verdicts) {
    let first_run = input.analysis.load.runs.first().map(|r| r.local_date);
    let weeks = &input.analysis.downhill.weeks;
    for (i, week) in weeks.iter().enumerate() {
        let history = first_run.map_or(0, |first| (week.week_start - first).num_days());
        if history < i64::from(MIN_HISTORY_DAYS) {
            continue;
        }
        let Some(descent) = week.descent_m.filter(|d| *d >= MIN_DESCENT_M) else {
            continue;
        };
        let prior: Vec<f64> = (1..=3)
            .filter_map(|back| i.checked_sub(back).and_then(|j| weeks.get(j)))
            .map(|w| w.descent_m.unwrap_or(0.0))
            .collect();
        if prior.len() < 3 {
            continue;
        }
        let mean = prior.iter().sum::<f64>() / 3.0;
        if mean <= 0.0 {
            continue;
        }
        let ratio = descent / mean - 1.0;
        let Some((tier, threshold)) = tier_above(ratio, &input.limits) else {
            continue;
        };
        let part = out.fire(Finding {
            tier,
            date: week_last_day(week.week_start),
            week_start: week.week_start,
            activity_id: None,
            value: ratio,
            threshold,
            what: format!(
                "The week of {} descended {descent:.0} m, {:.0}% more than the mean of the three weeks before ({mean:.0} m).",
                week.week_start,
                ratio * 100.0
            ),
            suggestion: "Spread hilly runs over several weeks and keep the rest of a mountain week easy.".into(),
        });
        part.label = "weekly descent spike".into();
        part.amount = Some(Amount {
            now: descent,
            base: mean,
        });
    }
}

/// Barometric descent is said plainly; GPS or an unknown altimeter is
/// named, because its descent is the less certain figure.
fn source_caveat(source: Option<ElevationSource>) -> &'static str {
    match source {
        Some(ElevationSource::Gps) => " (GPS elevation, less certain)",
        Some(ElevationSource::Unknown) => " (elevation source unknown, less certain)",
        Some(ElevationSource::Barometric) | None => "",
    }
}
