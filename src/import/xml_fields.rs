//! The XML plumbing GPX and TCX share: one streaming quick-xml pass that
//! hands each element's local name and text to a format's handler, plus
//! number and attribute helpers.
//!
//! Names are matched without their prefix because real files bind the same
//! namespace to different prefixes (`gpxtpx:hr`, `ns3:hr`, bare `hr`).

use std::borrow::Cow;

use quick_xml::errors::{Error as XmlError, SyntaxError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::one_line;
use super::{Decoded, ImportError};
use crate::model::Activity;

/// Whether the walk should go on after an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Stop,
}

/// A format's view of the document.
pub(crate) trait Handler {
    /// An element starts; `name` is its local name.
    fn open(&mut self, name: &str, start: &BytesStart<'_>) -> Flow;
    /// An element ends; `text` is the trimmed text since its last child (the
    /// whole content for a leaf element).
    fn close(&mut self, name: &str, text: &str) -> Flow;
}

/// How a walk ended without a syntax error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ending {
    /// The document was read to its end, or the handler stopped it.
    Complete,
    /// The input stopped in the middle of the document (an interrupted
    /// download or copy): what was read so far is valid.
    Truncated { position: u64, message: String },
    /// A syntax error in the middle of the document (a damaged disk or
    /// transfer): what was read before it is valid, the rest unread.
    Broken {
        position: u64,
        line: usize,
        message: String,
    },
}

/// A salvaged activity needs this many timed samples: one point is a
/// place, not a recording.
const SALVAGE_MIN_SAMPLES: usize = 2;

/// Joins what a reader built with how its document ended. A document cut
/// short, or broken by a syntax error, keeps what was built before the
/// fault, the last activity marked salvaged (the ones before it were read
/// whole); when nothing usable was built it is reported as the XML error
/// it is.
pub(crate) fn settle(
    built: Result<Vec<Activity>, ImportError>,
    ending: Ending,
    format: &str,
) -> Decoded {
    let (position, message, reason) = match ending {
        Ending::Complete => return built,
        Ending::Truncated { position, message } => {
            let reason = format!("truncated {format} at byte {position}: {message}");
            (position, message, reason)
        }
        Ending::Broken {
            position,
            line,
            message,
        } => {
            let reason = format!(
                "invalid {format} XML at line {line} (byte {position}): {message}; \
                 only the points before it were read"
            );
            (position, message, reason)
        }
    };
    let mut activities = built.unwrap_or_default();
    if activities
        .last()
        .is_some_and(|last| last.streams.time_s.len() < SALVAGE_MIN_SAMPLES)
    {
        activities.pop();
    }
    match activities.last_mut() {
        Some(last) => {
            last.salvaged = Some(reason);
            Ok(activities)
        }
        None => Err(ImportError::Xml { position, message }),
    }
}

/// Reads the whole document once, calling a new `H` for every element, and
/// gives that handler back with how the document ended.
///
/// A BOM (UTF-8 or UTF-16) and whitespace before the first `<` are
/// skipped: Strava TCX files start with spaces before `<?xml`. Input that
/// is not UTF-8 is read as Latin-1 when it declares so, otherwise lossily:
/// the numbers that matter are ASCII either way.
///
/// Documents of the plain shape every device writes (elements, attributes
/// and text without references, CDATA or comments inside the root) go
/// through [`walk_plain`], a focused scanner; anything else, and anything
/// it is not sure of (a syntax error, an input that ends early), through
/// quick-xml's reader in [`walk_general`], with a new handler. Both hand
/// the same calls to the handler for the documents the scanner reads.
///
/// A syntax error ends the walk as [`Ending::Broken`], with the byte
/// position in the original input, the handler keeping what came before.
pub(crate) fn walk<H: Handler + Default>(bytes: &[u8]) -> (H, Ending) {
    let (text, skipped) = prepare(bytes);
    let mut handler = H::default();
    if let Some(ending) = walk_plain(&text, &mut handler) {
        return (handler, ending);
    }
    let mut handler = H::default();
    let ending = walk_general(&text, skipped, &mut handler);
    (handler, ending)
}

/// The focused scanner: `Some` with how the walk ended when `text` is a
/// complete document of the plain shape, `None` (with the handler fed part
/// of it) as soon as it is not.
///
/// It follows quick-xml's reader (default configuration) step by step for
/// the markup it accepts, so the handler sees the same names, attributes
/// (a [`BytesStart`] over the same bytes) and text:
///
/// - text runs to the next `<`; a `&` (a reference) declines;
/// - `<?...?>` and `<!--...-->` are skipped before and after the root
///   element; inside it, and `<!` of any other kind (CDATA, DOCTYPE),
///   they decline;
/// - a tag ends at the first `>` outside quotes; `.../>` is an empty
///   element; the name runs to the first XML whitespace;
/// - an end tag must name the open element (trailing whitespace allowed);
/// - the input must end outside of any element.
///
/// The text handed on an end tag is what lies between the previous tag
/// and it, which is all quick-xml's events give there when nothing but
/// text may sit between two tags.
fn walk_plain(text: &str, handler: &mut impl Handler) -> Option<Ending> {
    // quick-xml drops a further BOM itself; not worth following.
    if text.starts_with('\u{feff}') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut open: Vec<&str> = Vec::with_capacity(16);
    // Just past the last markup: where the current text starts.
    let mut at = 0;
    loop {
        let Some(lt) = find_any(bytes, at, [b'<', b'&']) else {
            return open.is_empty().then_some(Ending::Complete);
        };
        match (bytes.get(lt), bytes.get(lt + 1)) {
            (Some(b'<'), Some(b'/')) => {
                let expected = open.pop()?;
                let name_end = lt + 2 + expected.len();
                // Nearly always `</name>`, else the general rule: up to
                // the `>`, trailing whitespace ignored.
                let gt = if bytes.get(lt + 2..name_end) == Some(expected.as_bytes())
                    && bytes.get(name_end) == Some(&b'>')
                {
                    name_end
                } else {
                    let gt = tag_end(bytes, lt + 2)?;
                    let raw = text.get(lt + 2..gt)?;
                    let name = match raw.bytes().rposition(|b| !is_xml_whitespace(b)) {
                        Some(last) => raw.get(..=last)?,
                        None => raw,
                    };
                    if name != expected {
                        return None;
                    }
                    gt
                };
                let content = trim(text.get(at..lt)?);
                if handler.close(local_name(expected), content) == Flow::Stop {
                    return Some(Ending::Complete);
                }
                at = gt + 1;
            }
            (Some(b'<'), Some(b'?')) if open.is_empty() => {
                // Like quick-xml: the first `?>`, and `<?>` is an error.
                let question = bytes
                    .get(lt + 1..)?
                    .windows(2)
                    .position(|pair| pair == b"?>")?;
                if question == 0 {
                    return None;
                }
                at = lt + 1 + question + 2;
            }
            (Some(b'<'), Some(b'!'))
                if open.is_empty() && bytes.get(lt..)?.starts_with(b"<!--") =>
            {
                // Like quick-xml: the first `>` at least 6 bytes on that
                // follows `--`.
                let end = bytes
                    .get(lt..)?
                    .windows(3)
                    .enumerate()
                    .skip(4)
                    .find(|(_, w)| *w == b"-->")?
                    .0;
                at = lt + end + 3;
            }
            (Some(b'<'), Some(b'?' | b'!')) | (Some(b'<'), None) => return None,
            (Some(b'<'), Some(_)) => {
                // The name runs to whitespace, `>` or `/>`; a quote or a
                // `/` inside it is left to quick-xml.
                let name_start = lt + 1;
                let name_end = name_start
                    + bytes.get(name_start..)?.iter().position(|&b| {
                        matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/' | b'"' | b'\'')
                    })?;
                if name_end == name_start {
                    return None;
                }
                let (content_end, gt) = match bytes.get(name_end)? {
                    b'>' => (name_end, name_end),
                    b'/' if bytes.get(name_end + 1) == Some(&b'>') => (name_end, name_end + 1),
                    b'/' | b'"' | b'\'' => return None,
                    _ => {
                        let gt = tag_end(bytes, name_end)?;
                        match bytes.get(gt - 1) {
                            Some(b'/') => (gt - 1, gt),
                            _ => (gt, gt),
                        }
                    }
                };
                let empty = content_end != gt;
                let content = text.get(name_start..content_end)?;
                let qualified = text.get(name_start..name_end)?;
                let name = local_name(qualified);
                let start = BytesStart::from_content(content, qualified.len());
                if handler.open(name, &start) == Flow::Stop {
                    return Some(Ending::Complete);
                }
                if empty {
                    if handler.close(name, "") == Flow::Stop {
                        return Some(Ending::Complete);
                    }
                } else {
                    open.push(qualified);
                }
                at = gt + 1;
            }
            // A reference.
            _ => return None,
        }
    }
}

/// Where the tag whose name starts at `from` ends: the first `>` outside
/// single or double quotes, as quick-xml's `ElementParser` finds it.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at = find_any(bytes, at, [b'>', b'"', b'\''])?;
        let quote = *bytes.get(at)?;
        if quote == b'>' {
            return Some(at);
        }
        at = find_any(bytes, at + 1, [quote])? + 1;
    }
}

/// The position of the first of `needles` in `bytes` from `from` on,
/// eight bytes at a time: in a word XORed with a needle repeated, a zero
/// byte is a match, and the lowest byte flagged by the zero-byte test is
/// always a true one (its false positives only ever sit above a true
/// zero).
#[inline]
fn find_any<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?);
        let mut flags = 0;
        for needle in needles {
            let x = word ^ (ONES * u64::from(needle));
            flags |= x.wrapping_sub(ONES) & !x & HIGHS;
        }
        if flags != 0 {
            return Some(offset + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|b| needles.contains(b))
        .map(|i| offset + i)
}

/// A qualified name without its prefix: what follows the first `:`, as
/// quick-xml's `QName::local_name` gives it.
fn local_name(name: &str) -> &str {
    match name.bytes().position(|b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or(name),
        None => name,
    }
}

/// `str::trim`, quicker where both ends are ASCII: Unicode's whitespace
/// in ASCII is ASCII's plus the vertical tab, so past `trim_ascii` a
/// string that starts and ends with ASCII other than that has no more to
/// lose.
pub(crate) fn trim(text: &str) -> &str {
    let trimmed = text.trim_ascii();
    let plain_end = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii() && b != 0x0B);
    let bytes = trimmed.as_bytes();
    if plain_end(bytes.first()) && plain_end(bytes.last()) {
        trimmed
    } else {
        text.trim()
    }
}

/// XML's whitespace, as quick-xml counts it.
fn is_xml_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// The general walk, quick-xml's reader over any document.
fn walk_general(text: &str, skipped: u64, handler: &mut impl Handler) -> Ending {
    let mut reader = Reader::from_str(text);
    let mut content = String::new();
    // Names of the open elements, '/'-joined, so that a truncated file can
    // say where it stopped without an allocation per element.
    let mut path = String::new();
    let mut depth_ends: Vec<usize> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return if is_end_of_input(&error) {
                    Ending::Truncated {
                        position: skipped + text.len() as u64,
                        message: one_line(&format!(
                            "input ends inside <{}>: {error}",
                            innermost(&path)
                        )),
                    }
                } else {
                    Ending::Broken {
                        position: skipped + at as u64,
                        line: line_at(text, at),
                        message: one_line(&error.to_string()),
                    }
                };
            }
        };
        match event {
            Event::Start(start) => {
                let name = start.local_name().into_inner();
                content.clear();
                depth_ends.push(path.len());
                path.push('/');
                path.push_str(name);
                if handler.open(name, &start) == Flow::Stop {
                    return Ending::Complete;
                }
            }
            Event::Empty(start) => {
                let name = start.local_name().into_inner();
                content.clear();
                if handler.open(name, &start) == Flow::Stop || handler.close(name, "") == Flow::Stop
                {
                    return Ending::Complete;
                }
            }
            Event::End(end) => {
                if let Some(len) = depth_ends.pop() {
                    path.truncate(len);
                }
                let flow = handler.close(end.local_name().into_inner(), content.trim());
                content.clear();
                if flow == Flow::Stop {
                    return Ending::Complete;
                }
            }
            Event::Text(text) => content.push_str(&text),
            Event::CData(data) => content.push_str(&data),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    content.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    content.push_str(s);
                }
            }
            Event::Eof => {
                return if depth_ends.is_empty() {
                    Ending::Complete
                } else {
                    Ending::Truncated {
                        position: skipped + text.len() as u64,
                        message: one_line(&format!("input ends inside <{}>", innermost(&path))),
                    }
                };
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// The 1-based line of byte `at` of `text`.
fn line_at(text: &str, at: usize) -> usize {
    let before = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    1 + before.iter().filter(|&&b| b == b'\n').count()
}

fn innermost(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or_default()
}

/// Errors that only mean the input stopped early.
fn is_end_of_input(error: &XmlError) -> bool {
    matches!(
        error,
        XmlError::Syntax(
            SyntaxError::UnclosedTag
                | SyntaxError::UnclosedSingleQuotedAttributeValue
                | SyntaxError::UnclosedDoubleQuotedAttributeValue
                | SyntaxError::UnclosedComment
                | SyntaxError::UnclosedCData
                | SyntaxError::UnclosedPI
        )
    )
}

/// The document as text, and how many input bytes were skipped before it.
fn prepare(bytes: &[u8]) -> (Cow<'_, str>, u64) {
    if let Some(utf16) = decode_utf16(bytes) {
        return (Cow::Owned(utf16.trim_start().to_string()), 0);
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = without_bom
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(without_bom.len());
    let body = without_bom.get(start..).unwrap_or_default();
    let skipped = (bytes.len() - body.len()) as u64;
    let text = match std::str::from_utf8(body) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) if declares_latin1(body) => {
            Cow::Owned(body.iter().map(|&b| char::from(b)).collect())
        }
        Err(_) => String::from_utf8_lossy(body),
    };
    (text, skipped)
}

fn declares_latin1(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(body.get(..200).unwrap_or(body)).to_ascii_lowercase();
    ["iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252"]
        .iter()
        .any(|name| head.contains(name))
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes.get(2..)?.chunks_exact(2).map(|pair| match pair {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// The value of the attribute with this local name (any prefix, any case).
pub(crate) fn attr<'a>(start: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    let [value] = attrs(start, [local]);
    value
}

/// [`attr`] for each of these local names, in one pass over the tag.
pub(crate) fn attrs<'a, const N: usize>(
    start: &'a BytesStart<'_>,
    locals: [&str; N],
) -> [Option<Cow<'a, str>>; N] {
    if let Some(values) = plain_attrs(start, locals) {
        return values.map(|value| value.map(Cow::Borrowed));
    }
    locals.map(|local| {
        start
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().into_inner().eq_ignore_ascii_case(local))
            .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
    })
}

/// [`attrs`] without quick-xml's attribute iterator, when the attributes
/// up to the last one wanted are plain: `key="value"` or `key='value'`
/// (no whitespace around `=`), distinct keys, values without `&`, tabs or
/// line breaks (which quick-xml would normalize). quick-xml gives such a
/// value as it stands, and reads no further than the first match either.
/// `None` leaves anything else to quick-xml.
fn plain_attrs<'a, const N: usize>(
    start: &'a BytesStart<'_>,
    locals: [&str; N],
) -> Option<[Option<&'a str>; N]> {
    const MAX_KEYS: usize = 8;
    let content: &'a str = start;
    let bytes = content.as_bytes();
    let mut keys: [&str; MAX_KEYS] = [""; MAX_KEYS];
    let mut count = 0;
    let mut values: [Option<&'a str>; N] = [None; N];
    let mut missing = N;
    let mut at = start.name().into_inner().len();
    while missing > 0 {
        let Some(space) = bytes.get(at..)?.iter().position(|&b| !is_xml_whitespace(b)) else {
            break;
        };
        let key_start = at + space;
        let eq = key_start
            + bytes
                .get(key_start..)?
                .iter()
                .position(|&b| b == b'=' || is_xml_whitespace(b))?;
        let quote = *bytes.get(eq + 1)?;
        if eq == key_start || bytes.get(eq) != Some(&b'=') || (quote != b'"' && quote != b'\'') {
            return None;
        }
        let value_start = eq + 2;
        let value_end = find_any(bytes, value_start, [quote, b'&', b'\t', b'\n', b'\r'])?;
        let key = content.get(key_start..eq)?;
        if bytes.get(value_end) != Some(&quote) || keys.get(..count)?.contains(&key) {
            return None;
        }
        let local = local_name(key);
        for (wanted, value) in locals.iter().zip(values.iter_mut()) {
            if value.is_none() && local.eq_ignore_ascii_case(wanted) {
                *value = Some(content.get(value_start..value_end)?);
                missing -= 1;
            }
        }
        *keys.get_mut(count)? = key;
        count += 1;
        at = value_end + 1;
    }
    Some(values)
}

/// A finite number, also with a decimal comma (`12,5`) as some localized
/// exporters write it.
pub(crate) fn number(text: &str) -> Option<f64> {
    let text = trim(text);
    if let Some(value) = plain_decimal(text) {
        return Some(value);
    }
    let parsed = text.parse::<f64>().ok().or_else(|| {
        (text.contains(',') && !text.contains('.'))
            .then(|| text.replacen(',', ".", 1).parse::<f64>().ok())
            .flatten()
    })?;
    parsed.is_finite().then_some(parsed)
}

/// The decimals devices write (`-105.0449972`, `1589.2`, `87`): an
/// optional minus, digits, an optional point followed by digits, at most
/// 15 digits in all. Read in one pass, to the same value `str::parse`
/// gives: the digits as an integer below 2^53 and a power of ten up to
/// 10^15 are both exact in an f64, so their quotient is the correctly
/// rounded value (Clinger's fast path, which the standard parser takes for
/// these too). Anything else is `None`, for the standard parser.
fn plain_decimal(text: &str) -> Option<f64> {
    const POWERS_OF_TEN: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut point: Option<usize> = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' if count < 15 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let decimals = match point {
        Some(at) => digits.len() - at - 1,
        None => 0,
    };
    if count == 0 || (point.is_some() && decimals == 0) {
        return None;
    }
    let magnitude = mantissa as f64 / POWERS_OF_TEN.get(decimals)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// A number that is only meaningful when positive (heart rate, cadence):
/// devices write 0 when the sensor had nothing.
pub(crate) fn positive(text: &str) -> Option<f64> {
    number(text).filter(|v| *v > 0.0)
}

/// Non-empty trimmed text, owned.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// A file's `creator` as a device or app label: "Runkeeper - http://..."
/// and "runtastic - makes sports funtastic, http://..." lose their tagline.
pub(crate) fn creator_label(creator: &str) -> Option<String> {
    let cut = [" - ", " http"]
        .iter()
        .filter_map(|marker| creator.find(marker))
        .min()
        .unwrap_or(creator.len());
    non_empty(creator.get(..cut).unwrap_or(creator))
}

#[cfg(test)]
#[path = "xml_fields_tests.rs"]
mod tests;
