//! The one pass over export.xml: quick-xml over any `BufRead`, so a file
//! of gigabytes is never held; what is kept is the workouts and the
//! records of the kinds a run needs ([`super::records`]).
//!
//! The prolog is skipped by hand up to the `<HealthData` root: iOS 16
//! wrote a malformed internal DTD (a declaration without its `>`, stray
//! `>` lines), which no parser reading the DTD gets through.

use std::io::{BufRead, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::dates;
use super::records::{self, Needed, Point, Records, Steps};
use super::workouts::Workout;

/// How far into the file the root element may start: the DTD is some
/// 10 KB.
const PROLOG_LIMIT: usize = 1 << 20;

/// What one pass gave.
#[derive(Debug, Default)]
pub struct Scan {
    pub(super) root: bool,
    pub(super) workouts: Vec<Workout>,
    pub(super) records: Records,
    /// Where and why the pass stopped before the end of the document.
    pub(super) cut: Option<Cut>,
}

/// Where a damaged or truncated file stopped being readable.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cut {
    /// The 1-based line the last whole element ends on.
    pub line: u64,
    pub position: u64,
    pub message: String,
}

/// Reads a whole export.
pub fn scan(mut input: impl BufRead) -> Scan {
    let mut scan = Scan::default();
    let (head, skipped, mut lines) = match prolog(&mut input) {
        Ok(Some(found)) => found,
        Ok(None) => return scan,
        Err(error) => {
            scan.cut = Some(Cut {
                line: 1,
                position: 0,
                message: error.to_string(),
            });
            return scan;
        }
    };
    scan.root = true;
    let mut reader = Reader::from_reader(std::io::Cursor::new(head).chain(input));
    let mut state = State::default();
    let mut buf = Vec::with_capacity(4096);
    loop {
        // Lines, for the reason of a cut file: the newlines of the last
        // event (between the elements, and any inside a tag).
        lines += buf.iter().filter(|&&b| b == b'\n').count() as u64;
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(error) => {
                scan.cut = Some(Cut {
                    line: lines + 1,
                    position: skipped + reader.error_position(),
                    message: format!("{error} (inside <{}>)", state.innermost()),
                });
                break;
            }
        };
        match event {
            Event::Start(start) => {
                state.open(&start, &mut scan);
                state.depth.push(name_of(&start));
            }
            Event::Empty(start) => {
                state.open(&start, &mut scan);
                state.close(name_of(&start), &mut scan);
            }
            Event::End(end) => {
                state.depth.pop();
                state.close(Name::of(end.name().as_ref().as_bytes()), &mut scan);
            }
            Event::Eof => {
                if !state.depth.is_empty() {
                    scan.cut = Some(Cut {
                        line: lines + 1,
                        position: skipped + reader.buffer_position(),
                        message: format!("the file ends inside <{}>", state.innermost()),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    scan.records.sort();
    scan
}

/// The bytes from the root element's `<` on (as far as read), how many
/// bytes came before it and how many lines they end; `None` when no
/// `<HealthData` root starts within [`PROLOG_LIMIT`].
fn prolog(input: &mut impl BufRead) -> std::io::Result<Option<(Vec<u8>, u64, u64)>> {
    const ROOT: &[u8] = b"<HealthData";
    let mut head = Vec::with_capacity(64 * 1024);
    let mut searched: usize = 0;
    loop {
        let before = head.len();
        input.by_ref().take(64 * 1024).read_to_end(&mut head)?;
        let from = searched.saturating_sub(ROOT.len() + 1);
        let found = head
            .get(from..)
            .unwrap_or_default()
            .windows(ROOT.len() + 1)
            .position(|w| {
                w.starts_with(ROOT)
                    && w.last()
                        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
            });
        if let Some(at) = found {
            let at = from + at;
            let rest = head.split_off(at);
            let lines = head.iter().filter(|&&b| b == b'\n').count() as u64;
            return Ok(Some((rest, at as u64, lines)));
        }
        searched = head.len();
        if head.len() == before || head.len() >= PROLOG_LIMIT {
            return Ok(None);
        }
    }
}

/// The elements the pass tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Record,
    Workout,
    WorkoutActivity,
    WorkoutRoute,
    Other,
}

impl Name {
    fn of(name: &[u8]) -> Name {
        match name {
            b"Record" => Name::Record,
            b"Workout" => Name::Workout,
            b"WorkoutActivity" => Name::WorkoutActivity,
            b"WorkoutRoute" => Name::WorkoutRoute,
            _ => Name::Other,
        }
    }
}

fn name_of(start: &BytesStart<'_>) -> Name {
    Name::of(start.name().as_ref().as_bytes())
}

/// Where the pass is.
#[derive(Debug, Default)]
struct State {
    depth: Vec<Name>,
    workout: Option<Workout>,
    in_activity: bool,
    in_route: bool,
}

impl State {
    fn innermost(&self) -> &'static str {
        match self.depth.last() {
            Some(Name::Record) => "Record",
            Some(Name::Workout) => "Workout",
            Some(Name::WorkoutActivity) => "WorkoutActivity",
            Some(Name::WorkoutRoute) => "WorkoutRoute",
            Some(Name::Other) if self.depth.len() == 1 => "HealthData",
            Some(Name::Other) => "an element",
            None => "the prolog",
        }
    }

    fn open(&mut self, start: &BytesStart<'_>, scan: &mut Scan) {
        let name = start.name();
        let name = name.as_ref().as_bytes();
        let Some(workout) = self.workout.as_mut() else {
            match name {
                b"Record" => record(start, &mut scan.records),
                b"Workout" => self.workout = Some(Workout::open(start)),
                _ => {}
            }
            return;
        };
        match name {
            b"WorkoutActivity" => self.in_activity = true,
            b"WorkoutRoute" => self.in_route = true,
            b"MetadataEntry" if !self.in_route && !self.in_activity => workout.metadata(start),
            b"WorkoutEvent" if !self.in_activity => workout.event(start),
            b"WorkoutStatistics" if !self.in_activity => workout.statistics(start),
            b"WorkoutStatistics" => workout.part_statistics(start),
            b"FileReference" => {
                workout.route = super::workouts::attribute(start, "path")
                    .map(|p| p.into_owned())
                    .filter(|p| !p.is_empty());
            }
            b"Location" => workout.inline_route = true,
            _ => {}
        }
    }

    fn close(&mut self, name: Name, scan: &mut Scan) {
        match name {
            Name::Workout => {
                if let Some(workout) = self.workout.take() {
                    scan.workouts.push(workout);
                }
                self.in_activity = false;
                self.in_route = false;
            }
            Name::WorkoutActivity => self.in_activity = false,
            Name::WorkoutRoute => self.in_route = false,
            Name::Record | Name::Other => {}
        }
    }
}

/// Keeps a Record of a needed kind; the type is its first attribute, so
/// every other record costs a look at one attribute.
fn record(start: &BytesStart<'_>, records: &mut Records) {
    let Some(needed) = start
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == "type")
        .and_then(|a| records::needed(a.value.as_bytes()))
    else {
        return;
    };
    let (mut source, mut unit, mut from, mut to, mut value) = (None, None, None, None, None);
    for attribute in start.attributes().with_checks(false).flatten() {
        match attribute.key.as_ref() {
            "sourceName" => {
                source = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
            }
            "unit" => unit = Some(attribute.value),
            "startDate" => from = dates::parse(attribute.value.as_bytes()),
            "endDate" => to = dates::parse(attribute.value.as_bytes()),
            "value" => value = super::workouts::number(&attribute.value),
            _ => {}
        }
    }
    let (Some(from), Some(to), Some(value)) = (from, to, value) else {
        return;
    };
    let source = records.source(source.as_deref().unwrap_or(""));
    match needed {
        Needed::Steps => {
            if value > 0.0 && to.utc > from.utc {
                records.steps.push(Steps {
                    start: from.utc,
                    end: to.utc,
                    count: value as f32,
                    source,
                });
            }
        }
        Needed::Point(kind) => {
            let unit = unit.as_deref().unwrap_or_default().as_bytes();
            if let Some(value) = records::convert(kind, value, unit) {
                records.push(
                    kind,
                    Point {
                        at: from.utc,
                        value: value as f32,
                        source,
                    },
                );
            }
        }
    }
}
