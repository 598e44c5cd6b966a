//! The BitGo endpoints, one module per resource. Each handler authenticates,
//! checks ids and roles, validates everything before it changes anything (so a
//! refused request changes nothing), and answers as the contract says.

mod approvals;
mod enterprises;
mod members;
mod org_users;
mod orgs;
mod signed;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::get;
use serde_json::{Map, Value};

use crate::backends::bitgo::wire::{OrgRole, is_id};
use crate::sandbox::input;

use super::App;
use super::error::{BgError, Outcome};
use super::store::{Org, Store};

pub fn router(app: Arc<App>) -> Router {
    let org = "/api/v2/organization/{org}";
    Router::new()
        .route("/api/v2/user/me", get(orgs::me))
        .route("/api/v2/organization", get(orgs::list))
        .route(org, get(orgs::show))
        .route(&format!("{org}/enterprises/summary"), get(orgs::summary))
        .route(
            &format!("{org}/enterprise"),
            get(enterprises::list).post(enterprises::create),
        )
        .route(
            &format!("{org}/enterprise/search"),
            get(enterprises::search),
        )
        .route(
            &format!("{org}/enterprise/{{ent}}/user"),
            axum::routing::post(members::add_existing),
        )
        .route(
            &format!("{org}/user"),
            axum::routing::post(org_users::add)
                .put(org_users::update)
                .delete(org_users::remove),
        )
        .route("/api/org/users", get(org_users::list))
        .route("/org/users", get(org_users::list))
        .route("/api/org/user/{user}", get(org_users::show))
        .route("/api/v2/enterprise/{ent}", get(enterprises::show))
        .route("/api/v1/enterprise/{ent}/user", get(members::list))
        .route(
            "/api/v2/enterprise/{ent}/user",
            axum::routing::post(members::add)
                .put(members::update)
                .delete(members::remove),
        )
        .route("/api/v2/pendingapprovals", get(approvals::list))
        .route(
            "/api/v2/pendingapprovals/{approval}",
            get(approvals::show).put(approvals::decide),
        )
        .fallback(unknown_path)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            signed::verify,
        ))
        .with_state(app)
}

async fn unknown_path(method: Method, uri: Uri) -> BgError {
    let path: String = uri.path().chars().take(200).collect();
    BgError::not_found(format!(
        "no endpoint {method} {path}; see shared/api/bitgo.md for the paths this server offers"
    ))
}

/// The user id the bearer token acts as.
pub fn authenticate(store: &Store, headers: &HeaderMap) -> Outcome<String> {
    let token = crate::sandbox::caller::bearer(headers, "<access token>")?;
    store
        .tokens
        .get(&token)
        .filter(|record| store.users.contains_key(&record.user))
        .map(|record| record.user.clone())
        .ok_or_else(|| BgError::unauthorized("token rejected: it is unknown or expired"))
}

/// A path id checked against the contract's pattern, refused with `name`.
pub fn id_of(raw: &str, name: &'static str, what: &str) -> Outcome<String> {
    if is_id(raw) {
        Ok(raw.to_owned())
    } else {
        Err(BgError::bad_id(name, what, raw))
    }
}

/// Organization `id` of which the caller is a member, with their role.
pub fn member_org<'s>(store: &'s Store, id: &str, user: &str) -> Outcome<(&'s Org, OrgRole)> {
    let id = id_of(id, "InvalidOrganizationId", "organization")?;
    let org = store
        .orgs
        .get(&id)
        .ok_or_else(|| BgError::not_found("organization not found"))?;
    let role = org
        .members
        .get(user)
        .copied()
        .ok_or_else(|| BgError::forbidden("you are not a member of this organization"))?;
    Ok((org, role))
}

/// The organization, refused unless the caller administers it.
pub fn admin_org<'s>(store: &'s Store, id: &str, user: &str, action: &str) -> Outcome<&'s Org> {
    let (org, role) = member_org(store, id, user)?;
    if role == OrgRole::Admin {
        Ok(org)
    } else {
        Err(BgError::forbidden(format!(
            "your role in this organization ({}) may not {action}: only organization admins may",
            role.as_str()
        )))
    }
}

/// The query's pairs, refusing names the endpoint does not know.
pub fn query(uri: &Uri, known: &[&str]) -> Outcome<Vec<(String, String)>> {
    Ok(input::query(uri.query(), known)?)
}

/// Every value of a repeatable parameter (`kycState=a&kycState=b`, `state[]=…`).
pub fn values<'p>(pairs: &'p [(String, String)], name: &str) -> Vec<&'p str> {
    let bracketed = format!("{name}[]");
    pairs
        .iter()
        .filter(|(key, _)| *key == name || *key == bracketed)
        .flat_map(|(_, value)| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .collect()
}

/// The words of a repeatable parameter, each one of `options`.
pub fn words<T: Copy>(
    pairs: &[(String, String)],
    name: &str,
    options: &[T],
    word: fn(T) -> &'static str,
) -> Outcome<Vec<T>> {
    values(pairs, name)
        .into_iter()
        .map(|value| {
            options
                .iter()
                .copied()
                .find(|o| word(*o) == value)
                .ok_or_else(|| {
                    let all: Vec<&str> = options.iter().map(|o| word(*o)).collect();
                    let shown: String = value.chars().take(40).collect();
                    BgError::field(name, format!("{shown:?} is not one of {}", all.join(", ")))
                })
        })
        .collect()
}

pub fn param<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    input::param(pairs, name)
}

/// A keyset page: how many, and after which id.
pub struct Page {
    pub limit: usize,
    pub prev: Option<String>,
}

/// `limit` (a string of 1..500, default 25) and `prevId` (32 hex).
pub fn page_of(pairs: &[(String, String)]) -> Outcome<Page> {
    let limit = match param(pairs, "limit") {
        None => 25,
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(n) if (1..=500).contains(&n) => n,
            _ => {
                return Err(BgError::field(
                    "limit",
                    "must be a whole number from 1 to 500",
                ));
            }
        },
    };
    let prev = match param(pairs, "prevId") {
        None => None,
        Some(raw) if is_id(raw) => Some(raw.to_owned()),
        Some(_) => {
            return Err(BgError::field(
                "prevId",
                "must be 32 lowercase hex characters: the nextBatchPrevId of the previous answer",
            ));
        }
    };
    Ok(Page { limit, prev })
}

/// One batch of an ordered list of `len` ids: those after `prev` that `keep`
/// accepts, at most `limit`, and `nextBatchPrevId` when more follow.
pub fn batch<'a>(
    len: usize,
    at: impl Fn(usize) -> Option<&'a str>,
    position: impl Fn(&str) -> Option<usize>,
    page: &Page,
    keep: impl Fn(&str) -> bool,
) -> Outcome<(Vec<&'a str>, Option<String>)> {
    let start = match &page.prev {
        None => 0,
        Some(prev) => {
            position(prev).ok_or_else(|| BgError::field("prevId", "is not an item of this list"))?
                + 1
        }
    };
    let mut items: Vec<&str> = (start..len)
        .filter_map(&at)
        .filter(|id| keep(id))
        .take(page.limit + 1)
        .collect();
    let next = (items.len() > page.limit).then(|| {
        items.truncate(page.limit);
        items.last().map(|id| (*id).to_owned()).unwrap_or_default()
    });
    Ok((items, next))
}

/// The body as a JSON object, read within the kit's bounds.
pub async fn body_object(headers: &HeaderMap, body: Body) -> Outcome<Map<String, Value>> {
    let bytes = input::read_body(body).await?;
    Ok(input::json_object(headers, &bytes)?)
}

/// A read's entity tag, per caller: roles see different slices of the same data.
pub fn etag(store: &Store, user: &str, uri: &Uri) -> String {
    crate::sandbox::etag(store.revision, user, uri)
}

/// A read's answer for `user`: 304 while the tag they sent still holds, else
/// `answer` as JSON.
pub fn read_answer<T: serde::Serialize>(
    store: &Store,
    user: &str,
    headers: &HeaderMap,
    uri: &Uri,
    answer: impl FnOnce() -> T,
) -> axum::response::Response {
    crate::sandbox::conditional_json(headers, etag(store, user, uri), answer)
}
