//! `/api/organizations`: each handler authenticates with the partner's bearer
//! token, checks everything before it changes anything, and answers JSON-LD.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::{Map, Value};

use super::App;
use super::error::{Outcome, error, violation, violations};
use super::store::{Org, Store, iri, now};
use crate::backends::flowkiwi::wire::{
    Collection, LD_JSON, Ld, MERGE_PATCH, NOT_BLANK, Organization, View, hydra_prefixed,
};
use crate::sandbox::{caller, has_content_type};

pub const MAX_PER_PAGE: usize = 100;
const DEFAULT_PER_PAGE: usize = 30;
const TOO_LONG: &str = "d94b19cc-114f-4f44-9cc4-4138e80a87b9";

/// The routes; with `hydra_prefix` every answer's Hydra keys get `hydra:`.
pub fn router(app: Arc<App>, hydra_prefix: bool) -> Router {
    let router = Router::new()
        .route("/api/organizations", get(list).post(create))
        .route(
            "/api/organizations/{id}",
            get(show).patch(rename).delete(remove),
        )
        .fallback(|| async { *error(StatusCode::NOT_FOUND, "Not Found") })
        .with_state(app);
    if hydra_prefix {
        router.layer(axum::middleware::map_response(prefixed))
    } else {
        router
    }
}

/// An answer in API Platform 3's prefixed spelling (bodies are small JSON).
async fn prefixed(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(value) => serde_json::to_vec(&hydra_prefixed(value)).unwrap_or_default(),
        Err(_) => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

fn settle(outcome: Outcome<Response>) -> Response {
    outcome.unwrap_or_else(|refusal| *refusal)
}

fn ld<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let body = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status, body).into_response();
    let value = HeaderValue::from_static("application/ld+json; charset=utf-8");
    response.headers_mut().insert(header::CONTENT_TYPE, value);
    response
}

/// The calling partner's id, or a 401 Error document.
fn partner(store: &Store, headers: &HeaderMap) -> Outcome<String> {
    let unauthorized = || {
        error(
            StatusCode::UNAUTHORIZED,
            "Full authentication is required to access this resource.",
        )
    };
    let token = caller::bearer(headers, "<access token>").map_err(|_| unauthorized())?;
    store
        .by_token(&token)
        .map(|p| p.id.clone())
        .ok_or_else(unauthorized)
}

/// The organization `id` as `partner` may see it: 404 unknown, 403 not a member.
fn visible<'s>(store: &'s Store, id: &str, partner: &str) -> Outcome<&'s Org> {
    let org = store
        .org(id)
        .ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))?;
    if org.seat(partner).is_none() {
        return Err(error(StatusCode::FORBIDDEN, "Access Denied."));
    }
    Ok(org)
}

fn owned<'s>(store: &'s Store, id: &str, partner: &str) -> Outcome<&'s Org> {
    let org = visible(store, id, partner)?;
    if !org.is_owner(partner) {
        return Err(error(StatusCode::FORBIDDEN, "Access Denied."));
    }
    Ok(org)
}

fn number(query: &HashMap<String, String>, key: &str, default: usize) -> Outcome<usize> {
    match query.get(key) {
        None => Ok(default),
        Some(raw) => raw.parse().map_err(|_| {
            error(
                StatusCode::BAD_REQUEST,
                format!("{key} must be a positive integer."),
            )
        }),
    }
}

async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let page = number(&query, "page", 1)?;
        if page < 1 {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "Page should not be less than 1",
            ));
        }
        let per_page = number(&query, "itemsPerPage", DEFAULT_PER_PAGE)?.min(MAX_PER_PAGE);
        // `name` is a partial, case-insensitive match, as Flowkiwi's filters are.
        let filter = query.get("name").map(|name| name.to_lowercase());
        let mut orgs = store.visible(&caller);
        if let Some(filter) = &filter {
            orgs.retain(|o| o.name.to_lowercase().contains(filter.as_str()));
        }
        let total = orgs.len();
        let member: Vec<Organization> = orgs
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|o| store.wire(o, false))
            .collect();
        let mut kept = url::form_urlencoded::Serializer::new(String::new());
        if query.contains_key("itemsPerPage") {
            kept.append_pair("itemsPerPage", &per_page.to_string());
        }
        if let Some(name) = query.get("name") {
            kept.append_pair("name", name);
        }
        let kept = kept.finish();
        // A filtered list always has a view; an unfiltered one only when paged.
        let paged = total > per_page || page > 1 || filter.is_some();
        let view = paged.then(|| view(page, per_page, total, &kept));
        let collection = Collection {
            ld: Ld {
                context: Some("/api/contexts/Organization".to_owned()),
                id: "/api/organizations".to_owned(),
                kind: "Collection".to_owned(),
            },
            total_items: Some(total as u64),
            member,
            view,
            search: None,
        };
        Ok(ld(StatusCode::OK, &collection))
    })())
}

/// The view of page `page`; `kept` is the query its links carry besides `page`.
fn view(page: usize, per_page: usize, total: usize, kept: &str) -> View {
    let link = |n: usize| match kept {
        "" => format!("/api/organizations?page={n}"),
        kept => format!("/api/organizations?{kept}&page={n}"),
    };
    let last = total.div_ceil(per_page.max(1)).max(1);
    View {
        id: link(page),
        kind: "PartialCollectionView".to_owned(),
        first: Some(link(1)),
        last: Some(link(last)),
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < last).then(|| link(page + 1)),
    }
}

async fn show(State(app): State<Arc<App>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    settle((|| {
        let store = app.read();
        let caller = partner(&store, &headers)?;
        let org = visible(&store, &id, &caller)?;
        Ok(ld(StatusCode::OK, &store.wire(org, true)))
    })())
}

/// The body as a JSON object; malformed JSON and non-objects are 400s.
fn object(body: &[u8]) -> Outcome<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error(
            StatusCode::BAD_REQUEST,
            "The input data must be an object.",
        )),
        Err(_) => Err(error(StatusCode::BAD_REQUEST, "Syntax error")),
    }
}

fn php_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "array",
    }
}

/// `name` read and checked: trimmed, 1–255 characters. Wrong JSON type is a 400.
fn name(body: &Map<String, Value>, required: bool) -> Outcome<Option<String>> {
    let name = match body.get("name") {
        None if !required => return Ok(None),
        None => String::new(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(other) => {
            let given = php_type(other);
            let detail =
                format!(r#"The type of the "name" attribute must be "string", "{given}" given."#);
            return Err(error(StatusCode::BAD_REQUEST, detail));
        }
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

async fn create(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        let json =
            has_content_type(&headers, LD_JSON) || has_content_type(&headers, "application/json");
        if !json {
            let given = content_type(&headers);
            let detail = format!(
                r#"The content-type "{given}" is not supported. Supported MIME types are "application/ld+json", "application/json"."#
            );
            return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, detail));
        }
        let name = name(&object(&body)?, true)?.unwrap_or_default();
        let at = now();
        let org = Org {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            created_at: at.clone(),
            updated_at: None,
            instances: 0,
            people: vec![super::store::Seat {
                partner: caller,
                role: "owner".to_owned(),
                joined_at: at,
            }],
        };
        let wire = store.wire(&org, true);
        let location = iri(&org.id);
        store.organizations.push(org);
        let mut response = ld(StatusCode::CREATED, &wire);
        if let Ok(value) = HeaderValue::from_str(&location) {
            response
                .headers_mut()
                .insert(header::LOCATION, value.clone());
            response
                .headers_mut()
                .insert(header::CONTENT_LOCATION, value);
        }
        Ok(response)
    })())
}

fn content_type(headers: &HeaderMap) -> String {
    let raw = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    raw.unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

async fn rename(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    settle((|| {
        let mut store = app.write();
        let caller = partner(&store, &headers)?;
        if !has_content_type(&headers, MERGE_PATCH) {
            let given = content_type(&headers);
            let detail = format!(
                r#"The content-type "{given}" is not supported. Supported MIME types are "application/merge-patch+json"."#
            );
            return Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, detail));
        }
        owned(&store, &id, &caller)?;
        // Only `name` is writable; other keys are ignored.
        let name = name(&object(&body)?, false)?;
        let org = store.organizations.iter_mut().find(|o| o.id == id);
        let Some(org) = org else {
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

async fn remove(
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
