//! The floors, caps and ceilings at their boundaries, episodes opening and
//! closing, grouping and "now", on hand-made parts.

use chrono::NaiveDate;

use super::episodes::split;
use super::{ceiling, floors, grouping, order, shape, RuleVerdicts};
use crate::rules::judge::Judged;
use crate::rules::table::{EpisodeUnit, RuleId};
use crate::rules::tier::{part, Finding};
use crate::rules::warning::{Amount, Part, Scope, Tier};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

/// A part of `rule` at `tier` on `date` (a Monday-based week), about a
/// run when `run` names one.
fn make(rule: RuleId, tier: Tier, date: &str, run: Option<&str>) -> Part {
    let date = day(date);
    let week_start = date
        - chrono::Days::new(u64::from(
            chrono::Datelike::weekday(&date).num_days_from_monday(),
        ));
    part(
        rule.rule(),
        Finding {
            tier,
            date,
            week_start,
            activity_id: run.map(str::to_string),
            value: 1.0,
            threshold: 0.5,
            what: "Measured.".into(),
            suggestion: "Do this.".into(),
        },
    )
}

fn with_amount(mut part: Part, now: f64, base: f64) -> Part {
    part.amount = Some(Amount { now, base });
    part
}

#[test]
fn weekly_descent_needs_300_m_that_grew_150_m() {
    let week = |now, base| {
        with_amount(
            make(RuleId::DescentSessionSpike, Tier::High, "2026-05-10", None),
            now,
            base,
        )
    };
    // On both floors: 300 m, 150 m more than the 150 m mean.
    assert!(floors::clears(&week(300.0, 150.0)));
    // 299.9 m: under the 300 m floor, however it grew.
    assert!(!floors::clears(&week(299.9, 10.0)));
    // 400 m, but only 149.9 m more than the mean of 250.1 m.
    assert!(!floors::clears(&week(400.0, 250.1)));
    // The issue's case: 128 m against a mean of 80 m.
    assert!(!floors::clears(&week(128.0, 80.0)));
    // A run's descent spike has no such floor (it has its own 100 m).
    let run = with_amount(
        make(
            RuleId::DescentSessionSpike,
            Tier::High,
            "2026-05-07",
            Some("r"),
        ),
        120.0,
        50.0,
    );
    assert!(floors::clears(&run));
}

#[test]
fn intensity_needs_20_extra_minutes_and_is_a_notice_by_pace() {
    let spike = |now, base| {
        with_amount(
            make(RuleId::IntensitySpike, Tier::High, "2026-05-10", None),
            now,
            base,
        )
    };
    // 40 minutes after a mean of 20: exactly 20 extra.
    assert!(floors::clears(&spike(40.0, 20.0)));
    // 39.9 after 20: +99.5%, but 19.9 extra minutes.
    assert!(!floors::clears(&spike(39.9, 20.0)));
    let mut by_pace = spike(60.0, 20.0);
    assert_eq!(floors::cap(&by_pace), Tier::High);
    by_pace.estimated = true;
    assert_eq!(floors::cap(&by_pace), Tier::Notice);
    let applied = floors::apply(vec![by_pace]);
    assert_eq!(applied[0].as_ref().map(|p| p.tier), Some(Tier::Notice));
}

#[test]
fn monotony_needs_4_running_days_and_is_at_most_a_warning() {
    let mut week = make(RuleId::TrainingMonotony, Tier::High, "2026-05-24", None);
    week.running_days = Some(3);
    assert!(!floors::clears(&week));
    week.running_days = Some(4);
    assert!(floors::clears(&week));
    let applied = floors::apply(vec![week]);
    assert_eq!(applied[0].as_ref().map(|p| p.tier), Some(Tier::Warning));
}

#[test]
fn high_needs_moderate_evidence_at_high_or_two_families() {
    // Descent spikes rest on weak evidence: a high part is shown as a
    // warning, and says so.
    let weak = vec![make(
        RuleId::DescentSessionSpike,
        Tier::High,
        "2026-05-07",
        Some("r"),
    )];
    let (tier, why) = ceiling::shown_tier(&weak);
    assert_eq!(tier, Tier::Warning);
    assert!(why.is_some());
    // Frandsen's session spike is moderate evidence: high stays high.
    let moderate = vec![make(
        RuleId::SessionDistanceSpike,
        Tier::High,
        "2026-05-07",
        Some("r"),
    )];
    assert_eq!(ceiling::shown_tier(&moderate), (Tier::High, None));
    // Moderate evidence below its high threshold does not lift a weak high.
    let steep_warning = make(
        RuleId::SteepDescentExposure,
        Tier::Warning,
        "2026-05-07",
        Some("r"),
    );
    let mixed = vec![weak[0].clone(), steep_warning];
    assert_eq!(ceiling::shown_tier(&mixed).0, Tier::Warning);
    // Two families (downhill and load) in one event: high.
    let load = make(RuleId::WeeklyDistanceJump, Tier::Notice, "2026-05-10", None);
    let two = vec![weak[0].clone(), load];
    assert_eq!(ceiling::shown_tier(&two), (Tier::High, None));
    // Below high the ceiling changes nothing.
    let notice = vec![make(
        RuleId::RecoveryStreak,
        Tier::Warning,
        "2026-05-10",
        None,
    )];
    assert_eq!(ceiling::shown_tier(&notice), (Tier::Warning, None));
}

/// Judged runs on consecutive days from 2026-03-02, holding where `held`
/// says.
fn judged_runs(held: &[bool]) -> (Vec<Option<Part>>, Vec<Judged>) {
    let start = day("2026-03-02");
    let mut parts = Vec::new();
    let mut judged = Vec::new();
    for (i, holds) in held.iter().enumerate() {
        let date = start + chrono::Days::new(i as u64);
        let index = holds.then(|| {
            let mut p = make(
                RuleId::CadenceLowAbsolute,
                Tier::Notice,
                &date.to_string(),
                Some(&format!("run{i}")),
            );
            p.value = Some(160.0 + i as f64);
            parts.push(Some(p));
            parts.len() - 1
        });
        judged.push(Judged { date, part: index });
    }
    (parts, judged)
}

#[test]
fn an_episode_opens_on_3_of_5_judged_runs() {
    // Two of five: no episode, two single findings.
    let (parts, judged) = judged_runs(&[true, false, false, true, false, false, false]);
    let result = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-03-08")));
    assert!(result.episodes.is_empty());
    assert_eq!(result.single.len(), 2);
    // Three of five: one episode from the first of them, ongoing at the
    // end of the log.
    let (parts, judged) = judged_runs(&[true, false, true, false, true, false]);
    let result = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-03-07")));
    assert!(result.single.is_empty());
    assert_eq!(result.episodes.len(), 1);
    let episode = &result.episodes[0];
    assert_eq!(episode.parts.len(), 3);
    // Judged from its first part (day 0) to its last (day 4): 5 runs.
    assert_eq!(episode.judged, 5);
    assert!(!episode.closed);
}

#[test]
fn an_episode_closes_after_8_judged_runs_without_it() {
    // Held on days 0-2, then 8 runs without: closed; a new one opens on
    // days 11-13.
    let mut held = vec![true, true, true];
    held.extend([false; 8]);
    held.extend([true, true, true]);
    let (parts, judged) = judged_runs(&held);
    let result = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-03-15")));
    assert_eq!(result.episodes.len(), 2);
    assert!(result.episodes[0].closed);
    assert_eq!(result.episodes[0].judged, 3);
    assert!(!result.episodes[1].closed);
    // Seven misses keep it open: one episode of six parts.
    let mut held = vec![true, true, true];
    held.extend([false; 7]);
    held.extend([true, true, true]);
    let (parts, judged) = judged_runs(&held);
    let result = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-03-14")));
    assert_eq!(result.episodes.len(), 1);
    assert_eq!(result.episodes[0].parts.len(), 6);
}

#[test]
fn a_long_break_closes_an_episode() {
    // Held on days 0-2, then nothing judged until days 30-32 (held again):
    // two episodes, the first closed on day 2.
    let (mut parts, mut judged) = judged_runs(&[true, true, true]);
    let (later_parts, later_judged) = judged_runs(&[true, true, true]);
    let offset = parts.len();
    parts.extend(later_parts);
    judged.extend(later_judged.into_iter().map(|j| Judged {
        date: j.date + chrono::Days::new(30),
        part: j.part.map(|i| i + offset),
    }));
    let result = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-04-03")));
    assert_eq!(result.episodes.len(), 2);
    assert!(result.episodes[0].closed);
    assert_eq!(result.episodes[0].parts.len(), 3);
    assert!(!result.episodes[1].closed);
}

#[test]
fn an_episode_is_over_4_weeks_after_its_last_day() {
    let (parts, judged) = judged_runs(&[true, true, true]);
    // The log's latest run 27 days after the last held run (2026-03-04):
    // still ongoing; 28 days after: over.
    let ongoing = split(
        EpisodeUnit::Runs,
        parts.clone(),
        &judged,
        Some(day("2026-03-31")),
    );
    assert!(!ongoing.episodes[0].closed);
    let over = split(EpisodeUnit::Runs, parts, &judged, Some(day("2026-04-01")));
    assert!(over.episodes[0].closed);
}

#[test]
fn a_whole_log_of_low_cadence_is_one_finding() {
    let held = vec![true; 40];
    let (parts, judged) = judged_runs(&held);
    let parts: Vec<Part> = parts.into_iter().flatten().collect();
    let findings = shape(
        vec![RuleVerdicts {
            rule: RuleId::CadenceLowAbsolute.rule(),
            parts,
            judged,
        }],
        Some(day("2026-04-10")),
    );
    assert_eq!(findings.len(), 1);
    let episode = findings[0].episode.as_ref().expect("an episode");
    assert_eq!((episode.count, episode.judged), (40, 40));
    assert_eq!(episode.first_date, day("2026-03-02"));
    assert_eq!(episode.last_date, None);
    // Values 160..=199: median (179 + 180) / 2.
    assert_eq!(findings[0].value, Some(179.5));
    assert_eq!(episode.value_range, [160.0, 199.0]);
    assert!(findings[0]
        .message
        .contains("associated with higher injury rates in"));
}

#[test]
fn one_week_of_training_is_one_finding() {
    let run = make(
        RuleId::DescentSessionSpike,
        Tier::High,
        "2026-05-07",
        Some("m"),
    );
    let steep = make(
        RuleId::SteepDescentExposure,
        Tier::Warning,
        "2026-05-07",
        Some("m"),
    );
    let mut week = make(RuleId::DescentSessionSpike, Tier::High, "2026-05-10", None);
    week.label = "weekly descent spike".into();
    let intensity = make(RuleId::IntensitySpike, Tier::Notice, "2026-05-10", None);
    let other_week = make(
        RuleId::WeeklyDistanceJump,
        Tier::Warning,
        "2026-05-17",
        None,
    );
    let groups = grouping::group(vec![run, steep, week, intensity, other_week]);
    let mut sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    sizes.sort();
    assert_eq!(sizes, [1, 4]);
}

#[test]
fn a_streak_takes_the_monotony_of_its_weeks() {
    let mut streak = make(RuleId::RecoveryStreak, Tier::Notice, "2026-05-24", None);
    streak.scope = Scope::Span {
        first_day: day("2026-05-18"),
    };
    let overlapping = make(RuleId::TrainingMonotony, Tier::Warning, "2026-05-24", None);
    let elsewhere = make(RuleId::TrainingMonotony, Tier::Notice, "2026-04-12", None);
    let groups = grouping::group(vec![overlapping, streak, elsewhere]);
    assert_eq!(groups.len(), 2);
    let told = groups
        .iter()
        .find(|g| g.len() == 2)
        .expect("the streak week");
    let finding = super::event_finding(told.clone()).expect("a finding");
    // Told as the streak, at the monotony's tier.
    assert_eq!(finding.rule, "recovery_streak");
    assert_eq!(finding.tier, Tier::Warning);
}

#[test]
fn now_is_at_most_five_findings_of_the_last_28_days_highest_first() {
    let findings: Vec<Part> = [
        ("2026-05-30", Tier::Notice),
        ("2026-05-29", Tier::Notice),
        ("2026-05-20", Tier::Warning),
        ("2026-05-10", Tier::Notice),
        ("2026-05-04", Tier::Notice),
        ("2026-05-03", Tier::High),
        ("2026-05-02", Tier::Notice),
        ("2026-04-01", Tier::High),
    ]
    .iter()
    .enumerate()
    .map(|(i, (date, tier))| {
        make(
            RuleId::SessionDistanceSpike,
            *tier,
            date,
            Some(&format!("r{i}")),
        )
    })
    .collect();
    let mut shown: Vec<_> = findings
        .into_iter()
        .filter_map(|p| super::event_finding(vec![p]))
        .collect();
    order(&mut shown, Some(day("2026-05-30")));
    let listed: Vec<(bool, String)> = shown.iter().map(|w| (w.now, w.date.to_string())).collect();
    // 2026-05-03 is the 28th day back from 2026-05-30; 05-02 is the 29th.
    // Of the six findings within the window, the five highest (then newest)
    // are now, the earliest notice of the window falls to history.
    assert_eq!(
        listed,
        [
            (true, "2026-05-03".into()),
            (true, "2026-05-20".into()),
            (true, "2026-05-30".into()),
            (true, "2026-05-29".into()),
            (true, "2026-05-10".into()),
            (false, "2026-05-04".into()),
            (false, "2026-05-02".into()),
            (false, "2026-04-01".into()),
        ]
    );
}
