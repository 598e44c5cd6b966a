//! The routes: each handler authenticates with the partner's bearer token,
//! checks everything before it changes anything, and answers JSON-LD.

mod body;
mod invitations;
mod members;
mod orgs;
mod page;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::Value;

use super::App;
use super::error::{Outcome, error};
use super::store::{Org, Store};
use crate::backends::flowkiwi::wire::hydra_prefixed;
use crate::sandbox::caller;

pub use page::MAX_PER_PAGE;

/// The routes; with `hydra_prefix` every answer's Hydra keys get `hydra:`.
pub fn router(app: Arc<App>, hydra_prefix: bool) -> Router {
    let org = "/api/organizations/{id}";
    let router = Router::new()
        .route("/api/organizations", get(orgs::list).post(orgs::create))
        .route(
            org,
            get(orgs::show).patch(orgs::rename).delete(orgs::remove),
        )
        .route(
            &format!("{org}/members"),
            get(members::list).post(members::add),
        )
        .route(
            &format!("{org}/members/{{member}}"),
            get(members::show)
                .patch(members::change)
                .delete(members::remove),
        )
        .route(
            &format!("{org}/invitations"),
            get(invitations::list).post(invitations::invite),
        )
        .route(
            &format!("{org}/invitations/{{invitation}}"),
            get(invitations::show),
        )
        .route(
            &format!("{org}/invitations/{{invitation}}/resend"),
            post(invitations::resend),
        )
        .route(
            &format!("{org}/invitations/{{invitation}}/revoke"),
            post(invitations::revoke),
        )
        .route(
            "/_sandbox/invitations/{invitation}/accept",
            post(invitations::accept),
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

/// A 201 for what was made at `location`, as API Platform sets both headers.
fn created<T: Serialize>(body: &T, location: &str) -> Response {
    let mut response = ld(StatusCode::CREATED, body);
    if let Ok(value) = HeaderValue::from_str(location) {
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, value.clone());
        headers.insert(header::CONTENT_LOCATION, value);
    }
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

/// As [`visible`], and `partner` must own it (403 otherwise).
fn owned<'s>(store: &'s Store, id: &str, partner: &str) -> Outcome<&'s Org> {
    let org = visible(store, id, partner)?;
    if !org.is_owner(partner) {
        return Err(error(StatusCode::FORBIDDEN, "Access Denied."));
    }
    Ok(org)
}
