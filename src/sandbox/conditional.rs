//! Conditional GETs: entity tags, `If-None-Match`, and 304 answers without a body.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A read's entity tag: changes whenever the data behind `revision` changes, and
/// differs per caller and URL since callers may see different slices of the same data.
pub fn etag(revision: u64, caller: &str, uri: &Uri) -> String {
    let mut hasher = DefaultHasher::new();
    caller.hash(&mut hasher);
    uri.path().hash(&mut hasher);
    uri.query().hash(&mut hasher);
    format!("\"r{revision}-{:016x}\"", hasher.finish())
}

fn matches_if_none_match(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|candidate| candidate.trim())
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

/// Answers a read: 304 with no body when the client already holds this version,
/// otherwise the JSON that `body` builds (only built when it is needed).
pub fn conditional_json<T: Serialize>(
    headers: &HeaderMap,
    tag: String,
    body: impl FnOnce() -> T,
) -> Response {
    conditional(headers, tag, || json_response(StatusCode::OK, &body()))
}

/// Answers a read: 304 with no body when the client already holds this version,
/// otherwise the answer `build` makes (a streamed list, say), with the tag on either.
pub fn conditional(headers: &HeaderMap, tag: String, build: impl FnOnce() -> Response) -> Response {
    let tag_header = HeaderValue::from_str(&tag).ok();
    let mut response = if matches_if_none_match(headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        build()
    };
    if let Some(value) = tag_header {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// `body` as `application/json`. A body that cannot be encoded leaves as a plain
/// 500, which the kit's error layer answers in the vendor's style.
pub fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not encode the answer: {err}"),
        )
            .into_response(),
    }
}
