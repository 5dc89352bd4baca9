//! `patella init`: a commented starter patella.toml. Every key is shown,
//! commented out where no value can be guessed, so the file documents
//! itself; shoes come from the gear column of Strava's activities.csv.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::ConfigError;
pub use super::gear::{gear_from_csv, GearUse};
use super::load::FILE_NAME;
use super::model::{rule_ids, Config, RunKind};

/// A starter config naming the athlete after the folder, with one shoe
/// block per Strava gear (no dates).
pub fn template(folder_name: &str, strava_gears: &[String]) -> String {
    let gears: Vec<GearUse> = strava_gears
        .iter()
        .map(|name| GearUse {
            name: name.clone(),
            first: None,
            last: None,
        })
        .collect();
    template_with_dates(folder_name, &gears)
}

/// Like [`template`], with each shoe's dates filled in where that cannot
/// make two shoes claim the same day: a shoe whose first..last use crosses
/// another's keeps its dates as comments (Strava's gear column assigns those
/// runs anyway). The shoe used last is left open ("still in use").
pub fn template_with_dates(folder_name: &str, gears: &[GearUse]) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(
        &mut out,
        "# patella.toml: settings for the runs in this folder. Every key is optional;",
    );
    line(
        &mut out,
        "# a commented key shows its form. Dates are local calendar dates, inclusive.",
    );
    line(&mut out, "");
    line(&mut out, "[athlete]");
    let name = format!("name = {}", toml_string(folder_name));
    line(
        &mut out,
        &pad(&name, "shown in reports; default: the folder's name"),
    );
    line(
        &mut out,
        &pad(
            "# timezone = \"America/Denver\"",
            "IANA zone, for runs with neither GPS nor a UTC offset",
        ),
    );
    line(
        &mut out,
        &pad(
            "week_start = \"monday\"",
            "first day of a training week: \"monday\" or \"sunday\"",
        ),
    );
    line(
        &mut out,
        &pad(
            "# max_hr = 190",
            "beats/min; enables heart-rate based intensity",
        ),
    );
    line(
        &mut out,
        &pad(
            "# threshold_hr = 172",
            "beats/min at threshold: time above it counts as intense",
        ),
    );
    line(&mut out, "");
    line(
        &mut out,
        "# One [[shoes]] block per pair. A run's shoe comes from [[shoe_overrides]], then",
    );
    line(
        &mut out,
        "# Strava's gear column, then the dates below (ranges must not overlap).",
    );
    let sports: Vec<&str> = RunKind::ALL.into_iter().map(RunKind::name).collect();
    let sports_help = format!("default: all running ({})", sports.join(", "));
    if gears.is_empty() {
        line(&mut out, "# [[shoes]]");
        line(
            &mut out,
            &pad(
                "# name = \"Pegasus 39\"",
                "required in each [[shoes]] block",
            ),
        );
    }
    let last_used = gears.iter().filter_map(|g| g.last).max();
    for (index, gear) in gears.iter().enumerate() {
        let crossing = gears
            .iter()
            .enumerate()
            .any(|(other_index, other)| other_index != index && dates_cross(gear, other));
        let comment = if crossing { "# " } else { "" };
        line(&mut out, "");
        line(&mut out, "[[shoes]]");
        line(&mut out, &format!("name = {}", toml_string(&gear.name)));
        if index == 0 {
            line(
                &mut out,
                &pad(
                    "initial_km = 0.0",
                    "distance already on the shoe before the first run here",
                ),
            );
            line(
                &mut out,
                &pad(
                    "# retire_km = 800.0",
                    "warn from here; default from the shoe_mileage rule",
                ),
            );
        } else {
            line(&mut out, "initial_km = 0.0");
            line(&mut out, "# retire_km = 800.0");
        }
        match gear.first {
            Some(first) => {
                let why = if crossing {
                    "first run in activities.csv; used alongside another shoe"
                } else {
                    "first run in activities.csv (a UTC date: check it)"
                };
                line(&mut out, &pad(&format!("{comment}from = {first}"), why));
            }
            None => line(&mut out, &pad("# from = 2026-03-02", "first day in use")),
        }
        match gear.last {
            Some(last) if gear.first.is_some() && Some(last) != last_used => {
                line(
                    &mut out,
                    &pad(
                        &format!("{comment}until = {last}"),
                        "last run in activities.csv (UTC)",
                    ),
                );
            }
            _ => line(
                &mut out,
                &pad(
                    "# until = 2026-05-24",
                    "last day in use; leave out while in use",
                ),
            ),
        }
        if index == 0 {
            line(
                &mut out,
                &pad("# sports = [\"running\", \"trail_running\"]", &sports_help),
            );
        } else {
            line(&mut out, "# sports = [\"running\"]");
        }
    }
    if gears.is_empty() {
        line(
            &mut out,
            &pad(
                "# initial_km = 0.0",
                "distance already on the shoe before the first run here",
            ),
        );
        line(
            &mut out,
            &pad(
                "# retire_km = 800.0",
                "warn from here; default from the shoe_mileage rule",
            ),
        );
        line(&mut out, &pad("# from = 2026-03-02", "first day in use"));
        line(
            &mut out,
            &pad(
                "# until = 2026-05-24",
                "last day in use; leave out while in use",
            ),
        );
        line(
            &mut out,
            &pad("# sports = [\"running\", \"trail_running\"]", &sports_help),
        );
    }
    line(&mut out, "");
    line(
        &mut out,
        "# Pin one run to a shoe, by file (relative to this folder) or by local date.",
    );
    line(&mut out, "# [[shoe_overrides]]");
    line(
        &mut out,
        &pad(
            "# file = \"activities/123.fit.gz\"",
            "or: date = 2026-04-12",
        ),
    );
    line(
        &mut out,
        &pad("# shoe = \"Pegasus 39\"", "the name of a [[shoes]] block"),
    );
    line(&mut out, "");
    line(
        &mut out,
        "# Rule thresholds (see knee-risk-rules.md); rule ids:",
    );
    let chunks: Vec<String> = rule_ids().chunks(4).map(|ids| ids.join(", ")).collect();
    line(&mut out, &format!("#   {}", chunks.join(",\n#   ")));
    line(&mut out, "# [rules.session_distance_spike]");
    line(
        &mut out,
        &pad(
            "# notice = 0.10",
            "tiers must grow: notice <= warning <= high",
        ),
    );
    line(&mut out, "# warning = 0.30");
    line(&mut out, "# high = 1.00");
    line(
        &mut out,
        &pad("# enabled = true", "false turns the rule off"),
    );
    out
}

/// A line with its one-line explanation aligned after it.
fn pad(text: &str, why: &str) -> String {
    format!("{text:<40} # {why}")
}

/// Whether two gears were both in use on some day (first..last inclusive).
fn dates_cross(a: &GearUse, b: &GearUse) -> bool {
    match (a.first, a.last, b.first, b.last) {
        (Some(a_first), Some(a_last), Some(b_first), Some(b_last)) => {
            a_first <= b_last && b_first <= a_last
        }
        _ => false,
    }
}

/// A TOML basic string: names come from the user's files and may hold
/// quotes, backslashes or control characters.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a starter patella.toml into `folder`, with the shoes of
/// `folder/activities.csv` when there is one. Never replaces an existing
/// config; writes a temporary file first so a crash leaves no half file.
pub fn write_init(folder: &Path) -> Result<PathBuf, ConfigError> {
    let target = folder.join(FILE_NAME);
    let label = target.display().to_string();
    if fs::symlink_metadata(&target).is_ok() {
        return Err(ConfigError::AlreadyExists { file: label });
    }
    let csv_path = folder.join("activities.csv");
    let gears = match fs::read(&csv_path) {
        Ok(bytes) => gear_from_csv(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(ConfigError::Io {
                file: csv_path.display().to_string(),
                message: format!("cannot read: {e}"),
            })
        }
    };
    let folder_name = folder
        .canonicalize()
        .ok()
        .and_then(|full| full.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| folder.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "runner".to_string());
    let text = template_with_dates(&folder_name, &gears);
    // A template that does not load back is a bug here; never write it.
    Config::parse_str(&text, &label)?;
    let io = |e: std::io::Error| ConfigError::Io {
        file: label.clone(),
        message: format!("cannot write: {e}"),
    };
    let temp = folder.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(io(e));
    }
    // A hard link fails when the target exists, so a config created since
    // the check above is not replaced; rename is the fallback for file
    // systems without links.
    let placed = match fs::hard_link(&temp, &target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(ConfigError::AlreadyExists {
                file: label.clone(),
            })
        }
        Err(_) if fs::symlink_metadata(&target).is_ok() => Err(ConfigError::AlreadyExists {
            file: label.clone(),
        }),
        Err(_) => fs::rename(&temp, &target).map_err(io),
    };
    let _ = fs::remove_file(&temp);
    placed.map(|()| target)
}
