//! Who is calling: the credential a request carries, read the same way by every
//! vendor's sandbox (MuninX, BitGo and Flowkiwi sign in with a bearer token,
//! Sequence with HTTP Basic `id:secret`). The vendor maps the credential to its own
//! caller (a tenant's user, a partner, an API client) and dresses the refusal in its
//! own error shape; a vendor whose 401s carry no body drops the message.

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;

use super::Refusal;

/// A 401: the request carries no credential this sandbox accepts.
pub fn unauthorized(message: impl Into<String>) -> Refusal {
    Refusal::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        message,
    )
}

/// The token of `Authorization: Bearer <token>`. `what` names the token in the
/// refusal's hint, as the vendor's documentation calls it ("<personal API token>").
pub fn bearer(headers: &HeaderMap, what: &str) -> Result<String, Refusal> {
    let token = credential(headers, "Bearer", what)?;
    if token.is_empty() {
        return Err(malformed("Bearer", what));
    }
    Ok(token.to_owned())
}

/// The client id and secret of `Authorization: Basic base64(id:secret)`. `what`
/// names them in the refusal's hint ("<base64 of client id:client secret>").
pub fn basic(headers: &HeaderMap, what: &str) -> Result<(String, String), Refusal> {
    let encoded = credential(headers, "Basic", what)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| unauthorized(format!("the Basic credential is not base64 of {what}")))?;
    match decoded.split_once(':') {
        Some((id, secret)) if !id.is_empty() => Ok((id.to_owned(), secret.to_owned())),
        _ => Err(unauthorized(format!(
            "the Basic credential must be {what}, with a colon between them"
        ))),
    }
}

/// The text after `scheme` in the Authorization header.
fn credential<'h>(headers: &'h HeaderMap, scheme: &str, what: &str) -> Result<&'h str, Refusal> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(format!(
            "missing token: send Authorization: {scheme} {what}"
        )));
    };
    let value = value.to_str().unwrap_or_default().trim();
    match value.split_once(' ') {
        Some((given, rest)) if given.eq_ignore_ascii_case(scheme) => Ok(rest.trim()),
        _ => Err(malformed(scheme, what)),
    }
}

fn malformed(scheme: &str, what: &str) -> Refusal {
    unauthorized(format!(
        "the Authorization header must read: {scheme} {what}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    fn refused(result: Result<impl std::fmt::Debug, Refusal>) -> String {
        let refusal = result.expect_err("refused");
        assert_eq!(refusal.status, StatusCode::UNAUTHORIZED);
        refusal.message
    }

    #[test]
    fn a_bearer_token_is_read_whatever_the_scheme_is_spelt() {
        assert_eq!(bearer(&with("Bearer abc"), "<t>").unwrap(), "abc");
        assert_eq!(bearer(&with("bearer   abc  "), "<t>").unwrap(), "abc");
        assert_eq!(
            refused(bearer(&HeaderMap::new(), "<t>")),
            "missing token: send Authorization: Bearer <t>"
        );
        for wrong in ["Basic abc", "abc", "Bearer", "Bearer  "] {
            assert_eq!(
                refused(bearer(&with(wrong), "<t>")),
                "the Authorization header must read: Bearer <t>",
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_basic_credential_is_split_at_its_first_colon() {
        let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
        let pair = basic(
            &with(&format!("Basic {}", encode("client-1:s3:cret"))),
            "<p>",
        );
        assert_eq!(pair.unwrap(), ("client-1".into(), "s3:cret".into()));
        assert!(refused(basic(&with("Basic %%%"), "<p>")).contains("not base64"));
        for bad in ["no-colon", ":secret-without-id"] {
            let header = format!("Basic {}", encode(bad));
            assert!(
                refused(basic(&with(&header), "<p>")).contains("colon"),
                "{bad}"
            );
        }
        assert_eq!(
            refused(basic(&with("Bearer abc"), "<p>")),
            "the Authorization header must read: Basic <p>"
        );
    }
}
