//! `intensity_spike`: a sudden rise in minutes at or above threshold
//! (Ramskov 2018). Per local week against the mean of the three weeks
//! before, and per run against the largest figure of the previous 30 days,
//! with the same tiers. Threshold is heart rate, or without it the
//! runner's 90th-percentile easy pace (see `analyze::intensity`).
//!
//! The floors (`findings::floors`) keep only rises of at least 20 extra
//! minutes (3 minutes after 1 is +200% of almost nothing) and show a rise
//! measured by pace, without heart rate, at most as a notice.

use super::judge::{Input, Judge, Verdicts};
use super::table::{Family, Rule, RuleId, ValueUnit, tiers};
use super::tier::{tier_above, Finding, MIN_HISTORY_DAYS};
use super::warning::{Amount, Confidence};
use crate::analyze::intensity::IntensityBasis;
use crate::log::weeks::{week_last_day, week_start_of};

/// The rule's description: its id, evidence and default tiers.
pub const RULE: Rule = Rule {
    id: RuleId::IntensitySpike,
    name: "intensity_spike",
    risk_factor: "sudden intensity increase",
    conditions: &["PT", "PFP"],
    confidence: Confidence::Weak,
    evidence: "Ramskov 2018",
    defaults: tiers(Some(0.30), Some(0.50), Some(1.00)),
    warns: true,
    unit: ValueUnit::Fraction,
    family: Family::Intensity,
    label: "intensity spike",
    episode: None,
};

pub struct IntensitySpike;

impl Judge for IntensitySpike {
    fn rule(&self) -> &'static Rule {
        &RULE
    }

    /// Judges every week and run. Runs with under 30 days of history are
    /// listed as insufficient instead; weeks starting under 30 days after
    /// the first run are skipped (their runs are already listed).
    fn judge(&self, input: &Input, out: &mut Verdicts) {
        let intensity = &input.analysis.intensity;
        let tier_of = |minutes: f64, base: f64| {
            if base <= 0.0 {
                return None;
            }
            let ratio = minutes / base - 1.0;
            tier_above(ratio, &input.limits).map(|(tier, threshold)| (tier, threshold, ratio))
        };
        for week in &intensity.weeks {
            if week.history_days < MIN_HISTORY_DAYS {
                continue;
            }
            let (Some(minutes), Some(mean)) = (week.minutes, week.prior_3wk_mean_min) else {
                continue;
            };
            let Some((tier, threshold, ratio)) = tier_of(minutes, mean) else {
                continue;
            };
            let basis = if week.heart_rate_runs == 0 {
                IntensityBasis::Pace
            } else {
                IntensityBasis::HeartRate
            };
            let mixed = week.heart_rate_runs > 0 && week.pace_runs > 0;
            let part = out.fire(Finding {
                tier,
                date: week_last_day(week.week_start),
                week_start: week.week_start,
                activity_id: None,
                value: ratio,
                threshold,
                what: format!(
                    "The week of {} had {minutes:.0} minutes {}{}, {:.0}% more than the mean of the three weeks before ({mean:.0} minutes).",
                    week.week_start,
                    describe(basis, intensity.threshold_hr_bpm),
                    if mixed { " (some runs judged by pace)" } else { "" },
                    ratio * 100.0
                ),
                suggestion: "Add hard minutes gradually, and keep the runs around a hard week easy.".into(),
            });
            part.label = "weekly intensity spike".into();
            part.amount = Some(Amount {
                now: minutes,
                base: mean,
            });
            part.estimated = basis == IntensityBasis::Pace;
        }
        for run in &intensity.runs {
            if run.history_days < MIN_HISTORY_DAYS {
                out.too_early(run.local_date, Some(&run.activity_id), run.history_days);
                continue;
            }
            let (Some(minutes), Some(max), Some(basis)) =
                (run.minutes, run.max_prev_30d_min, run.basis)
            else {
                continue;
            };
            let Some((tier, threshold, ratio)) = tier_of(minutes, max) else {
                continue;
            };
            let part = out.fire(Finding {
                tier,
                date: run.local_date,
                week_start: week_start_of(run.local_date, intensity.week_start),
                activity_id: Some(run.activity_id.clone()),
                value: ratio,
                threshold,
                what: format!(
                    "This run had {minutes:.0} minutes {}, {:.0}% more than any run of the previous 30 days ({max:.0} minutes).",
                    describe_run(basis, intensity.threshold_hr_bpm, run.threshold_speed_mps),
                    ratio * 100.0
                ),
                suggestion: format!(
                    "Raise hard minutes per run step by step (about {:.0} minutes next time).",
                    (max * 1.3).max(max + 5.0)
                ),
            });
            part.amount = Some(Amount {
                now: minutes,
                base: max,
            });
            part.estimated = basis == IntensityBasis::Pace;
        }
    }
}

/// "at or above 172 bpm" / "faster than your usual pace".
fn describe(basis: IntensityBasis, threshold_hr: Option<f64>) -> String {
    match (basis, threshold_hr) {
        (IntensityBasis::HeartRate, Some(bpm)) => format!("at or above {bpm:.0} bpm"),
        (IntensityBasis::HeartRate, None) => "at or above threshold heart rate".into(),
        (IntensityBasis::Pace, _) => {
            "faster than your 90th-percentile easy pace of the previous 8 weeks".into()
        }
    }
}

/// As [`describe`], with the pace threshold as min/km when known.
fn describe_run(basis: IntensityBasis, threshold_hr: Option<f64>, speed: Option<f64>) -> String {
    match (basis, speed.filter(|v| *v > 0.0)) {
        (IntensityBasis::Pace, Some(v)) => {
            let s_per_km = (1000.0 / v).round() as i64;
            format!(
                "faster than {}:{:02} min/km (your 90th-percentile easy pace of the previous 8 weeks)",
                s_per_km / 60,
                s_per_km % 60
            )
        }
        _ => describe(basis, threshold_hr),
    }
}
