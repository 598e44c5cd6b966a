//! BitGo's request signing (`shared/api/bitgo.md`, Users; the `x-readme` samples
//! of `/api/org/users`): the token goes as its SHA-256, and an HMAC-SHA256 keyed
//! with the token covers `<ms>|<path with its query>|<body>`, so a captured
//! request cannot be replayed for another path or long after. The client signs
//! with it and the sandbox checks with it.

use reqwest::header::{self, HeaderName, HeaderValue};
use ring::hmac;

use crate::api::backend::{HttpCall, sensitive};

pub const AUTH_VERSION: &str = "2.0";
pub const VERSION_HEADER: &str = "bitgo-auth-version";
pub const TIMESTAMP_HEADER: &str = "auth-timestamp";
pub const HMAC_HEADER: &str = "hmac";

/// Whether BitGo expects `call` signed: the organization-user API
/// (`/api/org/users`, `/api/org/user/{id}`), the only one its samples sign.
pub fn wants_signing(call: &HttpCall) -> bool {
    matches!(call.segments.as_slice(), [api, org, ..] if api == "api" && org == "org")
}

/// The token as the signed `Authorization` carries it: SHA-256, lowercase hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(ring::digest::digest(
        &ring::digest::SHA256,
        token.as_bytes(),
    ))
}

/// What is signed, exactly as the samples build it: `<ts>|<path>|<body>`.
fn message(timestamp_ms: u64, path_and_query: &str, body: &[u8]) -> Vec<u8> {
    let mut text = format!("{timestamp_ms}|{path_and_query}|").into_bytes();
    text.extend_from_slice(body);
    text
}

/// HMAC-SHA256 keyed with the token over the signed message, lowercase hex.
pub fn signature(token: &str, timestamp_ms: u64, path_and_query: &str, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, token.as_bytes());
    hex::encode(hmac::sign(
        &key,
        &message(timestamp_ms, path_and_query, body),
    ))
}

/// Whether `hex_signature` is the HMAC of this request, compared in constant time.
pub fn verify(
    token: &str,
    timestamp_ms: u64,
    path_and_query: &str,
    body: &[u8],
    hex_signature: &str,
) -> bool {
    let Ok(tag) = hex::decode(hex_signature) else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, token.as_bytes());
    hmac::verify(&key, &message(timestamp_ms, path_and_query, body), &tag).is_ok()
}

/// The four headers of a signed request; the ones derived from the token are
/// marked sensitive, so the HTTP stack never logs them.
pub fn headers(
    token: &str,
    timestamp_ms: u64,
    path_and_query: &str,
    body: &[u8],
) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    Ok(vec![
        (
            header::AUTHORIZATION,
            sensitive(format!("Bearer {}", token_hash(token)))?,
        ),
        (
            HeaderName::from_static(TIMESTAMP_HEADER),
            HeaderValue::from(timestamp_ms),
        ),
        (
            HeaderName::from_static(HMAC_HEADER),
            sensitive(signature(token, timestamp_ms, path_and_query, body))?,
        ),
        (
            HeaderName::from_static(VERSION_HEADER),
            HeaderValue::from_static(AUTH_VERSION),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    const TOKEN: &str = "bitgo-northwind-admin";
    const PATH: &str = "/api/org/users?organizationId=40c0fc630e2bd5c7b9f59ddb2de5a130&limit=2";
    const AT: u64 = 1_767_225_600_000;

    /// Both hex strings were computed apart from this code, with Python's
    /// `hashlib.sha256(token).hexdigest()` and
    /// `hmac.new(token, f"{ts}|{path}|{body}", hashlib.sha256).hexdigest()`.
    #[test]
    fn a_known_request_signs_as_python_s_hmac_signs_it() {
        assert_eq!(
            token_hash(TOKEN),
            "ca1445d1c952941f818e04538e3b7ad7d0c2294f5234d4c58754a7547d522123"
        );
        assert_eq!(
            signature(TOKEN, AT, PATH, b""),
            "267fb12708bd3950ae2d165e19d526fff7ee7af3d308b666db98bbe98385eb03"
        );
        let made = headers(TOKEN, AT, PATH, b"").unwrap();
        let shown: Vec<(&str, &str)> = made
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "authorization",
                    "Bearer ca1445d1c952941f818e04538e3b7ad7d0c2294f5234d4c58754a7547d522123"
                ),
                ("auth-timestamp", "1767225600000"),
                (
                    "hmac",
                    "267fb12708bd3950ae2d165e19d526fff7ee7af3d308b666db98bbe98385eb03"
                ),
                ("bitgo-auth-version", "2.0"),
            ]
        );
        assert!(made[0].1.is_sensitive() && made[2].1.is_sensitive());
        assert!(!shown.iter().any(|(_, v)| v.contains(TOKEN)));
    }

    #[test]
    fn verification_takes_the_signature_and_nothing_else() {
        let good = signature(TOKEN, AT, PATH, b"{}");
        assert!(verify(TOKEN, AT, PATH, b"{}", &good));
        assert!(!verify(TOKEN, AT + 1, PATH, b"{}", &good));
        assert!(!verify(TOKEN, AT, "/api/org/users", b"{}", &good));
        assert!(!verify(TOKEN, AT, PATH, b"", &good));
        assert!(!verify("another-token", AT, PATH, b"{}", &good));
        assert!(!verify(TOKEN, AT, PATH, b"{}", "not hex"));
    }

    #[test]
    fn only_the_organization_user_api_is_signed() {
        let users = HttpCall::new(Method::GET, &["api", "org", "users"]);
        let user = HttpCall::new(Method::GET, &["api", "org", "user", "abc"]);
        let me = HttpCall::new(Method::GET, &["api", "v2", "user", "me"]);
        let orgs = HttpCall::new(Method::GET, &["api", "v2", "organization"]);
        assert!(wants_signing(&users) && wants_signing(&user));
        assert!(!wants_signing(&me) && !wants_signing(&orgs));
    }
}
