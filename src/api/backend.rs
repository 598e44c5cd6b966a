//! What every backend provides: how to authenticate, how an operation becomes an
//! HTTP call, how answers (status, headers and body) become the domain model, the
//! vendor's own error shape, and how a write whose answer was lost is settled. The
//! client task does all I/O; backends only translate.

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::error::ApiError;
use super::model::{Capability, Operation, Reply};
use super::page::Cursor;
use super::problem::Problem;
use super::schema::Schema;
use super::secret::Secret;
use super::stream::{RowLimits, RowStream};

/// The body type every call sends unless its backend says otherwise.
pub const JSON: &str = "application/json";
/// The Accept every call sends unless its backend says otherwise: JSON, or an RFC
/// 9457 problem when refused.
pub const JSON_OR_PROBLEM: &str = "application/json, application/problem+json";

/// One HTTP request, before the client adds the base URL, auth and conditional headers.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpCall {
    pub method: Method,
    /// Path segments, each percent-encoded by the client (emails contain `+` and `@`).
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    /// The body's media type (`application/merge-patch+json`, `application/ld+json`).
    pub content_type: &'static str,
    /// What the call accepts back.
    pub accept: &'static str,
}

impl HttpCall {
    pub fn new(method: Method, segments: &[&str]) -> Self {
        HttpCall {
            method,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            query: Vec::new(),
            body: None,
            content_type: JSON,
            accept: JSON_OR_PROBLEM,
        }
    }

    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    pub fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Sends the body as `media_type` instead of plain JSON.
    pub fn content_type(mut self, media_type: &'static str) -> Self {
        self.content_type = media_type;
        self
    }

    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = media_types;
        self
    }

    /// `METHOD /a/b?c=d`, for logs and the audit trail.
    pub fn describe(&self) -> String {
        let mut text = format!("{} /{}", self.method, self.segments.join("/"));
        if !self.query.is_empty() {
            let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            text.push('?');
            text.push_str(&query.join("&"));
        }
        text
    }
}

/// A request as it leaves, for `Backend::sign`: what the server will see.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    pub credential: &'a Secret,
    /// The URL's path with its query (`/api/org/users?organizationId=…`), encoded
    /// as sent.
    pub path_and_query: &'a str,
    /// The body's bytes as sent; empty when there is none.
    pub body: &'a [u8],
    /// When it is sent, in milliseconds since the Unix epoch.
    pub now_ms: u64,
}

/// An operation a backend has no request for: what it is, in the schema's words
/// ("replacing an organization's members").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "this backend does not offer {}", self.0)
    }
}

impl std::error::Error for Unsupported {}

/// Which page of a list a call asks for, and how long pages should be. Backends
/// without paging ignore it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paging<'a> {
    /// Where the previous page said the next one starts; `None` for the first.
    pub cursor: Option<&'a Cursor>,
    /// The profile's `page_size`; `None` leaves it to the server.
    pub size: Option<u32>,
}

/// What the server answered, as a backend's `decode` and `problem` see it. A 304
/// that reuses an earlier answer carries that answer's body.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub status: StatusCode,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl<'a> Answer<'a> {
    /// A 200 with no headers: a body read elsewhere (a file, a bench), decoded as
    /// the server's answer.
    pub fn ok(body: &'a [u8]) -> Answer<'a> {
        static NO_HEADERS: std::sync::LazyLock<HeaderMap> =
            std::sync::LazyLock::new(HeaderMap::new);
        Answer {
            status: StatusCode::OK,
            headers: &NO_HEADERS,
            body,
        }
    }

    /// A header's value when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What a successful answer turned into.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    Reply(Reply),
    /// The server only confirmed (MuninX answers many writes with a bare string);
    /// this read shows the resulting state.
    ReadBack {
        message: String,
        read: Operation,
    },
    /// One page of a list (`reply` holds its items); the client asks for `next`
    /// until there is none and answers the items of every page together.
    Page {
        reply: Reply,
        next: Option<Cursor>,
        /// How many items the whole list holds, when the server says; for a
        /// collected list, how many records it is collected from.
        total: Option<u64>,
        /// For a list collected from another listing's records (see
        /// `schema::Collected`): how many of those records this page held.
        scanned: Option<u64>,
    },
}

/// What a backend's credential looks like in the profile's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// One opaque token.
    Token,
    /// An id and a secret, written `id:secret` (HTTP Basic).
    IdSecret,
}

/// How a write whose answer was lost is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    /// This read, taken before the write and again after, shows whether it applied.
    Read(Operation),
    /// The write carries its own idempotency key: the very same request is sent
    /// once more, and the server's answer to it is the write's answer.
    Resend,
    /// Nothing can tell.
    Unknown,
}

/// What re-reading says about a write whose answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The change is there now and was not before: this write made it.
    Applied,
    /// The change was there before the write was sent.
    AlreadySo,
    /// The change is not there.
    NotApplied,
    /// The reads cannot tell.
    Unknown,
}

impl Verdict {
    /// Combines what the read showed before and after: whether it shows the
    /// change, when it can tell. The rule for backends whose reads say yes or no.
    pub fn from_reads(before: Option<bool>, after: Option<bool>) -> Verdict {
        match (before, after) {
            (_, Some(false)) => Verdict::NotApplied,
            (Some(false), Some(true)) => Verdict::Applied,
            (Some(true), Some(true)) => Verdict::AlreadySo,
            (None, Some(true)) | (_, None) => Verdict::Unknown,
        }
    }
}

pub trait Backend: Send + Sync + 'static {
    fn name(&self) -> &'static str;

    /// What the console's and the CLI's screens for this backend are drawn from.
    fn schema(&self) -> &'static Schema;

    /// What the profile's token has to hold.
    fn credential(&self) -> CredentialKind {
        CredentialKind::Token
    }

    /// Whether the vendor's role matrix lets a caller with `role` use `capability`,
    /// on their own user when `on_self` (MuninX lets anyone rename themselves), so
    /// the console offers only what can work; the server still decides. Declared per
    /// tenant-wide role; a role the backend does not know gets what its least
    /// privileged role gets.
    fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool;

    /// The headers that authenticate every call (and any other header every call
    /// carries, such as a pinned API version). Values that hold the credential are
    /// marked sensitive; the client masks them wherever it masks the token. An error
    /// says why the credential cannot be used, without quoting it.
    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String>;

    /// Headers that sign this one request, for vendors that want some calls
    /// signed: they replace the `auth` headers of the same name. The default signs
    /// nothing. Values that hold anything derived from the credential are marked
    /// sensitive; an error says why, without quoting the credential.
    fn sign(
        &self,
        _call: &HttpCall,
        _request: &Outgoing<'_>,
    ) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        Ok(Vec::new())
    }

    /// The request `op` makes, or why this backend has none for it (refused
    /// before anything is sent).
    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported>;

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String>;

    /// A decode of `op`'s 2xx answer fed its body as it arrives, for a list long
    /// enough that holding its body whole would cost more than its rows (see
    /// `api::stream`). `None` (the default): the answer is read whole and `decode`d.
    fn stream(&self, _op: &Operation, _limits: RowLimits) -> Option<Box<dyn RowStream>> {
        None
    }

    /// A refusal in the vendor's own error shape, read before the generic
    /// normaliser, which reads it when this says `None` (the default). The client
    /// masks secrets in, and cleans the text of, whatever this returns.
    fn problem(&self, _op: &Operation, _answer: &Answer<'_>) -> Option<Problem> {
        None
    }

    /// The request-body field names of this operation, so server complaints that
    /// only mention a field in prose can be tied to it.
    fn form_fields(&self, op: &Operation) -> &'static [&'static str];

    /// The endpoint `op` calls, with its ids as placeholders, to name what a server
    /// lacks: `GET /customer-organizations/{id}`. The default shows the path as called.
    fn endpoint(&self, op: &Operation) -> String {
        match self.call(op, Paging::default()) {
            Ok(call) => format!("{} /{}", call.method, call.segments.join("/")),
            Err(unsupported) => unsupported.to_string(),
        }
    }

    /// Does a 404 on this operation mean the endpoint is missing (rather than the
    /// resource)? Collection endpoints: yes.
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool;

    /// How `write` is settled when its answer is lost. For `Settle::Read` the
    /// client runs the read both before the write and after a lost answer, so that
    /// "this write did it" can be told from "it was already so".
    fn settle(&self, write: &Operation) -> Settle;

    /// What that read showed before the write and after its answer was lost say
    /// about the write. `before` is an error when the first read failed.
    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict;

    /// What a confirmed write answers, given the read that confirmed it: the
    /// created or changed resource where the read shows it.
    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply;
}

/// `Authorization: Bearer <token>`, marked sensitive (never logged by the HTTP stack).
pub fn bearer_auth(credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    Ok(vec![(
        header::AUTHORIZATION,
        sensitive(format!("Bearer {}", credential.expose()))?,
    )])
}

/// `Authorization: Basic base64(id:secret)` from a credential written `id:secret`.
pub fn basic_auth(credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    use base64::Engine as _;
    if !credential.expose().contains(':') {
        return Err(ID_SECRET_EXPECTED.to_owned());
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(credential.expose());
    Ok(vec![(
        header::AUTHORIZATION,
        sensitive(format!("Basic {encoded}"))?,
    )])
}

/// Why an `id:secret` credential was refused: no value of it in the text.
pub const ID_SECRET_EXPECTED: &str =
    "this backend signs in with an id and a secret: write the token as id:secret";

/// A header value that HTTP libraries keep out of their logs.
pub fn sensitive(value: String) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| "the token holds characters an HTTP header cannot carry".to_owned())?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_encodes_id_and_secret_and_refuses_a_bare_token() {
        let headers = basic_auth(&Secret::new("Aladdin:open sesame")).unwrap();
        assert_eq!(headers[0].0, header::AUTHORIZATION);
        assert_eq!(headers[0].1, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(headers[0].1.is_sensitive());
        let refused = basic_auth(&Secret::new("no-colon-secret-77")).unwrap_err();
        assert!(!refused.contains("no-colon-secret-77"), "{refused}");
        assert!(refused.contains("id:secret"), "{refused}");
    }

    #[test]
    fn calls_default_to_json_and_say_otherwise_when_asked() {
        let plain = HttpCall::new(Method::GET, &["a"]);
        assert_eq!((plain.content_type, plain.accept), (JSON, JSON_OR_PROBLEM));
        let patch = HttpCall::new(Method::PATCH, &["a"])
            .content_type("application/merge-patch+json")
            .accept("application/ld+json");
        assert_eq!(patch.content_type, "application/merge-patch+json");
        assert_eq!(patch.accept, "application/ld+json");
    }
}
