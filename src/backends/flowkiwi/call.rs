//! Each neutral operation as the request Flowkiwi takes (`shared/api/flowkiwi.md`):
//! JSON-LD asked for and sent, merge-patch for every PATCH, Hydra pages asked for
//! with `itemsPerPage` and followed by the `view.next` IRI the server gave (the
//! cursor is that IRI; nothing is computed from `totalItems`), the server's own
//! text filters. What the contract has no request for is refused before anything
//! is sent, in the schema's words.

use reqwest::Method;
use serde_json::json;

use super::schema::{
    EMAIL, EMAIL_FILTER, INVITATIONS_TAB, MEMBERS_TAB, NAME_SEARCH, ORG_NAME, ORGANIZATION,
    PAGE_MAX, ROLE, ROLE_FILTER, STATUS_FILTER,
};
use super::wire::{LD_JSON, MERGE_PATCH};
use crate::api::backend::{HttpCall, Paging, Unsupported};
use crate::api::model::{Filter, MemberState, Operation, Scope};
use crate::api::schema::FieldId;
use crate::api::value::{Changes, Draft, Value};

/// What every call accepts: JSON-LD, or the problem document every error is.
pub const ACCEPT: &str = "application/ld+json, application/problem+json";

/// Which of an organization's two sub-collections a scope names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Members,
    Invitations,
}

impl Collection {
    pub fn segment(self) -> &'static str {
        match self {
            Collection::Members => "members",
            Collection::Invitations => "invitations",
        }
    }
}

/// The organization and the sub-collection a tab scope names.
pub fn tab_of(scope: &Scope) -> Option<(&str, Collection)> {
    match scope {
        Scope::Node { level, id, tab } if *level == ORGANIZATION && *tab == MEMBERS_TAB => {
            Some((id, Collection::Members))
        }
        Scope::Node { level, id, tab } if *level == ORGANIZATION && *tab == INVITATIONS_TAB => {
            Some((id, Collection::Invitations))
        }
        _ => None,
    }
}

fn ld(method: Method, segments: &[&str]) -> HttpCall {
    HttpCall::new(method, segments)
        .content_type(LD_JSON)
        .accept(ACCEPT)
}

fn org_path(org: &str) -> [&str; 3] {
    ["api", "organizations", org]
}

pub fn call(op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
    match op {
        // No who-am-I endpoint: the cheapest read that proves the token.
        Operation::WhoAmI => {
            Ok(ld(Method::GET, &["api", "organizations"]).query("itemsPerPage", "1"))
        }
        Operation::ListNodes {
            level,
            parent: None,
            filter,
            ..
        } if *level == ORGANIZATION => {
            let call = ld(Method::GET, &["api", "organizations"]);
            Ok(paged(call, paging, &[("name", filter.values(NAME_SEARCH))]))
        }
        Operation::GetNode { level, id } if *level == ORGANIZATION => {
            Ok(ld(Method::GET, &org_path(id)))
        }
        Operation::CreateNode {
            level,
            parent: None,
            draft,
        } if *level == ORGANIZATION => Ok(ld(Method::POST, &["api", "organizations"])
            .body(json!({ "name": draft_text(draft, ORG_NAME) }))),
        Operation::UpdateNode { level, id, changes } if *level == ORGANIZATION => {
            Ok(merge_patch(&org_path(id), changes, ORG_NAME, "name"))
        }
        Operation::DeleteNode { level, id } if *level == ORGANIZATION => {
            Ok(ld(Method::DELETE, &org_path(id)))
        }
        Operation::ListParties { scope, filter, .. } => list_parties(scope, filter, paging),
        Operation::AddMembers { scope, draft } => {
            let (org, which) = tab_of(scope).ok_or(Unsupported("adding people there"))?;
            let body = json!({
                "email": draft_text(draft, EMAIL),
                "role": draft_text(draft, ROLE),
            });
            Ok(ld(
                Method::POST,
                &[&org_path(org)[..], &[which.segment()]].concat(),
            )
            .body(body))
        }
        Operation::UpdateMember {
            scope,
            party,
            changes,
        } => match tab_of(scope) {
            Some((org, Collection::Members)) => Ok(merge_patch(
                &[&org_path(org)[..], &["members", party]].concat(),
                changes,
                ROLE,
                "role",
            )),
            _ => Err(Unsupported(
                "editing an invitation (revoke it and invite again)",
            )),
        },
        Operation::RemoveMember { scope, party } => match tab_of(scope) {
            Some((org, Collection::Members)) => Ok(ld(
                Method::DELETE,
                &[&org_path(org)[..], &["members", party]].concat(),
            )),
            _ => Err(Unsupported(
                "deleting an invitation (revoke it: the record stays)",
            )),
        },
        Operation::ResendInvite { scope, party } => invitation_action(scope, party, "resend"),
        Operation::RevokeInvite { scope, party } => invitation_action(scope, party, "revoke"),
        Operation::ToggleNode { .. } => Err(Unsupported(
            "suspending organizations (Flowkiwi's API has no such operation)",
        )),
        Operation::FindNode { .. } => Err(Unsupported(
            "finding organizations by a field (search them by name instead)",
        )),
        Operation::SetMembers { .. } => Err(Unsupported(
            "replacing an organization's members (add and remove them one by one)",
        )),
        Operation::GetParty { .. } => Err(Unsupported(
            "reading a partner outside an organization (Flowkiwi lists people per organization)",
        )),
        Operation::ListApprovals { .. } | Operation::Decide { .. } => {
            Err(Unsupported("approvals (Flowkiwi has none)"))
        }
        _ => Err(Unsupported("that operation")),
    }
}

/// Resending or revoking an invitation: a bodiless POST to its action.
fn invitation_action(scope: &Scope, party: &str, action: &str) -> Result<HttpCall, Unsupported> {
    match tab_of(scope) {
        Some((org, Collection::Invitations)) => Ok(ld(
            Method::POST,
            &[&org_path(org)[..], &["invitations", party, action]].concat(),
        )),
        _ => Err(Unsupported("resending or revoking outside the invitations")),
    }
}

/// A member list (`role`, `email`) or an invitation list (`status`, `email`).
fn list_parties(
    scope: &Scope,
    filter: &Filter,
    paging: Paging<'_>,
) -> Result<HttpCall, Unsupported> {
    let (org, which) = tab_of(scope).ok_or(Unsupported("people listed there"))?;
    let call = ld(
        Method::GET,
        &[&org_path(org)[..], &[which.segment()]].concat(),
    );
    let status = status_of(filter);
    let filters: Vec<(&str, &[String])> = match which {
        Collection::Members => vec![
            ("role", filter.values(ROLE_FILTER)),
            ("email", filter.values(EMAIL_FILTER)),
        ],
        Collection::Invitations => vec![
            ("status", status.as_slice()),
            ("email", filter.values(EMAIL_FILTER)),
        ],
    };
    Ok(paged(call, paging, &filters))
}

/// The `status` an invitation list asks for: the filter's own, else the one
/// status a single membership state stands for (closed is two, so is left to
/// the decode).
fn status_of(filter: &Filter) -> Vec<String> {
    let asked = filter.values(STATUS_FILTER);
    if !asked.is_empty() {
        return asked.to_vec();
    }
    match filter.states.as_slice() {
        [MemberState::Invited] => vec!["pending".to_owned()],
        [MemberState::Active] => vec!["accepted".to_owned()],
        _ => Vec::new(),
    }
}

/// The first page with the filters and `itemsPerPage` (the profile's page size,
/// held to 1..100; 100 when it sets none), or the page the cursor names: the
/// query of the server's own `view.next`, which carries the filters.
fn paged(mut call: HttpCall, paging: Paging<'_>, filters: &[(&str, &[String])]) -> HttpCall {
    if let Some(next) = paging.cursor.and_then(|c| next_query(c.as_str())) {
        call.query = next;
        return call;
    }
    for (name, values) in filters {
        if let Some(value) = values.iter().map(|v| v.trim()).find(|v| !v.is_empty()) {
            call = call.query(name, value);
        }
    }
    let size = paging.size.unwrap_or(PAGE_MAX).clamp(1, PAGE_MAX);
    call.query("itemsPerPage", size.to_string())
}

/// The query pairs of a `view.next` IRI (`/api/organizations?page=2&itemsPerPage=2`);
/// `None` when it holds none, which is no page to ask for.
pub fn next_query(iri: &str) -> Option<Vec<(String, String)>> {
    let base = url::Url::parse("http://flowkiwi.invalid/").ok()?;
    let url = base.join(iri.trim()).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    (!pairs.is_empty()).then_some(pairs)
}

/// A merge-patch of one writable field (`name`, `role`): only what changed.
fn merge_patch(segments: &[&str], changes: &Changes, field: FieldId, wire: &str) -> HttpCall {
    let mut body = serde_json::Map::new();
    if let Some((_, value)) = changes.values.iter().find(|(id, _)| *id == field) {
        body.insert(wire.to_owned(), json!(value_text(value)));
    }
    ld(Method::PATCH, segments)
        .content_type(MERGE_PATCH)
        .body(serde_json::Value::Object(body))
}

fn value_text(value: &Value) -> String {
    value
        .as_text()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned()
}

/// A draft's text for `field`, trimmed; empty when it has none (the server says
/// what is missing, under the field).
pub fn draft_text(draft: &Draft, field: FieldId) -> String {
    draft.get(field).map(value_text).unwrap_or_default()
}

#[cfg(test)]
#[path = "call_tests.rs"]
mod tests;
