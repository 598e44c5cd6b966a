//! Signed requests (`Bitgo-Auth-Version: 2.0`, see `bitgo::sign`), checked before
//! any handler runs: the bearer is the SHA-256 of a seeded token, the HMAC keyed
//! with that token covers this request's timestamp, path with query and body, and
//! the timestamp is within `WINDOW_MS` of the server's clock. A request that
//! passes reaches the handlers as if it had sent its token plainly; plain bearer
//! requests pass untouched ([ours]: the contract's sandbox takes both).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::backends::bitgo::sandbox::App;
use crate::backends::bitgo::sandbox::error::{BgError, Outcome};
use crate::backends::bitgo::sandbox::store::Store;
use crate::backends::bitgo::sign::{
    self, AUTH_VERSION, HMAC_HEADER, TIMESTAMP_HEADER, VERSION_HEADER,
};
use crate::sandbox::input;

/// How far a signed request's timestamp may be from the server's clock, either
/// way: long enough for a slow client, short enough that a captured request is
/// soon useless.
pub const WINDOW_MS: u64 = 5 * 60 * 1000;

pub async fn verify(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !request.headers().contains_key(VERSION_HEADER) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let bytes = match input::read_body(body).await {
        Ok(bytes) => bytes,
        Err(refusal) => return BgError::from(refusal).into_response(),
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let checked = check(&app.read(), &parts.headers, path, &bytes, now_ms());
    let bearer = checked.and_then(|token| {
        HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|_| BgError::unauthorized("token rejected: it is unknown or expired"))
    });
    match bearer {
        Ok(bearer) => {
            parts.headers.insert(header::AUTHORIZATION, bearer);
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(refusal) => refusal.into_response(),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as u64)
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Outcome<&'h str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| {
            BgError::unauthorized(format!(
                "a signed request (Bitgo-Auth-Version: 2.0) needs the {name} header"
            ))
        })
}

/// The seeded token a signed request was made with, or why it is refused.
pub fn check(
    store: &Store,
    headers: &HeaderMap,
    path_and_query: &str,
    body: &[u8],
    now_ms: u64,
) -> Outcome<String> {
    let version = text(headers, VERSION_HEADER)?;
    if version != AUTH_VERSION {
        let shown: String = version.chars().take(20).collect();
        return Err(BgError::unauthorized(format!(
            "Bitgo-Auth-Version {shown:?} is not supported: sign as version {AUTH_VERSION}"
        )));
    }
    let hash = crate::sandbox::caller::bearer(headers, "<sha256 of the access token, hex>")?;
    let timestamp = text(headers, TIMESTAMP_HEADER)?;
    let signature = text(headers, HMAC_HEADER)?;
    let Ok(timestamp) = timestamp.parse::<u64>() else {
        return Err(BgError::unauthorized(
            "Auth-Timestamp must be the time of the request in milliseconds since 1970",
        ));
    };
    if timestamp.abs_diff(now_ms) > WINDOW_MS {
        return Err(BgError::unauthorized(format!(
            "Auth-Timestamp is {} s away from the server's clock; signed requests are taken within {} s",
            timestamp.abs_diff(now_ms) / 1000,
            WINDOW_MS / 1000
        )));
    }
    let token = store
        .tokens
        .iter()
        .filter(|(_, record)| store.users.contains_key(&record.user))
        .map(|(token, _)| token)
        .find(|token| sign::token_hash(token).eq_ignore_ascii_case(&hash))
        .ok_or_else(|| BgError::unauthorized("token rejected: it is unknown or expired"))?;
    if !sign::verify(token, timestamp, path_and_query, body, signature) {
        return Err(BgError::unauthorized(
            "the Hmac does not match this request: sign \"<Auth-Timestamp>|<path with its query>|<body>\" with HMAC-SHA256 keyed with the token",
        ));
    }
    Ok(token.clone())
}
