//! A report written one athlete at a time: each athlete's piece of
//! report.json and of the CSV tables goes to a file of its own as soon as
//! the athlete is analyzed, and the whole files are put together from the
//! pieces at the end, a buffer at a time. So a team's report never sits in
//! memory whole, and athletes analyzed side by side write side by side.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::json::{AthleteReport, NOT_MEDICAL_ADVICE};

/// The pieces, in a temporary folder removed with it.
#[derive(Debug)]
pub struct Parts {
    dir: tempfile::TempDir,
}

impl Parts {
    /// A folder for the pieces inside `near` (beside the report being
    /// written, so on the same disk), else the system's temporary folder.
    pub fn new(near: Option<&Path>) -> io::Result<Parts> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".patella-parts-");
        let dir = match near {
            Some(folder) => builder.tempdir_in(folder)?,
            None => builder.tempdir()?,
        };
        Ok(Parts { dir })
    }

    fn path(&self, athlete: usize, name: &str) -> PathBuf {
        self.dir.path().join(format!("{athlete:06}.{name}"))
    }

    /// Writes athlete `athlete`'s piece `name` as `write` produces it.
    pub fn write(
        &self,
        athlete: usize,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(self.path(athlete, name))?);
        write(&mut out)?;
        out.flush()
    }

    fn open(&self, athlete: usize, name: &str) -> Option<BufReader<File>> {
        File::open(self.path(athlete, name))
            .ok()
            .map(|file| BufReader::with_capacity(1 << 16, file))
    }

    /// report.json of `athletes` (in this order; those without a piece are
    /// left out) listing `charts`: byte for byte what serde_json prints
    /// for the whole [`super::json::ReportDocument`].
    pub fn write_document(
        &self,
        athletes: &[usize],
        charts: &[String],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"schema_version\": 1,\n  \"generator\": {},\n  \"notice\": {},\n  \"athletes\": [",
            quoted(&format!("patella {}", env!("CARGO_PKG_VERSION")))?,
            quoted(NOT_MEDICAL_ADVICE)?
        )?;
        let mut any = false;
        for &athlete in athletes {
            let Some(mut piece) = self.open(athlete, JSON) else {
                continue;
            };
            out.write_all(if any { b",\n" } else { b"\n" })?;
            io::copy(&mut piece, out)?;
            any = true;
        }
        out.write_all(if any { b"\n  ],\n" } else { b"],\n" })?;
        out.write_all(b"  \"charts\": [")?;
        for (i, chart) in charts.iter().enumerate() {
            let separator = if i == 0 { "" } else { "," };
            write!(out, "{separator}\n    {}", quoted(chart)?)?;
        }
        out.write_all(if charts.is_empty() { b"]" } else { b"\n  ]" })?;
        out.write_all(b"\n}")
    }

    /// The CSV table `name` of `athletes` in this order: one header line
    /// (the first piece's; every piece of one table has the same), then
    /// every piece's rows; one newline when no athlete has a row.
    pub fn write_table(
        &self,
        athletes: &[usize],
        name: &str,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut header_written = false;
        for &athlete in athletes {
            let Some(mut piece) = self.open(athlete, name) else {
                continue;
            };
            let mut header = Vec::new();
            io::BufRead::read_until(&mut piece, b'\n', &mut header)?;
            if header.is_empty() {
                continue;
            }
            if !header_written {
                out.write_all(&header)?;
                header_written = true;
            }
            io::copy(&mut piece, out)?;
        }
        if !header_written {
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// The name of an athlete's piece of report.json.
pub const JSON: &str = "athlete.json";

fn quoted(text: &str) -> io::Result<String> {
    serde_json::to_string(text).map_err(io::Error::other)
}

/// Writes `report` as one element of report.json's `athletes`: printed as
/// serde_json prints it two levels deep, every line indented four spaces.
pub fn write_athlete(out: &mut dyn Write, report: &AthleteReport) -> io::Result<()> {
    let mut indented = Indented {
        inner: out,
        at_line_start: true,
    };
    serde_json::to_writer_pretty(&mut indented, report).map_err(io::Error::other)
}

/// Puts four spaces before every line. JSON strings escape their line
/// breaks, so every `\n` serde_json writes is one of its own.
struct Indented<'a> {
    inner: &'a mut dyn Write,
    at_line_start: bool,
}

impl Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if self.at_line_start {
                self.inner.write_all(b"    ")?;
                self.at_line_start = false;
            }
            let line = match rest.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.at_line_start = true;
                    at + 1
                }
                None => rest.len(),
            };
            self.inner.write_all(&rest[..line])?;
            rest = &rest[line..];
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{analyze, AnalyzeRequest};
    use crate::report::json::ReportDocument;

    /// The pieces put together are what serde_json prints for the whole
    /// document: with no athlete, one, and two (one left out for having no
    /// piece), with and without charts.
    #[test]
    fn the_document_from_pieces_is_serde_jsons_own() {
        let run = analyze(&AnalyzeRequest {
            paths: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo-export").into()],
            ..AnalyzeRequest::default()
        })
        .unwrap();
        let parts = Parts::new(None).unwrap();
        for index in [0, 2] {
            parts
                .write(index, JSON, |out| {
                    write_athlete(out, &AthleteReport::of(&run))
                })
                .unwrap();
        }
        let charts = vec!["a/cadence.png".to_string(), "b \"x\".png".to_string()];
        let cases: [(&[usize], &[String]); 4] = [
            (&[], &[]),
            (&[0], &charts),
            (&[0, 1, 2], &[]),
            (&[1], &charts[..1]),
        ];
        for (athletes, charts) in cases {
            let mut streamed = Vec::new();
            parts
                .write_document(athletes, charts, &mut streamed)
                .unwrap();
            let present = athletes.iter().filter(|&&i| i != 1);
            let document = ReportDocument::new(
                present.map(|_| AthleteReport::of(&run)).collect(),
                charts.to_vec(),
            );
            let whole = serde_json::to_vec_pretty(&document).unwrap();
            assert!(
                streamed == whole,
                "athletes {athletes:?}, charts {charts:?}:\n{}",
                String::from_utf8_lossy(&streamed)
            );
        }
    }

    /// One header, from the first piece with rows; a piece without rows
    /// (an athlete with no warnings) adds nothing; no rows at all is one
    /// newline.
    #[test]
    fn tables_keep_one_header() {
        let parts = Parts::new(None).unwrap();
        let pieces = [
            (0, "athlete,km\nAnn,5\nAnn,7\n"),
            (1, ""),
            (2, "athlete,km\n\"Bob, Jr\",3\n"),
        ];
        for (index, text) in pieces {
            parts
                .write(index, "t.csv", |out| out.write_all(text.as_bytes()))
                .unwrap();
        }
        let table = |athletes: &[usize]| {
            let mut out = Vec::new();
            parts.write_table(athletes, "t.csv", &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            table(&[0, 1, 2, 3]),
            "athlete,km\nAnn,5\nAnn,7\n\"Bob, Jr\",3\n"
        );
        assert_eq!(table(&[1, 2]), "athlete,km\n\"Bob, Jr\",3\n");
        assert_eq!(table(&[1, 3]), "\n");
    }
}
