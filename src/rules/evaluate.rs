//! Running every implemented rule over an analysis.

use chrono::NaiveDate;

use super::tier::InsufficientHistory;
use super::warning::Warning;
use super::{
    descent_session_spike, recovery_streak, session_distance_spike, steep_descent_exposure,
    training_monotony, weekly_distance_jump,
};
use crate::analyze::Analysis;
use crate::config::Config;

/// What the rules found.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Highest tier first, then by date.
    pub warnings: Vec<Warning>,
    pub insufficient_history: Vec<InsufficientHistory>,
}

/// Judges the analysis. Findings dated before `since` are dropped: earlier
/// runs still serve as history.
pub fn evaluate(analysis: &Analysis, config: &Config, since: Option<NaiveDate>) -> Evaluation {
    let mut insufficient = Vec::new();
    let spikes = session_distance_spike::judge(&analysis.load, config, &mut insufficient);
    let jumps = weekly_distance_jump::judge(&analysis.load, config, &spikes);
    let streaks = recovery_streak::judge(&analysis.recovery, config);
    let monotony = training_monotony::judge(&analysis.recovery, config, &mut insufficient);
    let mut warnings: Vec<Warning> = spikes
        .into_iter()
        .chain(jumps)
        .chain(streaks)
        .chain(monotony)
        .chain(descent_session_spike::judge(analysis, config))
        .chain(steep_descent_exposure::judge(analysis, config))
        .chain(super::shoe_mileage::judge(
            &analysis.shoes,
            analysis.week_start,
            config,
        ))
        .chain(super::shoe_rotation::judge(
            &analysis.shoes,
            config,
            &mut insufficient,
        ))
        .chain(super::cadence_low_vs_baseline::judge(analysis, config))
        .chain(super::cadence_low_absolute::judge(analysis, config))
        .chain(super::form_fatigue_drift::judge(analysis, config))
        .chain(super::intensity_spike::judge(
            &analysis.intensity,
            config,
            &mut insufficient,
        ))
        .chain(super::gct_balance_asymmetry::judge(
            &analysis.dynamics,
            analysis.week_start,
            config,
        ))
        .collect();
    if let Some(since) = since {
        warnings.retain(|w| w.date >= since);
        insufficient.retain(|i| i.date >= since);
    }
    warnings.sort_by(|a, b| b.tier.cmp(&a.tier).then(a.date.cmp(&b.date)));
    Evaluation {
        warnings,
        insufficient_history: insufficient,
    }
}
