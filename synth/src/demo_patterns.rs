//! The "Patterns for the rules" section of the demo's `EXPECTED.md`: the
//! patterns the plan injects for the knee-risk rules
//! (docs/knee-risk-rules.md), each measured by hand from the generated
//! samples, and every other place where the data crosses a rule's
//! `notice` threshold.
//!
//! The measures here are deliberately plain (raw recorded altitude with a
//! 3 m dead band, grade over the next 100 m, medians of running samples)
//! so a reader can redo them; patella's analyzers smooth more, so their
//! descents and steep distances come out somewhat lower, not in another
//! tier.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};

use super::activity::{SynthSport, SyntheticSession};
use super::demo_activity::DemoActivity;

/// The shoe whose mileage the config will start at a known `initial_km`.
const SHOE: &str = "Pegasus 39";
/// The local date on which that shoe should cross 800 km.
const SHOE_800_ON: (i32, u32, u32) = (2026, 5, 19);
/// The rules' 30 days of history before a judged date.
const HISTORY_DAYS: i64 = 30;

/// One run as an importer reads it.
struct Run<'a> {
    demo: &'a DemoActivity,
    date: NaiveDate,
    km: f64,
    minutes: f64,
    session: SyntheticSession,
    /// Descent (3 m dead band) and distance at grade <= -5%, -10%, -15%;
    /// `None` without positions (treadmill).
    descent_m: Option<f64>,
    steep_m: Option<[f64; 3]>,
}

fn runs(demos: &[DemoActivity]) -> Vec<Run<'_>> {
    demos
        .iter()
        .filter(|d| d.plan.sport == SynthSport::Running)
        .filter(|d| d.is_readable_run() || d.is_salvaged_run())
        .filter_map(|d| {
            let session = d.readable_session()?;
            let t = session.totals()?;
            let gps = session.samples.iter().any(|s| s.position.is_some());
            Some(Run {
                demo: d,
                date: d.start_local.date(),
                km: t.distance_m / 1000.0,
                minutes: t.timer_s / 60.0,
                descent_m: gps.then(|| descent(&session)),
                steep_m: gps.then(|| steep(&session)),
                session,
            })
        })
        .collect()
}

/// Descent of the recorded altitude with a 3 m dead band.
fn descent(session: &SyntheticSession) -> f64 {
    let mut total = 0.0;
    let mut reference: Option<f64> = None;
    for a in session.samples.iter().filter_map(|s| s.altitude_m) {
        match reference {
            None => reference = Some(a),
            Some(r) if a < r - 3.0 => {
                total += r - a;
                reference = Some(a);
            }
            Some(r) if a > r + 3.0 => reference = Some(a),
            Some(_) => {}
        }
    }
    total
}

/// Distance (m) run at a grade, over the next 100 m, of <= -5%, -10%, -15%.
fn steep(session: &SyntheticSession) -> [f64; 3] {
    let points: Vec<(f64, f64)> = session
        .samples
        .iter()
        .filter_map(|s| Some((s.distance_m, s.altitude_m?)))
        .collect();
    let mut out = [0.0; 3];
    let mut j = 0;
    for i in 0..points.len().saturating_sub(1) {
        let (d, a) = points[i];
        j = j.max(i + 1);
        while j < points.len() - 1 && points[j].0 < d + 100.0 {
            j += 1;
        }
        let (dj, aj) = points[j];
        if dj - d < 100.0 {
            break;
        }
        let grade = (aj - a) / (dj - d);
        let step = points[i + 1].0 - d;
        for (k, limit) in [-0.05, -0.10, -0.15].iter().enumerate() {
            if grade <= *limit {
                out[k] += step;
            }
        }
    }
    out
}

/// Median of running samples' cadence and speed between two fractions of
/// the session's time.
fn cadence_between(session: &SyntheticSession, from: f64, to: f64) -> Option<(f64, f64)> {
    let (start, end) = (f64::from(session.start_s()), f64::from(session.end_s()));
    let (lo, hi) = (start + (end - start) * from, start + (end - start) * to);
    let mut cadence = Vec::new();
    let mut speed = Vec::new();
    for s in &session.samples {
        let t = f64::from(s.elapsed_s);
        if t < lo || t > hi || s.speed_mps < 1.7 {
            continue;
        }
        if let Some(c) = s.cadence.filter(|c| *c >= 130.0) {
            cadence.push(c);
            speed.push(s.speed_mps);
        }
    }
    Some((median(cadence)?, median(speed)?))
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(n / 2).copied(),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

fn pct(ratio: f64) -> String {
    format!("{:+.1}%", 100.0 * ratio)
}

fn tier(value: f64, notice: f64, warning: f64, high: f64) -> &'static str {
    if value > high {
        "high"
    } else if value > warning {
        "warning"
    } else if value > notice {
        "notice"
    } else {
        "none"
    }
}

/// The largest value of `f` over runs on days d-30..=d-1, with its run.
fn prior_max<'r, 'a>(
    runs: &'r [Run<'a>],
    day: NaiveDate,
    f: impl Fn(&Run) -> Option<f64>,
) -> Option<(f64, &'r Run<'a>)> {
    runs.iter()
        .filter(|r| r.date < day && r.date >= day - Duration::days(HISTORY_DAYS))
        .filter_map(|r| Some((f(r)?, r)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// Days of history before `day` (first run's date to the day before).
fn history(runs: &[Run], day: NaiveDate) -> i64 {
    runs.first().map_or(0, |f| (day - f.date).num_days())
}

fn window(day: NaiveDate) -> String {
    format!(
        "{}..{}",
        day - Duration::days(HISTORY_DAYS),
        day - Duration::days(1)
    )
}

fn file(run: &Run) -> String {
    run.demo
        .files
        .first()
        .map_or_else(String::new, |f| format!("`{f}`"))
}

struct Week {
    monday: NaiveDate,
    number: i64,
    km: f64,
    descent_m: f64,
}

fn weeks(runs: &[Run]) -> Vec<Week> {
    let Some(first) = runs.iter().map(|r| r.demo.week_start).min() else {
        return Vec::new();
    };
    let mut by_week: BTreeMap<NaiveDate, (f64, f64)> = BTreeMap::new();
    for r in runs {
        let e = by_week.entry(r.demo.week_start).or_default();
        e.0 += r.km;
        e.1 += r.descent_m.unwrap_or(0.0);
    }
    by_week
        .into_iter()
        .map(|(monday, (km, descent_m))| Week {
            monday,
            number: (monday - first).num_days() / 7 + 1,
            km,
            descent_m,
        })
        .collect()
}

/// Change of week `i` vs the week before and vs the mean of the 3 before.
fn changes(weeks: &[Week], i: usize, f: impl Fn(&Week) -> f64) -> Option<(f64, f64, f64, f64)> {
    let prev = f(weeks.get(i.checked_sub(1)?)?);
    let three: Vec<f64> = weeks.get(i.checked_sub(3)?..i)?.iter().map(&f).collect();
    let mean = three.iter().sum::<f64>() / 3.0;
    let now = f(weeks.get(i)?);
    (prev > 0.0 && mean > 0.0).then(|| (now / prev - 1.0, now / mean - 1.0, prev, mean))
}

/// Rolling 7-day monotony (mean / population SD of daily minutes) ending
/// on each day, with its days.
fn monotony(runs: &[Run]) -> Vec<(NaiveDate, f64)> {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return Vec::new();
    };
    let mut daily: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for r in runs {
        *daily.entry(r.date).or_default() += r.minutes;
    }
    let mut out = Vec::new();
    let mut day = first.date + Duration::days(6);
    while day <= last.date {
        let loads: Vec<f64> = (0..7)
            .map(|k| {
                daily
                    .get(&(day - Duration::days(k)))
                    .copied()
                    .unwrap_or(0.0)
            })
            .collect();
        let mean = loads.iter().sum::<f64>() / 7.0;
        let sd = (loads.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / 7.0).sqrt();
        if sd > 1e-9 {
            out.push((day, mean / sd));
        }
        day += Duration::days(1);
    }
    out
}

fn streaks(runs: &[Run]) -> Vec<(NaiveDate, NaiveDate, i64)> {
    let mut days: Vec<NaiveDate> = runs.iter().map(|r| r.date).collect();
    days.dedup();
    let mut out: Vec<(NaiveDate, NaiveDate, i64)> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some(s) if s.1 + Duration::days(1) == d => {
                s.1 = d;
                s.2 += 1;
            }
            _ => out.push((d, d, 1)),
        }
    }
    out
}

/// Renders the section.
pub(crate) fn patterns_md(out: &mut String, demos: &[DemoActivity]) {
    let runs = runs(demos);
    let weeks = weeks(&runs);
    let week_of = |d: NaiveDate| {
        weeks
            .iter()
            .find(|w| w.monday <= d && d < w.monday + Duration::days(7))
            .map_or(String::new(), |w| {
                format!("week {}, Monday {}", w.number, w.monday)
            })
    };
    let _ = writeln!(
        out,
        "\n## Patterns for the rules\n\n\
         The rules of `docs/knee-risk-rules.md` should find these patterns, and \
         above `notice` nothing else (see \"Other notices\" below). Measured by hand \
         from the generated samples: distances and minutes as an importer reads \
         them (the salvaged run counts with its readable part); descent is the \
         recorded barometric altitude with a 3 m dead band; grade is over the \
         next 100 m. patella smooths elevation more, so its descents and steep \
         distances come out lower, in the same tier. \"30 days\" is days d-30 to \
         d-1. History before the first judged date: the first run is {}.\n\n\
         | pattern | rule id | local date (week) | file | measured, by hand | expected tier |\n\
         |---|---|---|---|---|---|",
        runs.first().map_or(String::new(), |r| r.date.to_string())
    );

    // 1. History length.
    if let (Some(f), Some(l)) = (weeks.first(), weeks.last()) {
        let _ = writeln!(
            out,
            "| {} weeks of history | (all) | Monday {} to Sunday {} | all | runs on {} \
             local dates | - |",
            l.number,
            f.monday,
            l.monday + Duration::days(6),
            {
                let mut d: Vec<NaiveDate> = runs.iter().map(|r| r.date).collect();
                d.dedup();
                d.len()
            }
        );
    }

    // 2. Weekly jump: the week with the largest smaller-of-both change.
    let jump = (0..weeks.len())
        .filter_map(|i| Some((i, changes(&weeks, i, |w| w.km)?)))
        .max_by(|a, b| a.1 .0.min(a.1 .1).total_cmp(&b.1 .0.min(b.1 .1)));
    if let Some((i, (vs_prev, vs_mean, prev, mean))) = jump {
        let w = &weeks[i];
        let three: Vec<String> = weeks[i - 3..i]
            .iter()
            .map(|w| format!("{:.2}", w.km))
            .collect();
        let in_week: Vec<&Run> = runs
            .iter()
            .filter(|r| r.demo.week_start == w.monday)
            .collect();
        let longest = in_week.iter().map(|r| r.km).fold(0.0, f64::max);
        let spike = in_week
            .iter()
            .filter_map(|r| Some(r.km / prior_max(&runs, r.date, |p| Some(p.km))?.0 - 1.0))
            .fold(f64::MIN, f64::max);
        let _ = writeln!(
            out,
            "| weekly jump | `weekly_distance_jump` | week {} (Monday {}) | its {} runs \
             | {:.2} km vs previous week {prev:.2} km: {}; vs mean of the 3 weeks before \
             ({}) = {mean:.2} km: {}; previous week >= 10 km; longest run {longest:.2} km, \
             and no run longer than its 30-day longest (largest ratio {}) | {} |",
            w.number,
            w.monday,
            in_week.len(),
            w.km,
            pct(vs_prev),
            three.join(", "),
            pct(vs_mean),
            pct(spike),
            tier(vs_prev.min(vs_mean), 0.2, 0.3, 0.6),
        );
    }

    // 3. Single-run spike: the judged run with the largest ratio.
    let spike = runs
        .iter()
        .filter(|r| history(&runs, r.date) >= HISTORY_DAYS)
        .filter_map(|r| {
            let (max, of) = prior_max(&runs, r.date, |p| Some(p.km))?;
            Some((r, max, of, r.km / max - 1.0))
        })
        .max_by(|a, b| a.3.total_cmp(&b.3));
    if let Some((r, max, of, ratio)) = spike {
        let _ = writeln!(
            out,
            "| single-run spike | `session_distance_spike` | {} ({}) | {} | run {} {:.2} km \
             vs longest of {} = {max:.2} km ({}): {} | {} |",
            r.date,
            week_of(r.date),
            file(r),
            r.date,
            r.km,
            window(r.date),
            of.date,
            pct(ratio),
            tier(ratio, 0.1, 0.3, 1.0),
        );
    }

    // 4. Mountain week: runs planned on the steep route.
    let mountain: Vec<&Run> = runs
        .iter()
        .filter(|r| r.demo.plan.route == super::RouteShape::Mountain)
        .collect();
    for r in &mountain {
        let (Some(desc), Some(steep)) = (r.descent_m, r.steep_m) else {
            continue;
        };
        let prior_desc = prior_max(&runs, r.date, |p| p.descent_m);
        let prior_10 = prior_max(&runs, r.date, |p| Some(p.steep_m?[1]));
        let prior_15 = prior_max(&runs, r.date, |p| Some(p.steep_m?[2]));
        let desc_text = prior_desc.map_or_else(
            || "no earlier descent".to_string(),
            |(m, of)| {
                format!(
                    "descent {desc:.0} m vs largest of {} = {m:.0} m ({}): {}",
                    window(r.date),
                    of.date,
                    pct(desc / m - 1.0)
                )
            },
        );
        let desc_tier = prior_desc.map_or("none", |(m, _)| tier(desc / m - 1.0, 0.3, 0.5, 1.0));
        let p10 = prior_10.map_or(0.0, |p| p.0);
        let p15 = prior_15.map_or(0.0, |p| p.0);
        let steep_tier = if steep[2] > p15 && steep[2] > 0.0 {
            "high"
        } else if steep[1] > p10 && steep[1] > 0.0 {
            "warning"
        } else {
            "none"
        };
        let _ = writeln!(
            out,
            "| mountain run | `descent_session_spike` | {} ({}) | {} | {desc_text}; \
             {:.2} km at {:.0} s/km planned | {desc_tier} |",
            r.date,
            week_of(r.date),
            file(r),
            r.km,
            r.demo.plan.pace_s_per_km,
        );
        let _ = writeln!(
            out,
            "| mountain run | `steep_descent_exposure` | {} ({}) | {} | at grade <= -10%: \
             {:.0} m vs 30-day max {p10:.0} m; <= -15%: {:.0} m vs {p15:.0} m; <= -5%: \
             {:.0} m | {steep_tier} |",
            r.date,
            week_of(r.date),
            file(r),
            steep[1],
            steep[2],
            steep[0],
        );
    }
    if let Some(first) = mountain.first() {
        if let Some(i) = weeks.iter().position(|w| w.monday == first.demo.week_start) {
            if let Some((_, vs_mean, _, mean)) = changes(&weeks, i, |w| w.descent_m) {
                let w = &weeks[i];
                let three: Vec<String> = weeks[i - 3..i]
                    .iter()
                    .map(|w| format!("{:.0}", w.descent_m))
                    .collect();
                let _ = writeln!(
                    out,
                    "| mountain week | `descent_session_spike` (weekly) | week {} (Monday {}) \
                     | its runs | weekly descent {:.0} m vs mean of the 3 weeks before ({}) = \
                     {mean:.0} m: {} | {} |",
                    w.number,
                    w.monday,
                    w.descent_m,
                    three.join(", "),
                    pct(vs_mean),
                    tier(vs_mean, 0.3, 0.5, 1.0),
                );
            }
        }
    }

    // 5. Shoe mileage.
    shoe_rows(out, &runs);

    // 6. Streak.
    let all_streaks = streaks(&runs);
    if let Some(s) = all_streaks.iter().max_by_key(|s| s.2) {
        let next = all_streaks
            .iter()
            .filter(|o| o.0 != s.0)
            .map(|o| o.2)
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "| 7-day streak | `recovery_streak` | {} to {} ({}) | its {} runs | {} \
             consecutive local days with a run; no other streak longer than {next} days \
             | {} |",
            s.0,
            s.1,
            week_of(s.0),
            s.2,
            s.2,
            if s.2 >= 21 {
                "high"
            } else if s.2 >= 14 {
                "warning"
            } else if s.2 >= 7 {
                "notice"
            } else {
                "none"
            },
        );
    }

    // 7. Low cadence for the speed.
    for r in runs.iter().filter(|r| {
        r.demo.plan.cadence < super::demo_plan::RUNNER_CADENCE_SPM - 1.0
            && r.demo.plan.cadence_drift == 0.0
    }) {
        let Some((c, v)) = cadence_between(&r.session, 0.0, 1.0) else {
            continue;
        };
        // The runner's usual at this pace: the same planned pace (within
        // 5 s/km) in the 8 weeks before.
        let usual: Vec<f64> = runs
            .iter()
            .filter(|p| p.date < r.date && (r.date - p.date).num_days() <= 56)
            .filter(|p| (p.demo.plan.pace_s_per_km - r.demo.plan.pace_s_per_km).abs() <= 5.0)
            .filter(|p| p.demo.plan.cadence_drift == 0.0)
            .filter_map(|p| Some(cadence_between(&p.session, 0.0, 1.0)?.0))
            .collect();
        let Some(base) =
            (!usual.is_empty()).then(|| usual.iter().sum::<f64>() / usual.len() as f64)
        else {
            continue;
        };
        let ratio = c / base - 1.0;
        let _ = writeln!(
            out,
            "| low cadence for the speed | `cadence_low_vs_baseline` | {} ({}) | {} | \
             median cadence {c:.1} steps/min at {v:.2} m/s vs the mean median of the {} \
             runs at the same planned pace (+-5 s/km) in the 8 weeks before = {base:.1}: \
             {} (planned: base cadence {:.0} instead of {:.0}) | {} |",
            r.date,
            week_of(r.date),
            file(r),
            usual.len(),
            pct(ratio),
            r.demo.plan.cadence,
            super::demo_plan::RUNNER_CADENCE_SPM,
            if ratio <= -0.10 {
                "warning"
            } else if ratio <= -0.05 {
                "notice"
            } else {
                "none"
            },
        );
        let _ = writeln!(
            out,
            "| low cadence, absolute | `cadence_low_absolute` | {} ({}) | {} | median \
             {c:.1} steps/min < 166 at easy pace | notice |",
            r.date,
            week_of(r.date),
            file(r),
        );
    }

    // 8. Late cadence drop.
    for r in runs.iter().filter(|r| r.demo.plan.cadence_drift < 0.0) {
        let (Some((early, v_early)), Some((late, v_late))) = (
            cadence_between(&r.session, 0.10, 0.25),
            cadence_between(&r.session, 0.75, 1.0),
        ) else {
            continue;
        };
        let ratio = late / early - 1.0;
        let _ = writeln!(
            out,
            "| cadence drops late | `form_fatigue_drift` | {} ({}) | {} | {:.0} min run; \
             median cadence of the last 25% of its time {late:.1} at {v_late:.2} m/s vs \
             minutes 10%-25% {early:.1} at {v_early:.2} m/s (same speed): {}; no ground \
             contact time recorded | {} |",
            r.date,
            week_of(r.date),
            file(r),
            r.minutes,
            pct(ratio),
            if ratio <= -0.05 {
                "warning"
            } else if ratio <= -0.03 {
                "notice"
            } else {
                "none"
            },
        );
    }

    other_notices(out, &runs, &weeks);
}

fn shoe_rows(out: &mut String, runs: &[Run]) {
    let mut totals: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for r in runs {
        let e = totals.entry(r.demo.gear).or_default();
        e.0 += 1;
        e.1 += r.km;
    }
    let list: Vec<String> = totals
        .iter()
        .map(|(g, (n, km))| format!("\"{g}\" {n} runs {km:.2} km"))
        .collect();
    let shoe_runs: Vec<&Run> = runs.iter().filter(|r| r.demo.gear == SHOE).collect();
    let (y, m, d) = SHOE_800_ON;
    let Some(target) = NaiveDate::from_ymd_opt(y, m, d) else {
        return;
    };
    let before: f64 = shoe_runs
        .iter()
        .filter(|r| r.date < target)
        .map(|r| r.km)
        .sum();
    let on = shoe_runs
        .iter()
        .find(|r| r.date >= target)
        .map_or(0.0, |r| r.km);
    // Halfway into the target run, rounded to whole km.
    let initial = (800.0 - before - on / 2.0).round();
    let crossing = |limit: f64| {
        let mut total = initial;
        for r in &shoe_runs {
            total += r.km;
            if total >= limit {
                return format!("{} ({total:.2} km after it, {})", r.date, file(r));
            }
        }
        "never".to_string()
    };
    let _ = writeln!(
        out,
        "| shoe past 800 km | `shoe_mileage` | 500 km: {}; 800 km: {} | the \"{SHOE}\" \
         runs | km per Activity Gear over the runs an importer reads: {}. With \
         `initial_km = {initial:.0}` for \"{SHOE}\" the total is {:.2} km at the end | \
         notice from the 500 km date, warning from the 800 km date |",
        crossing(500.0),
        crossing(800.0),
        list.join(", "),
        initial + shoe_runs.iter().map(|r| r.km).sum::<f64>(),
    );
}

fn other_notices(out: &mut String, runs: &[Run], weeks: &[Week]) {
    let _ = writeln!(
        out,
        "\nOther notices: every other place where the same hand measures cross a \
         rule's `notice` threshold (\"before 30 days\": the rule reports \
         `insufficient_history` there).\n"
    );
    let mut lines: Vec<String> = Vec::new();
    let mut line = |text: String| lines.push(text);
    let spike_run = runs
        .iter()
        .filter(|r| history(runs, r.date) >= HISTORY_DAYS)
        .filter_map(|r| Some((r, r.km / prior_max(runs, r.date, |p| Some(p.km))?.0 - 1.0)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(r, _)| r.date);
    for r in runs {
        let Some((max, of)) = prior_max(runs, r.date, |p| Some(p.km)) else {
            continue;
        };
        let ratio = r.km / max - 1.0;
        if ratio > 0.10 && Some(r.date) != spike_run {
            let h = history(runs, r.date);
            line(format!(
                "`session_distance_spike`: run {} {:.2} km ({}) vs longest of {} = \
                 {max:.2} km ({}): {}: {}",
                r.date,
                r.km,
                file(r),
                window(r.date),
                of.date,
                pct(ratio),
                if h >= HISTORY_DAYS {
                    tier(ratio, 0.1, 0.3, 1.0).to_string()
                } else {
                    format!("before 30 days ({h} days of history)")
                }
            ));
        }
    }
    let first = runs.first().map(|r| r.date);
    for i in 0..weeks.len() {
        let w = &weeks[i];
        let h = first.map_or(0, |f| (w.monday + Duration::days(6) - f).num_days());
        if let Some((p, m, _, _)) = changes(weeks, i, |w| w.km) {
            if p > 0.2 && m > 0.2 && p.min(m) <= 0.3 {
                line(format!(
                    "`weekly_distance_jump`: week {} (Monday {}) {:.2} km: {} vs the week \
                     before, {} vs the mean of the 3 before: notice",
                    w.number,
                    w.monday,
                    w.km,
                    pct(p),
                    pct(m)
                ));
            }
        }
        if let Some((_, m, _, mean)) = changes(weeks, i, |w| w.descent_m) {
            if m > 0.3 && m <= 1.0 {
                line(format!(
                    "`descent_session_spike` (weekly): week {} (Monday {}) descent {:.0} m \
                     vs mean of the 3 weeks before {mean:.0} m: {}: {}",
                    w.number,
                    w.monday,
                    w.descent_m,
                    pct(m),
                    if h >= HISTORY_DAYS {
                        tier(m, 0.3, 0.5, 1.0).to_string()
                    } else {
                        format!("before 30 days ({h} days of history)")
                    }
                ));
            }
        }
    }
    for r in runs
        .iter()
        .filter(|r| r.demo.plan.route != super::RouteShape::Mountain)
    {
        let h = history(runs, r.date);
        let when = if h >= HISTORY_DAYS {
            String::new()
        } else {
            format!(" (before 30 days: {h} days of history)")
        };
        if let (Some(desc), Some((m, of))) = (
            r.descent_m.filter(|d| *d >= 100.0),
            prior_max(runs, r.date, |p| p.descent_m),
        ) {
            if desc / m - 1.0 > 0.3 {
                line(format!(
                    "`descent_session_spike`: run {} ({}) descent {desc:.0} m vs largest of \
                     {} = {m:.0} m ({}): {}: {}{when}",
                    r.date,
                    file(r),
                    window(r.date),
                    of.date,
                    pct(desc / m - 1.0),
                    tier(desc / m - 1.0, 0.3, 0.5, 1.0),
                ));
            }
        }
        if let Some(steep) = r.steep_m {
            let band = steep[0] - steep[1];
            let prior = prior_max(runs, r.date, |p| Some(p.steep_m?[0] - p.steep_m?[1]));
            if let Some((m, of)) = prior.filter(|(m, _)| band > *m && band > 0.0) {
                line(format!(
                    "`steep_descent_exposure`: run {} ({}) {band:.0} m at grade -10%..-5% vs \
                     its 30-day max {m:.0} m ({}): notice{when}",
                    r.date,
                    file(r),
                    of.date,
                ));
            }
        }
    }
    for (day, m) in monotony(runs) {
        if m > 1.5 {
            line(format!(
                "`training_monotony`: the 7 days {}..{day}: mean / SD of daily minutes = \
                 {m:.2}: {}",
                day - Duration::days(6),
                if m > 2.0 { "warning" } else { "notice" }
            ));
        }
    }
    for r in runs
        .iter()
        .filter(|r| r.demo.plan.sport == SynthSport::Running)
    {
        if r.demo.plan.cadence >= super::demo_plan::RUNNER_CADENCE_SPM - 1.0
            && r.demo.plan.cadence_drift == 0.0
        {
            if let Some((c, _)) = cadence_between(&r.session, 0.0, 1.0) {
                if c < 166.0 {
                    line(format!(
                        "`cadence_low_absolute`: run {} ({}, {:.0} s/km planned) median \
                         {c:.1} steps/min < 166: notice if the rule counts this pace as easy",
                        r.date,
                        file(r),
                        r.demo.plan.pace_s_per_km,
                    ));
                }
            }
        }
    }
    if lines.is_empty() {
        lines.push("none".to_string());
    }
    for text in lines {
        let _ = writeln!(out, "- {text}");
    }
}
