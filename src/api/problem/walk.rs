//! Walks a parsed JSON error body, whatever its shape, collecting the machine
//! code, message candidates, field problems and loose messages. Bounded: at most
//! `BUDGET` nodes and `MAX_DEPTH` levels are looked at.

use serde_json::{Map, Value};

use super::path::{FieldPath, field_key, mentioned_field, same_field};
use super::text::{clean, humanise, is_code_like, is_sentence, leading_field, type_code};
use super::{FieldProblem, MESSAGE_MAX};
use crate::text::blank_as_none;

const BUDGET: usize = 5_000;
const MAX_DEPTH: usize = 8;
const ITEMS_MAX: usize = 500;
/// Field problems collected before de-duplication; the caller keeps 100.
const COLLECT_MAX: usize = 2_000;
const CODE_MAX: usize = 100;
const ID_MAX: usize = 200;

/// A string that may become the summary. Lower `rank` is preferred.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub rank: usize,
    /// A `title`: a heading, used only when nothing better is there.
    pub heading: bool,
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Found {
    code: Option<(usize, String)>,
    request_id: Option<(usize, String)>,
    pub candidates: Vec<Candidate>,
    pub fields: Vec<FieldProblem>,
    /// Messages tied to no field.
    pub loose: Vec<String>,
    /// A `field`/`param`/`property` member next to the message: the summary
    /// message is about this field.
    pub tie: Option<FieldPath>,
}

impl Found {
    pub fn code(&self) -> Option<String> {
        self.code.as_ref().map(|(_, c)| c.clone())
    }

    pub fn request_id(&self) -> Option<String> {
        self.request_id.as_ref().map(|(_, id)| id.clone())
    }

    pub fn add_candidate(&mut self, rank: usize, heading: bool, text: &str) {
        let text = clean(text, MESSAGE_MAX);
        if !text.is_empty() {
            self.candidates.push(Candidate {
                rank,
                heading,
                text,
            });
        }
    }

    fn offer_code(&mut self, rank: usize, code: &str) {
        let code = clean(code, CODE_MAX);
        if !code.is_empty() && self.code.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.code = Some((rank, code));
        }
    }

    fn offer_request_id(&mut self, rank: usize, id: &str) {
        let id = clean(id, ID_MAX);
        if !id.is_empty() && self.request_id.as_ref().is_none_or(|(r, _)| rank < *r) {
            self.request_id = Some((rank, id));
        }
    }
}

/// What a member of an error object is for, by its name.
enum Role {
    Code(usize),
    Type,
    Name,
    RequestId(usize),
    Message(usize),
    Heading(usize),
    Tie,
    Container,
    Skip,
    Other,
}

fn role(key: &str) -> Role {
    let k = field_key(key);
    if key.starts_with('@') {
        return if k == "type" {
            Role::Code(1)
        } else {
            Role::Skip
        };
    }
    match k.as_str() {
        "code" => Role::Code(0),
        "errorcode" | "errcode" => Role::Code(4),
        "type" => Role::Type,
        "name" => Role::Name,
        "requestid" | "reqid" | "xrequestid" => Role::RequestId(0),
        "traceid" | "correlationid" => Role::RequestId(1),
        "detail" => Role::Message(0),
        "hydradescription" => Role::Message(1),
        "longmessage" => Role::Message(2),
        "message" => Role::Message(3),
        "errordescription" => Role::Message(4),
        "error" => Role::Message(5),
        "errormessage" => Role::Message(6),
        "msg" => Role::Message(7),
        "description" => Role::Message(8),
        "details" => Role::Message(9),
        "reason" => Role::Message(10),
        "title" => Role::Heading(50),
        "hydratitle" => Role::Heading(51),
        "field" | "fieldname" | "param" | "parameter" | "paramname" | "property"
        | "propertypath" | "pointer" | "attribute" | "source" => Role::Tie,
        "errors" | "violations" | "invalidparams" | "fielderrors" | "validationerrors"
        | "issues" | "suberrors" | "fields" | "fieldviolations" | "nonfielderrors"
        | "generalerrors" | "globalerrors" => Role::Container,
        "status" | "statuscode" | "instance" | "context" | "id" | "timestamp" | "time" | "date"
        | "path" | "method" | "url" | "uri" | "href" | "links" | "documentationurl" | "docs"
        | "helpurl" | "moreinfo" | "success" | "ok" | "retryafter" | "data" | "meta"
        | "version" => Role::Skip,
        _ => Role::Other,
    }
}

/// Whether an object is an RFC 9457 / JSON-LD problem, whose extension members
/// are data rather than messages.
fn is_problem_document(object: &Map<String, Value>) -> bool {
    object.keys().any(|k| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "type"
                | "title"
                | "detail"
                | "instance"
                | "@type"
                | "@context"
                | "hydra:title"
                | "hydra:description"
        )
    })
}

pub(crate) struct Walker<'c> {
    ctx_fields: &'c [&'c str],
    /// Whether messages may be tied to fields by guessing (a leading `field:`,
    /// a field named in the text). Off for 401/403/429/5xx.
    guess: bool,
    budget: usize,
    pub found: Found,
}

impl<'c> Walker<'c> {
    pub fn new(ctx_fields: &'c [&'c str], guess: bool) -> Self {
        Walker {
            ctx_fields,
            guess,
            budget: BUDGET,
            found: Found::default(),
        }
    }

    fn tick(&mut self) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        true
    }

    pub fn walk(&mut self, value: &Value) {
        match value {
            Value::Object(object) => self.object(object, 0),
            Value::Array(items) => self.list(items, None, 0),
            Value::String(s) => self.found.add_candidate(3, false, s),
            _ => {}
        }
    }

    /// An error envelope (top level, or the `error` object of Sequence/Google).
    fn object(&mut self, object: &Map<String, Value>, depth: usize) {
        if depth > MAX_DEPTH || !self.tick() {
            return;
        }
        let document = is_problem_document(object);
        let has_message = object.keys().any(|k| {
            matches!(role(k), Role::Message(_)) && object.get(k).is_some_and(Value::is_string)
        });
        let base = depth * 100;
        for (key, value) in object.iter().take(ITEMS_MAX) {
            if !self.tick() {
                break;
            }
            match (role(key), value) {
                (Role::Code(rank), Value::String(s)) if is_code_like(s) => {
                    self.found.offer_code(depth * 10 + rank, s);
                }
                (Role::Code(rank), Value::Number(n)) => {
                    self.found.offer_code(depth * 10 + rank, &n.to_string());
                }
                (Role::Code(_), Value::String(s)) => self.found.add_candidate(base + 12, false, s),
                (Role::Type, Value::String(s)) => {
                    if let Some(code) = type_code(s) {
                        self.found.offer_code(depth * 10 + 2, &code);
                    }
                }
                (Role::Name, Value::String(s)) if has_message && is_code_like(s) => {
                    self.found.offer_code(depth * 10 + 3, s);
                }
                (Role::RequestId(rank), Value::String(s)) => {
                    self.found.offer_request_id(depth * 10 + rank, s);
                }
                (Role::RequestId(rank), Value::Number(n)) => {
                    self.found
                        .offer_request_id(depth * 10 + rank, &n.to_string());
                }
                (Role::Message(rank), Value::String(s)) => {
                    self.found.add_candidate(base + rank, false, s);
                    // Gin's `"error": "forbidden"` next to a message is a code.
                    if rank == 5 && is_code_like(s) && object.len() > 1 {
                        self.found.offer_code(depth * 10 + 5, s);
                    }
                }
                (Role::Message(_), Value::Object(inner)) => self.object(inner, depth + 1),
                (Role::Message(_) | Role::Container, Value::Array(items)) => {
                    self.list(items, None, depth + 1);
                }
                (Role::Container, Value::Object(map)) => self.map(map, None, depth + 1),
                (Role::Container, Value::String(s)) => self.list_string(s, None),
                (Role::Heading(rank), Value::String(s)) => {
                    self.found.add_candidate(base + rank, true, s);
                }
                (Role::Tie, value) if self.found.tie.is_none() => {
                    self.found.tie = tie_path(value).filter(|p| !p.is_empty());
                }
                (Role::Other | Role::Name, value) if !document => self.extension(key, value),
                _ => {}
            }
        }
    }

    /// A member of a free-form object that no envelope defines: a field's
    /// message when the key is one of the form's fields, else a message worth
    /// showing if it reads like one.
    fn extension(&mut self, key: &str, value: &Value) {
        let names_field = self.ctx_fields.iter().any(|f| same_field(f, key));
        let strings: Vec<&str> = match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items
                .iter()
                .take(ITEMS_MAX)
                .filter_map(Value::as_str)
                .collect(),
            Value::Object(map) if names_field => {
                let path = FieldPath::parse(key);
                self.map(map, Some(&path), 1);
                return;
            }
            _ => return,
        };
        for s in strings {
            let readable = is_sentence(s) && !s.trim_start().starts_with("http");
            if names_field && (readable || is_word_message(s)) {
                self.add_field(FieldPath::parse(key), s);
            } else if readable {
                let key = clean(key, 100);
                self.found
                    .loose
                    .push(clean(&format!("{key}: {s}"), MESSAGE_MAX));
            }
        }
    }

    /// An array of errors: strings, or objects naming a field and a message.
    fn list(&mut self, items: &[Value], prefix: Option<&FieldPath>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for item in items.iter().take(ITEMS_MAX) {
            if !self.tick() {
                break;
            }
            match item {
                Value::String(s) => self.list_string(s, prefix),
                Value::Object(object) => self.item(object, prefix, depth + 1),
                Value::Array(inner) => self.list(inner, prefix, depth + 1),
                _ => {}
            }
        }
    }

    /// A map from field names to messages (ASP.NET `errors`, Rails, Django).
    fn map(&mut self, map: &Map<String, Value>, prefix: Option<&FieldPath>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for (key, value) in map.iter().take(ITEMS_MAX) {
            if !self.tick() {
                break;
            }
            let general = matches!(
                field_key(key).as_str(),
                "" | "nonfielderrors" | "all" | "base" | "schema" | "global" | "form"
            );
            let own = FieldPath::parse(key);
            let path = match (prefix, general || own.is_empty()) {
                (Some(prefix), true) => Some(prefix.clone()),
                (Some(prefix), false) => Some(prefix.join(&own)),
                (None, true) => None,
                (None, false) => Some(own),
            };
            match value {
                Value::String(s) => self.list_string(s, path.as_ref()),
                Value::Array(items) => self.list(items, path.as_ref(), depth + 1),
                Value::Object(object) if object.keys().any(|k| is_item_message_key(k)) => {
                    self.item(object, path.as_ref(), depth + 1);
                }
                Value::Object(object) => self.map(object, path.as_ref(), depth + 1),
                _ => {}
            }
        }
    }

    /// One entry of an error list: `{pointer, detail}`, `{field, code}`,
    /// `{propertyPath, message, hint}`, `{message, long_message, meta.param_name}`,
    /// JSON:API `{source.pointer, title, detail}`, class-validator, Zod, ...
    fn item(&mut self, object: &Map<String, Value>, prefix: Option<&FieldPath>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let own = item_path(object).unwrap_or_default();
        let path = match prefix {
            Some(prefix) => Some(prefix.join(&own)),
            None if own.is_empty() => None,
            None => Some(own),
        };
        let code = lookup(object, "code").and_then(scalar_text);
        if let Some(code) = &code
            && is_code_like(code)
        {
            self.found.offer_code(1_000, code);
        }
        let mut messages: Vec<String> = Vec::new();
        let message = [
            "longmessage",
            "detail",
            "message",
            "reason",
            "msg",
            "description",
            "defaultmessage",
            "error",
            "title",
        ]
        .iter()
        .find_map(|k| lookup(object, k).and_then(Value::as_str))
        .and_then(blank_as_none);
        if let Some(message) = message {
            messages.push(message.to_owned());
        } else if let Some(Value::Object(constraints)) = lookup(object, "constraints") {
            messages.extend(
                constraints
                    .values()
                    .take(ITEMS_MAX)
                    .filter_map(Value::as_str)
                    .map(str::to_owned),
            );
        }
        if messages.is_empty()
            && let Some(code) = &code
        {
            messages.push(humanise(code));
        }
        if let Some(hint) = lookup(object, "hint")
            .and_then(Value::as_str)
            .and_then(blank_as_none)
        {
            for m in &mut messages {
                *m = format!("{m} ({})", hint.trim());
            }
        }
        for m in &messages {
            match &path {
                Some(path) => self.add_field(path.clone(), m),
                None => self.list_string(m, None),
            }
        }
        for key in [
            "children",
            "errors",
            "fieldviolations",
            "violations",
            "suberrors",
        ] {
            match lookup(object, key) {
                Some(Value::Array(items)) => self.list(items, path.as_ref(), depth + 1),
                Some(Value::Object(map)) => self.map(map, path.as_ref(), depth + 1),
                _ => {}
            }
        }
    }

    /// A message on its own: for `prefix` when given, else for the field it
    /// starts with (`ownerId: ...`) or names, else loose.
    fn list_string(&mut self, s: &str, prefix: Option<&FieldPath>) {
        let s = clean(s, MESSAGE_MAX);
        if s.is_empty() {
            return;
        }
        if let Some(prefix) = prefix {
            self.add_field(prefix.clone(), &s);
            return;
        }
        if self.guess {
            if let Some((path, rest)) = leading_field(&s) {
                self.add_field(path, &rest);
                return;
            }
            if let Some(field) = mentioned_field(&s, self.ctx_fields) {
                self.add_field(FieldPath::parse(field), &s);
                return;
            }
        }
        self.found.loose.push(s);
    }

    fn add_field(&mut self, path: FieldPath, message: &str) {
        let message = clean(message, MESSAGE_MAX);
        if message.is_empty() {
            return;
        }
        if path.is_empty() {
            self.found.loose.push(message);
        } else if self.found.fields.len() < COLLECT_MAX {
            self.found.fields.push(FieldProblem { path, message });
        }
    }
}

/// A one-token message such as `required` or `taken` (not `acme.com`, not an id).
fn is_word_message(s: &str) -> bool {
    let s = s.trim();
    s.chars().count() >= 3 && s.chars().all(|c| c.is_alphabetic() || c == '_' || c == '-')
}

fn is_item_message_key(key: &str) -> bool {
    matches!(
        field_key(key).as_str(),
        "message" | "longmessage" | "detail" | "msg" | "reason" | "description" | "defaultmessage"
    )
}

/// The member of `object` whose name is `key` under [`field_key`].
fn lookup<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key).or_else(|| {
        object
            .iter()
            .take(ITEMS_MAX)
            .find(|(k, _)| field_key(k) == key)
            .map(|(_, v)| v)
    })
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => blank_as_none(s).cloned(),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A path given as a string, an array (`["owners", 0, "email"]`) or a JSON:API
/// `source` object.
fn tie_path(value: &Value) -> Option<FieldPath> {
    match value {
        Value::String(s) => Some(FieldPath::parse(s)),
        Value::Array(items) => Some(FieldPath::from_json_array(items)),
        Value::Object(source) => ["pointer", "parameter", "field", "parameter_name"]
            .iter()
            .find_map(|k| source.get(*k).and_then(Value::as_str))
            .map(|s| FieldPath::parse(s).without_jsonapi_prefix()),
        _ => None,
    }
}

/// Where an error-list entry points.
fn item_path(object: &Map<String, Value>) -> Option<FieldPath> {
    const KEYS: &[&str] = &[
        "pointer",
        "jsonpointer",
        "source",
        "propertypath",
        "field",
        "fieldname",
        "property",
        "param",
        "parameter",
        "paramname",
        "path",
        "loc",
        "instancepath",
        "datapath",
        "target",
        "attribute",
        "key",
    ];
    for key in KEYS {
        let Some(value) = lookup(object, key) else {
            continue;
        };
        let path = match (*key, value) {
            ("loc", Value::Array(items)) => {
                // FastAPI: ["body", "email"] → email.
                let skip = usize::from(
                    items.len() > 1 && matches!(items[0].as_str(), Some("body" | "query" | "path")),
                );
                Some(FieldPath::from_json_array(&items[skip..]))
            }
            _ => tie_path(value),
        };
        if let Some(path) = path.filter(|p| !p.is_empty()) {
            return Some(path);
        }
    }
    if let Some(Value::Object(meta)) = lookup(object, "meta")
        && let Some(name) = ["param_name", "paramName", "field"]
            .iter()
            .find_map(|k| meta.get(*k).and_then(Value::as_str))
    {
        let path = FieldPath::parse(name);
        if !path.is_empty() {
            return Some(path);
        }
    }
    // RFC 7807's example `invalid-params`: {name, reason}.
    if lookup(object, "reason").is_some()
        && let Some(name) = lookup(object, "name").and_then(Value::as_str)
    {
        let path = FieldPath::parse(name);
        if !path.is_empty() {
            return Some(path);
        }
    }
    None
}
