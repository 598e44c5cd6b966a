//! What the screens need loaded: the tenant's lists, sent once and kept while
//! they are on their way, and what a refresh reads again.

use super::screens::{self, Screen};
use super::{App, Dispatch, Purpose, offers, paging};
use crate::api::model::{Filter, Operation, Scope};

/// Loads what `screen` needs, unless it is there or on its way. Screens that list
/// only people get them first: the organizations follow once the people are in,
/// rather than competing with the list the operator is waiting for.
pub(crate) fn ensure_loaded(app: &mut App, screen: &Screen, io: &mut dyn Dispatch) {
    let Some(tenant) = screen.tenant() else {
        return;
    };
    let people_first = matches!(screen, Screen::View { .. });
    let t = &app.tenants[tenant];
    let missing = |remote: Option<&super::remote::Remote<Vec<crate::api::model::Node>>>| {
        remote.is_none_or(|r| r.data.is_none() && !r.is_loading())
    };
    let need_orgs = !t.schema().levels.is_empty() && missing(Some(&t.orgs));
    let need_people = screens::everyone_view(t.schema()).is_some()
        && t.people.data.is_none()
        && !t.people.is_loading();
    // A lower level's nodes, on the screen that lists them.
    let below = match screen {
        Screen::Nodes {
            level,
            parent: Some(parent),
            ..
        } if missing(t.nodes(*level, Some(parent))) => Some(Purpose::Nodes {
            level: *level,
            parent: Some(parent.clone()),
        }),
        _ => None,
    };
    // A node tab's own parties, for a backend that lists them per node.
    let tab = t.tab_key(screen).filter(|key| {
        t.members
            .get(key)
            .is_none_or(|m| m.list.data.is_none() && !m.list.is_loading())
    });
    // A view read page by page: its first page.
    let view = t.lazy_view(screen).filter(|view| {
        t.views
            .get(view)
            .is_none_or(|v| v.list.data.is_none() && !v.list.is_loading())
    });
    let queue = &t.approvals.list;
    let need_queue =
        matches!(screen, Screen::Approvals { .. }) && queue.data.is_none() && !queue.is_loading();
    if need_queue {
        load(app, tenant, Purpose::Approvals, io);
    }
    if let Some(below) = below {
        load(app, tenant, below, io);
    }
    if let Some(view) = view {
        load(app, tenant, Purpose::View { view }, io);
    }
    if let Some((level, id, tab)) = tab {
        load(app, tenant, Purpose::Members { level, id, tab }, io);
    }
    if need_people {
        load(app, tenant, Purpose::People, io);
    }
    if need_orgs
        && !(people_first && need_people)
        && let Some(top) = Purpose::top(app.tenants[tenant].schema())
    {
        load(app, tenant, top, io);
    }
}

pub(crate) fn load(app: &mut App, tenant: usize, purpose: Purpose, io: &mut dyn Dispatch) {
    let schema = app.tenants[tenant].schema();
    let op = match purpose {
        Purpose::Me { .. } => Operation::WhoAmI,
        Purpose::Nodes { level, ref parent } => Operation::ListNodes {
            level,
            parent: parent.clone(),
            filter: Filter::default(),
            page: None,
        },
        Purpose::Members { level, ref id, tab } => Operation::ListParties {
            scope: Scope::Node {
                level,
                id: id.clone(),
                tab,
            },
            filter: Filter::default(),
            page: None,
        },
        Purpose::People => match screens::everyone_view(schema) {
            Some(view) => Operation::ListParties {
                scope: Scope::Tenant(view),
                filter: Filter::default(),
                page: None,
            },
            None => return,
        },
        Purpose::View { view } => Operation::ListParties {
            scope: Scope::Tenant(view),
            filter: Filter::default(),
            page: None,
        },
        // The client follows the queue's pages to its end.
        Purpose::Approvals => Operation::ListApprovals {
            node: None,
            page: None,
        },
        _ => return,
    };
    let t = &app.tenants[tenant];
    if offers::role_holds_back(t, &op) {
        return;
    }
    let holds_answer = match &purpose {
        Purpose::Nodes { level, parent } => t
            .nodes(*level, parent.as_deref())
            .is_some_and(|r| r.holds_last_answer()),
        Purpose::People => t.people.holds_last_answer(),
        Purpose::Members { level, id, tab } => t
            .members
            .get(&(*level, id.clone(), *tab))
            .is_some_and(|m| m.list.holds_last_answer()),
        Purpose::Approvals => t.approvals.list.holds_last_answer(),
        _ => false,
    };
    // A list read page by page starts over from its first page: a validator
    // would vouch for that page alone.
    let lazy = match &purpose {
        Purpose::Nodes {
            level,
            parent: Some(parent),
        } if paging::lazy(t, *level, Some(parent)).is_some() => Some(paging::Paged::Nodes {
            level: *level,
            parent: parent.clone(),
        }),
        Purpose::View { view } => Some(paging::Paged::View(*view)),
        _ => None,
    };
    // A walk still out is abandoned for the new one: its pages would be read
    // for nothing.
    if let Purpose::Nodes {
        level,
        parent: None,
    } = &purpose
        && super::collect::collected(t, *level).is_some()
        && let Some(old) = t.orgs.pending_id()
    {
        io.cancel(tenant, old);
        app.requests.remove(&(tenant, old));
    }
    let sent = if let Some(list) = &lazy {
        paging::restart(app, tenant, list, io);
        io.page(tenant, op)
    } else if matches!(purpose, Purpose::People) {
        // Its rows show as they are decoded (`streaming`).
        io.stream(tenant, op, holds_answer)
    } else if holds_answer {
        io.refresh(tenant, op)
    } else {
        io.send(tenant, op)
    };
    let Some(id) = sent else {
        return;
    };
    let now = app.now;
    let t = &mut app.tenants[tenant];
    match &purpose {
        Purpose::Me { .. } => t.me.loading(id, now),
        Purpose::Nodes { level, parent } => {
            if let Some(nodes) = t.nodes_mut(*level, parent.as_deref()) {
                nodes.loading(id, now);
            }
        }
        Purpose::People => t.people.loading(id, now),
        Purpose::Members {
            level,
            id: node,
            tab,
        } => {
            t.members_mut((*level, node.clone(), *tab)).loading(id, now);
        }
        Purpose::Approvals => t.approvals.list.loading(id, now),
        Purpose::View { view } => t.views.entry(*view).or_default().list.loading(id, now),
        _ => {}
    }
    app.requests.insert((tenant, id), purpose);
}

/// What an automatic refresh reads again: as `reloads`, less the lists read page
/// by page, which would lose every page past the first (`r` starts them over).
pub(crate) fn auto_reloads(app: &App, tenant: usize) -> Vec<Purpose> {
    let t = &app.tenants[tenant];
    let mut purposes = reloads(app, tenant);
    // Nor a collected list, which reads every record of another listing.
    purposes.retain(|p| {
        !matches!(p, Purpose::Nodes { level, parent } if paging::lazy(t, *level, parent.as_deref()).is_some()
            || (parent.is_none() && super::collect::collected(t, *level).is_some()))
            && !matches!(p, Purpose::View { .. })
    });
    purposes
}

/// What a refresh reads again: the top level's nodes, the people, the lower
/// level's nodes on screen, and the approvals queue while it is on the stack or
/// a write awaits approval (its leaving the queue ends the wait).
pub(crate) fn reloads(app: &App, tenant: usize) -> Vec<Purpose> {
    let schema = app.tenants[tenant].schema();
    let mut purposes: Vec<Purpose> = Purpose::top(schema).into_iter().collect();
    purposes.push(Purpose::People);
    let queue_shown = app
        .stack
        .iter()
        .any(|l| l.screen == Screen::Approvals { tenant });
    if queue_shown || !app.tenants[tenant].approvals.awaiting.is_empty() {
        purposes.push(Purpose::Approvals);
    }
    for level in &app.stack {
        if level.screen.tenant() != Some(tenant) {
            continue;
        }
        if let Screen::Nodes {
            level,
            parent: Some(parent),
            ..
        } = &level.screen
        {
            purposes.push(Purpose::Nodes {
                level: *level,
                parent: Some(parent.clone()),
            });
        }
        if let Some((level, id, tab)) = app.tenants[tenant].tab_key(&level.screen) {
            purposes.push(Purpose::Members { level, id, tab });
        }
        if let Some(view) = app.tenants[tenant].lazy_view(&level.screen) {
            purposes.push(Purpose::View { view });
        }
    }
    purposes
}
