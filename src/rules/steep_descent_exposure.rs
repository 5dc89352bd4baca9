//! `steep_descent_exposure`: distance run at steep downhill grades beyond
//! the runner's own 30-day maximum for that band (Gottschall & Kram 2005:
//! the mechanism; no prospective injury data). The steepest band that
//! exceeds its maximum sets the tier: -5..-10% notice, <= -10% warning,
//! <= -15% high.

use super::table::RuleId;
use super::tier::{history_by_run, warning, Finding, MIN_HISTORY_DAYS};
use super::warning::{Tier, Warning};
use crate::analyze::Analysis;
use crate::config::Config;

/// Less steep distance than this is a few steps, not an exposure.
const MIN_BAND_M: f64 = 100.0;

pub fn judge(analysis: &Analysis, config: &Config) -> Vec<Warning> {
    let rule = RuleId::SteepDescentExposure.rule();
    if !config.rule_enabled(rule.name) {
        return Vec::new();
    }
    let history = history_by_run(analysis);
    let mut warnings = Vec::new();
    for run in &analysis.downhill.runs {
        if history
            .get(run.activity_id.as_str())
            .is_none_or(|days| *days < MIN_HISTORY_DAYS)
        {
            continue;
        }
        let bands = [
            (
                Tier::High,
                "-15%",
                run.distance_m.le_minus_15pct,
                run.prior_30d.max_distance_m.le_minus_15pct,
                -0.15,
            ),
            (
                Tier::Warning,
                "-10%",
                run.distance_m.le_minus_10pct,
                run.prior_30d.max_distance_m.le_minus_10pct,
                -0.10,
            ),
            (
                Tier::Notice,
                "-5% to -10%",
                run.distance_m.minus_5_to_10pct,
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
            continue;
        };
        warnings.push(warning(
            rule,
            Finding {
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
            },
        ));
    }
    warnings
}
