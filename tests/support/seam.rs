//! A test vendor for the backend seam's powers MuninX does not use: a `Backend`
//! that signs in with Basic `id:secret` plus a version header, sends merge-patch
//! and asks for JSON-LD, reads its own error shape, pages its lists, settles a
//! lost create by re-sending it with its idempotency key, and decodes a 202 into a
//! pending approval; and a hand-made HTTP server that answers it however a test
//! says (answers, dropped connections, held requests), recording every request.

#![allow(dead_code)]

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use orgdeck::api::backend::{
    self, Answer, Backend, CredentialKind, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Approval, Capability, Cursor, Node, Operation, Page, Reply, WriteNote};
use orgdeck::api::problem::{FieldPath, FieldProblem, Problem};
use orgdeck::api::secret::Secret;
use orgdeck::api::value::Value as Field;
use orgdeck::backends::muninx::schema::{DISPLAY_NAME, STATUS};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const MERGE_PATCH: &str = "application/merge-patch+json";
pub const LD_JSON: &str = "application/ld+json";
pub const VERSION_HEADER: &str = "test-version";
pub const VERSION: &str = "2026-01-01";

/// The test vendor. `credential` picks how it signs in.
#[derive(Debug, Clone, Copy)]
pub struct Kiwi {
    pub credential: CredentialKind,
}

impl Kiwi {
    pub const BASIC: Kiwi = Kiwi {
        credential: CredentialKind::IdSecret,
    };
}

fn org_of(value: &Value, id: Option<String>) -> Result<Node, String> {
    let name = value["name"].as_str().ok_or("no name")?;
    let id = id
        .or_else(|| value["id"].as_str().map(str::to_owned))
        .ok_or("no id")?;
    Ok(super::fixtures::org(&id, name))
}

/// The idempotency key a create carries: made from what it creates, so the same
/// create always carries the same key.
pub fn key_of(name: &str) -> String {
    format!("key-{name}")
}

impl Backend for Kiwi {
    fn name(&self) -> &'static str {
        "kiwi"
    }

    fn schema(&self) -> &'static orgdeck::api::schema::Schema {
        orgdeck::backends::schema()
    }

    /// Every role may do everything: these tests are about the wire, not roles.
    fn role_allows(&self, _role: &str, _capability: Capability, _on_self: bool) -> bool {
        true
    }

    fn credential(&self) -> CredentialKind {
        self.credential
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        let mut headers = match self.credential {
            CredentialKind::IdSecret => backend::basic_auth(credential)?,
            CredentialKind::Token => backend::bearer_auth(credential)?,
        };
        headers.push((
            HeaderName::from_static(VERSION_HEADER),
            HeaderValue::from_static(VERSION),
        ));
        Ok(headers)
    }

    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        Ok(match op {
            Operation::ListNodes { filter, .. } => {
                // The status picks the list a test wants: "suspended" is the one
                // whose pages go round in a circle.
                let path = match filter.values(STATUS).first().map(String::as_str) {
                    Some("suspended") => "circle",
                    _ => "orgs",
                };
                let mut call = HttpCall::new(Method::GET, &[path]);
                if let Some(size) = paging.size {
                    call = call.query("limit", size.to_string());
                }
                if let Some(cursor) = paging.cursor {
                    call = call.query("after", cursor.as_str());
                }
                call
            }
            Operation::GetNode { id, .. } => HttpCall::new(Method::GET, &["orgs", id]),
            Operation::CreateNode { draft, .. } => {
                let name = draft
                    .get(DISPLAY_NAME)
                    .and_then(Field::as_text)
                    .unwrap_or_default();
                HttpCall::new(Method::POST, &["orgs"])
                    .body(json!({ "name": name, "idempotencyKey": key_of(name) }))
            }
            Operation::UpdateNode { id, changes, .. } => {
                let name = changes.get(DISPLAY_NAME).and_then(Field::as_text);
                HttpCall::new(Method::PATCH, &["orgs", id])
                    .body(json!({ "name": name }))
                    .content_type(MERGE_PATCH)
                    .accept(LD_JSON)
            }
            Operation::DeleteNode { id, .. } => HttpCall::new(Method::DELETE, &["orgs", id]),
            _ => HttpCall::new(Method::GET, &["other"]),
        })
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        if answer.status == StatusCode::ACCEPTED {
            let body: Value = serde_json::from_slice(answer.body).map_err(|e| e.to_string())?;
            return Ok(Decoded::Reply(Reply::Pending(Approval {
                id: body["id"].as_str().ok_or("no id")?.to_owned(),
                what: body["what"].as_str().unwrap_or("a change").to_owned(),
                asked_by: None,
                asked_at: None,
                needs: body["needs"].as_u64().map(|n| n as u32),
                state: "pending".to_owned(),
                ..Default::default()
            })));
        }
        if matches!(op, Operation::DeleteNode { .. }) {
            return Ok(Decoded::Reply(Reply::Done(WriteNote {
                message: "deleted".into(),
            })));
        }
        let body: Value = serde_json::from_slice(answer.body).map_err(|e| e.to_string())?;
        match op {
            Operation::ListNodes { .. } => {
                let items = body["items"].as_array().ok_or("no items")?;
                let orgs = items
                    .iter()
                    .map(|item| org_of(item, None))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Decoded::Page {
                    reply: Reply::Nodes(Page::one(orgs)),
                    next: body["next"].as_str().map(Cursor::new),
                    total: body["total"].as_u64(),
                    scanned: None,
                })
            }
            // A created item is named by its Location, as Flowkiwi does.
            _ => {
                let id = answer
                    .header("location")
                    .and_then(|l| l.rsplit('/').next())
                    .map(str::to_owned);
                Ok(Decoded::Reply(Reply::Node(org_of(&body, id)?)))
            }
        }
    }

    /// `{"error": {"type", "message", "errors": [{"key", "message"}]}}`, else `None`.
    fn problem(&self, _op: &Operation, answer: &Answer<'_>) -> Option<Problem> {
        let body: Value = serde_json::from_slice(answer.body).ok()?;
        let error = body.get("error")?;
        let fields = error["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                Some(FieldProblem {
                    path: FieldPath::parse(e["key"].as_str()?),
                    message: e["message"].as_str()?.to_owned(),
                })
            })
            .collect();
        Some(Problem {
            status: None,
            code: error["type"].as_str().map(str::to_owned),
            summary: error["message"].as_str()?.to_owned(),
            fields,
            request_id: error["request_id"].as_str().map(str::to_owned),
            retry_after_secs: None,
            hint: None,
            raw: String::from_utf8_lossy(answer.body).into_owned(),
        })
    }

    fn form_fields(&self, _op: &Operation) -> &'static [&'static str] {
        &["name"]
    }

    fn missing_endpoint_on_404(&self, _op: &Operation) -> bool {
        false
    }

    fn settle(&self, write: &Operation) -> Settle {
        match write {
            Operation::CreateNode { .. } => Settle::Resend,
            Operation::UpdateNode { level, id, .. } => Settle::Read(Operation::GetNode {
                level: *level,
                id: id.clone(),
            }),
            _ => Settle::Unknown,
        }
    }

    fn applied(
        &self,
        _write: &Operation,
        _before: &Result<Reply, ApiError>,
        _after: &Result<Reply, ApiError>,
    ) -> Verdict {
        Verdict::Unknown
    }

    fn confirmed_reply(&self, _write: &Operation, read: Reply) -> Reply {
        read
    }
}

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request's body is JSON")
    }
}

/// What the server does with one request.
pub enum Act {
    /// Answers this status, content type and body.
    Answer(u16, &'static str, String),
    /// Answers with extra headers too.
    AnswerWith(u16, Vec<(&'static str, String)>, String),
    /// Reads the request, then closes the connection: no answer at all.
    Drop,
    /// Holds the request until the sender is dropped or sends, then answers.
    Hold(std::sync::mpsc::Receiver<()>, u16, String),
}

pub fn json_answer(status: u16, body: Value) -> Act {
    Act::Answer(status, "application/json", body.to_string())
}

type Handler = dyn Fn(&Seen, usize) -> Act + Send + Sync;

pub struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Serves each request on a connection and thread of its own; `handle` gets the
    /// request and how many came before it.
    pub fn start(handle: impl Fn(&Seen, usize) -> Act + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let log = seen.clone();
        let handle: Arc<Handler> = Arc::new(handle);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (log, handle) = (log.clone(), handle.clone());
                std::thread::spawn(move || serve_one(stream, &log, handle.as_ref()));
            }
        });
        Server { addr, seen }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The requests with this method.
    pub fn seen_with(&self, method: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.method == method)
            .collect()
    }
}

fn serve_one(mut stream: TcpStream, log: &Mutex<Vec<Seen>>, handle: &Handler) {
    let Some(seen) = read_request(&mut stream) else {
        return;
    };
    let nth = {
        let mut log = log.lock().unwrap();
        log.push(seen.clone());
        log.len() - 1
    };
    let (status, headers, body) = match handle(&seen, nth) {
        Act::Drop => return,
        Act::Answer(status, content_type, body) => (
            status,
            vec![("content-type", content_type.to_owned())],
            body,
        ),
        Act::AnswerWith(status, headers, body) => (status, headers, body),
        Act::Hold(release, status, body) => {
            let _ = release.recv();
            (
                status,
                vec![("content-type", "application/json".into())],
                body,
            )
        }
    };
    let mut head = format!("HTTP/1.1 {status} Whatever\r\nconnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let (head, body) = super::fake_servers::read_raw_request(stream)?;
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        })
        .collect();
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}
