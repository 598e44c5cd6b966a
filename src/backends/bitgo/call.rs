//! Each neutral operation as the request BitGo takes (`shared/api/bitgo.md`):
//! paths with their own API version, keyset paging (`limit`, `prevId`), filters as
//! repeated query parameters, and the child enterprise's create with its
//! idempotency key in the body. What the contract has no request for is refused
//! before anything is sent.

use reqwest::Method;
use serde_json::{Value as Json, json};

use super::schema::{
    ACCOUNT_TYPE, ADDITIONAL_ADMINS, CREATE_EMAIL, ENTERPRISE, INVITE, KYC_STATE, ORG_USERS_TAB,
    ORGANIZATION, PERMISSION, SEARCH, THIRD_PARTY, USERNAME, USERS_TAB,
};
use crate::api::backend::{HttpCall, Paging, Unsupported};
use crate::api::model::{Filter, Operation, Scope};
use crate::api::schema::FieldId;
use crate::api::value::{Draft, Value};

/// Most items a page may hold (`limit` 1..500).
pub const PAGE_MAX: u32 = 500;

/// Filter field the settle read uses: the enterprise a create's key made.
pub const IDEMPOTENCY_KEY: FieldId = FieldId("idempotency-key");

pub fn call(op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
    match op {
        Operation::WhoAmI => Ok(HttpCall::new(Method::GET, &["api", "v2", "user", "me"])),
        Operation::ListNodes {
            level,
            parent,
            filter,
            ..
        } => list_nodes(*level, parent.as_deref(), filter, paging),
        Operation::GetNode { level, id } if *level == ORGANIZATION => Ok(HttpCall::new(
            Method::GET,
            &["api", "v2", "organization", id],
        )),
        Operation::GetNode { level, id } if *level == ENTERPRISE => {
            Ok(HttpCall::new(Method::GET, &["api", "v2", "enterprise", id]))
        }
        Operation::CreateNode {
            level,
            parent: Some(org),
            draft,
        } if *level == ENTERPRISE => create_enterprise(org, draft),
        Operation::ListParties { scope, .. } => list_users(scope, paging),
        Operation::AddMembers { scope, draft } => add_user(scope, draft),
        Operation::RemoveMember { scope, party } => remove_user(scope, party),
        Operation::ListApprovals { node, .. } => {
            let mut call = HttpCall::new(Method::GET, &["api", "v2", "pendingapprovals"]);
            if let Some(enterprise) = node {
                call = call.query("enterpriseId", enterprise);
            }
            Ok(paged(call, paging))
        }
        Operation::Decide { approval, approve } => {
            let state = if *approve { "approved" } else { "rejected" };
            Ok(
                HttpCall::new(Method::PUT, &["api", "v2", "pendingapprovals", approval])
                    .body(json!({ "state": state })),
            )
        }
        Operation::CreateNode { level, .. } if *level == ORGANIZATION => Err(Unsupported(
            "creating organizations (BitGo's API has no such operation)",
        )),
        Operation::CreateNode { .. } => Err(Unsupported(
            "creating an enterprise outside an organization",
        )),
        Operation::UpdateNode { .. } | Operation::ToggleNode { .. } => Err(Unsupported(
            "editing organizations or enterprises (BitGo's API has no such operation)",
        )),
        Operation::DeleteNode { .. } => Err(Unsupported(
            "deleting organizations or enterprises (BitGo's API has no such operation)",
        )),
        Operation::ResendInvite { .. } => Err(Unsupported("resending invitations")),
        Operation::RevokeInvite { .. } => Err(Unsupported(
            "revoking invitations (reject the pending approval instead)",
        )),
        _ => Err(Unsupported("that operation")),
    }
}

/// `limit` (the profile's page size, held to 1..500) and `prevId` (the cursor).
fn paged(mut call: HttpCall, paging: Paging<'_>) -> HttpCall {
    if let Some(size) = paging.size {
        call = call.query("limit", size.clamp(1, PAGE_MAX).to_string());
    }
    if let Some(cursor) = paging.cursor {
        call = call.query("prevId", cursor.as_str());
    }
    call
}

fn list_nodes(
    level: crate::api::schema::LevelId,
    parent: Option<&str>,
    filter: &Filter,
    paging: Paging<'_>,
) -> Result<HttpCall, Unsupported> {
    if level == ORGANIZATION {
        // Organizations come whole: there is nothing to page.
        return Ok(HttpCall::new(Method::GET, &["api", "v2", "organization"]));
    }
    if level != ENTERPRISE {
        return Err(Unsupported("that level"));
    }
    let Some(org) = parent else {
        return Err(Unsupported("enterprises outside an organization"));
    };
    let mut call = HttpCall::new(
        Method::GET,
        &["api", "v2", "organization", org, "enterprise"],
    );
    // A key names one create: the list of what it made, unpaged.
    if let Some(key) = filter.values(IDEMPOTENCY_KEY).first() {
        return Ok(call.query("idempotencyKey", key.clone()));
    }
    for state in filter.values(KYC_STATE) {
        call = call.query("kycState", state.clone());
    }
    if let Some(kind) = filter.values(ACCOUNT_TYPE).first() {
        call = call.query("accountType", kind.clone());
    }
    // `search` is not combined with `prevId`: a search is read as one page.
    if let Some(search) = filter.values(SEARCH).first() {
        let size = Paging {
            cursor: None,
            size: paging.size,
        };
        return Ok(paged(call.query("search", search.clone()), size));
    }
    Ok(paged(call, paging))
}

fn text(draft: &Draft, field: FieldId) -> Option<String> {
    draft
        .get(field)
        .and_then(Value::as_text)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn list(draft: &Draft, field: FieldId) -> Vec<String> {
    match draft.get(field) {
        Some(Value::List(items)) => items.iter().map(|i| i.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// The key is required by the contract: a draft without one is never sent.
fn create_enterprise(org: &str, draft: &Draft) -> Result<HttpCall, Unsupported> {
    let Some(key) = &draft.idempotency_key else {
        return Err(Unsupported(
            "creating an enterprise without an idempotency key",
        ));
    };
    let identifiers: Vec<Json> = list(draft, THIRD_PARTY)
        .iter()
        .filter_map(|entry| entry.split_once(':'))
        .map(|(id, label)| json!({ "id": id.trim(), "label": label.trim() }))
        .collect();
    let mut body = json!({
        "email": text(draft, CREATE_EMAIL).unwrap_or_default(),
        "idempotencyKey": key,
        "additionalAdmins": list(draft, ADDITIONAL_ADMINS),
    });
    if let Some(kind) = text(draft, ACCOUNT_TYPE) {
        body["accountType"] = json!(kind);
    }
    if !identifiers.is_empty() {
        body["thirdPartyIdentifier"] = json!(identifiers);
    }
    Ok(HttpCall::new(
        Method::POST,
        &["api", "v2", "organization", org, "enterprise"],
    )
    .body(body))
}

/// An enterprise's users (v1, unpaged; inactive ones too, so unverified invitees
/// show), or an organization's (`/api/org/users`, keyset paged).
fn list_users(scope: &Scope, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
    match scope {
        Scope::Node { level, id, tab } if *level == ENTERPRISE && *tab == USERS_TAB => Ok(
            HttpCall::new(Method::GET, &["api", "v1", "enterprise", id, "user"])
                .query("allowInactiveUsers", "true"),
        ),
        Scope::Node { level, id, tab } if *level == ORGANIZATION && *tab == ORG_USERS_TAB => {
            let call = HttpCall::new(Method::GET, &["api", "org", "users"])
                .query("organizationId", id.clone());
            Ok(paged(call, paging))
        }
        _ => Err(Unsupported("users listed there")),
    }
}

fn enterprise_of(scope: &Scope) -> Result<&str, Unsupported> {
    match scope {
        Scope::Node { level, id, .. } if *level == ENTERPRISE => Ok(id),
        _ => Err(Unsupported(
            "adding or removing users outside an enterprise",
        )),
    }
}

/// Adds a user to an enterprise by email, with one permission and whether to
/// invite them; BitGo may hold it for approval (202).
fn add_user(scope: &Scope, draft: &Draft) -> Result<HttpCall, Unsupported> {
    let enterprise = enterprise_of(scope)?;
    // One permission as a string, several as the array the contract also takes.
    let permission = match draft.get(PERMISSION) {
        Some(Value::List(_)) => json!(list(draft, PERMISSION)),
        _ => json!(text(draft, PERMISSION).unwrap_or_else(|| "auditor".to_owned())),
    };
    let mut body = json!({
        "username": text(draft, USERNAME).unwrap_or_default(),
        "permission": permission,
    });
    if let Some(Value::Bool(invite)) = draft.get(INVITE) {
        body["invite"] = json!(invite);
    }
    Ok(HttpCall::new(
        Method::POST,
        &["api", "v2", "enterprise", enterprise, "user"],
    )
    .body(body))
}

/// Removes a user, named by username (email) as the DELETE's body takes it.
fn remove_user(scope: &Scope, username: &str) -> Result<HttpCall, Unsupported> {
    let enterprise = enterprise_of(scope)?;
    Ok(HttpCall::new(
        Method::DELETE,
        &["api", "v2", "enterprise", enterprise, "user"],
    )
    .body(json!({ "username": username })))
}

#[cfg(test)]
#[path = "call_tests.rs"]
mod tests;
