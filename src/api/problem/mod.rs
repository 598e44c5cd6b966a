//! The error normaliser: every failed response, whatever shape its body has
//! (RFC 9457 problem+json, API Platform/Hydra, BitGo, Sequence, Gin, ASP.NET,
//! Clerk, free-form objects, HTML pages, plain text, nothing at all), becomes one
//! [`Problem`]: a summary for the top of the form, messages tied to form fields,
//! and the raw body for the log.
//!
//! See `shared/api/error-formats.md` for the shapes and the wording.

mod markup;
mod path;
mod text;
mod walk;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use path::{FieldPath, Segment, field_key};

use markup::{looks_like_markup, markup_lines};
use path::{mentioned_field, same_field};
use text::{
    clean, first_meaningful_line, is_count_only, is_sentence, is_unhelpful, leading_field,
    status_line,
};
use walk::{Found, Walker};

/// Longest summary, in characters.
pub const SUMMARY_MAX: usize = 500;
/// Longest field message, in characters.
pub const MESSAGE_MAX: usize = 1000;
/// Most field problems kept; the summary says how many more there were.
pub const FIELDS_MAX: usize = 100;
/// Most bytes of the body kept in [`Problem::raw`].
pub const RAW_MAX: usize = 64 * 1024;
/// Bodies longer than this are not parsed as JSON.
const PARSE_MAX: usize = 1024 * 1024;
/// Longest line quoted from a text or HTML body, in characters.
const LINE_MAX: usize = 300;
const ROLE_MAX: usize = 50;
const REQUEST_ID_MAX: usize = 200;

/// A server's complaint, in one shape whatever the server sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// HTTP status when known.
    pub status: Option<u16>,
    /// Machine code: BitGo `name`, Gin `code`, Sequence `error.type`, the last
    /// path segment of a problem `type`, JSON-LD `@type`, ...
    pub code: Option<String>,
    /// One human sentence for the top of a form or the status line; never empty,
    /// at most [`SUMMARY_MAX`] characters, no control characters.
    pub summary: String,
    /// What gets drawn under inputs, in the server's order, without duplicates,
    /// at most [`FIELDS_MAX`].
    pub fields: Vec<FieldProblem>,
    /// BitGo `requestId` (or the like) from the body, else the `X-Request-Id`
    /// header set by the caller through [`Problem::with_request_id`].
    pub request_id: Option<String>,
    /// Set by the caller from the `Retry-After` header.
    pub retry_after_secs: Option<u64>,
    /// What to do about it, where the backend knows better than its status's
    /// usual advice (a 403 because instances remain is no missing right).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The body as received (lossy UTF-8), at most [`RAW_MAX`] bytes. Not
    /// cleaned: escape it before drawing it.
    pub raw: String,
}

/// One message for one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub path: FieldPath,
    /// At most [`MESSAGE_MAX`] characters, no control characters.
    pub message: String,
}

/// What the caller knows about the request, to tie messages to fields and word
/// the 403.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The form's field names as the API spells them, e.g.
    /// `["display-name", "domains", "external-ref", "notes"]`.
    pub fields: &'a [&'a str],
    /// The caller's role, for "your role (agent) may not do this".
    pub role: Option<&'a str>,
}

/// Turns any failed response into a [`Problem`]. Never panics, whatever the
/// bytes; the output is bounded (see the field docs of [`Problem`]).
pub fn normalise(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    ctx: Context<'_>,
) -> Problem {
    let raw = raw_text(body);
    let guess = may_guess_fields(status);
    let start = body
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(body)
        .trim_ascii_start();
    let json_like = matches!(start.first(), Some(b'{' | b'[' | b'"'));
    // Scalars (`null`, `42`, `true`) are JSON too, and say nothing.
    let parsed = (!start.is_empty() && body.len() <= PARSE_MAX)
        .then(|| serde_json::from_slice::<Value>(start).ok())
        .flatten();
    let mut found = Found::default();
    let mut text_line = None;
    if let Some(value) = parsed {
        let mut walker = Walker::new(ctx.fields, guess);
        walker.walk(&value);
        found = walker.found;
    } else if json_like {
        // Cut short or malformed: rescue the message if it is readable.
        if let Some(message) = salvage_message(&raw) {
            found.add_candidate(0, false, &message);
        }
    } else if !start.is_empty() {
        text_line = if looks_like_markup(content_type, &raw) {
            first_meaningful_line(markup_lines(&raw), status, LINE_MAX)
        } else {
            first_meaningful_line(raw.lines().map(str::to_owned), status, LINE_MAX)
        };
    }
    let (summary, fields) = compose(status, ctx, guess, &mut found, text_line);
    Problem {
        status: Some(status),
        code: found.code(),
        summary,
        fields,
        request_id: found.request_id(),
        retry_after_secs: None,
        hint: None,
        raw,
    }
}

/// Whether messages may be tied to fields by reading them: for client errors
/// about what was sent (400, 404, 409, 410, 422), not for 401/403/429, errors
/// about the request as a whole (405, 415, ...) or server errors.
fn may_guess_fields(status: u16) -> bool {
    matches!(status, 400 | 404 | 409 | 410 | 422)
}

fn raw_text(body: &[u8]) -> String {
    let mut raw = String::from_utf8_lossy(&body[..body.len().min(RAW_MAX)]).into_owned();
    if raw.len() > RAW_MAX {
        let mut end = RAW_MAX;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        raw.truncate(end);
    }
    raw
}

/// The summary for a response whose body says nothing useful.
fn status_summary(status: u16, role: Option<&str>) -> String {
    match status {
        401 => "token rejected: check the profile's token".to_owned(),
        403 => match role.map(|r| clean(r, ROLE_MAX)).filter(|r| !r.is_empty()) {
            Some(role) => format!("your role ({role}) may not do this"),
            None => "your role may not do this".to_owned(),
        },
        404 | 405 | 501 => format!("this server does not offer that ({status})"),
        429 => "rate limited: the server asks to wait".to_owned(),
        500..=599 => format!(
            "the server failed ({}); what you typed is kept, try again",
            status_line(status)
        ),
        _ => status_line(status),
    }
}

/// Picks the summary and settles the field problems.
fn compose(
    status: u16,
    ctx: Context<'_>,
    guess: bool,
    found: &mut Found,
    text_line: Option<String>,
) -> (String, Vec<FieldProblem>) {
    let helpful = |t: &str| !is_unhelpful(t, status);
    let messages = rank_messages(status, found);
    let fields = gather_fields(
        found,
        messages.primary.as_deref(),
        text_line.as_deref(),
        guess,
        ctx,
    );
    let hidden = fields.len().saturating_sub(FIELDS_MAX);
    let fields: Vec<FieldProblem> = fields.into_iter().take(FIELDS_MAX).collect();
    let on_form = |fp: &FieldProblem| {
        ctx.fields.is_empty() || ctx.fields.iter().any(|f| fp.path.names_field(f))
    };
    let (tied, untied): (Vec<&FieldProblem>, Vec<&FieldProblem>) =
        fields.iter().partition(|fp| on_form(fp));

    let Messages {
        primary,
        heading,
        loose,
    } = messages;
    let mut parts: Vec<String> = Vec::new();
    match primary {
        Some(p) if is_count_only(&p) || is_redundant(&p, &fields) => {
            if !tied.is_empty() {
                parts.push(fields_summary(&tied, hidden));
            } else if untied.is_empty() {
                parts.push(heading.unwrap_or(p));
            }
        }
        Some(p) => parts.push(p),
        None => match text_line {
            Some(line) => parts.push(format!("{}: {line}", status_line(status))),
            None if !tied.is_empty() => parts.push(fields_summary(&tied, hidden)),
            None => {}
        },
    }
    let add = |parts: &mut Vec<String>, s: String| {
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    };
    for message in loose.into_iter().filter(|m| helpful(m)).take(20) {
        add(&mut parts, message);
    }
    for fp in untied.iter().take(20) {
        // A message already in the summary, maybe without its hint, is not repeated.
        let core = fp.message.split(" (").next().unwrap_or_default();
        if !parts.iter().any(|p| p.contains(core)) {
            add(&mut parts, format!("{}: {}", fp.path, fp.message));
        }
    }
    if hidden > 0 {
        add(&mut parts, format!("{hidden} more not shown"));
    }
    let mut summary = clean(&parts.join("; "), SUMMARY_MAX);
    if summary.is_empty() {
        summary = clean(&status_summary(status, ctx.role), SUMMARY_MAX);
    }
    if summary.is_empty() {
        summary = status_line(status);
    }
    (summary, fields)
}

/// The server's messages, ranked for the summary.
struct Messages {
    /// What the summary leads with: the best-ranked helpful sentence, else any
    /// helpful message, else a helpful title.
    primary: Option<String>,
    /// A helpful title that is more than a count, for when the lead is redundant.
    heading: Option<String>,
    /// The other helpful sentences (BitGo's `error` next to a `message`) and the
    /// messages tied to no field: none is dropped.
    loose: Vec<String>,
}

fn rank_messages(status: u16, found: &mut Found) -> Messages {
    let helpful = |t: &str| !is_unhelpful(t, status);
    found.candidates.sort_by_key(|c| c.rank);
    let mains: Vec<&str> = (found.candidates.iter())
        .filter(|c| !c.heading)
        .map(|c| c.text.as_str())
        .collect();
    let headings: Vec<&str> = (found.candidates.iter())
        .filter(|c| c.heading)
        .map(|c| c.text.as_str())
        .collect();
    let primary = (mains.iter().find(|t| is_sentence(t) && helpful(t)))
        .or_else(|| mains.iter().find(|t| helpful(t)))
        .or_else(|| headings.iter().find(|t| helpful(t)))
        .map(|t| (*t).to_owned());
    let heading = (headings.iter())
        .find(|t| helpful(t) && !is_count_only(t))
        .map(|t| (*t).to_owned());
    let mut loose: Vec<String> = (mains.iter())
        .filter(|t| Some(**t) != primary.as_deref() && is_sentence(t) && helpful(t))
        .map(|t| (*t).to_owned())
        .collect();
    loose.append(&mut found.loose);
    Messages {
        primary,
        heading,
        loose,
    }
}

/// The server's field problems (with the lead message when a `field` member ties it
/// to one), else, when guessing is allowed, one read from the message itself.
fn gather_fields(
    found: &mut Found,
    primary: Option<&str>,
    text_line: Option<&str>,
    guess: bool,
    ctx: Context<'_>,
) -> Vec<FieldProblem> {
    let mut fields = std::mem::take(&mut found.fields);
    if let (Some(tie), Some(message)) = (&found.tie, primary) {
        fields.push(FieldProblem {
            path: tie.clone(),
            message: message.to_owned(),
        });
    }
    if fields.is_empty()
        && guess
        && let Some(message) = primary.or(text_line)
    {
        if let Some((path, rest)) = leading_field(message) {
            fields.push(FieldProblem {
                path,
                message: clean(&rest, MESSAGE_MAX),
            });
        } else if let Some(field) = mentioned_field(message, ctx.fields) {
            fields.push(FieldProblem {
                path: FieldPath::parse(field),
                message: message.to_owned(),
            });
        }
    }
    settle_fields(fields, ctx.fields)
}

/// Spells roots that name a form field only as singular/plural the form's way
/// (`domain` → `domains`), and drops repeated (path, message) pairs.
fn settle_fields(fields: Vec<FieldProblem>, form: &[&str]) -> Vec<FieldProblem> {
    let mut out: Vec<FieldProblem> = Vec::with_capacity(fields.len().min(FIELDS_MAX + 1));
    let mut seen = std::collections::HashSet::new();
    for mut fp in fields {
        if let Some(root) = fp.path.root() {
            let exact = form.iter().any(|f| field_key(f) == field_key(root));
            if !exact {
                let mut similar = form.iter().filter(|f| same_field(f, root));
                if let (Some(f), None) = (similar.next(), similar.next()) {
                    fp.path = fp.path.with_root(f);
                }
            }
        }
        if seen.insert((fp.path.clone(), fp.message.clone())) {
            out.push(fp);
        }
    }
    out
}

/// A summary built from the field problems alone (`hidden` more were cut).
fn fields_summary(fields: &[&FieldProblem], hidden: usize) -> String {
    match fields {
        [] => String::new(),
        [one] if hidden == 0 => {
            let root = one.path.root().unwrap_or_default();
            if mentioned_field(&one.message, &[root]).is_some() {
                one.message.clone()
            } else {
                format!("{}: {}", one.path, one.message)
            }
        }
        many => format!("{} problems: fix the marked fields", many.len() + hidden),
    }
}

/// Whether a message only repeats the field problems (API Platform's
/// `hydra:description` is "path: message" per violation).
fn is_redundant(message: &str, fields: &[FieldProblem]) -> bool {
    if fields.is_empty() || fields.len() > 20 {
        return false;
    }
    let mut rest = message.to_owned();
    for fp in fields {
        if !rest.contains(&fp.message) {
            return false;
        }
        rest = rest.replacen(&fp.message, "", 1);
        rest = rest.replacen(&fp.path.to_string(), "", 1);
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// A message member of a JSON body that was cut short: the first complete
/// `"detail"`, `"message"`, `"error"`... string.
fn salvage_message(raw: &str) -> Option<String> {
    const KEYS: &[&str] = &[
        "detail",
        "hydra:description",
        "message",
        "error_description",
        "error",
        "title",
    ];
    KEYS.iter().find_map(|key| {
        let needle = format!("\"{key}\"");
        let mut from = 0;
        for _ in 0..20 {
            let at = from + raw[from..].find(&needle)?;
            from = at + needle.len();
            let rest = raw[from..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            if !rest.starts_with('"') {
                continue;
            }
            let mut escaped = false;
            let end = rest[1..].char_indices().find_map(|(i, c)| match c {
                '\\' if !escaped => {
                    escaped = true;
                    None
                }
                '"' if !escaped => Some(i + 1),
                _ => {
                    escaped = false;
                    None
                }
            })?;
            let text: String = serde_json::from_str(&rest[..=end]).ok()?;
            let text = clean(&text, MESSAGE_MAX);
            if !text.is_empty() {
                return Some(text);
            }
        }
        None
    })
}

impl Problem {
    /// Sets the request id from the `X-Request-Id` header, unless the body
    /// already gave one.
    pub fn with_request_id(mut self, id: Option<String>) -> Self {
        if self.request_id.is_none() {
            self.request_id = id
                .map(|id| clean(&id, REQUEST_ID_MAX))
                .filter(|id| !id.is_empty());
        }
        self
    }

    /// A problem a backend read from its vendor's own error shape, held to what
    /// the normaliser guarantees: `status` when it gave none, one clean bounded line
    /// per text (terminal controls shown as stand-ins), a summary that is never
    /// empty, at most [`FIELDS_MAX`] fields without duplicates or empty messages,
    /// and at most [`RAW_MAX`] bytes of body.
    pub fn cleaned(mut self, status: u16) -> Problem {
        self.status = self.status.or(Some(status));
        self.summary = clean(&self.summary, SUMMARY_MAX);
        if self.summary.is_empty() {
            self.summary = status_line(status);
        }
        self.code = self
            .code
            .map(|code| clean(&code, SUMMARY_MAX))
            .filter(|code| !code.is_empty());
        self.fields.truncate(FIELDS_MAX);
        for field in &mut self.fields {
            field.message = clean(&field.message, MESSAGE_MAX);
        }
        let mut kept: Vec<FieldProblem> = Vec::with_capacity(self.fields.len());
        for field in self.fields.drain(..) {
            if !field.message.is_empty() && !kept.contains(&field) {
                kept.push(field);
            }
        }
        self.fields = kept;
        self.request_id = self
            .request_id
            .map(|id| clean(&id, REQUEST_ID_MAX))
            .filter(|id| !id.is_empty());
        if self.raw.len() > RAW_MAX {
            let mut end = RAW_MAX;
            while !self.raw.is_char_boundary(end) {
                end -= 1;
            }
            self.raw.truncate(end);
        }
        self
    }

    /// Sets the seconds the server asks to wait (`Retry-After`).
    pub fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        self.retry_after_secs = secs.or(self.retry_after_secs);
        self
    }

    /// The problems for one form input (compared by [`field_key`] of the root),
    /// in order.
    pub fn for_field<'a>(
        &'a self,
        field: &str,
    ) -> impl Iterator<Item = &'a FieldProblem> + use<'a> {
        let key = field_key(field);
        self.fields
            .iter()
            .filter(move |fp| fp.path.root().is_some_and(|root| field_key(root) == key))
    }

    /// One line per problem, `field: message`, after the summary line (which
    /// carries the request id when there is one), for CLI output.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.to_string()];
        for fp in &self.fields {
            let line = format!("{}: {}", fp.path, fp.message);
            if line != self.summary && !lines.contains(&line) {
                lines.push(line);
            }
        }
        lines
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}
