//! The Sequence endpoints, one module per resource. Every answer carries the
//! version header; each handler authenticates, validates everything before it
//! changes anything (so a refused request changes nothing), and answers as the
//! contract says.

mod check;
mod customer_body;
mod customers;
mod listing;
mod orgs;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value};

use crate::backends::sequence::wire::{API_VERSION, VERSION_HEADER};
use crate::sandbox::input;

use super::App;
use super::error::{Outcome, SeqError};
use super::store::Store;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/customers", get(listing::list).post(customers::create))
        .route(
            "/api/customers/{id}",
            get(customers::show).put(customers::update),
        )
        .route("/api/customers/{id}/archive", post(customers::archive))
        .route("/api/customer-organizations", post(orgs::create))
        .route(
            "/api/customer-organizations/{id}/members",
            post(orgs::add).put(orgs::replace),
        )
        .fallback(unknown_path)
        .layer(axum::middleware::from_fn(version))
        .with_state(app)
}

/// Refuses any version but the one that has customer organizations, and echoes
/// it on every answer, refusals included. No header runs at that version too.
async fn version(request: Request, next: Next) -> Response {
    let refused = match request.headers().get(VERSION_HEADER) {
        Some(given) if given.as_bytes() != API_VERSION.as_bytes() => {
            let shown: String = String::from_utf8_lossy(given.as_bytes())
                .chars()
                .take(40)
                .collect();
            Some(SeqError::new(
                StatusCode::BAD_REQUEST,
                "UnrecognisedApiVersion",
                format!("Sequence-Version {shown:?} is not recognised here: send {API_VERSION}"),
            ))
        }
        _ => None,
    };
    let mut response = match refused {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    response
        .headers_mut()
        .insert(VERSION_HEADER, HeaderValue::from_static(API_VERSION));
    response
}

async fn unknown_path(method: Method, uri: Uri) -> SeqError {
    let path: String = uri.path().chars().take(200).collect();
    SeqError::not_found(format!(
        "no endpoint {method} {path}; see shared/api/sequence.md for the paths this server offers"
    ))
}

/// Checks the Basic credential against the seed's API clients; any fault is a
/// bare 401, as the contract has it.
pub fn authenticate(store: &Store, headers: &HeaderMap) -> Outcome<()> {
    let (id, secret) = crate::sandbox::caller::basic(headers, "<client id>:<client secret>")
        .map_err(|_| SeqError::unauthorized())?;
    store
        .credentials
        .iter()
        .any(|c| c.client_id == id && c.client_secret == secret)
        .then_some(())
        .ok_or_else(SeqError::unauthorized)
}

/// The query's pairs, refusing names the endpoint does not know.
pub fn query(uri: &Uri, known: &[&str]) -> Outcome<Vec<(String, String)>> {
    Ok(input::query(uri.query(), known)?)
}

/// The body as a JSON object, read within the kit's bounds.
pub async fn body_object(headers: &HeaderMap, body: Body) -> Outcome<Map<String, Value>> {
    let bytes = input::read_body(body).await?;
    Ok(input::json_object(headers, &bytes)?)
}

/// `value` as JSON with `status`.
pub fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    crate::sandbox::json_response(status, value)
}
