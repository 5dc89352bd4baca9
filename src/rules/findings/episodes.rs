//! Conditions as episodes (knee-risk-rules.md, "Conditions are episodes,
//! not runs"): a condition rule's judged runs (or weeks), walked oldest
//! first. An episode opens when the condition holds on 3 of 5 consecutive
//! judged runs (2 consecutive judged weeks) and closes after 8 judged runs
//! (4 judged weeks), or 4 weeks, without it. What held outside any episode
//! stays a finding of its own.

use std::collections::VecDeque;

use chrono::NaiveDate;

use crate::rules::judge::Judged;
use crate::rules::table::EpisodeUnit;
use crate::rules::warning::Part;

/// Days without the condition that close an episode, however few runs
/// were judged in them.
pub const CLOSE_AFTER_DAYS: i64 = 28;

/// How an episode opens and closes, per unit.
struct Rule {
    /// Holding on `need` of the last `window` judged items opens one.
    need: usize,
    window: usize,
    /// This many judged items in a row without it close one.
    close_after_misses: u32,
}

fn rule_for(unit: EpisodeUnit) -> Rule {
    match unit {
        EpisodeUnit::Runs => Rule {
            need: 3,
            window: 5,
            close_after_misses: 8,
        },
        EpisodeUnit::Weeks => Rule {
            need: 2,
            window: 2,
            close_after_misses: 4,
        },
    }
}

/// One episode: its parts (oldest first), how many items were judged from
/// its first to its last part, and whether it closed before the log's end.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub parts: Vec<Part>,
    pub judged: u32,
    pub closed: bool,
}

/// The episodes of one condition rule and the parts that held outside any.
#[derive(Debug, Default)]
pub struct Split {
    pub episodes: Vec<Run>,
    pub single: Vec<Part>,
}

struct Open {
    parts: Vec<usize>,
    /// Judged items from the first part to the last.
    judged_to_last: u32,
    judged: u32,
    misses: u32,
    last_held: NaiveDate,
}

/// Splits `parts` (a `None` was dropped by a floor and counts as not
/// holding) into episodes and single findings, along `judged`. `latest`
/// is the day of the log's latest run: an episode whose last day is 4
/// weeks before it is over, not ongoing.
pub fn split(
    unit: EpisodeUnit,
    mut parts: Vec<Option<Part>>,
    judged: &[Judged],
    latest: Option<NaiveDate>,
) -> Split {
    let rule = rule_for(unit);
    let held = |j: &Judged| {
        j.part
            .filter(|i| parts.get(*i).is_some_and(Option::is_some))
    };
    let mut window: VecDeque<(NaiveDate, Option<usize>)> = VecDeque::new();
    let mut open: Option<Open> = None;
    let mut episodes: Vec<(Vec<usize>, u32, bool)> = Vec::new();
    let mut single: Vec<usize> = Vec::new();
    for item in judged {
        let part = held(item);
        // Four weeks without a judged run close an episode too: a
        // condition seen again after a long break opens a new one.
        if let Some(episode) =
            open.take_if(|e| (item.date - e.last_held).num_days() >= CLOSE_AFTER_DAYS)
        {
            episodes.push((episode.parts, episode.judged_to_last, true));
        }
        if let Some(episode) = open.as_mut() {
            episode.judged += 1;
            match part {
                Some(i) => {
                    episode.parts.push(i);
                    episode.misses = 0;
                    episode.last_held = item.date;
                    episode.judged_to_last = episode.judged;
                }
                None => {
                    episode.misses += 1;
                    let quiet_days = (item.date - episode.last_held).num_days();
                    if episode.misses >= rule.close_after_misses || quiet_days >= CLOSE_AFTER_DAYS {
                        let done = open.take().expect("open");
                        episodes.push((done.parts, done.judged_to_last, true));
                    }
                }
            }
            continue;
        }
        window.push_back((item.date, part));
        if window.len() > rule.window {
            if let Some((_, Some(i))) = window.pop_front() {
                single.push(i);
            }
        }
        let holding = window.iter().filter(|(_, p)| p.is_some()).count();
        if part.is_none() || holding < rule.need {
            continue;
        }
        // Opens with every held item of the window, counting from the
        // first of them.
        let first = window.iter().position(|(_, p)| p.is_some()).unwrap_or(0);
        let judged_here = (window.len() - first) as u32;
        let parts_here: Vec<usize> = window.iter().filter_map(|(_, p)| *p).collect();
        window.clear();
        open = Some(Open {
            parts: parts_here,
            judged_to_last: judged_here,
            judged: judged_here,
            misses: 0,
            last_held: item.date,
        });
    }
    single.extend(window.iter().filter_map(|(_, p)| *p));
    if let Some(episode) = open {
        let over = latest.is_some_and(|l| (l - episode.last_held).num_days() >= CLOSE_AFTER_DAYS);
        episodes.push((episode.parts, episode.judged_to_last, over));
    }
    let mut take = |indexes: Vec<usize>| -> Vec<Part> {
        let mut taken: Vec<Part> = indexes
            .into_iter()
            .filter_map(|i| parts.get_mut(i).and_then(Option::take))
            .collect();
        taken.sort_by_key(|p| p.date);
        taken
    };
    let episodes = episodes
        .into_iter()
        .map(|(indexes, judged, closed)| Run {
            parts: take(indexes),
            judged,
            closed,
        })
        .collect();
    let single = take(single);
    Split { episodes, single }
}
