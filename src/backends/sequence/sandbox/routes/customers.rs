//! Customers: one customer, create (201), full update (`PUT`, the same body and
//! rules) and archive (the only removal this version has). The list is `listing`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::Map;

use crate::backends::sequence::sandbox::App;
use crate::backends::sequence::sandbox::error::{Outcome, SeqError};
use crate::backends::sequence::sandbox::store::{Org, Store};
use crate::backends::sequence::wire::{Contact, Customer};

use super::customer_body::{CustomerBody, customer_body, domain_of};
use super::{authenticate, body_object, json, query};

pub async fn show(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let store = app.read();
    authenticate(&store, &headers)?;
    query(&uri, &[])?;
    let customer = found(&store, &id)?;
    Ok(json(StatusCode::OK, &store.full(customer)))
}

fn found<'s>(store: &'s Store, id: &str) -> Outcome<&'s Customer> {
    store.customer(id).ok_or_else(|| {
        let shown: String = id.chars().take(60).collect();
        SeqError::not_found(format!("no customer with id {shown}"))
    })
}

pub async fn archive(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    authenticate(&store, &headers)?;
    query(&uri, &[])?;
    found(&store, &id)?;
    if let Some(customer) = store.customer_mut(&id) {
        customer.archived_at.get_or_insert_with(now);
    }
    let customer = found(&store, &id)?;
    Ok(json(StatusCode::OK, &store.full(customer)))
}

pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    body: Body,
) -> Outcome<Response> {
    let (mut store, body) = checked_body(&app, &headers, &uri, body).await?;
    let asked = customer_body(&store, &body, None)?;
    let now = now();
    let blank = Customer {
        id: uuid::Uuid::new_v4().to_string(),
        created_at: now.clone(),
        legal_name: String::new(),
        address: asked.address.clone(),
        contacts: Vec::new(),
        integration_ids: Vec::new(),
        custom_properties: Map::new(),
        organizations: Vec::new(),
        status: "ACTIVE".to_owned(),
        tax_status: String::new(),
        url: None,
        domain: None,
        label: None,
        archived_at: None,
    };
    let customer = updated(blank, &asked, &now);
    let id = customer.id.clone();
    store.add_customer(customer);
    settle(&mut store, &id, asked);
    let customer = found(&store, &id)?;
    Ok(json(StatusCode::CREATED, &store.full(customer)))
}

pub async fn update(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    body: Body,
) -> Outcome<Response> {
    let (mut store, body) = checked_body(&app, &headers, &uri, body).await?;
    let old = found(&store, &id)?.clone();
    let asked = customer_body(&store, &body, Some(&id))?;
    let customer = updated(old, &asked, &now());
    if let Some(slot) = store.customer_mut(&id) {
        *slot = customer;
    }
    settle(&mut store, &id, asked);
    let customer = found(&store, &id)?;
    Ok(json(StatusCode::OK, &store.full(customer)))
}

/// Authenticates, then reads the body as a JSON object and takes the store's
/// write lock, so the checks that follow see what the write will change.
async fn checked_body<'a>(
    app: &'a App,
    headers: &HeaderMap,
    uri: &Uri,
    body: Body,
) -> Outcome<(
    std::sync::RwLockWriteGuard<'a, Store>,
    Map<String, serde_json::Value>,
)> {
    authenticate(&app.read(), headers)?;
    query(uri, &[])?;
    let body = body_object(headers, body).await?;
    Ok((app.write(), body))
}

/// `customer` as `asked` has it: a full update, so a left-out `url` or `label`
/// is gone, while `status`, `customProperties` and integration ids stay unless
/// sent. A contact keeps its id while its email stays.
fn updated(customer: Customer, asked: &CustomerBody, now: &str) -> Customer {
    let contacts = asked
        .contacts
        .iter()
        .map(|contact| {
            let kept = customer.contacts.iter().find(|c| c.email == contact.email);
            Contact {
                id: kept.map_or_else(|| uuid::Uuid::new_v4().to_string(), |c| c.id.clone()),
                name: contact.name.clone(),
                email: contact.email.clone(),
                billing_preference: contact.billing_preference.clone(),
                created_at: kept.map_or_else(|| now.to_owned(), |c| c.created_at.clone()),
                updated_at: now.to_owned(),
                archived_at: None,
            }
        })
        .collect();
    Customer {
        legal_name: asked.legal_name.clone(),
        address: asked.address.clone(),
        contacts,
        tax_status: asked.tax_status.clone(),
        status: asked.status.clone().unwrap_or(customer.status.clone()),
        domain: asked.url.as_deref().and_then(domain_of),
        url: asked.url.clone(),
        label: asked.label.clone(),
        integration_ids: asked
            .integration_ids
            .clone()
            .unwrap_or(customer.integration_ids.clone()),
        custom_properties: asked
            .custom_properties
            .clone()
            .unwrap_or(customer.custom_properties.clone()),
        ..customer
    }
}

/// What the request says beyond the record: its aliases, and `parentId`, which
/// makes the customer a member of the first organization its parent owns (one
/// is created when the parent owns none), as the contract's [ours] rule has it.
fn settle(store: &mut Store, id: &str, asked: CustomerBody) {
    if let Some(aliases) = asked.aliases {
        store.aliases.insert(id.to_owned(), aliases);
    }
    let Some(parent) = asked.parent_id else {
        return;
    };
    let mut org = store.first_owned(&parent).cloned().unwrap_or_else(|| Org {
        id: uuid::Uuid::new_v4().to_string(),
        owner_id: parent,
        member_ids: Vec::new(),
    });
    if !org.member_ids.iter().any(|member| member == id) {
        org.member_ids.push(id.to_owned());
    }
    store.put_org(org);
}

/// Now, to the second.
fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
