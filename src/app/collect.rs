//! A top-level list the API cannot list, collected by the client from another
//! listing read to its end (a level declaring `Collected`): each page's new
//! nodes are appended as they come, so rows show from the first page on and the
//! operator moves and filters meanwhile; the title says how far the reading has
//! come; the whole list replaces them without moving the cursor; a walk that
//! fails keeps what arrived, marked stale.

use std::collections::HashSet;

use super::keymap::Action;
use super::paging::thousands;
use super::remote::Trouble;
use super::tenant::Tenant;
use super::update::error;
use super::{App, Purpose};
use crate::api::client::RequestId;
use crate::api::error::ApiError;
use crate::api::model::Reply;
use crate::api::schema::{Collected, LevelId};

/// How far the client's walk for the top level's list has come.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// The read the counts belong to.
    id: Option<RequestId>,
    /// Source records read so far, of `total` when the server says.
    pub scanned: u64,
    pub total: Option<u64>,
    /// The ids appended from this walk: a node on several pages shows once.
    seen: HashSet<String>,
    /// Why the walk ended before its last page.
    pub stopped: Option<Trouble>,
}

/// What `level`'s list is collected from, if it is.
pub fn collected(t: &Tenant, level: LevelId) -> Option<Collected> {
    t.schema().level(level)?.collected
}

/// A page of the walk came in: its new nodes join the rows (unless a whole
/// list is held, which stays until the new whole one replaces it). Returns
/// whether anything shown changed.
pub(crate) fn progress(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    reply: Reply,
    scanned: u64,
    total: Option<u64>,
) -> bool {
    let Some(Purpose::Nodes {
        level,
        parent: None,
    }) = app.requests.get(&(tenant, id))
    else {
        return false;
    };
    let level = *level;
    let t = &mut app.tenants[tenant];
    if t.orgs.pending_id() != Some(id) || collected(t, level).is_none() {
        return false;
    }
    if t.walk.id != Some(id) {
        t.walk = Walk {
            id: Some(id),
            ..Walk::default()
        };
        // What an earlier walk left (one that stopped) is not this list.
        if t.orgs.is_partial() {
            t.orgs.data = None;
            t.orgs_grew(0);
        }
    }
    t.walk.scanned = scanned;
    t.walk.total = total.or(t.walk.total);
    let Reply::Nodes(page) = reply else {
        return true;
    };
    let walk = &mut t.walk;
    let fresh: Vec<_> = page
        .items
        .into_iter()
        .filter(|n| walk.seen.insert(n.id.clone()))
        .collect();
    let from = t.orgs.data.as_ref().map_or(0, Vec::len);
    if t.orgs.grow(id, fresh) {
        t.orgs_grew(from);
        app.refresh_rows();
    }
    true
}

/// The walk failed: what arrived stays, marked stale, and the operator is told
/// how far it came and what `r` does. False when the answer is not the walk's
/// (then it is taken as any list's).
pub(crate) fn failed(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    level: LevelId,
    err: &ApiError,
) -> bool {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let Some(spec) = collected(t, level) else {
        return false;
    };
    if t.orgs.pending_id() != Some(id) || !t.orgs.is_partial() {
        return false;
    }
    t.orgs.stopped(err, now);
    let trouble = Trouble::from(err);
    t.walk.stopped = Some(trouble.clone());
    let shown = t.orgs.data.as_ref().map_or(0, Vec::len);
    let noun = t.schema().level(level).map_or("nodes", |l| l.nouns.1);
    let text = format!(
        "reading {} stopped at {}: {}",
        spec.from,
        read_so_far(&t.walk),
        trouble.cause
    );
    let again = app.keymap.named(Action::Refresh);
    let hint = format!(
        "the {} {noun} found so far stay, marked stale; {again} reads the {} again",
        thousands(shown as u64),
        spec.from
    );
    error(app, text, Some(hint));
    app.refresh_rows();
    true
}

/// "400 of 1,250", or "400" without a total.
fn read_so_far(walk: &Walk) -> String {
    match walk.total {
        Some(total) => format!("{} of {}", thousands(walk.scanned), thousands(total)),
        None => thousands(walk.scanned),
    }
}

/// For the title: "reading customers… 400 of 1,250" while the walk goes on,
/// "stopped at 400 of 1,250 customers" after it failed; None otherwise.
pub fn status(t: &Tenant, level: LevelId) -> Option<String> {
    let spec = collected(t, level)?;
    if t.walk.stopped.is_some() && t.orgs.is_partial() {
        return Some(format!("stopped at {} {}", read_so_far(&t.walk), spec.from));
    }
    let reading = t.orgs.pending_id().is_some_and(|id| t.walk.id == Some(id));
    reading.then(|| format!("reading {}… {}", spec.from, read_so_far(&t.walk)))
}

/// The ids under the cursor of every screen listing `level`'s top-level nodes,
/// before the list is replaced.
pub(crate) fn selections(app: &App, tenant: usize, level: LevelId) -> Vec<(usize, String)> {
    let t = &app.tenants[tenant];
    if collected(t, level).is_none() {
        return Vec::new();
    }
    let nodes = t.orgs.data.as_deref().unwrap_or_default();
    app.stack
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.screen
                == super::screens::Screen::Nodes {
                    tenant,
                    level,
                    parent: None,
                }
        })
        .filter_map(|(i, l)| Some((i, nodes.get(l.selected_row()?)?.id.clone())))
        .collect()
}

/// Puts the cursor back on the node it was on, wherever the whole list holds it.
pub(crate) fn reselect(app: &mut App, tenant: usize, selections: Vec<(usize, String)>) {
    for (at, id) in selections {
        let t = &app.tenants[tenant];
        let nodes = t.orgs.data.as_deref().unwrap_or_default();
        let level = &mut app.stack[at];
        if let Some(row) = level
            .rows
            .iter()
            .position(|&i| nodes.get(i).is_some_and(|n| n.id == id))
        {
            level.selected = row;
        }
    }
}
