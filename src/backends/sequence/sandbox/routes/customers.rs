//! Customers: the cursor-paged list, one customer, create (201) and archive
//! (the only removal this version has).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::backends::sequence::sandbox::App;
use crate::backends::sequence::sandbox::error::{Outcome, SeqError, rule};
use crate::backends::sequence::wire::{Address, Contact, Customer, CustomerPage, Pagination};
use crate::sandbox::input::{kind_of, param};

use super::check::Check;
use super::{authenticate, body_object, json, query};
use crate::backends::sequence::sandbox::store::Store;

const DEFAULT_LIMIT: usize = 25;
const TAX_STATUSES: &[&str] = &["TAXED", "TAX_EXEMPT", "REVERSE_CHARGED"];
const STATUSES: &[&str] = &["DRAFT", "ACTIVE"];
const PREFERENCES: &[&str] = &["PRIMARY", "STANDARD", "NONE"];

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    authenticate(&store, &headers)?;
    let known = [
        "limit",
        "after",
        "before",
        "includeArchived",
        "sortOrder",
        "legalName",
    ];
    let pairs = query(&uri, &known)?;
    let paging = Paging::of(&pairs)?;
    let listed = listed(&store, &pairs)?;
    let cursor_at = |cursor: &str, key: &str| {
        let id = decode_cursor(cursor);
        listed
            .iter()
            .position(|&at| Some(&store.customers[at].id) == id.as_ref())
            .ok_or_else(|| {
                SeqError::invalid(vec![rule(
                    "invalidCursor",
                    key,
                    "is not a cursor of this list: pass pagination.after or pagination.before back",
                )])
            })
    };
    let (start, end) = match (&paging.after, &paging.before) {
        (Some(after), _) => {
            let start = cursor_at(after, "after")? + 1;
            (start, (start + paging.limit).min(listed.len()))
        }
        (None, Some(before)) => {
            let end = cursor_at(before, "before")?;
            (end.saturating_sub(paging.limit), end)
        }
        (None, None) => (0, paging.limit.min(listed.len())),
    };
    let page = &listed[start..end];
    let cursor = |at: usize| encode_cursor(&store.customers[at].id);
    let answer = CustomerPage {
        items: page
            .iter()
            .map(|&at| store.item(&store.customers[at]))
            .collect(),
        pagination: Pagination {
            after: (end < listed.len())
                .then(|| page.last().map(|&at| cursor(at)))
                .flatten(),
            before: (start > 0)
                .then(|| page.first().map(|&at| cursor(at)))
                .flatten(),
            total_result_size: listed.len() as u64,
        },
    };
    Ok(json(StatusCode::OK, &answer))
}

struct Paging {
    limit: usize,
    after: Option<String>,
    before: Option<String>,
}

impl Paging {
    fn of(pairs: &[(String, String)]) -> Outcome<Paging> {
        let mut check = Check::default();
        let limit = match param(pairs, "limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.trim().parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    check.fail(
                        "invalidValue",
                        "limit",
                        "must be a whole number from 1 to 100",
                    );
                    DEFAULT_LIMIT
                }
            },
        };
        let after = param(pairs, "after").map(str::to_owned);
        let before = param(pairs, "before").map(str::to_owned);
        if after.is_some() && before.is_some() {
            check.fail("invalidValue", "before", "send after or before, not both");
        }
        check.finish()?;
        Ok(Paging {
            limit,
            after,
            before,
        })
    }
}

/// Positions of the customers the filters keep, in the asked order (newest first
/// unless `sortOrder=ASC`).
fn listed(store: &Store, pairs: &[(String, String)]) -> Outcome<Vec<usize>> {
    let mut check = Check::default();
    let archived = match param(pairs, "includeArchived") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            check.fail("invalidValue", "includeArchived", "must be true or false");
            false
        }
    };
    let ascending = match param(pairs, "sortOrder") {
        None | Some("DESC") => false,
        Some("ASC") => true,
        Some(_) => {
            check.fail("invalidValue", "sortOrder", "must be ASC or DESC");
            false
        }
    };
    check.finish()?;
    let name = param(pairs, "legalName").map(str::to_lowercase);
    let keep = |customer: &Customer| {
        (archived || customer.archived_at.is_none())
            && name
                .as_ref()
                .is_none_or(|n| customer.legal_name.to_lowercase().contains(n))
    };
    let kept = (0..store.customers.len()).filter(|&at| keep(&store.customers[at]));
    Ok(if ascending {
        kept.collect()
    } else {
        kept.rev().collect()
    })
}

/// Cursors are opaque to clients: base64 of the customer id they follow.
fn encode_cursor(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}

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
    authenticate(&app.read(), &headers)?;
    query(&uri, &[])?;
    let body = body_object(&headers, body).await?;
    let customer = customer_of(&body)?;
    let mut store = app.write();
    let id = customer.id.clone();
    store.add_customer(customer);
    let customer = found(&store, &id)?;
    Ok(json(StatusCode::CREATED, &store.full(customer)))
}

/// A new customer from a `CreateOrUpdateCustomerRequest`, or every rule it breaks.
fn customer_of(body: &Map<String, Value>) -> Outcome<Customer> {
    let mut check = Check::default();
    let legal_name = check.string(body, "legalName", "legalName");
    let address = address_of(&mut check, body);
    let contacts = contacts_of(&mut check, body);
    let tax_status = check.word(body, "taxStatus", TAX_STATUSES);
    let status = match body.get("status") {
        None | Some(Value::Null) => Some("ACTIVE".to_owned()),
        Some(_) => check.word(body, "status", STATUSES),
    };
    let label = check.optional(body, "label", "label");
    check.finish()?;
    let (Some(legal_name), Some(address), Some(tax_status), Some(status)) =
        (legal_name, address, tax_status, status)
    else {
        return Err(SeqError::invalid(Vec::new()));
    };
    Ok(Customer {
        id: uuid::Uuid::new_v4().to_string(),
        created_at: now(),
        legal_name,
        address,
        contacts,
        integration_ids: Vec::new(),
        custom_properties: Map::new(),
        organizations: Vec::new(),
        status,
        tax_status,
        label,
        archived_at: None,
    })
}

fn address_of(check: &mut Check, body: &Map<String, Value>) -> Option<Address> {
    let address = match check.required(body, "address")? {
        Value::Object(address) => address,
        other => {
            let why = format!("must be an object, not {}", kind_of(other));
            check.fail("invalidType", "address", why);
            return None;
        }
    };
    let line1 = check.string(address, "line1", "address.line1");
    let line2 = check.optional(address, "line2", "address.line2");
    let town = check.string(address, "town", "address.town");
    let state = check.optional(address, "state", "address.state");
    let postcode = check.string(address, "postcode", "address.postcode");
    let country = check.string(address, "country", "address.country");
    let country = country.filter(|code| {
        let ok = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            check.fail(
                "invalidValue",
                "address.country",
                "must be an ISO 3166-1 alpha-2 code such as GB",
            );
        }
        ok
    });
    Some(Address {
        line1: line1?,
        line2,
        town: town?,
        state,
        postcode: postcode?,
        country: country?,
    })
}

fn contacts_of(check: &mut Check, body: &Map<String, Value>) -> Vec<Contact> {
    let items = match check.required(body, "contacts") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            let why = format!("must be a list of contacts, not {}", kind_of(other));
            check.fail("invalidType", "contacts", why);
            return Vec::new();
        }
        None => return Vec::new(),
    };
    let before = check.errors.len();
    let mut contacts = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = format!("contacts[{index}]");
        let Value::Object(contact) = item else {
            let why = format!("must be an object, not {}", kind_of(item));
            check.fail("invalidType", &at, why);
            continue;
        };
        let name = check.string(contact, "name", &format!("{at}.name"));
        let email = check.string(contact, "email", &format!("{at}.email"));
        let email = email.filter(|email| {
            let ok = email
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
            if !ok {
                check.fail(
                    "invalidValue",
                    &format!("{at}.email"),
                    "must be an email address",
                );
            }
            ok
        });
        let key = format!("{at}.billingPreference");
        let preference = check.string(contact, "billingPreference", &key);
        let preference = preference.filter(|p| {
            let ok = PREFERENCES.contains(&p.as_str());
            if !ok {
                check.fail("invalidValue", &key, "must be PRIMARY, STANDARD or NONE");
            }
            ok
        });
        if let (Some(name), Some(email), Some(billing_preference)) = (name, email, preference) {
            contacts.push(Contact {
                name,
                email,
                billing_preference,
            });
        }
    }
    let primary = contacts.iter().any(|c| c.billing_preference == "PRIMARY");
    if !primary && check.errors.len() == before {
        check.fail(
            "required",
            "contacts",
            "at least one contact must be PRIMARY",
        );
    }
    contacts
}

/// Now, to the second.
fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
