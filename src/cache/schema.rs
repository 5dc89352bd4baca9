//! The cache file's tables, and telling a usable cache from a stale, damaged
//! or newer one.
//!
//! Two version numbers guard the file. `schema` is this module's: the
//! tables' shape, bumped when it changes. `layout` is the caller's: the
//! format of the blobs, bumped when what patella caches per file changes.
//! Both live in the `meta` table (key/value, so that a newer schema can add
//! keys and still be recognised as newer by an older patella), beside the
//! version of patella that created the file. Whatever else changes, later
//! schemas must keep `schema` and `layout` there as integers and keep the
//! application id: an older patella rebuilds a cache it cannot read them in.

use std::collections::HashMap;

use rusqlite::config::DbConfig;
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode};

use super::error::code;

/// The tables' shape; bump it when [`CREATE`] changes.
pub(super) const SCHEMA: i64 = 1;

/// SQLite's application id for the file ("pate"): tells a patella cache
/// from some other SQLite database that ended up at its path.
pub(super) const APPLICATION_ID: i64 = 0x7061_7465;

/// A rowid table with the key's index, not `WITHOUT ROWID`: SQLite advises
/// `WITHOUT ROWID` only for rows much smaller than a page, and a blob is
/// typically tens of KB. Unsigned values are stored as their `i64` bit
/// pattern (SQLite integers are signed).
const CREATE: &str = "
    CREATE TABLE meta (
        key TEXT PRIMARY KEY NOT NULL,
        value
    );
    CREATE TABLE files (
        key TEXT PRIMARY KEY NOT NULL,
        size INTEGER NOT NULL,
        modified_ns INTEGER NOT NULL,
        content_hash INTEGER NOT NULL,
        bytes BLOB NOT NULL
    );
";

/// What [`inspect`] found.
#[derive(Debug, PartialEq)]
pub(super) enum Verdict {
    /// Ours, current and sound.
    Good,
    /// No tables at all: a new (or zero-length) file.
    Empty,
    /// A readable SQLite database that is not a current patella cache; it
    /// can be emptied in place, under SQLite's locks.
    Stale(String),
    /// Not readable as a SQLite database, or damaged.
    Broken(String),
    /// Written by a newer patella: to be left alone.
    Newer {
        layout: i64,
        schema: i64,
        written_by: String,
    },
}

/// Reads (never writes) enough of the database to judge it against the
/// caller's `layout`. Errors are those that say nothing about the file
/// itself (a lock held too long, an I/O failure).
pub(super) fn inspect(conn: &Connection, layout: u32) -> rusqlite::Result<Verdict> {
    match judge(conn, layout) {
        Err(error) => match damage(&error) {
            Some(reason) => Ok(Verdict::Broken(reason)),
            None => Err(error),
        },
        verdict => verdict,
    }
}

fn judge(conn: &Connection, layout: u32) -> rusqlite::Result<Verdict> {
    let tables = table_names(conn)?;
    if tables.is_empty() {
        return Ok(Verdict::Empty);
    }
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        return Ok(Verdict::Stale("not a patella cache".to_string()));
    }
    if !tables.iter().any(|name| name == "meta") {
        return Ok(Verdict::Stale("its meta table is missing".to_string()));
    }
    let meta = read_meta(conn)?;
    let number = |key: &str| match meta.get(key) {
        Some(Value::Integer(number)) => Some(*number),
        _ => None,
    };
    let (Some(schema), Some(stored_layout)) = (number("schema"), number("layout")) else {
        return Ok(Verdict::Stale("its meta table is incomplete".to_string()));
    };
    // Shown in a one-line message: anything odd is not shown.
    let written_by = match meta.get("written_by") {
        Some(Value::Text(version))
            if version.len() <= 40 && version.bytes().all(|byte| byte.is_ascii_graphic()) =>
        {
            version.clone()
        }
        _ => "unknown version".to_string(),
    };
    let layout = i64::from(layout);
    if schema > SCHEMA || (schema == SCHEMA && stored_layout > layout) {
        return Ok(Verdict::Newer {
            layout: stored_layout,
            schema,
            written_by,
        });
    }
    if schema < SCHEMA {
        return Ok(Verdict::Stale(format!(
            "written by an older patella ({written_by}, schema {schema})"
        )));
    }
    if stored_layout < layout {
        return Ok(Verdict::Stale(format!(
            "written by an older patella ({written_by}, layout {stored_layout})"
        )));
    }
    if !tables.iter().any(|name| name == "files") {
        return Ok(Verdict::Stale("its files table is missing".to_string()));
    }
    if let Err(error) =
        conn.prepare("SELECT key, size, modified_ns, content_hash, bytes FROM files LIMIT 0")
    {
        // A plain SQL error here means other columns; damage is for the caller.
        return match code(&error) {
            Some(ErrorCode::Unknown) => Ok(Verdict::Stale(
                "its files table has other columns".to_string(),
            )),
            _ => Err(error),
        };
    }
    quick_check(conn)
}

/// The names of the database's tables, SQLite's own excepted.
fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let names = statement.query_map([], |row| row.get(0))?;
    names.collect()
}

fn read_meta(conn: &Connection) -> rusqlite::Result<HashMap<String, Value>> {
    let mut statement = conn.prepare("SELECT key, value FROM meta")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// SQLite's quick check: every page and record well formed (indexes are
/// not compared with their tables, which the full integrity check would
/// do at several times the cost).
fn quick_check(conn: &Connection) -> rusqlite::Result<Verdict> {
    let first: String = conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
    Ok(if first == "ok" {
        Verdict::Good
    } else {
        Verdict::Broken(format!("damaged ({first})"))
    })
}

/// The reason to give when `error` shows the file itself is bad.
fn damage(error: &rusqlite::Error) -> Option<String> {
    match code(error)? {
        ErrorCode::NotADatabase => Some("not a SQLite database".to_string()),
        ErrorCode::DatabaseCorrupt => Some("damaged".to_string()),
        _ => None,
    }
}

/// Empties the database in place and creates the current tables; run in a
/// write transaction, right after [`inspect`] found the file empty or stale
/// under the same lock, so two processes never rebuild over each other.
pub(super) fn build(conn: &Connection, layout: u32) -> rusqlite::Result<()> {
    let mut statement = conn.prepare(
        "SELECT type, name FROM sqlite_schema
         WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY type = 'table'",
    )?;
    let objects = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(statement);
    for (kind, name) in objects {
        // Indexes and triggers go with their tables.
        let kind = if kind == "view" { "VIEW" } else { "TABLE" };
        let quoted = name.replace('"', "\"\"");
        conn.execute_batch(&format!("DROP {kind} IF EXISTS \"{quoted}\""))?;
    }
    conn.execute_batch(CREATE)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    let mut insert = conn.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
    insert.execute(("schema", SCHEMA))?;
    insert.execute(("layout", i64::from(layout)))?;
    insert.execute(("written_by", env!("CARGO_PKG_VERSION")))?;
    Ok(())
}

/// Empties a damaged database through SQLite itself (its documented reset:
/// `SQLITE_DBCONFIG_RESET_DATABASE` then `VACUUM`), which keeps SQLite's
/// locking in play; the caller deletes the files when even this fails.
pub(super) fn reset(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_RESET_DATABASE, true)?;
    let vacuumed = conn.execute_batch("VACUUM");
    let restored = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_RESET_DATABASE, false);
    vacuumed?;
    restored.map(|_| ())
}
