//! Signing in: the headers a backend derives from the profile's credential, and
//! every form of that credential the client must mask besides the token itself
//! (the base64 of `id:secret`, the secret alone).

use reqwest::header::{self, HeaderName, HeaderValue};

use crate::api::backend::{Backend, CredentialKind, ID_SECRET_EXPECTED};
use crate::api::error::ApiError;
use crate::api::secret::Secret;

pub(super) struct Credentials {
    /// Sent with every call.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// The token and each form of it that a header carries, longest first, so
    /// that a longer form is masked whole before a part of it is.
    pub(super) masks: Vec<Secret>,
}

/// The credential's headers and masks; an error when the backend cannot use it.
/// Every mask is also remembered process-wide, so that whatever orgdeck writes
/// (stderr, `--json`, the log, the screen) masks it as it masks the token.
pub(super) fn credentials(
    backend: &dyn Backend,
    token: &Secret,
    profile: &str,
) -> Result<Credentials, ApiError> {
    let kind = backend.credential();
    let secret_part = token.expose().split_once(':').map(|(_, secret)| secret);
    if kind == CredentialKind::IdSecret && secret_part.is_none() {
        return Err(ApiError::Setup(format!(
            "profile {profile}: {ID_SECRET_EXPECTED} (its token has no ':')"
        )));
    }
    let mut headers = backend.auth(token).map_err(|cause| {
        ApiError::Setup(format!(
            "profile {profile}: cannot sign in with its token: {}",
            token.redact(&cause)
        ))
    })?;
    // Whatever the backend marked, a credential header is never logged by the
    // HTTP stack, and is masked.
    for (name, value) in &mut headers {
        if *name == header::AUTHORIZATION || *name == header::PROXY_AUTHORIZATION {
            value.set_sensitive(true);
        }
    }
    let mut masks = vec![token.clone()];
    if kind == CredentialKind::IdSecret {
        masks.extend(secret_part.map(Secret::new));
    }
    for (_, value) in headers.iter().filter(|(_, v)| v.is_sensitive()) {
        let Ok(text) = value.to_str() else {
            continue;
        };
        masks.push(Secret::new(text));
        // `Basic <base64>`: the credentials alone, as a server may echo them.
        if let Some((_, credentials)) = text.split_once(' ') {
            masks.push(Secret::new(credentials.trim()));
        }
    }
    masks.sort_by_key(|mask| std::cmp::Reverse(mask.expose().len()));
    masks.dedup();
    for mask in &masks {
        mask.remember();
    }
    Ok(Credentials { headers, masks })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::backend::{Answer, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict};
    use crate::api::model::{Capability, Operation, Reply};
    use crate::backends::muninx::MuninX;

    /// MuninX, signing in with a header it forgets to mark sensitive.
    struct Unmarked;

    impl Backend for Unmarked {
        fn name(&self) -> &'static str {
            "unmarked"
        }
        fn schema(&self) -> &'static crate::api::schema::Schema {
            MuninX.schema()
        }
        fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
            MuninX.role_allows(role, capability, on_self)
        }
        fn auth(&self, token: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
            let value = HeaderValue::from_str(&format!("Token {}", token.expose().to_uppercase()))
                .map_err(|e| e.to_string())?;
            Ok(vec![(header::AUTHORIZATION, value)])
        }
        fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
            MuninX.call(op, paging)
        }
        fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
            MuninX.decode(op, answer)
        }
        fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
            MuninX.form_fields(op)
        }
        fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
            MuninX.missing_endpoint_on_404(op)
        }
        fn settle(&self, write: &Operation) -> Settle {
            MuninX.settle(write)
        }
        fn applied(
            &self,
            write: &Operation,
            before: &Result<Reply, ApiError>,
            after: &Result<Reply, ApiError>,
        ) -> Verdict {
            MuninX.applied(write, before, after)
        }
        fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
            MuninX.confirmed_reply(write, read)
        }
    }

    #[test]
    fn a_credential_header_is_sensitive_and_masked_even_unmarked() {
        let made = credentials(&Unmarked, &Secret::new("auth-test-unmarked-5c"), "p").unwrap();
        assert!(made.headers[0].1.is_sensitive());
        let shown = crate::api::secret::scrub("echo: AUTH-TEST-UNMARKED-5C").into_owned();
        assert_eq!(shown, "echo: [redacted]");
        let lengths: Vec<usize> = made.masks.iter().map(|m| m.expose().len()).collect();
        assert!(lengths.windows(2).all(|w| w[0] >= w[1]), "longest first");
    }

    #[test]
    fn a_backend_that_cannot_sign_in_says_why_without_the_token() {
        let err = match credentials(&Unmarked, &Secret::new("bad\u{7f}token-77"), "p") {
            Err(err) => err.to_string(),
            Ok(_) => panic!("a token no header can carry was taken"),
        };
        assert!(
            err.starts_with("profile p: cannot sign in with its token"),
            "{err}"
        );
        assert!(!err.contains("token-77"), "{err}");
    }
}
