//! Merging copies of the same activity (one run exported as FIT, GPX and
//! TCX, or once from the watch and once from Strava).
//!
//! Two activities are the same when they start within [`START_WINDOW_S`]
//! of each other and either their distances are within
//! [`DISTANCE_TOLERANCE`] or their tracks run along each other.
//!
//! The track test is a mean nearest distance, not a Fréchet distance: the
//! copies are sampled differently (1 s GPX against "smart" FIT recording)
//! and a single glitched fix would set a Fréchet distance (a maximum) on its
//! own, while a mean shrugs it off. It is taken both ways and the larger
//! mean kept, so a short run that lies along part of a long one does not
//! match it.

use std::cell::OnceCell;
use std::cmp::{Ordering, Reverse};

use super::local_time::LocalTime;
use super::summary::RunSummary;
use crate::model::{haversine_m, spread, Activity, Format, LatLon};

/// Copies of one run start within seconds of each other; two different runs
/// of one athlete never start within two minutes.
const START_WINDOW_S: i64 = 120;
/// Device distance and GPS track length of one run differ by 1-2 %.
const DISTANCE_TOLERANCE: f64 = 0.03;
/// GPS noise between two recordings of one track is a few metres; parallel
/// streets are 50 m and more apart.
const TRACK_GAP_M: f64 = 30.0;
/// First fixes further apart than this were not one recording: a phone's
/// cold-start error is a few hundred metres at most.
const START_PLACE_VETO_M: f64 = 1000.0;
/// Points of one track compared against the other.
const TRACK_SAMPLES: usize = 50;
/// Activities after each one that it is compared with, at most. Copies of
/// one run are a handful (the watch's FIT, its GPX and TCX, Strava's,
/// Apple's); a crowd starting together (a device whose clock was never
/// set writes FIT's epoch into every file) would otherwise cost every
/// pair, 590 s for a thousand files.
const MAX_NEIGHBOURS: usize = 16;
/// Fewer fixes than this are not a track worth comparing.
const MIN_TRACK_FIXES: usize = 10;
const EARTH_RADIUS_M: f64 = 6_371_008.8;

#[cfg(test)]
thread_local! {
    /// Calls of `compare` on this thread, for the test of the bound on
    /// comparisons.
    static COMPARISONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// An activity with its totals, on its way through the log.
///
/// The log is built in this one vector, in place: ten years of runs are
/// tens of megabytes of these, and a copy of them per stage (sorting,
/// splitting runs from the rest, merging copies, resolving local times)
/// set the peak of a long log. See [`super::build_summarized`].
#[derive(Debug, Clone)]
pub struct Candidate {
    pub activity: Activity,
    pub summary: RunSummary,
    /// Set by `merge` on the kept copy of an activity found more than
    /// once.
    pub copies: Option<Box<Copies>>,
    /// Set once copies are merged (their offsets carried over), just before
    /// the candidate becomes a [`super::LoggedRun`]; holding it here makes
    /// a candidate as large as a logged run, which is what lets the one
    /// become the other in the same memory.
    pub local: Option<LocalTime>,
}

impl Candidate {
    pub fn new(summary: RunSummary, activity: Activity) -> Candidate {
        Candidate {
            activity,
            summary,
            copies: None,
            local: None,
        }
    }
}

/// The copies merged into a kept activity.
#[derive(Debug, Clone)]
pub struct Copies {
    /// The dropped copies' files, without the kept copy's own: one FIT file
    /// can hold the same activity twice.
    pub dropped_files: Vec<String>,
    /// Why the dropped copies were judged the same.
    pub reason: String,
}

/// Groups copies of the same activity (transitively) and keeps the richest
/// of each group, with [`Candidate::copies`] saying what was merged into
/// it. The kept ones come oldest first, in the vector given.
///
/// Only neighbours within the start window are compared, after sorting by
/// start, and at most [`MAX_NEIGHBOURS`] of them, so ten years of runs
/// cost a few thousand comparisons, not millions.
pub fn merge(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    // Unstable, as a stable sort borrows a scratch copy of up to 8 MB; the
    // id (start and a hash of file and session) makes the order total.
    candidates.sort_unstable_by(|a, b| {
        let (a, b) = (&a.activity, &b.activity);
        (a.start_utc, &a.files, &a.id).cmp(&(b.start_utc, &b.files, &b.id))
    });
    let tracks: Vec<OnceCell<Option<Track>>> = candidates.iter().map(|_| OnceCell::new()).collect();
    let track = |i: usize| {
        tracks[i]
            .get_or_init(|| Track::of(&candidates[i].activity))
            .as_ref()
    };
    let mut sets = DisjointSets::new(candidates.len());
    for i in 0..candidates.len() {
        for j in (i + 1..candidates.len()).take(MAX_NEIGHBOURS) {
            if seconds_apart(&candidates[i], &candidates[j]) > START_WINDOW_S as f64 {
                break;
            }
            if compare(&candidates[i], &candidates[j], || (track(i), track(j))).is_some() {
                sets.union(i, j);
            }
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for i in 0..candidates.len() {
        members[sets.find(i)].push(i);
    }
    for group in &mut members {
        group.sort_by(|&a, &b| richer_first(&candidates[a], &candidates[b]));
    }
    let reasons: Vec<Option<String>> = members
        .iter()
        .map(|group| {
            let (&kept, dropped) = group.split_first()?;
            (!dropped.is_empty()).then(|| describe(&candidates, kept, dropped, &track))
        })
        .collect();
    drop(tracks);

    let mut keep = vec![false; candidates.len()];
    for (group, reason) in members.iter().zip(reasons) {
        let Some((&kept, dropped)) = group.split_first() else {
            continue;
        };
        keep[kept] = true;
        if let Some(reason) = reason {
            let dropped_files = carry_over(&mut candidates, kept, dropped);
            candidates[kept].copies = Some(Box::new(Copies {
                dropped_files,
                reason,
            }));
        }
    }
    // What is kept is a subsequence of the sorted candidates: oldest first.
    let mut index = 0;
    candidates.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    candidates
}

/// Richer first: more channels, then more samples, then the format that
/// carries the most (FIT > TCX > GPX); the file name settles ties so the
/// choice never depends on the order files were found in.
fn richer_first(a: &Candidate, b: &Candidate) -> Ordering {
    richness(b).cmp(&richness(a))
}

fn richness(c: &Candidate) -> (usize, usize, u8, Reverse<&[String]>) {
    // Apple's copy joins its records to the route: richer than the route
    // GPX alone, which has the same samples' positions and no more.
    let format = match c.activity.format {
        Format::AppleHealth => 3,
        Format::Fit => 2,
        Format::Tcx => 1,
        Format::Gpx => 0,
    };
    let (channels, samples) = c.activity.richness();
    (
        channels,
        samples,
        format,
        Reverse(c.activity.files.as_slice()),
    )
}

/// The name and gear only Strava knows, and an offset only one file states,
/// are facts about the run whichever copy is kept. Takes them from the
/// `dropped` copies (which are discarded next) and returns the files added
/// to the kept copy's list.
fn carry_over(candidates: &mut [Candidate], kept: usize, dropped: &[usize]) -> Vec<String> {
    let mut added = Vec::new();
    for &other in dropped {
        let copy = &mut candidates[other].activity;
        let name = copy.name.take();
        let (gear, gear_source) = (copy.gear.take(), copy.gear_source);
        let utc_offset = copy.utc_offset.take();
        let files = std::mem::take(&mut copy.files);
        let kept = &mut candidates[kept].activity;
        if kept.name.is_none() {
            kept.name = name;
        }
        if kept.gear.is_none() {
            kept.gear = gear;
            kept.gear_source = gear_source;
        }
        if kept.utc_offset.is_none() {
            kept.utc_offset = utc_offset;
        }
        for file in files {
            if !kept.files.contains(&file) {
                kept.files.push(file.clone());
                added.push(file);
            }
        }
    }
    added
}

/// How two copies were found to match.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Match {
    Distance { seconds: f64, apart: f64 },
    Track { seconds: f64, gap_m: f64 },
}

fn seconds_apart(a: &Candidate, b: &Candidate) -> f64 {
    let delta = b.activity.start_utc - a.activity.start_utc;
    (delta.num_milliseconds() as f64 / 1000.0).abs()
}

/// Whether `a` and `b` are one activity. Tracks are asked for only when the
/// distances do not settle it, because building them is the costly part.
fn compare<'t>(
    a: &Candidate,
    b: &Candidate,
    tracks: impl FnOnce() -> (Option<&'t Track>, Option<&'t Track>),
) -> Option<Match> {
    #[cfg(test)]
    COMPARISONS.with(|n| n.set(n.get() + 1));
    let seconds = seconds_apart(a, b);
    if seconds > START_WINDOW_S as f64 {
        return None;
    }
    let apart = match (a.summary.distance_m, b.summary.distance_m) {
        (Some(da), Some(db)) => Some((da - db).abs() / da.max(db)),
        _ => None,
    }
    .filter(|apart| *apart <= DISTANCE_TOLERANCE);
    // Two recordings that start in different places are two runs, however
    // alike their start time and distance (two athletes' files in one
    // folder). Copies of one recording share their first fix.
    if let (Some(fa), Some(fb)) = (a.activity.first_fix(), b.activity.first_fix()) {
        if haversine_m(fa, fb) > START_PLACE_VETO_M {
            return None;
        }
    }
    if let Some(apart) = apart {
        return Some(Match::Distance { seconds, apart });
    }
    let (Some(ta), Some(tb)) = tracks() else {
        return None;
    };
    let gap_m = ta.mean_gap_m(tb, TRACK_GAP_M);
    if gap_m > TRACK_GAP_M {
        return None;
    }
    let gap_m = gap_m.max(tb.mean_gap_m(ta, TRACK_GAP_M));
    (gap_m <= TRACK_GAP_M).then_some(Match::Track { seconds, gap_m })
}

/// One reason for a whole group, e.g. "same start (±0 s) and distance (1.2%
/// apart)", with the largest differences between the kept copy and the
/// dropped ones.
fn describe<'t>(
    candidates: &[Candidate],
    kept: usize,
    dropped: &[usize],
    track: &impl Fn(usize) -> Option<&'t Track>,
) -> String {
    let (mut by_distance, mut by_track, mut chained) = (None::<(f64, f64)>, None::<(f64, f64)>, 0);
    let widest = |old: Option<(f64, f64)>, s: f64, v: f64| {
        Some(old.map_or((s, v), |(os, ov)| (os.max(s), ov.max(v))))
    };
    for &other in dropped {
        match compare(&candidates[kept], &candidates[other], || {
            (track(kept), track(other))
        }) {
            Some(Match::Distance { seconds, apart }) => {
                by_distance = widest(by_distance, seconds, apart)
            }
            Some(Match::Track { seconds, gap_m }) => by_track = widest(by_track, seconds, gap_m),
            None => chained += 1,
        }
    }
    let mut parts = Vec::new();
    if let Some((seconds, apart)) = by_distance {
        parts.push(format!(
            "same start (±{seconds:.0} s) and distance ({:.1}% apart)",
            apart * 100.0
        ));
    }
    if let Some((seconds, gap_m)) = by_track {
        parts.push(format!(
            "same start (±{seconds:.0} s) and track (mean gap {gap_m:.0} m)"
        ));
    }
    if chained > 0 {
        parts.push("matched through another copy of the same run".to_string());
    }
    parts.join("; ")
}

/// A track thinned for comparison: a few sample points, and an outline of
/// the whole track to measure them against.
#[derive(Debug)]
struct Track {
    samples: Vec<LatLon>,
    outline: Vec<LatLon>,
}

impl Track {
    /// From the activity's outline: its fixes spread over the track are
    /// the polyline, a tenth of them the samples.
    ///
    /// `None` without enough fixes, or when the packed track is empty (a
    /// damaged one, or one dropped after the log was built): no track is
    /// better than an empty one, which every other track would be near.
    fn of(activity: &Activity) -> Option<Track> {
        let outline = activity.outline();
        if outline.valid_fixes < MIN_TRACK_FIXES {
            return None;
        }
        let fixes = outline.track.fixes();
        (!fixes.is_empty()).then(|| Track {
            samples: spread(&fixes, TRACK_SAMPLES),
            outline: fixes,
        })
    }

    /// Mean distance from this track's samples to the other's outline, or
    /// infinity as soon as it is sure to be over `over_m`: two different
    /// runs part within a few samples, and each sample costs a pass over
    /// the other's outline.
    fn mean_gap_m(&self, other: &Track, over_m: f64) -> f64 {
        let count = self.samples.len().max(1) as f64;
        let mut total = 0.0;
        for &p in &self.samples {
            total += distance_to_polyline_m(p, &other.outline);
            if total > over_m * count {
                return f64::INFINITY;
            }
        }
        total / count
    }
}

/// Distance from `p` to the nearest segment of `line`, on a flat projection
/// centred on `p`: exact enough over the few hundred metres that matter.
fn distance_to_polyline_m(p: LatLon, line: &[LatLon]) -> f64 {
    let scale = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    let cos_lat = p.lat_deg.to_radians().cos();
    let project = |q: LatLon| {
        // Runs across the antimeridian would otherwise be half a world apart.
        let dlon = (q.lon_deg - p.lon_deg + 540.0).rem_euclid(360.0) - 180.0;
        (dlon * cos_lat * scale, (q.lat_deg - p.lat_deg) * scale)
    };
    let nearest = match line {
        [only] => {
            let (x, y) = project(*only);
            x.hypot(y)
        }
        _ => line
            .windows(2)
            .map(|w| origin_to_segment(project(w[0]), project(w[1])))
            .fold(f64::INFINITY, f64::min),
    };
    if nearest.is_finite() {
        nearest
    } else {
        f64::INFINITY
    }
}

fn origin_to_segment((ax, ay): (f64, f64), (bx, by): (f64, f64)) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let length_sq = dx * dx + dy * dy;
    let t = if length_sq > 0.0 {
        (-(ax * dx + ay * dy) / length_sq).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (ax + t * dx).hypot(ay + t * dy)
}

/// Union-find over candidate indices, for transitive grouping.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(len: usize) -> Self {
        DisjointSets {
            parent: (0..len).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// The smaller index becomes the root, so a group's root is its earliest
    /// member.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child] = root;
    }
}

#[cfg(test)]
mod tests;
