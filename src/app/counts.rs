//! How many parties a node's tab holds, for a list column that shows it where
//! the level's list does not carry the number: the tab's own list, read in the
//! background for the rows on screen. A few reads at a time, each node once
//! until `r`, and those whose rows scrolled away are called off, so that holding
//! a key down through 100,000 rows costs what the rows it stops on cost.
//!
//! A count read is the tab's ordinary read (`Purpose::Members`): its answer
//! fills the tab, which then opens at once, and a tab already read counts
//! without one.

use std::collections::HashSet;

use super::remote::{Status, Trouble};
use super::screens::{Screen, Subject};
use super::tenant::TabKey;
use super::{App, Dispatch, Purpose, Tenant, loads, offers};
use crate::api::client::RequestId;
use crate::api::model::{Filter, Operation, Party, Scope};
use crate::api::schema::{LevelId, Source, TabId};

/// Count reads in flight at once, across tenants.
pub const IN_FLIGHT: usize = 2;

/// The count reads under way.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    out: Vec<(usize, TabKey, RequestId)>,
}

/// What a count cell knows.
#[derive(Debug, PartialEq)]
pub enum Count<'a> {
    Known(usize),
    /// Not read yet, or on its way.
    Waiting,
    Failed(&'a Trouble),
    /// The caller's role may not list the tab.
    Withheld,
}

/// The count of `tab` under the node `id` of `level`.
pub fn count<'a>(t: &'a Tenant, level: LevelId, id: &str, tab: TabId) -> Count<'a> {
    if let Some(list) = t.members.get(&(level, id.to_owned(), tab)).map(|m| &m.list) {
        return match (&list.data, &list.status) {
            // A list still arriving is not yet its count.
            (Some(parties), _) if !list.is_partial() => {
                Count::Known(counted(t, level, tab, parties))
            }
            (_, Status::Failed { trouble, .. }) => Count::Failed(trouble),
            _ => Count::Waiting,
        };
    }
    if !t.role_pending() && offers::role_holds_back(t, &read(level, id, tab)) {
        return Count::Withheld;
    }
    Count::Waiting
}

/// How many of a tab's parties its count counts: those in the tab's `counted`
/// states (pending invitations), every one where it names none.
fn counted(t: &Tenant, level: LevelId, tab: TabId, parties: &[Party]) -> usize {
    let states = t
        .schema()
        .level(level)
        .and_then(|l| l.tab(tab))
        .map_or(&[][..], |tab| tab.counted);
    match states {
        [] => parties.len(),
        states => parties.iter().filter(|p| states.contains(&p.state)).count(),
    }
}

fn read(level: LevelId, id: &str, tab: TabId) -> Operation {
    Operation::ListParties {
        scope: Scope::Node {
            level,
            id: id.to_owned(),
            tab,
        },
        filter: Filter::default(),
        page: None,
    }
}

/// After any message: calls off the count reads whose rows left the screen,
/// and asks for those on screen not yet known, while fewer than `IN_FLIGHT`
/// are out.
pub(crate) fn ask(app: &mut App, io: &mut dyn Dispatch) {
    let answered = |app: &App, (tenant, key, id): &(usize, TabKey, RequestId)| {
        app.tenants[*tenant]
            .members
            .get(key)
            .and_then(|m| m.list.pending_id())
            != Some(*id)
    };
    let out = std::mem::take(&mut app.counts.out);
    app.counts.out = out.into_iter().filter(|o| !answered(app, o)).collect();
    let shown = on_screen(app);
    let opened = opened_tabs(app);
    let gone: Vec<_> = app
        .counts
        .out
        .iter()
        .filter(|(tenant, key, _)| {
            !shown.contains(&(*tenant, key.clone())) && !opened.contains(&(*tenant, key.clone()))
        })
        .cloned()
        .collect();
    app.counts.out.retain(|o| !gone.contains(o));
    for (tenant, key, id) in gone {
        call_off(app, tenant, &key, id, io);
    }
    for (tenant, key) in shown {
        if app.counts.out.len() >= IN_FLIGHT {
            break;
        }
        if app.tenants[tenant].members.contains_key(&key) {
            continue;
        }
        let (level, id, tab) = key.clone();
        loads::load(app, tenant, Purpose::Members { level, id, tab }, io);
        if let Some(id) = app.tenants[tenant]
            .members
            .get(&key)
            .and_then(|m| m.list.pending_id())
        {
            app.counts.out.push((tenant, key, id));
        }
    }
}

/// `r`: every count of `tenant` is read again as its row shows, and the tabs
/// not on screen are read afresh when opened.
pub(crate) fn forget(app: &mut App, tenant: usize, io: &mut dyn Dispatch) {
    let opened = opened_tabs(app);
    let out = std::mem::take(&mut app.counts.out);
    let (mine, others): (Vec<_>, Vec<_>) = out.into_iter().partition(|(t, ..)| *t == tenant);
    app.counts.out = others;
    // An opened tab's read is its screen's, which the refresh reads again.
    for (_, key, id) in mine {
        if !opened.contains(&(tenant, key.clone())) {
            call_off(app, tenant, &key, id, io);
        }
    }
    app.tenants[tenant]
        .members
        .retain(|key, _| opened.contains(&(tenant, key.clone())));
}

/// Cancels one count read; its node is asked again when it next shows.
fn call_off(app: &mut App, tenant: usize, key: &TabKey, id: RequestId, io: &mut dyn Dispatch) {
    io.cancel(tenant, id);
    app.requests.remove(&(tenant, id));
    let members = &mut app.tenants[tenant].members;
    if members.get(key).is_some_and(|m| m.list.data.is_none()) {
        members.remove(key);
    }
}

/// The tabs the stack shows as screens of their own: their reads are the
/// screen's, never called off as counts.
fn opened_tabs(app: &App) -> HashSet<(usize, TabKey)> {
    app.stack
        .iter()
        .filter_map(|level| {
            let tenant = level.screen.tenant()?;
            Some((tenant, app.tenants[tenant].tab_key(&level.screen)?))
        })
        .collect()
}

/// The tabs whose counts are on screen, top row first: the rows of the lists
/// shown (the focused one first) and the node a details screen shows.
fn on_screen(app: &App) -> Vec<(usize, TabKey)> {
    let depth = app.stack.len();
    let side_by_side = app.size.0 >= crate::ui::SIDE_BY_SIDE_WIDTH
        && depth >= 2
        && !matches!(app.stack[depth - 2].screen, Screen::Detail { .. });
    let shown = if side_by_side { 2 } else { 1 };
    let mut keys = Vec::new();
    for level in app.stack.iter().rev().take(shown) {
        match &level.screen {
            Screen::Nodes {
                tenant,
                level: of,
                parent,
            } => {
                let t = &app.tenants[*tenant];
                if !t.per_node() {
                    continue;
                }
                let (Some(spec), Some(nodes)) = (
                    t.schema().level(*of),
                    t.nodes(*of, parent.as_deref())
                        .and_then(|n| n.data.as_deref()),
                ) else {
                    continue;
                };
                let tabs = counted_tabs(spec.columns.iter().map(|c| c.source));
                if tabs.is_empty() {
                    continue;
                }
                // The rows the list draws: the same window, worked out the same way.
                let height = super::scroll::rows_shown(app, level);
                let first = super::scroll::first_shown(level, height);
                for &row in level.rows.iter().skip(first).take(height) {
                    let Some(node) = nodes.get(row) else {
                        continue;
                    };
                    for &tab in &tabs {
                        keys.push((*tenant, (*of, node.id.clone(), tab)));
                    }
                }
            }
            Screen::Detail {
                tenant,
                subject: Subject::Node { level: of, id },
            } => {
                let t = &app.tenants[*tenant];
                let Some(spec) = t.schema().level(*of).filter(|_| t.per_node()) else {
                    continue;
                };
                for tab in counted_tabs(spec.detail.iter().map(|d| d.source)) {
                    keys.push((*tenant, (*of, id.clone(), tab)));
                }
            }
            _ => {}
        }
    }
    keys
}

fn counted_tabs(sources: impl Iterator<Item = Source>) -> Vec<TabId> {
    sources
        .filter_map(|source| match source {
            Source::TabCount(tab) => Some(tab),
            _ => None,
        })
        .collect()
}
