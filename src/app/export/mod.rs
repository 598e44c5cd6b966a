//! `:export csv|json [FILE]`: the list on screen, filtered and sorted, every row it
//! holds, in its columns plus ids. The rows are laid out here; the file is written
//! by the runtime (`Dispatch::write_file`), as every other I/O of the console is.
//! An existing file is replaced only by `:export!`.
//!
//! A list read page by page holds the pages loaded so far: those are written, and
//! the notice says how many of how many, and that `G` loads the rest first.

pub mod cells;

use std::path::PathBuf;

use crate::api::schema::{Column, Source, Width};

use super::listed::Shown;
use super::screens::Screen;
use super::{App, Dispatch, paging, sort};
use cells::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

const USAGE: &str = "export csv [FILE] or export json [FILE] (export! replaces a file)";

pub(crate) fn command(app: &mut App, argument: &str, io: &mut dyn Dispatch) -> Result<(), String> {
    let (overwrite, argument) = match argument.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, argument.trim()),
    };
    let (word, file) = argument
        .split_once(char::is_whitespace)
        .map_or((argument, ""), |(w, f)| (w, f.trim()));
    let format = match word.to_lowercase().as_str() {
        "csv" => Format::Csv,
        "json" => Format::Json,
        "" => return Err(format!("export what? {USAGE}")),
        other => return Err(format!("no format {other:?}: {USAGE}")),
    };
    let (header, rows) = table(app)?;
    let bytes = match format {
        Format::Csv => csv_bytes(&header, &rows),
        Format::Json => json_bytes(&header, &rows),
    };
    let path = match file {
        "" => default_name(app, format),
        file => PathBuf::from(file),
    };
    let written = io
        .write_file(&path, &bytes, overwrite)
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "not written: {} is there already; :export! {} {} replaces it",
                path.display(),
                word.to_lowercase(),
                path.display()
            ),
            _ => format!("could not write {}: {err}", path.display()),
        })?;
    let text = format!(
        "wrote {} rows{} to {}{}",
        paging::thousands(rows.len() as u64),
        how_shown(app),
        written.display(),
        what_is_left_out(app)
    );
    super::update::info(app, &text);
    Ok(())
}

/// `columns` with an id column first, where none of them is the id.
pub fn with_ids(mut columns: Vec<Column>) -> Vec<Column> {
    if !columns.iter().any(|c| c.source == Source::Id) {
        columns.insert(
            0,
            Column {
                source: Source::Id,
                title: "ID",
                width: Width::Fill,
            },
        );
    }
    columns
}

/// The columns on screen with the rows' ids first (where no column is the id),
/// and the level's rows in its order.
fn table(app: &App) -> Result<(Vec<&'static str>, Vec<Vec<Cell>>), String> {
    let level = app.level();
    let screen = &level.screen;
    let tenant = screen
        .tenant()
        .and_then(|t| app.tenants.get(t))
        .ok_or("this list does not export: :export works on the lists of a tenant")?;
    let schema = tenant.schema();
    let columns = sort::columns(schema, screen);
    if columns.is_empty() {
        return Err("this list does not export: :export works on the lists of a tenant".into());
    }
    let columns = with_ids(columns);
    let header = columns.iter().map(|c| c.title).collect();
    let rows = match tenant.shown(screen) {
        Shown::Nodes(of, nodes) => level
            .rows
            .iter()
            .filter_map(|&i| nodes.get(i))
            .map(|node| {
                columns
                    .iter()
                    .map(|c| cells::node_cell(schema, Some(tenant), of, c, node))
                    .collect()
            })
            .collect(),
        Shown::Parties(parties) => level
            .rows
            .iter()
            .filter_map(|&i| parties.get(i))
            .map(|party| {
                columns
                    .iter()
                    .map(|c| cells::party_cell(schema, c, party))
                    .collect()
            })
            .collect(),
        Shown::Neither => Vec::new(),
    };
    Ok((header, rows))
}

fn csv_bytes(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = crate::csv::record(header);
    for row in rows {
        let cells: Vec<String> = row.iter().map(Cell::text).collect();
        out.push_str(&crate::csv::record(&cells));
    }
    out.into_bytes()
}

/// An array of objects, their keys the column titles in lower case, in the
/// columns' order.
fn json_bytes(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let keys: Vec<String> = header
        .iter()
        .map(|title| serde_json::Value::from(title.to_lowercase()).to_string())
        .collect();
    let objects: Vec<String> = rows
        .iter()
        .map(|row| {
            let entries: Vec<String> = keys
                .iter()
                .zip(row)
                .map(|(key, cell)| format!("{key}: {}", cell.json()))
                .collect();
            format!("  {{{}}}", entries.join(", "))
        })
        .collect();
    match objects.is_empty() {
        true => b"[]\n".to_vec(),
        false => format!("[\n{}\n]\n", objects.join(",\n")).into_bytes(),
    }
}

/// " matching /ar, sorted by name ▲": what the rows are, as the title says.
fn how_shown(app: &App) -> String {
    let level = app.level();
    let mut parts = Vec::new();
    if !level.filter.is_empty() {
        parts.push(format!("matching /{}", crate::text::visible(&level.filter)));
    }
    if let Some(order) = level.sort.order {
        let columns = sort::columns(app.schema(), &level.screen);
        if let Some(column) = columns.get(order.column) {
            let arrow = if order.descending { "▼" } else { "▲" };
            parts.push(format!("sorted by {} {arrow}", column.title.to_lowercase()));
        }
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(" ({})", parts.join(", ")),
    }
}

/// What the file cannot hold: the pages not loaded, or the rest of a list
/// still arriving.
fn what_is_left_out(app: &App) -> String {
    let screen = app.screen();
    let Some(tenant) = screen.tenant().and_then(|t| app.tenants.get(t)) else {
        return String::new();
    };
    if let Some(progress) =
        paging::Paged::of_screen(tenant, screen).and_then(|list| paging::progress(tenant, &list))
    {
        return format!("; {progress}: the rest are not in the file (G loads them all)");
    }
    let arriving = match screen {
        Screen::Nodes { .. } => tenant.orgs.is_partial(),
        _ => tenant.parties(screen).is_some_and(|p| p.is_partial()),
    };
    match arriving {
        true => "; the list was still arriving: rows after these are not in the file".into(),
        false => String::new(),
    }
}

/// `orgdeck-<list>-<time>.csv` in the current directory.
fn default_name(app: &App, format: Format) -> PathBuf {
    let screen = app.screen();
    let schema = app.schema();
    let list = match screen {
        Screen::Nodes { level, .. } => schema.level(*level).map_or("list", |l| l.title),
        Screen::View { view, .. } => schema.view(*view).map_or("list", |v| v.label),
        Screen::Node { level, tab, .. } => schema
            .level(*level)
            .and_then(|l| l.tab(*tab))
            .map_or("list", |t| t.label),
        _ => "list",
    };
    let slug: String = list
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let time = (app.wall_clock)().strftime("%Y%m%d-%H%M%S");
    let extension = match format {
        Format::Csv => "csv",
        Format::Json => "json",
    };
    PathBuf::from(format!("orgdeck-{slug}-{time}.{extension}"))
}
