//! A node's member tabs: Tab goes to the next one, and each tab keeps its own
//! cursor and filter, so that tabbing away and back finds the row left there.

use super::paging;
use super::screens::Screen;
use super::update::ensure_loaded;
use super::{App, Dispatch};
use crate::api::schema::TabId;

/// Where the operator left one of a node's tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabPlace {
    tab: TabId,
    /// The row under the cursor (an index into the tab's list), found again by
    /// what it is, as the tab's rows may have changed meanwhile.
    row: Option<usize>,
    selected: usize,
    filter: String,
}

/// Tab: the node's next tab, as it was left.
pub(crate) fn next(app: &mut App, io: &mut dyn Dispatch) {
    let schema = app.schema();
    let Screen::Node { level, tab, .. } = app.screen() else {
        return;
    };
    let Some(tabs) = schema.level(*level).map(|l| l.tabs) else {
        return;
    };
    let Some(at) = tabs.iter().position(|t| t.id == *tab) else {
        return;
    };
    switch_to(app, tabs[(at + 1) % tabs.len()].id);
    // A node's next tab may not be read yet (a count's read of it called off
    // when its row left the screen).
    let screen = app.screen().clone();
    ensure_loaded(app, &screen, io);
    app.refresh_rows();
}

/// Shows the node on screen at `tab`, with that tab's cursor and filter as they
/// were left (a tab not shown yet starts at the top, unfiltered).
pub(crate) fn switch_to(app: &mut App, tab: TabId) {
    let level = app.level_mut();
    let Screen::Node { tab: shown, .. } = &mut level.screen else {
        return;
    };
    if *shown == tab {
        return;
    }
    let left = TabPlace {
        tab: *shown,
        row: level.rows.get(level.selected).copied(),
        selected: level.selected,
        filter: std::mem::take(&mut level.filter),
    };
    *shown = tab;
    let places = &mut level.tab_places;
    let found = places
        .iter()
        .position(|p| p.tab == tab)
        .map(|at| places.remove(at));
    places.retain(|p| p.tab != left.tab);
    places.push(left.clone());
    let found = found.unwrap_or(TabPlace {
        tab,
        row: None,
        selected: 0,
        filter: String::new(),
    });
    level.filtering = false;
    level.filter = found.filter.clone();
    level.selected = found.selected;
    app.refresh_rows();
    let level = app.level_mut();
    if let Some(at) = found
        .row
        .and_then(|row| level.rows.iter().position(|r| *r == row))
    {
        level.selected = at;
    }
    if found.filter != left.filter {
        paging::filter_changed(app);
    }
}
