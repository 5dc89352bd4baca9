//! A report written one athlete at a time: each athlete's piece of
//! report.json and of the CSV tables goes to a file of its own as soon as
//! the athlete is analyzed, and the whole files are put together from the
//! pieces at the end, a buffer at a time. So a team's report never sits in
//! memory whole, and athletes analyzed side by side write side by side.
//!
//! In a report folder the pieces stay, hidden in each athlete's folder
//! ([`PIECES`]): a re-run links an unchanged athlete's pieces, page and
//! charts from the report it replaces instead of writing them again.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::json::{AthleteReport, NOT_MEDICAL_ADVICE};

/// The folder inside an athlete's folder that holds its pieces.
pub const PIECES: &str = ".patella-parts";

/// Where the athletes' pieces are.
#[derive(Debug)]
pub struct Parts {
    root: PathBuf,
    /// Each athlete's folder under `root`.
    folders: Vec<String>,
    /// Removes the pieces written without a report folder.
    _temporary: Option<tempfile::TempDir>,
}

impl Parts {
    /// Pieces inside the athletes' `folders` of the report folder being
    /// written at `root`.
    pub fn in_report(root: &Path, folders: Vec<String>) -> Parts {
        Parts {
            root: root.to_path_buf(),
            folders,
            _temporary: None,
        }
    }

    /// Pieces for `athletes` athletes in a temporary folder, removed with
    /// the value: only report.json is wanted (`--json`), no folder.
    pub fn temporary(athletes: usize) -> io::Result<Parts> {
        let dir = tempfile::Builder::new()
            .prefix(".patella-parts-")
            .tempdir()?;
        Ok(Parts {
            root: dir.path().to_path_buf(),
            folders: (0..athletes).map(|i| format!("{i:06}")).collect(),
            _temporary: Some(dir),
        })
    }

    /// The report folder moved to `root` (the staging folder committed).
    pub fn moved_to(&mut self, root: &Path) {
        self.root = root.to_path_buf();
    }

    /// Piece `name`, relative to its athlete's folder.
    pub fn relative(name: &str) -> String {
        format!("{PIECES}/{name}")
    }

    fn path(&self, athlete: usize, name: &str) -> PathBuf {
        let folder = self.folders.get(athlete).map_or("", String::as_str);
        self.root.join(folder).join(PIECES).join(name)
    }

    /// Writes athlete `athlete`'s piece `name` as `write` produces it.
    pub fn write(
        &self,
        athlete: usize,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.path(athlete, name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
        write(&mut out)?;
        out.flush()
    }

    fn open(&self, athlete: usize, name: &str) -> Option<BufReader<File>> {
        File::open(self.path(athlete, name))
            .ok()
            .map(|file| BufReader::with_capacity(1 << 16, file))
    }

    /// report.json of `athletes` (in this order; those without a piece are
    /// left out) listing `charts`.
    pub fn write_document(
        &self,
        athletes: &[usize],
        charts: &[String],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut document = Document::begin(out)?;
        for &athlete in athletes {
            document.add(self, athlete)?;
        }
        document.finish(charts).map(drop)
    }
}

/// report.json put together from the athletes' pieces as they come: byte
/// for byte what serde_json prints for the whole
/// [`super::json::ReportDocument`].
#[derive(Debug)]
pub struct Document<W: Write> {
    out: W,
    any: bool,
}

impl<W: Write> Document<W> {
    /// Writes everything before the first athlete.
    pub fn begin(mut out: W) -> io::Result<Document<W>> {
        write!(
            out,
            "{{\n  \"schema_version\": 1,\n  \"generator\": {},\n  \"notice\": {},\n  \"athletes\": [",
            quoted(&format!("patella {}", env!("CARGO_PKG_VERSION")))?,
            quoted(NOT_MEDICAL_ADVICE)?
        )?;
        Ok(Document { out, any: false })
    }

    /// Adds athlete `athlete`'s piece, if it has one.
    pub fn add(&mut self, parts: &Parts, athlete: usize) -> io::Result<()> {
        let Some(mut piece) = parts.open(athlete, JSON) else {
            return Ok(());
        };
        self.out.write_all(if self.any { b",\n" } else { b"\n" })?;
        io::copy(&mut piece, &mut self.out)?;
        self.any = true;
        Ok(())
    }

    /// Writes the chart list and the end.
    pub fn finish(mut self, charts: &[String]) -> io::Result<W> {
        let out = &mut self.out;
        out.write_all(if self.any { b"\n  ],\n" } else { b"],\n" })?;
        out.write_all(b"  \"charts\": [")?;
        for (i, chart) in charts.iter().enumerate() {
            let separator = if i == 0 { "" } else { "," };
            write!(out, "{separator}\n    {}", quoted(chart)?)?;
        }
        out.write_all(if charts.is_empty() { b"]" } else { b"\n  ]" })?;
        out.write_all(b"\n}")?;
        out.flush()?;
        Ok(self.out)
    }
}

/// A CSV table put together from the athletes' pieces as they come: one
/// header line (the first piece's; every piece of one table has the same),
/// then every piece's rows; one newline when no athlete has a row.
#[derive(Debug)]
pub struct TableOfPieces<'n, W: Write> {
    out: W,
    name: &'n str,
    header_written: bool,
}

impl<'n, W: Write> TableOfPieces<'n, W> {
    /// The table of the pieces called `name`.
    pub fn new(out: W, name: &'n str) -> TableOfPieces<'n, W> {
        TableOfPieces {
            out,
            name,
            header_written: false,
        }
    }

    /// Adds athlete `athlete`'s rows, if it has any.
    pub fn add(&mut self, parts: &Parts, athlete: usize) -> io::Result<()> {
        let Some(mut piece) = parts.open(athlete, self.name) else {
            return Ok(());
        };
        let mut header = Vec::new();
        io::BufRead::read_until(&mut piece, b'\n', &mut header)?;
        if header.is_empty() {
            return Ok(());
        }
        if !self.header_written {
            self.out.write_all(&header)?;
            self.header_written = true;
        }
        io::copy(&mut piece, &mut self.out)?;
        Ok(())
    }

    /// Ends the table.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.header_written {
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
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
        buffer: Vec::with_capacity(INDENTED_BUFFER + 4096),
        at_line_start: true,
    };
    serde_json::to_writer_pretty(&mut indented, report).map_err(io::Error::other)?;
    indented.flush()
}

/// Bytes [`Indented`] gathers before passing them on: serde_json writes a
/// few bytes at a time.
const INDENTED_BUFFER: usize = 1 << 16;

/// Puts four spaces before every line. JSON strings escape their line
/// breaks, so every `\n` serde_json writes is one of its own.
struct Indented<'a> {
    inner: &'a mut dyn Write,
    buffer: Vec<u8>,
    at_line_start: bool,
}

impl Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if self.at_line_start {
                self.buffer.extend_from_slice(b"    ");
                self.at_line_start = false;
            }
            let line = match rest.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.at_line_start = true;
                    at + 1
                }
                None => rest.len(),
            };
            self.buffer.extend_from_slice(&rest[..line]);
            rest = &rest[line..];
        }
        if self.buffer.len() >= INDENTED_BUFFER {
            self.inner.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buffer)?;
        self.buffer.clear();
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
        let parts = Parts::temporary(3).unwrap();
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
        let parts = Parts::temporary(4).unwrap();
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
            let mut table = TableOfPieces::new(Vec::new(), "t.csv");
            for &athlete in athletes {
                table.add(&parts, athlete).unwrap();
            }
            String::from_utf8(table.finish().unwrap()).unwrap()
        };
        assert_eq!(
            table(&[0, 1, 2, 3]),
            "athlete,km\nAnn,5\nAnn,7\n\"Bob, Jr\",3\n"
        );
        assert_eq!(table(&[1, 2]), "athlete,km\n\"Bob, Jr\",3\n");
        assert_eq!(table(&[1, 3]), "\n");
    }
}
