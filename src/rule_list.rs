//! The list of the knee-risk rules, in the order of the rules document:
//! each `Id => file` line is a rule's module in `src/rules/` (its
//! description and its judge), its `RuleId` and, as `file`, the name the
//! config and report.json call it by. A new rule is a file in `src/rules/`
//! and a line here.
//!
//! The list is a macro that hands it to another macro, so that the rules
//! (their modules, ids and judges) and the config (the names
//! `[rules.<id>]` takes) are both made from it without the config
//! depending on the rules.

macro_rules! with_rule_list {
    ($then:ident) => {
        $then! {
            SessionDistanceSpike => session_distance_spike,
            WeeklyDistanceJump => weekly_distance_jump,
            Acwr => acwr,
            CadenceLowVsBaseline => cadence_low_vs_baseline,
            CadenceLowAbsolute => cadence_low_absolute,
            FormFatigueDrift => form_fatigue_drift,
            DescentSessionSpike => descent_session_spike,
            SteepDescentExposure => steep_descent_exposure,
            ShoeMileage => shoe_mileage,
            ShoeRotation => shoe_rotation,
            RecoveryStreak => recovery_streak,
            TrainingMonotony => training_monotony,
            IntensitySpike => intensity_spike,
            GctBalanceAsymmetry => gct_balance_asymmetry,
        }
    };
}
