//! Plain-text output for a terminal.

use std::io::{self, Write};

use super::records::ActivityRecord;
use crate::import::Skipped;
use crate::log::TrainingLog;
use crate::model::OffsetSource;

/// `h:mm:ss` (or `m:ss` under an hour).
pub fn duration(seconds: Option<f64>) -> String {
    let Some(total) = seconds.filter(|s| *s >= 0.0) else {
        return "-".into();
    };
    let total = total.round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Minutes and seconds per kilometre.
pub fn pace(moving_s: Option<f64>, distance_m: Option<f64>) -> String {
    match (moving_s, distance_m) {
        (Some(time), Some(distance)) if distance >= 10.0 && time > 0.0 => {
            let per_km = (time / (distance / 1000.0)).round() as u64;
            format!("{}:{:02}/km", per_km / 60, per_km % 60)
        }
        _ => "-".into(),
    }
}

fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or("-".into(), |v| format!("{v:.decimals$}"))
}

fn row(record: &ActivityRecord) -> Vec<String> {
    let sport = match &record.sub_sport {
        Some(sub) if sub != "generic" => format!("{} ({sub})", record.sport),
        _ => record.sport.clone(),
    };
    let mut marks = String::new();
    if record.salvaged.is_some() {
        marks.push_str(" [salvaged]");
    }
    if record.sport_inferred {
        marks.push_str(" [sport inferred]");
    }
    if record.utc_offset_source == OffsetSource::AssumedUtc {
        marks.push_str(" [time zone unknown: UTC assumed]");
    }
    vec![
        record
            .start_local
            .replace('T', " ")
            .chars()
            .take(16)
            .collect(),
        sport,
        number(record.distance_m.map(|m| m / 1000.0), 2),
        duration(record.moving_s),
        pace(record.moving_s, record.distance_m),
        format!(
            "{}/{}",
            number(record.ascent_m, 0),
            number(record.descent_m, 0)
        ),
        number(record.avg_cadence_spm, 0),
        number(record.avg_hr_bpm, 0),
        record.device.clone().unwrap_or_else(|| "-".into()),
        format!("{}{marks}", record.files.join(", ")),
    ]
}

fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // Numbers read best right-aligned; text left-aligned. The last column
    // is never padded so lines carry no trailing spaces.
    let numeric = [
        false, false, true, true, true, true, true, true, false, false,
    ];
    let line = |cells: Vec<&str>| -> String {
        let last = cells.len().saturating_sub(1);
        cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let width = widths.get(i).copied().unwrap_or(0);
                match (i == last, numeric.get(i).copied().unwrap_or(false)) {
                    (true, _) => cell.to_string(),
                    (false, true) => format!("{cell:>width$}"),
                    (false, false) => format!("{cell:<width$}"),
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// The `patella import` listing: runs, then skipped, excluded and
/// duplicate files with their reasons.
pub fn write_import(
    out: &mut impl Write,
    log: &TrainingLog,
    skipped: &[Skipped],
) -> io::Result<()> {
    let records: Vec<ActivityRecord> = log.runs.iter().map(ActivityRecord::of).collect();
    // A fold from +0.0: an empty f64 sum is -0.0, printed "-0.0 km".
    let total_km = records
        .iter()
        .filter_map(|r| r.distance_m)
        .fold(0.0, |sum, m| sum + m)
        / 1000.0;
    writeln!(
        out,
        "{} runs, {total_km:.1} km (local times: {})",
        records.len(),
        log.timezone
    )?;
    if let Some(line) = super::records::offset_notes_line(records.iter()) {
        writeln!(out, "{line}")?;
    }
    if !records.is_empty() {
        writeln!(out)?;
        let rows: Vec<Vec<String>> = records.iter().map(row).collect();
        write_table(
            out,
            &[
                "local start",
                "sport",
                "km",
                "moving",
                "pace",
                "asc/desc m",
                "spm",
                "bpm",
                "device",
                "file",
            ],
            &rows,
        )?;
    }
    if !skipped.is_empty() {
        writeln!(out, "\nSkipped ({}):", skipped.len())?;
        for s in skipped {
            writeln!(out, "  {}: {}", s.file, s.reason)?;
        }
    }
    if !log.excluded.is_empty() {
        writeln!(out, "\nExcluded, not running ({}):", log.excluded.len())?;
        for e in &log.excluded {
            writeln!(out, "  {}: {}", e.files.join(", "), e.reason)?;
        }
    }
    if !log.duplicates.is_empty() {
        writeln!(out, "\nDuplicates ({}):", log.duplicates.len())?;
        for d in &log.duplicates {
            writeln!(
                out,
                "  {} duplicates {}: {}",
                d.dropped.join(", "),
                d.kept,
                d.reason
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_paces() {
        assert_eq!(duration(Some(3725.4)), "1:02:05");
        assert_eq!(duration(Some(59.6)), "1:00");
        assert_eq!(duration(None), "-");
        // 3000 s over 10 km = 300 s/km = 5:00/km.
        assert_eq!(pace(Some(3000.0), Some(10_000.0)), "5:00/km");
        assert_eq!(pace(Some(3000.0), None), "-");
    }
}
