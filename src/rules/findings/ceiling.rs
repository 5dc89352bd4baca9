//! The tier a finding is shown at (knee-risk-rules.md, "Tier ceiling by
//! evidence"): the highest of its parts, but `high` only when a part with
//! moderate or strong evidence reached its own high threshold, or when two
//! independent risk-factor families found the same event.

use std::collections::BTreeSet;

use crate::rules::table::RuleId;
use crate::rules::warning::{Part, Tier};

/// The tier shown and, when it is below the highest part's, why.
pub fn shown_tier(parts: &[Part]) -> (Tier, Option<String>) {
    let top = parts.iter().map(|p| p.tier).max().unwrap_or(Tier::Notice);
    if top < Tier::High {
        return (top, None);
    }
    let well_evidenced = parts
        .iter()
        .any(|p| p.tier == Tier::High && p.confidence.can_reach_high());
    let families: BTreeSet<_> = parts
        .iter()
        .filter_map(|p| RuleId::from_name(p.rule))
        .map(|id| id.rule().family)
        .collect();
    if well_evidenced || families.len() >= 2 {
        return (Tier::High, None);
    }
    (
        Tier::Warning,
        Some(
            "shown as a warning: a part reached its high threshold, but every part rests on \
             weak evidence or expert opinion"
                .into(),
        ),
    )
}
