//! `/api/organizations` and `/api/organizations/{id}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::body::{json, merge_patch, object, text};
use super::page::{collection, matches};
use super::{App, created, ld, owned, partner, settle, visible};
use crate::backends::flowkiwi::sandbox::error::{Outcome, error, violation, violations};
use crate::backends::flowkiwi::sandbox::store::{Org, Seat, iri, now};
use crate::backends::flowkiwi::wire::{NOT_BLANK, TOO_LONG};

/// The parameters an organization list's links keep, in link order.
const KEYS: &[&str] = &["name", "order[name]", "order[created_at]"];

/// `order[key]` as asc (true) or desc (false); any other value is ignored, as
/// API Platform's `OrderFilter` ignores it.
fn direction(query: &HashMap<String, String>, key: &str) -> Option<bool> {
    match query.get(key)?.to_ascii_lowercase().as_str() {
        "asc" => Some(true),
        "desc" => Some(false),
        _ => None,
    }
}

/// The caller's organizations, filtered by `name`, in `order[name]` then
/// `order[created_at]` order (by default newest first).
fn listed<'s>(orgs: Vec<&'s Org>, query: &HashMap<String, String>) -> Vec<&'s Org> {
    let mut orgs: Vec<&Org> = orgs
        .into_iter()
        .filter(|o| matches(query, "name", &o.name))
        .collect();
    let by_name = direction(query, "order[name]");
    let oldest_first = direction(query, "order[created_at]").unwrap_or(false);
    orgs.sort_by(|a, b| {
        let name = match by_name {
            Some(true) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            Some(false) => b.name.to_lowercase().cmp(&a.name.to_lowercase()),
            None => std::cmp::Ordering::Equal,
        };
        let created = a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id));
        name.then(if oldest_first {
            created
        } else {
            created.reverse()
        })
    });
    orgs
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let orgs = listed(store.visible(&caller), &query);
        let page = collection(
            "/api/organizations",
            "/api/contexts/Organization",
            &query,
            KEYS,
            &orgs,
            |o| store.wire(o, false),
        )?;
        Ok(ld(StatusCode::OK, &page))
    })())
}

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let org = visible(&store, &id, &caller)?;
        Ok(ld(StatusCode::OK, &store.wire(org, true)))
    })())
}

/// `name` read and checked: trimmed, 1–255 characters. Wrong JSON type is a 400.
fn name(body: &Map<String, Value>, required: bool) -> Outcome<Option<String>> {
    let name = match text(body, "name")? {
        None if !required => return Ok(None),
        raw => raw.unwrap_or_default().trim().to_owned(),
    };
    if name.is_empty() {
        return Err(violations(vec![violation(
            "name",
            "This value should not be blank.",
            NOT_BLANK,
        )]));
    }
    if name.chars().count() > 255 {
        let message = "This value is too long. It should have 255 characters or less.";
        return Err(violations(vec![violation("name", message, TOO_LONG)]));
    }
    Ok(Some(name))
}

pub async fn create(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        json(&headers)?;
        let name = name(&object(&body)?, true)?.unwrap_or_default();
        let at = now();
        let org = Org {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            created_at: at,
            updated_at: None,
            instances: 0,
            people: vec![Seat {
                partner: caller,
                role: "owner".to_owned(),
                joined_at: at,
            }],
            invitations: Vec::new(),
        };
        let wire = store.wire(&org, true);
        let location = iri(&org.id);
        store.organizations.push(org);
        Ok(created(&wire, &location))
    })())
}

pub async fn rename(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        merge_patch(&headers)?;
        owned(&store, &id, &caller)?;
        // Only `name` is writable; other keys are ignored.
        let name = name(&object(&body)?, false)?;
        let Some(org) = store.org_mut(&id) else {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        };
        if let Some(name) = name {
            org.name = name;
            org.updated_at = Some(now());
        }
        let org = org.clone();
        Ok(ld(StatusCode::OK, &store.wire(&org, true)))
    })())
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        let org = owned(&store, &id, &caller)?;
        if org.instances > 0 {
            let detail = "The organization still has instances; delete them first.";
            return Err(error(StatusCode::FORBIDDEN, detail));
        }
        store.organizations.retain(|o| o.id != id);
        Ok(StatusCode::NO_CONTENT.into_response())
    })())
}
