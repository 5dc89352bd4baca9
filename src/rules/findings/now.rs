//! Now first (knee-risk-rules.md): every view opens with the findings of
//! the 28 days up to the latest run, at most five, highest tier first;
//! history follows, newest first.

use chrono::NaiveDate;

use crate::rules::warning::Warning;

/// Days up to and including the latest run that count as "now".
pub const NOW_DAYS: i64 = 28;
/// At most this many findings are shown as "now".
pub const NOW_MAX: usize = 5;

/// Marks the findings of now and puts them first, highest tier first then
/// newest; the rest follow newest first, the higher tier first on the
/// same day.
pub fn order(findings: &mut [Warning], latest_run: Option<NaiveDate>) {
    let newest_first = |a: &Warning, b: &Warning| {
        b.last_day()
            .cmp(&a.last_day())
            .then(b.tier.cmp(&a.tier))
            .then(a.headline.cmp(&b.headline))
    };
    findings.sort_by(|a, b| b.tier.cmp(&a.tier).then(newest_first(a, b)));
    let mut chosen = 0;
    for finding in findings.iter_mut() {
        finding.now = chosen < NOW_MAX
            && latest_run.is_some_and(|latest| (latest - finding.last_day()).num_days() < NOW_DAYS);
        chosen += usize::from(finding.now);
    }
    findings.sort_by(|a, b| {
        b.now.cmp(&a.now).then_with(|| {
            if a.now {
                b.tier.cmp(&a.tier).then(newest_first(a, b))
            } else {
                newest_first(a, b)
            }
        })
    });
}
