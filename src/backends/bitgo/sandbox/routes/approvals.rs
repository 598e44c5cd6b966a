//! The pending-approvals queue: the filtered list, one approval, and the decision
//! (approve applies the held change, reject discards it).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::changes::PENDING_STATES;
use crate::backends::bitgo::sandbox::error::{BgError, Outcome};
use crate::backends::bitgo::sandbox::store::Store;
use crate::backends::bitgo::wire::{PendingApproval, PendingApprovalList, is_id};
use crate::sandbox::input::Fields;
use crate::sandbox::json_response;

use super::read_answer;
use super::{authenticate, batch, body_object, id_of, page_of, param, query, values};

const LIST_PARAMS: &[&str] = &[
    "enterpriseId",
    "enterpriseId[]",
    "organizationId",
    "walletId",
    "scope",
    "state",
    "state[]",
    "requestType",
    "requestType[]",
    "requestResourceType",
    "coin",
    "coins",
    "coins[]",
    "limit",
    "prevId",
    "offset",
];

/// Whether `user` may see `approval`: a member of its organization or a user of
/// its enterprise.
fn visible(store: &Store, approval: &PendingApproval, user: &str) -> bool {
    approval
        .organization
        .as_deref()
        .is_some_and(|o| store.role_in(o, user).is_some())
        || approval
            .enterprise
            .as_deref()
            .and_then(|e| store.enterprises.get(e))
            .is_some_and(|e| e.users.contains_key(user))
}

struct Filters<'p> {
    enterprises: Vec<&'p str>,
    organization: Option<&'p str>,
    scope: Option<&'p str>,
    states: Vec<&'p str>,
    types: Vec<&'p str>,
    /// A wallet, coin or resource-type filter: nothing here concerns one.
    none: bool,
}

fn filters(pairs: &[(String, String)]) -> Outcome<Filters<'_>> {
    let enterprises = values(pairs, "enterpriseId");
    if enterprises.len() > 20 {
        return Err(BgError::field("enterpriseId", "at most 20 enterprise ids"));
    }
    if let Some(bad) = enterprises.iter().find(|e| !is_id(e)) {
        return Err(BgError::bad_id("InvalidEnterpriseId", "enterprise", bad));
    }
    let states = values(pairs, "state");
    Ok(Filters {
        enterprises,
        organization: param(pairs, "organizationId"),
        scope: param(pairs, "scope"),
        states: if states.is_empty() {
            PENDING_STATES.to_vec()
        } else {
            states
        },
        types: values(pairs, "requestType"),
        none: ["walletId", "coin", "coins", "requestResourceType"]
            .iter()
            .any(|name| !values(pairs, name).is_empty()),
    })
}

impl Filters<'_> {
    fn keep(&self, approval: &PendingApproval) -> bool {
        let ent = approval.enterprise.as_deref().unwrap_or_default();
        !self.none
            && (self.enterprises.is_empty() || self.enterprises.contains(&ent))
            && self
                .organization
                .is_none_or(|o| approval.organization.as_deref() == Some(o))
            && self.scope.is_none_or(|s| approval.scope == s)
            && self.states.contains(&approval.state.as_str())
            && (self.types.is_empty() || self.types.contains(&approval.info.kind.as_str()))
    }
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    let pairs = query(&uri, LIST_PARAMS)?;
    let mut page = page_of(&pairs)?;
    let filters = filters(&pairs)?;
    let offset = match param(&pairs, "offset") {
        None => 0,
        Some(raw) => raw
            .parse::<usize>()
            .map_err(|_| BgError::field("offset", "must be a whole number"))?,
    };
    let held = &store.approvals;
    let keep = |id: &str| {
        held.get(id)
            .is_some_and(|a| visible(&store, &a.record, &user) && filters.keep(&a.record))
    };
    let count = held.keys().filter(|id| keep(id)).count();
    // An offset continues after the item just before it, as a prevId would;
    // an offset past the end leaves nothing to list.
    let mut skipped_all = false;
    if page.prev.is_none() && offset > 0 {
        page.prev = held.keys().filter(|id| keep(id)).nth(offset - 1).cloned();
        skipped_all = page.prev.is_none();
    }
    let (found, next) = if skipped_all {
        (Vec::new(), None)
    } else {
        batch(
            held.len(),
            |i| held.get_index(i).map(|(id, _)| id.as_str()),
            |id| held.get_index_of(id),
            &page,
            keep,
        )?
    };
    let answer = PendingApprovalList {
        pending_approvals: found.iter().map(|id| held[*id].record.clone()).collect(),
        next_batch_prev_id: next,
        count: count as u64,
    };
    Ok(read_answer(&store, &user, &headers, &uri, || answer))
}

fn find<'s>(store: &'s Store, id: &str, user: &str) -> Outcome<&'s PendingApproval> {
    let id = id_of(id, "InvalidPendingApprovalId", "pending approval")?;
    store
        .approvals
        .get(&id)
        .map(|a| &a.record)
        .filter(|a| visible(store, a, user))
        .ok_or_else(|| BgError::not_found("pending approval not found"))
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    let user = authenticate(&store, &headers)?;
    query(&uri, &[])?;
    let approval = find(&store, &id, &user)?.clone();
    Ok(read_answer(&store, &user, &headers, &uri, || approval))
}

pub async fn decide(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let body = body_object(&headers, body).await?;
    let mut store = app.write();
    let user = authenticate(&store, &headers)?;
    let id = find(&store, &id, &user)?.id.clone();
    let mut fields = Fields::new(&body);
    let state = fields.required_string("state", |v| match v {
        "approved" | "rejected" => Ok(v.to_owned()),
        _ => Err("must be approved or rejected".to_owned()),
    });
    fields.string("otp", |v| Ok(v.to_owned()));
    fields.finish()?;
    let record = store.decide(&id, &user, state.as_deref() == Some("approved"))?;
    Ok(json_response(StatusCode::OK, &record))
}
