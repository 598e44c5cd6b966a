//! Sorting a list by one of its columns: `:sort name`, `:sort -created`, or `o`
//! on the focused column (`<` and `>` move the focus). The order is the level's,
//! applied after the filter; ties keep the list's own order, empty cells go last.
//!
//! Keys are read once per column and data generation, and the whole list's order
//! is kept with them, so that a filter keystroke on a sorted list of 100,000 rows
//! costs a pass over that order rather than a sort.

pub mod keys;

use std::sync::Arc;

use crate::api::schema::{Column, Schema, Source};

use super::App;
use super::listed::Shown;
use super::screens::{Level, Screen};
use keys::Keys;

/// A column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// Index into [`columns`] of the level's screen.
    pub column: usize,
    pub descending: bool,
}

/// A level's sort: what the operator asked for, and what its rows are in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sorting {
    /// The column `o` sorts; None until the operator moves it or sorts, so a
    /// list nobody sorted shows no marker.
    pub focus: Option<usize>,
    pub order: Option<Order>,
    /// The order `Level::rows` are in (None: the list's own).
    pub(crate) rows_in: Option<Order>,
    pub(crate) cache: Option<Arc<Ranked>>,
}

impl Sorting {
    /// The column `o` and `<`/`>` act on.
    pub fn focused(&self) -> usize {
        self.focus.unwrap_or(0)
    }
}

/// A column's keys for every row of one data generation, and the rows in order.
#[derive(Debug, PartialEq)]
pub(crate) struct Ranked {
    screen: Screen,
    generation: u64,
    order: Order,
    keys: Keys,
    /// Every row of the list, sorted by `order`.
    ranked: Vec<u32>,
}

/// The columns a list shows, as the schema declares them for its screen: the
/// level's, or the tab's or view's own, or the schema's party columns, less one
/// naming the node the list is within. Sorting and drawing both read these.
pub fn columns(schema: &Schema, screen: &Screen) -> Vec<Column> {
    match screen {
        Screen::Nodes { level, .. } => schema
            .level(*level)
            .map_or_else(Vec::new, |l| l.columns.to_vec()),
        Screen::Node { level, tab, .. } => {
            let own = schema.level(*level).and_then(|l| l.tab(*tab)?.columns);
            party_columns(schema, own, Some(*level))
        }
        Screen::View { view, .. } => {
            let own = schema.view(*view).map(|v| v.party_columns(schema));
            party_columns(schema, own, None)
        }
        Screen::Tenants
        | Screen::Detail { .. }
        | Screen::Approvals { .. }
        | Screen::Messages
        | Screen::Requests => Vec::new(),
    }
}

fn party_columns(
    schema: &Schema,
    own: Option<&'static [Column]>,
    within: Option<crate::api::schema::LevelId>,
) -> Vec<Column> {
    own.unwrap_or(schema.party_columns)
        .iter()
        .filter(|column| !keys::names_level(schema, column.source, within))
        .copied()
        .collect()
}

fn screen_columns(app: &App) -> Vec<Column> {
    columns(app.schema(), app.screen())
}

/// `:sort COLUMN` / `:sort -COLUMN`; `:sort` alone goes back to the list's order.
pub(crate) fn command(app: &mut App, argument: &str) -> Result<(), String> {
    let columns = screen_columns(app);
    if columns.is_empty() {
        return Err("this list keeps its own order: :sort works on the lists of a tenant".into());
    }
    let argument = argument.trim();
    if argument.is_empty() {
        set_order(app, None);
        super::update::info(app, "in the list's own order");
        return Ok(());
    }
    let (descending, name) = match argument.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, argument.strip_prefix('+').unwrap_or(argument).trim()),
    };
    let column = column_named(&columns, name)?;
    app.level_mut().sort.focus = Some(column);
    set_order(app, Some(Order { column, descending }));
    say_order(app, &columns);
    Ok(())
}

/// The column whose title is `name`, or the only one it starts; else an error
/// naming the columns.
fn column_named(columns: &[Column], name: &str) -> Result<usize, String> {
    let name = name.to_lowercase();
    let titles: Vec<String> = columns.iter().map(|c| c.title.to_lowercase()).collect();
    if let Some(exact) = titles.iter().position(|t| *t == name) {
        return Ok(exact);
    }
    let starting: Vec<usize> = (0..titles.len())
        .filter(|&i| !name.is_empty() && titles[i].starts_with(&name))
        .collect();
    let list = titles.join(", ");
    match starting.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no column {name:?} here: the columns are {list}")),
        many => Err(format!(
            "{name:?} starts {}: type more of it",
            many.iter()
                .map(|&i| titles[i].as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        )),
    }
}

/// `o`: the focused column ascending, then descending, then the list's order.
pub(crate) fn cycle(app: &mut App) {
    let columns = screen_columns(app);
    if columns.is_empty() {
        return super::update::error(app, "this list keeps its own order", None);
    }
    let sort = &app.level().sort;
    let column = sort.focused().min(columns.len() - 1);
    let next = match sort.order {
        Some(order) if order.column == column && !order.descending => Some(Order {
            column,
            descending: true,
        }),
        Some(order) if order.column == column => None,
        _ => Some(Order {
            column,
            descending: false,
        }),
    };
    app.level_mut().sort.focus = Some(column);
    set_order(app, next);
    say_order(app, &columns);
}

/// `<` / `>`: moves the column focus, which the header marks.
pub(crate) fn move_column(app: &mut App, delta: isize) {
    let count = screen_columns(app).len();
    if count == 0 {
        return super::update::error(app, "this list has no columns to sort by", None);
    }
    // Unfocused, `o` acts on the first column: the move starts from there.
    let sort = &mut app.level_mut().sort;
    let from = sort.focus.map_or(0, |f| f.min(count - 1));
    sort.focus = Some(from.saturating_add_signed(delta).min(count - 1));
}

fn say_order(app: &mut App, columns: &[Column]) {
    let text = match app.level().sort.order {
        Some(order) => format!(
            "sorted by {} {}",
            columns[order.column].title.to_lowercase(),
            if order.descending {
                "▼ (descending)"
            } else {
                "▲ (ascending)"
            }
        ),
        None => "in the list's own order".to_owned(),
    };
    super::update::info(app, &text);
}

/// Sets the order of the level on screen; the cursor stays on its row.
fn set_order(app: &mut App, order: Option<Order>) {
    let level = app.level_mut();
    let kept = level.selected_row();
    level.sort.order = order;
    app.refresh_rows();
    let level = app.level_mut();
    if let Some(position) = kept.and_then(|row| level.rows.iter().position(|r| *r == row)) {
        level.selected = position;
    }
}

/// Puts the rows `compute_rows` gave for the level at `index` in its order.
/// `rows_in` is the order they arrived in (the level's previous rows' when the
/// filter only narrowed them, else the list's own).
pub(crate) fn arrange(
    app: &mut App,
    index: usize,
    rows: Vec<usize>,
    rows_in: Option<Order>,
) -> Vec<usize> {
    let wanted = app.stack[index].sort.order;
    app.stack[index].sort.rows_in = wanted;
    if wanted == rows_in {
        return rows;
    }
    let Some(order) = wanted else {
        let mut rows = rows;
        rows.sort_unstable();
        return rows;
    };
    let ranked = ranked(app, index, order);
    let rows = ranked
        .as_ref()
        .map_or(rows.clone(), |r| in_rank(&r.ranked, rows));
    app.stack[index].sort.cache = ranked;
    rows
}

/// The rows kept in the order of `ranked`: one pass over the whole list.
fn in_rank(ranked: &[u32], rows: Vec<usize>) -> Vec<usize> {
    let Some(&last) = rows.iter().max() else {
        return rows;
    };
    let mut kept = vec![false; last + 1];
    for &row in &rows {
        kept[row] = true;
    }
    let mut out = Vec::with_capacity(rows.len());
    out.extend(
        ranked
            .iter()
            .map(|&r| r as usize)
            .filter(|&r| kept.get(r).copied().unwrap_or(false)),
    );
    // Rows the ranking does not know (none, while keys and rows share a generation).
    if out.len() < rows.len() {
        let known = ranked.len();
        out.extend(rows.iter().copied().filter(|&r| r >= known));
    }
    out
}

/// The level's list ranked by `order`, from the cache when its data is the same.
fn ranked(app: &App, index: usize, order: Order) -> Option<Arc<Ranked>> {
    let level = &app.stack[index];
    let screen = &level.screen;
    let tenant = screen.tenant().and_then(|t| app.tenants.get(t))?;
    let column = *columns(tenant.schema(), screen).get(order.column)?;
    let generation = tenant.generation;
    let cached = level
        .sort
        .cache
        .as_ref()
        .filter(|c| c.screen == *screen && c.generation == generation)
        .filter(|_| keys::cacheable(column.source));
    if let Some(cached) = cached.filter(|c| c.order == order) {
        return Some(cached.clone());
    }
    let keys = match cached.filter(|c| c.order.column == order.column) {
        Some(same_column) => same_column.keys.clone(),
        None => read_keys(app, level, column.source),
    };
    let ranked = rank(&keys, order.descending);
    Some(Arc::new(Ranked {
        screen: screen.clone(),
        generation,
        order,
        keys,
        ranked,
    }))
}

/// Every row in the order of its key, ties in the list's order. Each row is one
/// integer, its prefix's first twelve bytes above its row number, so the main
/// sort compares integers only; then each run of rows whose prefixes tie is
/// sorted by whole keys where one of them is longer than those twelve bytes.
/// Ending every comparison on the row gives the stable order from unstable sorts.
fn rank(keys: &Keys, descending: bool) -> Vec<u32> {
    const ROW: u32 = 32;
    let mut entries: Vec<u128> = (0..keys.len())
        .map(|row| (keys.sort_prefix(row, descending) >> ROW) << ROW | row as u128)
        .collect();
    entries.sort_unstable();
    let row_of = |entry: u128| (entry as u32) as usize;
    let mut start = 0;
    while start < entries.len() {
        let prefix = entries[start] >> ROW;
        let end = entries[start..]
            .iter()
            .position(|e| e >> ROW != prefix)
            .map_or(entries.len(), |n| start + n);
        let run = &mut entries[start..end];
        if run.len() > 1 && run.iter().any(|e| !keys.whole_in(row_of(*e), 11)) {
            run.sort_unstable_by(|a, b| {
                keys.compare(row_of(*a), row_of(*b), descending)
                    .then(row_of(*a).cmp(&row_of(*b)))
            });
        }
        start = end;
    }
    entries.into_iter().map(|e| e as u32).collect()
}

/// Every row's key in a column of the level's list.
fn read_keys(app: &App, level: &Level, source: Source) -> Keys {
    let Some(tenant) = level.screen.tenant().and_then(|t| app.tenants.get(t)) else {
        return Keys::default();
    };
    match tenant.shown(&level.screen) {
        Shown::Nodes(of, nodes) => {
            let mut keys = Keys::with_capacity(nodes.len());
            for node in nodes {
                keys::push_node_key(&mut keys, tenant, of, source, node);
            }
            keys
        }
        Shown::Parties(parties) => {
            let mut keys = Keys::with_capacity(parties.len());
            for party in parties {
                keys::push_party_key(&mut keys, tenant.schema(), source, party);
            }
            keys
        }
        Shown::Neither => Keys::default(),
    }
}

#[cfg(test)]
mod tests;
