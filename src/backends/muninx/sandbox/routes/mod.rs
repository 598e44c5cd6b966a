//! The MuninX endpoints. Each handler authenticates, checks the role matrix, validates
//! everything before it changes anything (so a refused request changes nothing), and
//! answers as the contract says.

mod orgs;
mod tenant;
mod tokens;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};

use crate::backends::muninx::wire::{UserStatus, UserType};
pub use crate::sandbox::{conditional_json, json_response};

use super::App;
use super::problem::{Outcome, Problem};
use super::store::Store;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/users", get(users::list).post(users::invite))
        .route(
            "/users/{email}",
            get(users::show).put(users::update).delete(users::remove),
        )
        .route("/users/{email}/activation-email", post(users::resend))
        .route("/tenants", get(tenant::show).patch(tenant::update))
        .route(
            "/customer-organizations",
            get(orgs::list).post(orgs::create),
        )
        .route("/customer-organizations/lookup", get(orgs::lookup))
        .route(
            "/customer-organizations/{id}",
            get(orgs::show).patch(orgs::update).delete(orgs::remove),
        )
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", axum::routing::delete(tokens::remove))
        .fallback(unknown_path)
        .with_state(app)
}

async fn unknown_path(method: Method, uri: Uri) -> Problem {
    let path: String = uri.path().chars().take(200).collect();
    Problem::not_found(format!(
        "no endpoint {method} {path}; see shared/api/muninx.md for the paths this server offers"
    ))
}

/// Refuses query parameters on reads that take none, as the list endpoints do.
pub fn no_query(uri: &Uri) -> Outcome<()> {
    crate::sandbox::input::query(uri.query(), &[])
        .map(|_| ())
        .map_err(Problem::from)
}

/// Who is calling: the tenant and user the bearer token acts as.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: usize,
    pub email: String,
    pub role: UserType,
}

impl Caller {
    pub fn require_admin(&self, action: &str) -> Outcome<()> {
        if self.role == UserType::Admin {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "your role ({}) may not {action}: only admins may",
                self.role.as_str()
            )))
        }
    }

    pub fn require_staff(&self, action: &str) -> Outcome<()> {
        if self.role.is_staff() {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "your role ({}) may not {action}: only admins and agents may",
                self.role.as_str()
            )))
        }
    }
}

pub fn authenticate(store: &Store, headers: &HeaderMap) -> Outcome<Caller> {
    let token = crate::sandbox::caller::bearer(headers, "<personal API token>")?;
    let token = token.as_str();
    let rejected = || Problem::unauthorized("token rejected: it is unknown, revoked or expired");
    let record = store.tokens.get(token).ok_or_else(rejected)?;
    let tenant = store.tenants.get(record.tenant).ok_or_else(rejected)?;
    let user = tenant.users.get(&record.user).ok_or_else(rejected)?;
    if user.status == UserStatus::Suspended {
        return Err(Problem::unauthorized(
            "token rejected: the user it belongs to is suspended",
        ));
    }
    Ok(Caller {
        tenant: record.tenant,
        email: record.user.clone(),
        role: user.kind,
    })
}

/// A read's entity tag, per caller: roles see different slices of the same data.
pub fn etag(revision: u64, caller: &Caller, uri: &Uri) -> String {
    crate::sandbox::etag(revision, &caller.email, uri)
}

/// MuninX answers many writes with a bare JSON string.
pub fn message(text: &str) -> Response {
    json_response(StatusCode::OK, &text)
}
