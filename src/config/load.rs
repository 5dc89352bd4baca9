//! Reading patella.toml: syntax, then the shape of the document (unknown
//! keys, unknown rules, dates), then types through serde, then meaning
//! (validate.rs). Each stage reports the first problem in file order as one
//! line with the file and line.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::error::{line_col, one_line, ConfigError, Problems};
use super::model::{rule_ids, Config};
use super::raw::{
    local_date, RawConfig, ATHLETE_KEYS, DATE_KEYS, OVERRIDE_KEYS, RULE_KEYS, SHOE_KEYS, TOP_KEYS,
};
use super::validate;

/// The config's file name at the root of an analyzed folder.
pub const FILE_NAME: &str = "patella.toml";

impl Config {
    /// Reads and validates one config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let label = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ConfigError::Io {
            file: label.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
                return Err(ConfigError::At {
                    file: label,
                    line,
                    column: None,
                    message: "not UTF-8 text (save the file as UTF-8)".into(),
                });
            }
        };
        Config::parse_str(text, &label)
    }

    /// The config at the root of an analyzed folder, if there is one.
    pub fn find(folder: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let path = folder.join(FILE_NAME);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            _ => Config::load(&path).map(|config| Some((path, config))),
        }
    }

    /// Parses and validates config text; `file` is how messages name it.
    pub fn parse_str(text: &str, file: &str) -> Result<Config, ConfigError> {
        // A byte-order mark is legal in files saved by some editors but
        // not in TOML; blanking it keeps every offset where it was.
        let cleaned;
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => {
                cleaned = format!("   {rest}");
                cleaned.as_str()
            }
            None => text,
        };
        let at = |offset: usize, column: bool, message: String| {
            let (line, col) = line_col(text, offset);
            ConfigError::At {
                file: file.to_string(),
                line,
                column: column.then_some(col),
                message,
            }
        };
        let document = DeTable::parse(text).map_err(|e| {
            let offset = e.span().map_or(text.len(), |span| span.start);
            at(offset, true, one_line(e.message()))
        })?;
        if let Some((offset, message)) = check_shape(document.get_ref()) {
            return Err(at(offset, false, message));
        }
        let raw = RawConfig::deserialize(toml::de::Deserializer::from(document)).map_err(|e| {
            let offset = e.span().map_or(0, |span| span.start);
            let path = DeTable::parse(text)
                .map(|doc| key_path(doc.get_ref(), offset))
                .unwrap_or_default();
            at(offset, false, type_message(&path, e.message()))
        })?;
        validate::validate(raw, text).map_err(|(offset, message)| at(offset, false, message))
    }
}

/// Unknown keys, unknown rule ids, tables of the wrong form and malformed
/// dates, found on the parsed document so that the message can say which
/// table they sit in. Leaf values of the wrong type are left to serde.
fn check_shape(document: &DeTable<'_>) -> Option<(usize, String)> {
    let mut problems = Problems::default();
    check_keys(document, &TOP_KEYS, "at the top level", "", &mut problems);
    if let Some(athlete) = document.get("athlete") {
        if let Some(table) = table_of("athlete", "[athlete]", athlete, &mut problems) {
            let place = "in [athlete]";
            check_keys(table, &ATHLETE_KEYS, place, "athlete", &mut problems);
        }
    }
    let lists: [(&str, &[&str]); 2] = [("shoes", &SHOE_KEYS), ("shoe_overrides", &OVERRIDE_KEYS)];
    for (key, allowed) in lists {
        let Some(value) = document.get(key) else {
            continue;
        };
        let place = format!("[[{key}]]");
        for table in tables_of(key, &place, value, &mut problems) {
            check_keys(table, allowed, &format!("in {place}"), key, &mut problems);
        }
    }
    let rules = document.get("rules");
    let rules = rules.and_then(|r| table_of("rules", "[rules.<rule id>]", r, &mut problems));
    for (id, rule) in rules.into_iter().flat_map(|rules| rules.iter()) {
        let id_name: &str = id.get_ref();
        let ids = rule_ids();
        if !ids.contains(&id_name) {
            let expected = ids.join(", ");
            let message = format!("unknown rule {id_name:?} (expected one of: {expected})");
            problems.add(id.span().start, message);
            continue;
        }
        let path = format!("rules.{id_name}");
        if let Some(rule) = table_of(&path, &format!("[{path}]"), rule, &mut problems) {
            let place = format!("in [{path}]");
            check_keys(rule, &RULE_KEYS, &place, &path, &mut problems);
        }
    }
    problems.into_first()
}

/// The table under a key that must hold one table (`[athlete]`).
fn table_of<'a, 'i>(
    path: &str,
    form: &str,
    value: &'a Spanned<DeValue<'i>>,
    problems: &mut Problems,
) -> Option<&'a DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(table) => Some(table),
        other => {
            let found = with_article(other.type_str());
            let message = format!("{path}: expected a table, found {found} (write {form})");
            problems.add(value.span().start, message);
            None
        }
    }
}

/// The tables under a key that must hold an array of them (`[[shoes]]`).
fn tables_of<'a, 'i>(
    path: &str,
    form: &str,
    value: &'a Spanned<DeValue<'i>>,
    problems: &mut Problems,
) -> Vec<&'a DeTable<'i>> {
    let mut tables = Vec::new();
    match value.get_ref() {
        DeValue::Array(items) => {
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::Table(table) => tables.push(table),
                    other => {
                        let found = with_article(other.type_str());
                        let message = format!("{path}: expected tables, found {found}");
                        problems.add(item.span().start, message);
                    }
                }
            }
        }
        other => {
            let found = with_article(other.type_str());
            let message = format!(
                "{path}: expected an array of tables, found {found} (write {form} before each entry)"
            );
            problems.add(value.span().start, message);
        }
    }
    tables
}

fn with_article(kind: &str) -> String {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

fn check_keys(table: &DeTable<'_>, allowed: &[&str], place: &str, path: &str, out: &mut Problems) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        if !allowed.contains(&name) {
            let expected = allowed.join(", ");
            let message = format!("unknown key {name:?} {place} (expected one of: {expected})");
            out.add(key.span().start, message);
        } else if DATE_KEYS.contains(&name) {
            let example = "expected a local date such as 2026-03-02";
            let message = match value.get_ref() {
                DeValue::Datetime(date) if local_date(date).is_some() => continue,
                DeValue::String(text) => format!(
                    "bad date {text:?} for {path}.{name} (write it without quotes: {name} = {})",
                    text.trim()
                ),
                DeValue::Datetime(date) => {
                    format!(
                        "bad date {:?} for {path}.{name} ({example})",
                        date.to_string()
                    )
                }
                other => {
                    let found = other.type_str();
                    format!("bad date for {path}.{name}: found {found} ({example})")
                }
            };
            out.add(value.span().start, message);
        }
    }
}

/// The dotted key path ("shoes.initial_km") of the deepest value at a byte
/// offset, for messages about values of the wrong type. Containers are
/// searched whatever their own span: a `[table]`'s span covers its header,
/// not its keys.
fn key_path(table: &DeTable<'_>, offset: usize) -> String {
    key_path_in(table, offset).join(".")
}

fn key_path_in(table: &DeTable<'_>, offset: usize) -> Vec<String> {
    for (key, value) in table.iter() {
        let inner = path_in_value(value.get_ref(), offset);
        let here = key.span().contains(&offset) || value.span().contains(&offset);
        if !inner.is_empty() || here {
            let mut path = vec![key.get_ref().to_string()];
            path.extend(inner);
            return path;
        }
    }
    Vec::new()
}

fn path_in_value(value: &DeValue<'_>, offset: usize) -> Vec<String> {
    match value {
        DeValue::Table(table) => key_path_in(table, offset),
        DeValue::Array(items) => items
            .iter()
            .map(|item| path_in_value(item.get_ref(), offset))
            .find(|path| !path.is_empty())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// serde says "invalid type: string \"x\", expected f64"; users read
/// "athlete.max_hr: expected a number, found string \"x\"".
fn type_message(path: &str, message: &str) -> String {
    let message = one_line(message);
    let plain = [
        ("expected f64", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected a sequence", "expected an array"),
        ("expected a map", "expected a table"),
    ]
    .iter()
    .fold(message, |m, (from, to)| m.replace(from, to));
    let plain = match plain
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        Some((found, expected)) => {
            let found = match found {
                "map" => "a table",
                "sequence" => "an array",
                other => other,
            };
            let expected = if expected.starts_with("struct ") {
                "a table"
            } else {
                expected
            };
            format!("expected {expected}, found {found}")
        }
        None => plain,
    };
    if path.is_empty() {
        plain
    } else {
        format!("{path}: {plain}")
    }
}
