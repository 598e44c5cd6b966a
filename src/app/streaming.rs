//! The people list as it streams in (`ClientEvent::Rows`, then
//! `Reply::Streamed`): shown from its first batch where nothing whole is held,
//! gathered aside behind a whole list a refresh renews, and what a failure or
//! a row count that does not add up leaves.

use std::time::Instant;

use super::answers::{Taken, drop_elsewhere, take_list};
use super::tenant_index::Folded;
use super::update::{error, load};
use super::{App, Dispatch, Purpose, Tenant};
use crate::api::client::RequestId;
use crate::api::error::ApiError;
use crate::api::model::{Party, Reply};

/// A refresh's rows so far, with their counts folded as they came.
#[derive(Debug, Clone)]
pub(crate) struct Aside {
    id: RequestId,
    rows: Vec<Party>,
    counts: Folded,
}

/// Rows of a streamed list arrived; true when the screen changes.
pub(super) fn rows_arrived(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    from: u64,
    reply: Reply,
) -> bool {
    let (Some(Purpose::People), Reply::Parties(batch)) = (app.requests.get(&(tenant, id)), reply)
    else {
        return false;
    };
    let from = usize::try_from(from).unwrap_or(usize::MAX);
    let t = &mut app.tenants[tenant];
    if t.people.pending_id() != Some(id) {
        return false;
    }
    if t.people.data.is_some() && !t.people.is_partial() {
        gather_aside(t, id, from, batch.items);
        // The held list stays on screen until the new one is whole.
        return false;
    }
    let held = t.people.data.as_ref().map_or(0, Vec::len);
    if from > held {
        // Rows past a gap: the count at the end will not add up, and the list
        // is read again then.
        return false;
    }
    let old = if from == held && held > 0 {
        t.people.grow(id, batch.items);
        t.generation += 1;
        None
    } else {
        // The list starts over (a read tried again), or begins.
        let mut rows = t.people.data.take().unwrap_or_default();
        let dropped = rows.split_off(from);
        rows.extend(batch.items);
        t.people.grow(id, rows);
        t.people_replaced();
        Some(dropped)
    };
    t.fold_counts();
    drop_elsewhere(old);
    app.refresh_rows();
    true
}

fn gather_aside(t: &mut Tenant, id: RequestId, from: usize, rows: Vec<Party>) {
    let aside = match &mut t.aside {
        Some(aside) if aside.id == id => aside,
        _ => t.aside.insert(Aside {
            id,
            rows: Vec::new(),
            counts: Folded::default(),
        }),
    };
    if from > aside.rows.len() {
        return;
    }
    let dropped = aside.rows.split_off(from);
    aside.rows.extend(rows);
    aside.counts.fold(&aside.rows);
    drop_elsewhere(Some(dropped));
}

/// The people read ended: whole (streamed or answered whole), unchanged, or
/// failed.
pub(super) fn people_answered(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let aside = t.aside.take().filter(|a| a.id == id);
    let pending = t.people.pending_id() == Some(id);
    match result {
        Ok(Reply::Streamed { rows }) if pending => {
            if let Err(trouble) = streamed(t, aside, rows, now) {
                return recount(app, tenant, trouble, io);
            }
        }
        // A failure part way keeps what arrived, marked stale and partial.
        Err(err) if pending && t.people.is_partial() => t.people.stopped(&err, now),
        result => match take_list(&mut t.people, id, result, now, |reply| match reply {
            Reply::Parties(page) => Some(page.items),
            _ => None,
        }) {
            Taken::Stale => return,
            Taken::Reload => return load(app, tenant, Purpose::People, io),
            Taken::New(old) => {
                t.people_replaced();
                drop_elsewhere(old);
            }
            Taken::Settled => {}
        },
    }
    // Organizations held back so the people list came first.
    if t.orgs.data.is_none()
        && !t.orgs.is_loading()
        && let Some(top) = Purpose::top(t.schema())
    {
        load(app, tenant, top, io);
    }
    app.refresh_rows();
}

/// A streamed list ended whole with `rows` rows: those gathered aside replace
/// the list held, or those shown as they came are the list. Err when the rows
/// that came are not as many.
fn streamed(t: &mut Tenant, aside: Option<Aside>, rows: u64, now: Instant) -> Result<(), String> {
    let came = match &aside {
        Some(aside) => aside.rows.len(),
        None if t.people.is_partial() => t.people.data.as_ref().map_or(0, Vec::len),
        None => 0,
    };
    if came as u64 != rows {
        return Err(format!(
            "the people list ended after {came} rows where the server sent {rows}"
        ));
    }
    t.recounted = false;
    match aside {
        Some(aside) => {
            let old = t.people.loaded(aside.rows, now);
            t.people_replaced();
            t.counts = std::cell::RefCell::new(aside.counts);
            drop_elsewhere(old);
        }
        None if t.people.is_partial() => t.people.completed(now),
        None => {
            let old = t.people.loaded(Vec::new(), now);
            t.people_replaced();
            drop_elsewhere(old);
        }
    }
    Ok(())
}

/// The rows did not add up: what arrived stays, stale, and the list is read
/// again once (a server that keeps miscounting is told, not read in a loop).
fn recount(app: &mut App, tenant: usize, trouble: String, io: &mut dyn Dispatch) {
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let again = !t.recounted;
    t.recounted = true;
    let err = ApiError::Decode {
        cause: trouble.clone(),
    };
    if t.people.is_partial() {
        t.people.stopped(&err, now);
    } else {
        t.people.failed(&err, now);
    }
    let hint = if again {
        "it is read again"
    } else {
        "press r to read it again"
    };
    error(app, trouble, Some(hint.into()));
    if again {
        load(app, tenant, Purpose::People, io);
    }
    app.refresh_rows();
}
