//! The report's CSV tables (activities.csv, weeks.csv, warnings.csv): the
//! rows of report.json, one line each, for spreadsheets.
//!
//! Each row is serialized through serde_json first, so the columns are the
//! JSON keys with their units (flattened records included) and a table
//! can never disagree with report.json. Lists are joined with `;`; a null
//! is an empty cell, never 0.

use serde::Serialize;
use serde_json::Value;

/// One CSV table from `rows`; with `athlete`, a first column naming the
/// athlete of each row (the team tables of a coach's report). Rows are
/// encoded as they come: ten years of runs are a megabyte or two of CSV,
/// but several times that as separate cells.
#[derive(Debug)]
pub struct Table<W: std::io::Write> {
    header: Vec<String>,
    csv: csv::Writer<W>,
}

impl<W: std::io::Write> Table<W> {
    /// A table written into `out` as its rows come.
    pub fn to(out: W) -> Table<W> {
        Table {
            header: Vec::new(),
            csv: csv::Writer::from_writer(out),
        }
    }

    /// Appends `rows`, each prefixed with `athlete` when given. Columns are
    /// those of the first row ever added; a later row's extra keys are
    /// dropped and its missing ones left empty.
    pub fn extend<T: Serialize>(
        &mut self,
        athlete: Option<&str>,
        rows: impl IntoIterator<Item = T>,
    ) -> anyhow::Result<()> {
        for row in rows {
            let Value::Object(fields) = serde_json::to_value(row)? else {
                continue;
            };
            if self.header.is_empty() {
                self.header = athlete
                    .map(|_| "athlete".to_string())
                    .into_iter()
                    .chain(fields.keys().cloned())
                    .collect();
                self.csv.write_record(&self.header)?;
            }
            for key in &self.header {
                let value = match (key.as_str(), athlete) {
                    ("athlete", Some(name)) => name.to_string(),
                    _ => fields.get(key).map_or_else(String::new, cell),
                };
                self.csv.write_field(value)?;
            }
            self.csv.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flushes the rows and gives the writer back; nothing at all was
    /// written to it when the table has no rows.
    pub fn finish(self) -> anyhow::Result<W> {
        Ok(self
            .csv
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?)
    }
}

/// One JSON value as a cell: strings bare, null empty, lists joined by `;`.
/// A text starting like a formula (`=`, `+`, `-`, `@`) gets a leading `'`
/// so a spreadsheet shows it instead of running it (an activity named
/// `=HYPERLINK(...)` is someone's prank, not a formula to evaluate);
/// numbers are JSON numbers, not strings, and stay as they are.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) if s.starts_with(['=', '+', '-', '@']) => format!("'{s}"),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        distance_km: Option<f64>,
        files: Vec<&'static str>,
    }

    #[test]
    fn nulls_are_empty_lists_joined_and_commas_quoted() {
        let mut table = Table::to(Vec::new());
        table
            .extend(
                Some("Alex, B."),
                [
                    Row {
                        name: "Long Run",
                        distance_km: Some(21.1),
                        files: vec!["a.fit", "a.gpx"],
                    },
                    Row {
                        name: "no km",
                        distance_km: None,
                        files: vec![],
                    },
                ],
            )
            .unwrap();
        let text = String::from_utf8(table.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "athlete,name,distance_km,files\n\
             \"Alex, B.\",Long Run,21.1,a.fit;a.gpx\n\
             \"Alex, B.\",no km,,\n"
        );
    }

    #[test]
    fn formula_like_text_is_defused() {
        let mut table = Table::to(Vec::new());
        table
            .extend(
                None,
                [Row {
                    name: "=HYPERLINK(\"x\")",
                    distance_km: Some(-1.5),
                    files: vec!["@a.fit"],
                }],
            )
            .unwrap();
        let text = String::from_utf8(table.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "name,distance_km,files\n\"'=HYPERLINK(\"\"x\"\")\",-1.5,'@a.fit\n"
        );
    }
}
