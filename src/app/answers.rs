//! How answers from the client tasks land in the state: who-am-I, the lists
//! (stale answers dropped, "unchanged" trusted only when it can be), the outcome of
//! actions, and form submissions.

use std::time::Instant;

use super::form;
use super::offers::role_settled;
use super::quit::settle_quit_question;
use super::remote::{Remote, told};
use super::replace::Replace;
use super::submitted::{confirmed, submitted};
use super::update::{error, info, load};
use super::{App, Dispatch, Purpose};
use crate::api::client::{ClientEvent, Reconciled};
use crate::api::error::ApiError;
use crate::api::model::{Operation, Reply, Scope, Support};

pub(super) fn on_client(
    app: &mut App,
    tenant: usize,
    event: ClientEvent,
    io: &mut dyn Dispatch,
) -> bool {
    if let ClientEvent::Called(called) = event {
        return super::messages::called(app, tenant, *called);
    }
    let request_id = super::messages::answered_id(app, tenant, &event);
    app.answering = Some(super::messages::Answering { tenant, request_id });
    let changed = on_event(app, tenant, event, io);
    app.answering = None;
    changed
}

fn on_event(app: &mut App, tenant: usize, event: ClientEvent, io: &mut dyn Dispatch) -> bool {
    match event {
        ClientEvent::Retrying {
            id, wait, cause, ..
        } => {
            app.requests.contains_key(&(tenant, id))
                && app.waits.retrying(tenant, id, wait, &cause, app.now)
        }
        ClientEvent::Rows { id, from, reply } => {
            super::streaming::rows_arrived(app, tenant, id, from, reply)
        }
        ClientEvent::Progress {
            id,
            reply,
            scanned,
            total,
        } => super::collect::progress(app, tenant, id, reply, scanned, total),
        ClientEvent::CapabilityLost { capability, reason } => {
            let mut what = String::new();
            if let Some(t) = app.tenants.get_mut(tenant) {
                t.capabilities
                    .set(capability, Support::Unavailable(reason.clone()));
                what = t.schema().offer(capability);
            }
            error(
                app,
                format!("this server does not offer {what}"),
                Some(reason),
            );
            true
        }
        ClientEvent::Leftovers { result, .. } => {
            super::leftovers::on_leftovers(app, tenant, result, io);
            true
        }
        ClientEvent::Finished {
            id,
            result,
            reconciled,
        } => {
            app.waits.ended(tenant, id);
            // Answers nobody waits for any more (superseded, cancelled) are dropped.
            let Some(purpose) = app.requests.remove(&(tenant, id)) else {
                return false;
            };
            finished(app, tenant, id, purpose, result, reconciled, io);
            settle_quit_question(app);
            true
        }
        ClientEvent::Called(_) => false,
    }
}

/// A list of nodes came in: into its level's list under its parent.
fn nodes_answered(
    app: &mut App,
    tenant: usize,
    id: u64,
    level: crate::api::schema::LevelId,
    parent: Option<String>,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    if parent.is_none()
        && let Err(err) = &result
        && super::collect::failed(app, tenant, id, level, err)
    {
        return;
    }
    let kept = match parent {
        None => super::collect::selections(app, tenant, level),
        Some(_) => Vec::new(),
    };
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let Some(nodes) = t.nodes_mut(level, parent.as_deref()) else {
        return;
    };
    let (next, total) = match &result {
        Ok(Reply::Nodes(page)) => (page.next.clone(), page.total),
        _ => (None, None),
    };
    let taken = take_list(nodes, id, result, now, |reply| match reply {
        Reply::Nodes(page) => Some(page.items),
        _ => None,
    });
    let lazy = parent
        .as_deref()
        .filter(|p| super::paging::lazy(t, level, Some(p)).is_some());
    match taken {
        Taken::Stale => return,
        Taken::Reload => return load(app, tenant, Purpose::Nodes { level, parent }, io),
        Taken::New(old) => {
            t.reindex_nodes(level, parent.as_deref());
            if let Some(parent) = lazy {
                let list = super::paging::Paged::Nodes {
                    level,
                    parent: parent.to_owned(),
                };
                super::paging::begun(t, &list, next, total);
            }
            drop_elsewhere(old);
        }
        Taken::Settled => {}
    }
    if parent.is_none() {
        let t = &mut app.tenants[tenant];
        t.walk.stopped = None;
    }
    app.refresh_rows();
    super::collect::reselect(app, tenant, kept);
    if lazy.is_some() {
        // A first page shorter than the screen's reach asks for the next at once.
        super::paging::near_end(app, io, false);
    }
}

/// The first page of a view read page by page came in: it is the list, and
/// its paging starts over from it.
fn view_answered(
    app: &mut App,
    tenant: usize,
    id: u64,
    view: crate::api::schema::ViewId,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let (next, total) = match &result {
        Ok(Reply::Parties(page)) => (page.next.clone(), page.total),
        _ => (None, None),
    };
    let listed = t.views.entry(view).or_default();
    let taken = take_list(&mut listed.list, id, result, now, |reply| match reply {
        Reply::Parties(page) => Some(page.items),
        _ => None,
    });
    match taken {
        Taken::Stale => return,
        // A page is never revalidated: "unchanged" is not its answer.
        Taken::Reload | Taken::Settled => {}
        Taken::New(old) => {
            t.reindex_view(view);
            super::paging::begun(t, &super::paging::Paged::View(view), next, total);
            drop_elsewhere(old);
        }
    }
    super::form::offer_parties(app, None);
    app.refresh_rows();
    super::paging::near_end(app, io, false);
}

/// A node tab's parties came in, for a backend that lists them per node.
fn members_answered(
    app: &mut App,
    tenant: usize,
    id: u64,
    key: super::tenant::TabKey,
    result: Result<Reply, ApiError>,
    replace: Option<Box<Replace>>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let taken = take_list(
        t.members_mut(key.clone()),
        id,
        result,
        now,
        |reply| match reply {
            Reply::Parties(page) => Some(page.items),
            _ => None,
        },
    );
    match taken {
        Taken::Stale => return wait_on(app, tenant, &key, replace),
        Taken::Reload => {
            let (level, id, tab) = key.clone();
            load(app, tenant, Purpose::Members { level, id, tab }, io);
            return wait_on(app, tenant, &key, replace);
        }
        Taken::New(old) => {
            t.reindex_members(&key);
            drop_elsewhere(old);
        }
        Taken::Settled => {}
    }
    super::form::offer_parties(app, None);
    app.refresh_rows();
    if let Some(replace) = replace {
        super::replace::tab_reread(app, *replace, io);
    }
}

/// A read a newer one took over: a replace waiting on it waits on the newer.
fn took_over(app: &mut App, tenant: usize, purpose: Purpose, replace: Option<Box<Replace>>) {
    if let Purpose::Members { level, id, tab } = purpose {
        wait_on(app, tenant, &(level, id, tab), replace);
    }
}

/// A replace waiting on a tab's answer waits on the newer read that took over.
fn wait_on(
    app: &mut App,
    tenant: usize,
    key: &super::tenant::TabKey,
    replace: Option<Box<Replace>>,
) {
    let newer = app.tenants[tenant]
        .members
        .get(key)
        .and_then(|m| m.list.pending_id());
    if let (Some(replace), Some(newer)) = (replace, newer) {
        app.replaces.insert((tenant, newer), replace);
    }
}

fn finished(
    app: &mut App,
    tenant: usize,
    id: u64,
    purpose: Purpose,
    result: Result<Reply, ApiError>,
    reconciled: Option<Reconciled>,
    io: &mut dyn Dispatch,
) {
    let replace = app.replaces.remove(&(tenant, id));
    if matches!(
        result,
        Err(ApiError::Cancelled {
            superseded: true,
            ..
        })
    ) {
        return took_over(app, tenant, purpose, replace);
    }
    match purpose {
        Purpose::Me { started } => who_am_i(app, tenant, id, started, result, io),
        Purpose::Nodes { level, parent } => {
            nodes_answered(app, tenant, id, level, parent, result, io)
        }
        Purpose::Members {
            level,
            id: node,
            tab,
        } => members_answered(app, tenant, id, (level, node, tab), result, replace, io),
        Purpose::Recheck(replace) => super::replace::rechecked(app, *replace, result, io),
        Purpose::Page { list } => super::paging::page_answered(app, tenant, id, list, result, io),
        Purpose::Search { list, text } => {
            super::paging::search_answered(app, tenant, id, list, text, result)
        }
        Purpose::View { view } => view_answered(app, tenant, id, view, result, io),
        Purpose::Pick { field, text } => form::search_answered(app, id, field, text, result),
        Purpose::Record { id: party } => match result {
            Ok(Reply::Party(record)) if record.id() == party => {
                app.tenants[tenant].records.insert(party, record);
            }
            // The list item stays on the screen: the record is a nicety.
            Ok(_) => {}
            Err(err) => error(
                app,
                format!("could not read the whole record: {err}"),
                Some("the details show what the list holds".into()),
            ),
        },
        Purpose::People => super::streaming::people_answered(app, tenant, id, result, io),
        Purpose::Approvals => approvals_answered(app, tenant, id, result, io),
        // A member replace: its node and tab follow its answer, not a refresh of
        // everything (a collected list would be read whole again).
        Purpose::Action { done, .. } if replace.is_some() => {
            if let Some(replace) = replace {
                super::replace::replaced(app, *replace, done, result, reconciled, io);
            }
        }
        Purpose::Action { done, op, .. } => {
            action_answered(app, tenant, (done, *op), result, reconciled, io)
        }
        Purpose::Submit => submitted(app, tenant, id, result, reconciled, io),
    }
}

/// A dialog's action was answered: what it did, or why not; the tenant's lists
/// are read again.
fn action_answered(
    app: &mut App,
    tenant: usize,
    (done, op): (String, Operation),
    result: Result<Reply, ApiError>,
    reconciled: Option<Reconciled>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    match result {
        Ok(Reply::Pending(approval)) => {
            info(app, approval.sentence());
            if let Some(scope) = held_in(&op) {
                app.tenants[tenant].held(scope, approval, now);
            }
        }
        Ok(reply) => {
            let mut note = confirmed(reconciled);
            if let Reply::Party(party) = &reply {
                let schema = app.tenants[tenant].schema();
                let now = (app.wall_clock)();
                note.push_str(&super::invitations::expiry_note(schema, &op, party, now));
                super::invitations::take_in(&mut app.tenants[tenant], &op, party);
                app.refresh_rows();
            }
            info(app, format!("{done}{note}"));
        }
        Err(err) => {
            let (text, hint) = refusal(&err);
            error(app, text, hint);
        }
    }
    if let Operation::Decide { approval, .. } = &op {
        super::approvals::after_decision(app, tenant, approval, io);
    }
    refresh_tenant(app, tenant, io);
}

/// Where a write held for approval would have changed a list.
fn held_in(op: &Operation) -> Option<&Scope> {
    match op {
        Operation::AddMembers { scope, .. } | Operation::RemoveMember { scope, .. } => Some(scope),
        _ => None,
    }
}

/// The approvals queue came in.
fn approvals_answered(
    app: &mut App,
    tenant: usize,
    id: u64,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let queue = &mut t.approvals;
    let asked = match queue.list.status {
        super::remote::Status::Loading { id: pending, since } if pending == id => Some(since),
        _ => None,
    };
    let taken = take_list(&mut queue.list, id, result, now, |reply| match reply {
        Reply::Approvals(page) => Some(page.items),
        _ => None,
    });
    match taken {
        Taken::Stale => return,
        Taken::Reload => return load(app, tenant, Purpose::Approvals, io),
        Taken::New(_) => {
            queue.reindexed(asked);
            // Rows worked out for the old queue are not narrowed from.
            t.generation += 1;
        }
        Taken::Settled => {}
    }
    app.refresh_rows();
}

/// Who-am-I's answer: who the caller is there (and so their role), and how fast the
/// server answered. Lists that waited for the role go out now.
fn who_am_i(
    app: &mut App,
    tenant: usize,
    id: u64,
    started: Instant,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    if t.me.pending_id() != Some(id) {
        return;
    }
    let role_was_pending = t.role_pending();
    match result {
        Ok(Reply::Caller(me)) => {
            t.latency = Some(now.duration_since(started));
            t.me.loaded(me, now);
            t.me_error = None;
        }
        // Left loading, it would hold back the lists for good.
        Ok(_) => {
            let odd = ApiError::Decode {
                cause: "who-am-I answered something other than a user".into(),
            };
            t.me.failed(&odd, now);
        }
        Err(err) => {
            t.me.failed(&err, now);
            t.me_error = Some(err);
        }
    }
    if role_was_pending {
        role_settled(app, tenant, io);
    }
}

/// How a refused dialog action reads: a dialog has no fields to mark, so the
/// server's reasons are the message ("you cannot suspend your own account"),
/// not "2 problems: fix the marked fields".
fn refusal(err: &ApiError) -> (String, Option<String>) {
    let ApiError::Rejected(problem) = err else {
        return (err.to_string(), err.hint());
    };
    if problem.fields.is_empty() {
        return told(err);
    }
    let mut reasons: Vec<&str> = Vec::new();
    for field in &problem.fields {
        if !reasons.contains(&field.message.as_str()) {
            reasons.push(&field.message);
        }
    }
    let mut text = reasons.join("; ");
    if let Some(id) = &problem.request_id {
        text.push_str(&format!(" (request id {id})"));
    }
    // The hint for field problems is about fixing a form; others (403, 5xx) apply.
    let hint = matches!(problem.status, Some(401 | 403 | 429) | Some(500..))
        .then(|| err.hint())
        .flatten();
    (text, hint)
}

/// What became of a list answer.
pub(super) enum Taken<T> {
    /// An answer nobody waits for any more: dropped.
    Stale,
    /// "Unchanged" that may refer to a dropped answer: read in full again.
    Reload,
    /// The data changed (new data is in, or a failure took the first rows of a list
    /// away); what was replaced is handed back to be freed.
    New(Option<Vec<T>>),
    /// Confirmed unchanged, or failed (the last good data stays).
    Settled,
}

/// Takes a list answer (organizations or people) into `remote`; the one path for
/// stale answers, revalidation and new data, whatever the list.
pub(super) fn take_list<T>(
    remote: &mut Remote<Vec<T>>,
    id: u64,
    result: Result<Reply, ApiError>,
    now: Instant,
    list: fn(Reply) -> Option<Vec<T>>,
) -> Taken<T> {
    if remote.pending_id() != Some(id) {
        remote.dropped(&result);
        return Taken::Stale;
    }
    match result {
        Ok(Reply::Unchanged) if remote.holds_last_answer() => {
            remote.confirmed(now);
            Taken::Settled
        }
        Ok(Reply::Unchanged) => Taken::Reload,
        Ok(reply) => match list(reply) {
            Some(items) => Taken::New(remote.loaded(items, now)),
            None => Taken::Settled,
        },
        Err(err) => match remote.failed(&err, now) {
            Some(fragment) => Taken::New(Some(fragment)),
            None => Taken::Settled,
        },
    }
}

pub(super) fn drop_elsewhere<T: Send + 'static>(old: Option<Vec<T>>) {
    if let Some(old) = old.filter(|o| o.len() > 1_000) {
        std::thread::spawn(move || drop(old));
    }
}

pub(super) fn refresh_tenant(app: &mut App, tenant: usize, io: &mut dyn Dispatch) {
    for purpose in super::update::reloads(app, tenant) {
        load(app, tenant, purpose, io);
    }
}
