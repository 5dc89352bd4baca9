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
}

/// Joins what a reader built with how its document ended. A document cut
/// short keeps what was built, the last activity marked salvaged; when
/// nothing could be built it is reported as the XML error it is.
pub(crate) fn settle(
    built: Result<Vec<Activity>, ImportError>,
    ending: Ending,
    format: &str,
) -> Decoded {
    match (built, ending) {
        (Ok(mut activities), ending) => {
            if let (Ending::Truncated { position, message }, Some(last)) =
                (ending, activities.last_mut())
            {
                last.salvaged = Some(format!("truncated {format} at byte {position}: {message}"));
            }
            Ok(activities)
        }
        (Err(_), Ending::Truncated { position, message }) => {
            Err(ImportError::Xml { position, message })
        }
        (Err(error), Ending::Complete) => Err(error),
    }
}

/// Reads the whole document once, calling `handler` for every element.
///
/// A BOM (UTF-8 or UTF-16) and whitespace before the first `<` are
/// skipped: Strava TCX files start with spaces before `<?xml`. Input that
/// is not UTF-8 is read as Latin-1 when it declares so, otherwise lossily:
/// the numbers that matter are ASCII either way.
///
/// Returns `ImportError::Xml` for a syntax error, with the byte position in
/// the original input.
pub(crate) fn walk(bytes: &[u8], handler: &mut impl Handler) -> Result<Ending, ImportError> {
    let (text, skipped) = prepare(bytes);
    let mut reader = Reader::from_str(&text);
    let mut content = String::new();
    // Names of the open elements, '/'-joined, so that a truncated file can
    // say where it stopped without an allocation per element.
    let mut path = String::new();
    let mut depth_ends: Vec<usize> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                let position = skipped + reader.error_position();
                return if is_end_of_input(&error) {
                    Ok(Ending::Truncated {
                        position: skipped + text.len() as u64,
                        message: format!("input ends inside <{}>: {error}", innermost(&path)),
                    })
                } else {
                    Err(ImportError::Xml {
                        position,
                        message: error.to_string(),
                    })
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
                    return Ok(Ending::Complete);
                }
            }
            Event::Empty(start) => {
                let name = start.local_name().into_inner();
                content.clear();
                if handler.open(name, &start) == Flow::Stop || handler.close(name, "") == Flow::Stop
                {
                    return Ok(Ending::Complete);
                }
            }
            Event::End(end) => {
                if let Some(len) = depth_ends.pop() {
                    path.truncate(len);
                }
                let flow = handler.close(end.local_name().into_inner(), content.trim());
                content.clear();
                if flow == Flow::Stop {
                    return Ok(Ending::Complete);
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
                return Ok(if depth_ends.is_empty() {
                    Ending::Complete
                } else {
                    Ending::Truncated {
                        position: skipped + text.len() as u64,
                        message: format!("input ends inside <{}>", innermost(&path)),
                    }
                });
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
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
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner().eq_ignore_ascii_case(local))
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
}

/// A finite number, also with a decimal comma (`12,5`) as some localized
/// exporters write it.
pub(crate) fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let parsed = text.parse::<f64>().ok().or_else(|| {
        (text.contains(',') && !text.contains('.'))
            .then(|| text.replacen(',', ".", 1).parse::<f64>().ok())
            .flatten()
    })?;
    parsed.is_finite().then_some(parsed)
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
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect {
        opened: Vec<String>,
        closed: Vec<(String, String)>,
        stop_at: Option<&'static str>,
    }

    impl Handler for Collect {
        fn open(&mut self, name: &str, start: &BytesStart<'_>) -> Flow {
            let lat = attr(start, "lat")
                .map(|v| format!("@{v}"))
                .unwrap_or_default();
            self.opened.push(format!("{name}{lat}"));
            if self.stop_at == Some(name) {
                Flow::Stop
            } else {
                Flow::Continue
            }
        }
        fn close(&mut self, name: &str, text: &str) -> Flow {
            self.closed.push((name.to_string(), text.to_string()));
            Flow::Continue
        }
    }

    #[test]
    fn local_names_text_entities_and_cdata() {
        let xml = "\u{feff}  <?xml version=\"1.0\"?><a:root><b:x lat=\"1.5\">1&amp;2&#51;</b:x>\
                   <y><![CDATA[c<d]]></y><z/></a:root>";
        let mut h = Collect::default();
        assert_eq!(walk(xml.as_bytes(), &mut h), Ok(Ending::Complete));
        assert_eq!(h.opened, ["root", "x@1.5", "y", "z"]);
        assert_eq!(h.closed[0], ("x".to_string(), "1&23".to_string()));
        assert_eq!(h.closed[1], ("y".to_string(), "c<d".to_string()));
        assert_eq!(h.closed[2], ("z".to_string(), String::new()));
    }

    #[test]
    fn truncation_and_syntax_errors() {
        let mut h = Collect::default();
        let ending = walk(b"<root><a>1</a><b>", &mut h).unwrap();
        assert!(
            matches!(ending, Ending::Truncated { position: 17, ref message } if message.contains("<b>"))
        );
        let ending = walk(b"<root><a lat=\"1", &mut Collect::default()).unwrap();
        assert!(matches!(ending, Ending::Truncated { .. }));
        let error = walk(b"  <root><a></b></root>", &mut Collect::default()).unwrap_err();
        assert!(
            matches!(error, ImportError::Xml { position, .. } if position > 2),
            "{error:?}"
        );
    }

    #[test]
    fn stop_ends_the_walk() {
        let mut h = Collect {
            stop_at: Some("root"),
            ..Collect::default()
        };
        assert_eq!(walk(b"<root><a>1</a></root>", &mut h), Ok(Ending::Complete));
        assert_eq!(h.opened, ["root"]);
    }

    #[test]
    fn other_encodings() {
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r><n>Ger\xe4t</n></r>";
        let mut h = Collect::default();
        walk(latin1, &mut h).unwrap();
        assert_eq!(h.closed[0].1, "Ger\u{e4}t");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<r><n>7</n></r>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let mut h = Collect::default();
        walk(&utf16, &mut h).unwrap();
        assert_eq!(h.closed[0].1, "7");
    }

    #[test]
    fn creator_labels() {
        assert_eq!(
            creator_label("Runkeeper - http://www.runkeeper.com").as_deref(),
            Some("Runkeeper")
        );
        assert_eq!(
            creator_label("runtastic - makes sports funtastic, http://www.runtastic.com")
                .as_deref(),
            Some("runtastic")
        );
        assert_eq!(
            creator_label("Garmin Connect").as_deref(),
            Some("Garmin Connect")
        );
        assert_eq!(creator_label(" - http://x"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(number(" 12.5 "), Some(12.5));
        assert_eq!(number("12,5"), Some(12.5));
        assert_eq!(number("1,234.5"), None);
        assert_eq!(number("NaN"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number(""), None);
        assert_eq!(positive("0"), None);
        assert_eq!(positive("88"), Some(88.0));
    }
}
