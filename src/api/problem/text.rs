//! Text helpers: cleaning strings for the terminal, reading plain-text bodies, and
//! judging whether a message says more than its status code. HTML bodies are read
//! in `markup`.

use super::path::{FieldPath, field_key, words};
use crate::text;

/// Cleans text for one terminal line: whitespace runs (new lines included)
/// collapsed to one space, ends trimmed, every terminal control (C0, DEL, C1, bidi
/// controls) shown as its `crate::text` stand-in, invisible zero-width characters
/// dropped, and at most `max_chars` characters (the last one an ellipsis when
/// something was cut). Controls are shown rather than deleted so that the
/// operator sees what the server sent (`␛[6n`, not a bare `6n` glued to the next
/// word); a stand-in counts as one character towards the cap.
pub(crate) fn clean(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0usize;
    let mut space = false;
    let mut cut = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = count > 0;
            continue;
        }
        if is_zero_width(c) {
            continue;
        }
        let mut buf = [0u8; 4];
        let shown = text::visible(c.encode_utf8(&mut buf));
        let width = shown.chars().count();
        let needed = width + usize::from(space);
        if count + needed > max_chars {
            cut = true;
            break;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push_str(&shown);
        count += width;
    }
    if cut && max_chars > 0 {
        while count >= max_chars {
            out.pop();
            count -= 1;
        }
        let kept = out.trim_end().len();
        out.truncate(kept);
        out.push('…');
    }
    out
}

/// Zero-width characters that are not terminal controls and mean nothing in a
/// one-line message: the zero-width space, word joiner, invisible operators, the
/// byte-order mark and the interlinear annotation marks. Dropping them keeps a
/// message equal to what it looks like (`ad\u{200b}min` reads and matches as
/// `admin`) and spares terminals that draw them as a box or a space. The joiners
/// U+200C/U+200D stay: Persian, Indic scripts and emoji sequences need them to
/// read right. Bidi controls are not here: `text::visible` shows them.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
    )
}

/// The reason phrase of a status code.
pub(crate) fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// `"502 Bad Gateway"`, or `"HTTP 599"` for a code without a reason phrase.
pub(crate) fn status_line(status: u16) -> String {
    match reason(status) {
        Some(reason) => format!("{status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// Words that say nothing beyond "it failed", whatever the status.
const NOISE: &[&str] = &[
    "a",
    "an",
    "the",
    "or",
    "and",
    "is",
    "was",
    "has",
    "have",
    "been",
    "this",
    "that",
    "error",
    "errors",
    "http",
    "https",
    "status",
    "code",
    "occurred",
    "unknown",
    "request",
    "failed",
    "failure",
    "please",
    "try",
    "again",
    "later",
    "sorry",
    "oops",
    "something",
    "went",
    "wrong",
    "exception",
    "problem",
    "message",
    "details",
    "html",
    "nginx",
    "apache",
    "openresty",
    "cloudflare",
    "envoy",
    "haproxy",
    "varnish",
    "caddy",
    "traefik",
    "iis",
    "microsoft",
];
const NOISE_401: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "unauthenticated",
    "authentication",
    "authenticated",
    "authorization",
    "required",
    "invalid",
    "token",
    "bearer",
    "credentials",
    "missing",
    "not",
    "no",
    "provided",
    "access",
    "denied",
    "bad",
    "auth",
    "api",
    "key",
];
const NOISE_403: &[&str] = &[
    "forbidden",
    "access",
    "denied",
    "not",
    "allowed",
    "permitted",
    "permission",
    "permissions",
    "insufficient",
    "unauthorized",
    "unauthorised",
    "authorized",
    "authorised",
    "you",
    "do",
    "does",
    "are",
    "may",
    "cannot",
    "can",
    "t",
    "to",
    "perform",
    "action",
    "operation",
    "privileges",
];
const NOISE_404: &[&str] = &[
    "not",
    "found",
    "resource",
    "page",
    "route",
    "endpoint",
    "path",
    "url",
    "uri",
    "requested",
    "could",
    "be",
    "does",
    "exist",
    "no",
    "such",
    "method",
    "allowed",
    "supported",
    "implemented",
];
const NOISE_429: &[&str] = &[
    "too",
    "many",
    "requests",
    "rate",
    "limit",
    "limited",
    "limiting",
    "exceeded",
    "throttled",
    "slow",
    "down",
];
const NOISE_5XX: &[&str] = &[
    "internal",
    "server",
    "bad",
    "gateway",
    "service",
    "unavailable",
    "timeout",
    "timed",
    "out",
    "temporarily",
    "temporary",
    "not",
    "implemented",
    "an",
    "unexpected",
];

/// Whether a server's message says nothing beyond its status code
/// ("Forbidden", "Internal Server Error", "An error occurred", "nginx").
pub(crate) fn is_unhelpful(message: &str, status: u16) -> bool {
    let digits = status.to_string();
    let reason_words = reason(status).map(words).unwrap_or_default();
    let special: &[&str] = match status {
        401 => NOISE_401,
        403 => NOISE_403,
        404 | 405 | 501 => NOISE_404,
        429 => NOISE_429,
        500..=599 => NOISE_5XX,
        _ => &[],
    };
    words(message).iter().all(|w| {
        *w == digits
            || w.bytes().all(|b| b.is_ascii_digit())
            || reason_words.contains(w)
            || NOISE.contains(&w.as_str())
            || special.contains(&w.as_str())
    })
}

/// Whether a message is only a count of problems: "2 problems", "One or more
/// validation errors occurred."
pub(crate) fn is_count_only(message: &str) -> bool {
    const NOUNS: &[&str] = &[
        "problem",
        "problems",
        "error",
        "errors",
        "issue",
        "issues",
        "violation",
        "violations",
    ];
    const FILLER: &[&str] = &[
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "or",
        "more",
        "multiple",
        "several",
        "some",
        "validation",
        "occurred",
        "found",
        "there",
        "are",
        "were",
        "is",
        "was",
        "with",
        "the",
        "request",
        "input",
        "field",
        "fields",
        "in",
        "your",
        "have",
        "has",
        "been",
        "detected",
        "constraint",
        "a",
        "an",
    ];
    let ws = words(message);
    ws.iter().any(|w| NOUNS.contains(&w.as_str()))
        && ws.iter().all(|w| {
            NOUNS.contains(&w.as_str())
                || FILLER.contains(&w.as_str())
                || w.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Reads like words to a person rather than a code: at least two words.
pub(crate) fn is_sentence(s: &str) -> bool {
    s.split_whitespace().nth(1).is_some() && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Looks like a machine code: one token, not too long.
pub(crate) fn is_code_like(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= 100 && !s.contains(char::is_whitespace)
}

/// `"email_taken"` → `"email taken"`.
pub(crate) fn humanise(code: &str) -> String {
    words(code).join(" ")
}

/// The code in a problem `type`: its last path segment, e.g.
/// `https://orgdeck.dev/problems/validation` → `validation`. None for
/// `about:blank` and for links to the HTTP specifications.
pub(crate) fn type_code(kind: &str) -> Option<String> {
    let kind = kind.trim();
    let lower = kind.to_ascii_lowercase();
    if kind.is_empty()
        || lower == "about:blank"
        || ["ietf.org", "rfc-editor.org", "developer.mozilla.org"]
            .iter()
            .any(|host| lower.contains(host))
    {
        return None;
    }
    let path = kind
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let last = last.rsplit(':').next().unwrap_or("");
    (!last.is_empty()).then(|| last.to_owned())
}

/// Prefixes that end in a colon but name no field.
const NOT_FIELDS: &[&str] = &[
    "error",
    "errors",
    "warning",
    "warn",
    "note",
    "info",
    "notice",
    "fatal",
    "invalid",
    "failed",
    "failure",
    "reason",
    "details",
    "detail",
    "message",
    "hint",
    "tip",
    "cause",
    "caused",
    "status",
    "code",
    "http",
    "https",
    "see",
    "example",
    "eg",
    "ie",
    "request",
    "response",
    "description",
    "summary",
    "debug",
    "trace",
    "panic",
    "critical",
    "alert",
    "important",
    "todo",
    "ps",
    "re",
];

/// A leading `field:` in a message (`"ownerId: customer does not exist"`): the
/// field and the rest. Only when the prefix is a plausible identifier (no spaces,
/// has a letter, not a word like `Error` or `Note`, not a URL scheme).
pub(crate) fn leading_field(message: &str) -> Option<(FieldPath, String)> {
    let (head, rest) = message.split_once(':')?;
    let head = head.trim();
    let rest = rest.trim();
    if head.is_empty()
        || rest.is_empty()
        || rest.starts_with("//")
        || head.chars().count() > 100
        || !head.chars().any(char::is_alphabetic)
        || !head
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.[]/#$~'\"".contains(c))
    {
        return None;
    }
    let key = field_key(head);
    let is_status_word = (100..600).any(|s| reason(s).is_some_and(|r| field_key(r) == key));
    if NOT_FIELDS.contains(&key.as_str())
        || key.ends_with("error")
        || key.ends_with("exception")
        || is_status_word
    {
        return None;
    }
    let path = FieldPath::parse(head.trim_matches(['"', '\'']));
    path.root()?;
    Some((path, rest.to_owned()))
}

/// The first line of a text or markup body that says more than the status code,
/// cleaned and bounded.
pub(crate) fn first_meaningful_line(
    lines: impl IntoIterator<Item = String>,
    status: u16,
    max_chars: usize,
) -> Option<String> {
    lines.into_iter().take(2000).find_map(|line| {
        let line = clean(&line, max_chars);
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 2 && !is_unhelpful(&line, status)).then_some(line)
    })
}
