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
    /// Its form inside a JSON string is added too: the audit trail and `--json` are
    /// serialised before they are scrubbed, and a `"` or `\` in a token is escaped there.
    pub fn remember(&self) {
        if self.0.len() < SHORTEST_MASKED {
            return;
        }
        let escaped = serde_json::to_string(&self.0)
            .ok()
            .and_then(|quoted| Some(quoted.strip_prefix('"')?.strip_suffix('"')?.to_owned()));
        let mut known = REMEMBERED.write().unwrap_or_else(|e| e.into_inner());
        for form in std::iter::once(self.0.clone()).chain(escaped) {
            if !known.contains(&form) {
                SHORTEST_REMEMBERED.fetch_min(form.len(), Ordering::Relaxed);
                known.push(form);
            }
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

/// `text` with the JSON escapes that can spell a printable character (`\u0074`,
/// `\/`) written as that character, so that a token a server echoed in escaped form
/// is seen by [`Secret::redact`] and [`scrub`]: decoding the text would give it back.
/// Inside a JSON string the two forms mean the same, so JSON stays JSON. `\"`, `\\`
/// and escaped controls stay escaped: written out, they would change the text's
/// meaning or reach a terminal.
pub fn unescaped(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (written, used) = match escape.as_bytes().get(1) {
            Some(b'/') => (Some('/'), 2),
            Some(b'u') => unicode_escape(escape),
            // The pair is kept whole, so that the `u` of `\\u0074` is not read as an escape.
            _ => (
                None,
                escape[1..].chars().next().map_or(1, |c| 1 + c.len_utf8()),
            ),
        };
        match written {
            Some(c) => out.push(c),
            None => out.push_str(&escape[..used]),
        }
        rest = &escape[used..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a `\uXXXX` escape (or a surrogate pair of two) at the start of
/// `escape` spells, when it is safe to write out, and how many bytes it spans.
fn unicode_escape(escape: &str) -> (Option<char>, usize) {
    let unit = |at: usize| {
        let hex = escape.get(at..at + 4)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u16::from_str_radix(hex, 16).ok()
    };
    let Some(first) = unit(2) else {
        return (None, 2);
    };
    let (decoded, used) = if (0xD800..0xDC00).contains(&first) {
        match (escape.get(6..8), unit(8)) {
            (Some("\\u"), Some(second)) => (
                char::decode_utf16([first, second])
                    .next()
                    .and_then(Result::ok),
                12,
            ),
            _ => (None, 6),
        }
    } else {
        (char::from_u32(u32::from(first)), 6)
    };
    match decoded {
        Some(c) if c != '"' && c != '\\' && !crate::text::is_terminal_control(c) => (Some(c), used),
        _ => (None, used),
    }
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

    #[test]
    fn escapes_that_spell_printable_characters_are_written_out() {
        assert_eq!(unescaped(r"who is \u0074\u006f\u006b"), "who is tok");
        assert_eq!(unescaped(r"a\/b \ud83d\ude00"), "a/b \u{1f600}");
        // Meaning or terminal control would change: these stay escaped.
        for kept in [
            r#"say \"hi\""#,
            r"c:\\u0074",
            r"\u001b[2J \u009b \u202e \u0022 \u005c",
            r"\uZZZZ \u12 \ud83d alone \",
            "\\\u{e9}",
        ] {
            assert_eq!(unescaped(kept), kept);
        }
        assert!(matches!(unescaped("no escapes"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_means_the_same_with_its_escapes_written_out() {
        let body =
            r#"{"detail":"\u0074ok\/en \"q\" \\u0041 \u001b \ud83d\ude00","n":[1,"\u00e9"]}"#;
        let before: serde_json::Value = serde_json::from_str(body).unwrap();
        let after: serde_json::Value = serde_json::from_str(&unescaped(body)).unwrap();
        assert_eq!(before, after);
    }

    #[test]
    fn a_token_is_masked_in_its_json_escaped_form_too() {
        let secret = Secret::new(r#"scrub-test-"quoted"\slash-31f0"#);
        secret.remember();
        let line =
            serde_json::to_string(&serde_json::json!({ "request_id": secret.expose() })).unwrap();
        assert_eq!(scrub(&line), r#"{"request_id":"[redacted]"}"#);
        assert_eq!(scrub(secret.expose()), REDACTED);
    }
}
