//! Lists read a page at a time as the operator scrolls (a level under a parent,
//! or a tenant-wide view, declaring `LazyPaging`): the first page shows at once,
//! the next is asked for while the cursor is still some rows from the end, `G`
//! walks on to the last page, and a filter also asks the server's search. One
//! page request per list is out at a time; a page that fails leaves the rows
//! before it where they were.

use std::collections::HashSet;
use std::time::Duration;

use super::keymap::Action;
use super::remote::Trouble;
use super::tenant::Tenant;
use super::update::{error, info};
use super::{App, Dispatch, Purpose};
use crate::api::client::RequestId;
use crate::api::error::ApiError;
use crate::api::model::record::ValueRef;
use crate::api::model::{Cursor, Filter, Reply};
use crate::api::schema::{LazyPaging, LevelId};

mod rows;
mod search;

pub use rows::Paged;
pub(crate) use rows::{pages, pages_mut};
pub use search::search_waiting;
pub(crate) use search::{filter_changed, search_answered, tick};

/// Rows from the end of what is loaded at which the next page is asked for:
/// several screens ahead, so that scrolling does not meet the end while the
/// page is on its way.
pub const AHEAD: usize = 100;

/// Quiet after the last keystroke of a filter before the server is asked, so
/// that typing a word sends one search, not one per letter.
pub const SEARCH_AFTER: Duration = Duration::from_millis(250);

/// Where a list read page by page stands.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// Where the page after the loaded ones starts; `None` once the last is in.
    pub next: Option<Cursor>,
    /// The request for that page, while it is out.
    pub pending: Option<RequestId>,
    /// `G` asked for the rest: each page asks for the next until the last.
    pub to_end: bool,
    /// Why the last page asked for failed; the rows before it stay.
    pub trouble: Option<Trouble>,
    /// How many rows the whole list holds, when the server says.
    pub total: Option<u64>,
    /// How many of the list's rows came from its pages; those after them are
    /// matches the server's search found beyond what was loaded.
    pub paged: usize,
    /// The ids of the paged rows: a search match among them is not added twice.
    ids: HashSet<String>,
    /// The cursors whose pages came in: one coming round again would page for ever.
    asked: HashSet<Cursor>,
    pub search: Search,
}

/// The server's search behind a filter.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The filter as last typed, and when: asked once the typing rests.
    typed: Option<(String, std::time::Instant)>,
    /// The search that is out, and what it looks for.
    pending: Option<(RequestId, String)>,
    /// What the server's matches after `paged` were found for.
    pub found: Option<String>,
}

impl Pages {
    /// Whether more pages are to come, or one is on its way.
    pub fn more(&self) -> bool {
        self.next.is_some() || self.pending.is_some()
    }
}

/// The paging of `level` under `parent`, if it is read page by page. Only a
/// level under a parent: the top level's list is read whole.
pub fn lazy(t: &Tenant, level: LevelId, parent: Option<&str>) -> Option<LazyPaging> {
    parent?;
    t.schema().level(level)?.lazy
}

/// The list on the current screen, if it is read page by page.
fn on_screen(app: &App) -> Option<(usize, Paged, LazyPaging)> {
    let tenant = app.screen().tenant()?;
    let t = &app.tenants[tenant];
    let list = Paged::of_screen(t, app.screen())?;
    let lazy = list.lazy(t)?;
    Some((tenant, list, lazy))
}

fn forget(app: &mut App, tenant: usize, id: Option<RequestId>, io: &mut dyn Dispatch) {
    if let Some(id) = id {
        io.cancel(tenant, id);
        app.requests.remove(&(tenant, id));
    }
}

/// Before the first page is asked for again (`r`): the walk and the page or
/// search still out are abandoned, as their answers belong to the old list.
pub(crate) fn restart(app: &mut App, tenant: usize, list: &Paged, io: &mut dyn Dispatch) {
    let Some(pages) = pages_mut(&mut app.tenants[tenant], list) else {
        return;
    };
    let page = pages.pending.take();
    let search = pages.search.pending.take().map(|(id, _)| id);
    pages.to_end = false;
    pages.trouble = None;
    forget(app, tenant, page, io);
    forget(app, tenant, search, io);
}

/// The first page is in (its rows already taken as the list): where the next
/// starts, and how many there are in all, from the page or else from the
/// parent's count.
pub(crate) fn begun(t: &mut Tenant, list: &Paged, next: Option<Cursor>, total: Option<u64>) {
    let counted = match list {
        Paged::Nodes { level, parent } => lazy(t, *level, Some(parent))
            .and_then(|l| l.total)
            .and_then(|field| {
                let above = t.schema().level(*level)?.parent?;
                let fields = t.schema().level(above)?.fields;
                match t.org(parent)?.record.get(fields, field) {
                    ValueRef::Number(n) => u64::try_from(n).ok(),
                    _ => None,
                }
            }),
        Paged::View(_) => None,
    };
    let total = total.or(counted);
    rows::with_rows(
        t,
        list,
        |_, l| rows::begin(l, next.clone(), total),
        |_, l| rows::begin(l, next.clone(), total),
    );
}

/// Asks for the page after the loaded ones, unless one is out or none is left.
fn ask_next(app: &mut App, tenant: usize, list: &Paged, io: &mut dyn Dispatch) -> bool {
    let again = (app.keymap).hint(Action::Refresh, "reads the list again from its first page");
    let Some(pages) = pages_mut(&mut app.tenants[tenant], list) else {
        return false;
    };
    let Some(next) = pages.next.clone().filter(|_| pages.pending.is_none()) else {
        return false;
    };
    if pages.asked.contains(&next) {
        pages.next = None;
        pages.to_end = false;
        let cause = "the server's pages go round in a circle: a page points back to one \
                     already read";
        pages.trouble = Some(Trouble {
            cause: cause.to_owned(),
            hint: again.clone(),
        });
        error(app, cause, again);
        return false;
    }
    let Some(id) = io.page(tenant, list.read(Filter::default(), Some(next))) else {
        return false;
    };
    if let Some(pages) = pages_mut(&mut app.tenants[tenant], list) {
        pages.pending = Some(id);
    }
    app.requests
        .insert((tenant, id), Purpose::Page { list: list.clone() });
    true
}

/// After the cursor moved: the next page, once the cursor is within `AHEAD`
/// rows of the end of what is loaded. Not while a filter narrows the rows
/// (the server's search answers it) nor after a page failed, until the
/// operator moves again.
pub(crate) fn near_end(app: &mut App, io: &mut dyn Dispatch, moved: bool) {
    let Some((tenant, list, _)) = on_screen(app) else {
        return;
    };
    let at = app.level();
    if !at.filter.is_empty() || at.selected + AHEAD < at.rows.len() {
        return;
    }
    let Some(pages) = pages_mut(&mut app.tenants[tenant], &list) else {
        return;
    };
    if pages.trouble.is_some() && !moved {
        return;
    }
    pages.trouble = None;
    ask_next(app, tenant, &list, io);
}

/// `G` on a list with pages still to come: walks to the last page and lands on
/// its last row. False when the list is whole (then `G` is what it always was).
pub(crate) fn bottom(app: &mut App, io: &mut dyn Dispatch) -> bool {
    let Some((tenant, list, _)) = on_screen(app) else {
        return false;
    };
    if !app.level().filter.is_empty() {
        return false;
    }
    let Some(pages) = pages_mut(&mut app.tenants[tenant], &list) else {
        return false;
    };
    if !pages.more() {
        return false;
    }
    pages.to_end = true;
    pages.trouble = None;
    ask_next(app, tenant, &list, io);
    let at = app.level_mut();
    at.selected = at.rows.len().saturating_sub(1);
    true
}

/// Any key but `G` ends a walk to the end: the page out is let finish, as the
/// next one it would have been anyway.
pub(crate) fn navigated(app: &mut App) {
    if let Some((tenant, list, _)) = on_screen(app)
        && let Some(pages) = pages_mut(&mut app.tenants[tenant], &list)
    {
        pages.to_end = false;
    }
}

/// Esc during a walk to the end stops it, the page out included. False when no
/// walk is on (Esc then does what it always did).
pub(crate) fn stop(app: &mut App, io: &mut dyn Dispatch) -> bool {
    let Some((tenant, list, _)) = on_screen(app) else {
        return false;
    };
    let Some(pages) = pages_mut(&mut app.tenants[tenant], &list) else {
        return false;
    };
    if !pages.to_end {
        return false;
    }
    pages.to_end = false;
    let id = pages.pending.take();
    forget(app, tenant, id, io);
    let t = &app.tenants[tenant];
    let said = progress(t, &list).unwrap_or_default();
    let keys = [
        app.keymap.hint(Action::Bottom, "loads on"),
        app.keymap.hint(Action::Refresh, "starts over"),
    ];
    let keys: Vec<String> = keys
        .into_iter()
        .flatten()
        .map(|k| format!("; {k}"))
        .collect();
    info(app, format!("Stopped: {said}{}", keys.concat()));
    true
}

/// "loaded 1,250 of 100,000" (of "…" without a total) while pages are to come.
pub fn progress(t: &Tenant, list: &Paged) -> Option<String> {
    let pages = pages(t, list)?;
    if !pages.more() {
        return None;
    }
    let of = pages.total.map_or("…".to_owned(), thousands);
    Some(format!("loaded {} of {of}", thousands(pages.paged as u64)))
}

/// Whether `G` is walking this list to its end.
pub fn walking(t: &Tenant, list: &Paged) -> bool {
    pages(t, list).is_some_and(|p| p.to_end)
}

/// 1,250 and 100,000: counts an operator reads at a glance.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A page after the first came in: its rows join the list (before any search
/// matches, which leave it if the page holds them), and a walk goes on.
pub(crate) fn page_answered(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    list: Paged,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let t = &mut app.tenants[tenant];
    let Some(pages) = pages_mut(t, &list) else {
        return;
    };
    if pages.pending != Some(id) {
        return;
    }
    pages.pending = None;
    let (next, total) = match &result {
        Ok(Reply::Nodes(page)) => (page.next.clone(), page.total),
        Ok(Reply::Parties(page)) => (page.next.clone(), page.total),
        _ => (None, None),
    };
    let reply = match result {
        Ok(reply) => reply,
        Err(err) => return failed(app, tenant, &list, err.to_string()),
    };
    t.generation += 1;
    if !rows::take_reply(t, &list, reply, rows::Put::Page) {
        return failed(app, tenant, &list, "the page held no list".into());
    }
    let Some(pages) = pages_mut(t, &list) else {
        return;
    };
    if let Some(read) = pages.next.take() {
        pages.asked.insert(read);
    }
    pages.next = next;
    pages.total = total.or(pages.total);
    let walking = pages.to_end;
    let ended = pages.next.is_none();
    if ended {
        pages.to_end = false;
    }
    app.refresh_rows();
    if walking && ended && on_screen(app).is_some_and(|(t, l, _)| (t, &l) == (tenant, &list)) {
        let at = app.level_mut();
        at.selected = at.rows.len().saturating_sub(1);
    }
    if walking && !ended {
        ask_next(app, tenant, &list, io);
    } else {
        near_end(app, io, false);
    }
}

fn failed(app: &mut App, tenant: usize, list: &Paged, cause: String) {
    let Some(pages) = pages_mut(&mut app.tenants[tenant], list) else {
        return;
    };
    pages.to_end = false;
    let bottom = app.keymap.named(Action::Bottom);
    let refresh = app.keymap.named(Action::Refresh);
    let hint = format!(
        "the {} rows loaded stay; move or {bottom} to try again, {refresh} to start over",
        thousands(pages.paged as u64)
    );
    pages.trouble = Some(Trouble {
        cause: cause.clone(),
        hint: Some(hint.clone()),
    });
    let noun = list.noun(app.tenants[tenant].schema());
    error(
        app,
        format!("could not load more {noun}: {cause}"),
        Some(hint),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_250), "1,250");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
