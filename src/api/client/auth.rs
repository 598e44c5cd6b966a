//! Signing in: the headers a backend derives from the profile's credential, and
//! every form of that credential the client must mask besides the token itself
//! (the base64 of `id:secret`, the secret alone).

use reqwest::header::{HeaderName, HeaderValue};

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
    let headers = backend.auth(token).map_err(|cause| {
        ApiError::Setup(format!(
            "profile {profile}: cannot sign in with its token: {}",
            token.redact(&cause)
        ))
    })?;
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
