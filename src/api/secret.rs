//! A token that cannot leak by accident: no `Display`, a redacted `Debug`, and the
//! raw value only through an explicit `expose()`.
//!
//! A server can echo the token anywhere (a request id, any header, an error body),
//! and that text travels to stdout, stderr, the console, the log and the audit trail.
//! Redacting at each place it is read would miss the next header someone reads, so
//! every token in use is also remembered process-wide ([`Secret::remember`]) and
//! [`scrub`] masks all of them where orgdeck writes: the same masking CI systems
//! apply to registered secrets.

use std::borrow::Cow;
use std::fmt;
use std::sync::RwLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Shorter values are not masked: a 3-character "token" would blank ordinary words.
const SHORTEST_MASKED: usize = 4;

/// Every token resolved or handed to a client in this process.
static REMEMBERED: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// The length of the shortest remembered secret (usize::MAX while there is none):
/// every drawn span is scrubbed, and most are shorter than any token, which this
/// answers without taking the lock.
static SHORTEST_REMEMBERED: AtomicUsize = AtomicUsize::new(usize::MAX);

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for the one place that needs it: the Authorization header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Replaces every occurrence of the secret in `text` (error bodies can echo it).
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < SHORTEST_MASKED {
            return text.to_owned();
        }
        text.replace(&self.0, REDACTED)
    }

    /// Adds this secret to the ones [`scrub`] masks, for the rest of the process.
    pub fn remember(&self) {
        if self.0.len() < SHORTEST_MASKED {
            return;
        }
        let mut known = REMEMBERED.write().unwrap_or_else(|e| e.into_inner());
        if !known.contains(&self.0) {
            known.push(self.0.clone());
            SHORTEST_REMEMBERED.fetch_min(self.0.len(), Ordering::Relaxed);
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// `text` with every remembered secret replaced by `[redacted]`. Borrows when none
/// occurs, which is nearly always.
pub fn scrub(text: &str) -> Cow<'_, str> {
    if text.len() < SHORTEST_REMEMBERED.load(Ordering::Relaxed) {
        return Cow::Borrowed(text);
    }
    let known = REMEMBERED.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for secret in known.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("sandbox-acme-admin");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(Secret([redacted]))");
        assert_eq!(
            secret.redact("bad token sandbox-acme-admin!"),
            "bad token [redacted]!"
        );
    }

    #[test]
    fn scrub_masks_every_remembered_secret_and_only_those() {
        let first = Secret::new("scrub-test-first-7d1c");
        let second = Secret::new("scrub-test-second-90aa");
        let text =
            "id scrub-test-first-7d1c, then scrub-test-second-90aa twice: scrub-test-second-90aa";
        assert_eq!(
            scrub(text),
            text,
            "nothing is masked before it is remembered"
        );
        first.remember();
        second.remember();
        second.remember();
        assert_eq!(
            scrub(text),
            "id [redacted], then [redacted] twice: [redacted]"
        );
        assert!(matches!(scrub("plain text"), Cow::Borrowed(_)));
        Secret::new("abc").remember();
        assert_eq!(scrub("abc"), "abc", "too short to mask");
    }
}
