//! `/tokens`: the caller's personal API tokens. The raw value is shown once, at creation.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;

use crate::backends::muninx::rules;
use crate::backends::muninx::sandbox::App;
use crate::backends::muninx::sandbox::problem::{Outcome, Problem};
use crate::backends::muninx::sandbox::store::TokenRecord;
use crate::backends::muninx::wire::Token;
use crate::sandbox::input::{self, Fields};

use super::{Caller, authenticate, conditional_json, etag, json_response, message, no_query};

#[derive(Serialize)]
struct TokenList {
    tokens: Vec<Token>,
}

fn owned_by<'r>(record: &'r TokenRecord, caller: &Caller) -> Option<&'r TokenRecord> {
    (record.tenant == caller.tenant && record.user == caller.email).then_some(record)
}

pub async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Outcome<Response> {
    let store = app.read();
    let caller = authenticate(&store, &headers)?;
    no_query(&uri)?;
    let tenant = &store.tenants[caller.tenant];
    Ok(conditional_json(
        &headers,
        etag(tenant.revision, &caller, &uri),
        || {
            let mut tokens: Vec<Token> = store
                .tokens
                .values()
                .filter_map(|record| owned_by(record, &caller))
                .map(|record| Token {
                    id: record.id.clone(),
                    name: record.name.clone(),
                    token: None,
                    created_at: record.created_at,
                })
                .collect();
            tokens.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
            TokenList { tokens }
        },
    ))
}

fn random_text(rng: &mut fastrand::Rng, len: usize) -> String {
    (0..len).map(|_| rng.alphanumeric()).collect()
}

pub async fn create(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Outcome<Response> {
    let bytes = input::read_body(body).await?;
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    let object = input::json_object(&headers, &bytes)?;
    let mut fields = Fields::new(&object);
    let name = fields.required_string("name", |v| rules::text(v, rules::MAX_TOKEN_NAME));
    fields.finish()?;
    let name = name.unwrap_or_default();
    // Raw tokens must not be guessable, so they come from the OS-seeded generator,
    // never from the fault-injection seed.
    let mut rng = fastrand::Rng::new();
    let raw = format!("mx_{}", random_text(&mut rng, 40));
    let record = TokenRecord {
        id: format!("tok-{}", random_text(&mut rng, 12).to_lowercase()),
        name,
        tenant: caller.tenant,
        user: caller.email.clone(),
        created_at: crate::backends::muninx::sandbox::store::now(),
    };
    let answer = Token {
        id: record.id.clone(),
        name: record.name.clone(),
        token: Some(raw.clone()),
        created_at: record.created_at,
    };
    store.tokens.insert(raw, record);
    store.tenants[caller.tenant].touch();
    Ok(json_response(StatusCode::OK, &answer))
}

pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Outcome<Response> {
    let mut store = app.write();
    let caller = authenticate(&store, &headers)?;
    let raw = store
        .tokens
        .iter()
        .find(|(_, record)| record.id == id && owned_by(record, &caller).is_some())
        .map(|(raw, _)| raw.clone())
        .ok_or_else(|| {
            let shown: String = id.chars().take(80).collect();
            Problem::not_found(format!("you have no token {shown:?}"))
        })?;
    store.tokens.remove(&raw);
    store.tenants[caller.tenant].touch();
    Ok(message("Token revoked"))
}
