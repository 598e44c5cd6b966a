//! What every backend provides: how an operation becomes an HTTP call, how answers
//! become the domain model, and how to tell whether a write whose answer was lost
//! took effect. The client task does all I/O; backends only translate.

use reqwest::Method;

use super::error::ApiError;
use super::model::{Capabilities, Capability, Operation, Reply, Role};

/// One HTTP request, before the client adds the base URL, auth and conditional headers.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpCall {
    pub method: Method,
    /// Path segments, each percent-encoded by the client (emails contain `+` and `@`).
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
}

impl HttpCall {
    pub fn new(method: Method, segments: &[&str]) -> Self {
        HttpCall {
            method,
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            query: Vec::new(),
            body: None,
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

    /// What this backend offers before any server has said otherwise.
    fn capabilities(&self) -> Capabilities;

    /// Whether the vendor's role matrix lets a caller with `role` use `capability`,
    /// on their own user when `on_self` (MuninX lets anyone rename themselves), so
    /// the console offers only what can work; the server still decides. Declared per
    /// tenant-wide role; a role the backend does not know gets what its least
    /// privileged role gets.
    fn role_allows(&self, role: &Role, capability: Capability, on_self: bool) -> bool;

    fn call(&self, op: &Operation) -> HttpCall;

    fn decode(&self, op: &Operation, body: &[u8]) -> Result<Decoded, String>;

    /// Up to `limit` leading items of a long list answer, from the part of its body
    /// that has arrived, so rows can be shown before the whole list is in. `None`
    /// when the operation has no such preview (the default) or nothing is whole yet.
    fn preview(&self, _op: &Operation, _prefix: &[u8], _limit: usize) -> Option<Reply> {
        None
    }

    /// The request-body field names of this operation, so server complaints that
    /// only mention a field in prose can be tied to it.
    fn form_fields(&self, op: &Operation) -> &'static [&'static str];

    /// The endpoint `op` calls, with its ids as placeholders, to name what a server
    /// lacks: `GET /customer-organizations/{id}`. The default shows the path as called.
    fn endpoint(&self, op: &Operation) -> String {
        let call = self.call(op);
        format!("{} /{}", call.method, call.segments.join("/"))
    }

    /// Does a 404 on this operation mean the endpoint is missing (rather than the
    /// resource)? Collection endpoints: yes.
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool;

    /// The read that shows whether `write` took effect, when its answer was lost.
    /// The client runs it both before the write and after a lost answer, so that
    /// "this write did it" can be told from "it was already so".
    fn reconcile_read(&self, write: &Operation) -> Option<Operation>;

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
