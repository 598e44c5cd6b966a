//! Reading request input defensively: bounded bodies, content types, UTF-8, JSON
//! objects, query strings, and typed access to fields that reports every fault with
//! a JSON Pointer instead of stopping at the first.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use serde_json::{Map, Value};

use super::error::{FieldError, Outcome, Refusal};

pub const MAX_BODY_BYTES: usize = 1 << 20;

pub async fn read_body(body: Body) -> Outcome<Bytes> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|err| {
            let too_large = std::error::Error::source(&err)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            if too_large {
                Refusal::too_large(MAX_BODY_BYTES)
            } else if super::serve::is_stall(&err) {
                Refusal::request_timeout(err.to_string())
            } else {
                Refusal::bad_request(format!("the request body could not be read: {err}"))
            }
        })
}

/// The body as a JSON object, or the refusal that explains why it is not one.
pub fn json_object(headers: &HeaderMap, bytes: &[u8]) -> Outcome<Map<String, Value>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal::bad_request(
            "this call needs a JSON object body (Content-Type: application/json)",
        ));
    }
    check_content_type(headers)?;
    let text = std::str::from_utf8(bytes).map_err(|err| {
        Refusal::bad_request(format!(
            "the body is not valid UTF-8 (first bad byte at offset {})",
            err.valid_up_to()
        ))
    })?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Refusal::bad_request(format!(
            "the body must be a JSON object, not {}",
            kind_of(&other)
        ))),
        Err(err) => Err(Refusal::bad_request(format!("malformed JSON: {err}"))),
    }
}

fn check_content_type(headers: &HeaderMap) -> Outcome<()> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(Refusal::unsupported_media_type(
            "missing Content-Type: send the body as application/json",
        ));
    };
    let value = value.to_str().unwrap_or_default().to_ascii_lowercase();
    let mut parts = value.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    let charset_ok = parts
        .filter_map(|p| p.strip_prefix("charset="))
        .all(|c| matches!(c.trim_matches('"'), "utf-8" | "utf8"));
    if json && charset_ok {
        Ok(())
    } else {
        let shown: String = value.chars().take(80).collect();
        Err(Refusal::unsupported_media_type(format!(
            "Content-Type {shown:?} is not accepted: send application/json in UTF-8"
        )))
    }
}

pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field of a partial update: left out, explicitly null, or given.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch<T> {
    Absent,
    Null,
    Set(T),
}

impl<T> Patch<T> {
    pub fn set(self) -> Option<T> {
        match self {
            Patch::Set(value) => Some(value),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }
}

/// Typed, fault-collecting access to a JSON object body. Unknown keys are ignored.
pub struct Fields<'a> {
    body: &'a Map<String, Value>,
    pub errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    pub fn new(body: &'a Map<String, Value>) -> Self {
        Fields {
            body,
            errors: Vec::new(),
        }
    }

    pub fn fail(&mut self, pointer: impl Into<String>, detail: impl Into<String>) {
        self.errors.push(FieldError::at(pointer, detail));
    }

    pub fn has(&self, key: &str) -> bool {
        self.body.contains_key(key)
    }

    fn raw(&self, key: &str) -> Patch<&'a Value> {
        match self.body.get(key) {
            None => Patch::Absent,
            Some(Value::Null) => Patch::Null,
            Some(value) => Patch::Set(value),
        }
    }

    /// A string field passed through `rule`; wrong types and rule breaks are recorded.
    pub fn string(
        &mut self,
        key: &str,
        rule: impl FnOnce(&str) -> Result<String, String>,
    ) -> Patch<String> {
        match self.raw(key) {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Set(Value::String(text)) => match rule(text) {
                Ok(value) => Patch::Set(value),
                Err(why) => {
                    self.fail(format!("/{key}"), why);
                    Patch::Absent
                }
            },
            Patch::Set(other) => {
                self.fail(
                    format!("/{key}"),
                    format!("must be a string, not {}", kind_of(other)),
                );
                Patch::Absent
            }
        }
    }

    /// A string field that must be present and not null.
    pub fn required_string(
        &mut self,
        key: &str,
        rule: impl FnOnce(&str) -> Result<String, String>,
    ) -> Option<String> {
        match self.string(key, rule) {
            Patch::Set(value) => Some(value),
            Patch::Absent if self.errors_at(key) => None,
            _ => {
                self.fail(format!("/{key}"), "is required");
                None
            }
        }
    }

    pub fn errors_at(&self, key: &str) -> bool {
        let pointer = format!("/{key}");
        self.errors
            .iter()
            .any(|e| e.pointer.as_deref() == Some(pointer.as_str()))
    }

    /// One of a fixed set of words, such as a user type or a status.
    pub fn choice<T: Copy>(
        &mut self,
        key: &str,
        options: &[T],
        name: fn(T) -> &'static str,
    ) -> Patch<T> {
        let value = match self.raw(key) {
            Patch::Absent => return Patch::Absent,
            Patch::Null => return Patch::Null,
            Patch::Set(value) => value,
        };
        let found = value
            .as_str()
            .and_then(|text| options.iter().copied().find(|o| name(*o) == text));
        match found {
            Some(option) => Patch::Set(option),
            None => {
                let words: Vec<&str> = options.iter().map(|o| name(*o)).collect();
                self.fail(
                    format!("/{key}"),
                    format!("must be one of {}", words.join(", ")),
                );
                Patch::Absent
            }
        }
    }

    /// A boolean, also accepted as the strings "true"/"false" that MuninX's PUT uses.
    pub fn boolean(&mut self, key: &str) -> Patch<bool> {
        match self.raw(key) {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Set(Value::Bool(value)) => Patch::Set(*value),
            Patch::Set(Value::String(text)) if text == "true" => Patch::Set(true),
            Patch::Set(Value::String(text)) if text == "false" => Patch::Set(false),
            Patch::Set(_) => {
                self.fail(format!("/{key}"), "must be true or false");
                Patch::Absent
            }
        }
    }

    /// A list of strings, each passed through `rule`, at most `max` entries. Faults
    /// point at the entry (`/domains/5`); duplicates (after normalising) are faults too.
    pub fn string_list(
        &mut self,
        key: &str,
        max: usize,
        rule: impl Fn(&str) -> Result<String, String>,
    ) -> Patch<Vec<String>> {
        let items = match self.raw(key) {
            Patch::Absent => return Patch::Absent,
            Patch::Null => return Patch::Null,
            Patch::Set(Value::Array(items)) => items,
            Patch::Set(other) => {
                self.fail(
                    format!("/{key}"),
                    format!("must be a list of strings, not {}", kind_of(other)),
                );
                return Patch::Absent;
            }
        };
        let before = self.errors.len();
        let mut values: Vec<String> = Vec::with_capacity(items.len().min(max));
        for (index, item) in items.iter().enumerate() {
            let pointer = format!("/{key}/{index}");
            if index == max {
                self.fail(pointer, format!("at most {max} entries are allowed"));
                break;
            }
            let Value::String(text) = item else {
                self.fail(pointer, format!("must be a string, not {}", kind_of(item)));
                continue;
            };
            match rule(text) {
                Ok(value) if values.contains(&value) => {
                    self.fail(pointer, format!("{value} is listed twice"));
                }
                Ok(value) => values.push(value),
                Err(why) => self.fail(pointer, why),
            }
        }
        if self.errors.len() == before {
            Patch::Set(values)
        } else {
            Patch::Absent
        }
    }

    /// Ends validation: every fault collected so far becomes one 400.
    pub fn finish(self) -> Outcome<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Refusal::invalid(self.errors))
        }
    }
}

/// Query parameters, refusing names the endpoint does not know (typos are silent
/// otherwise, and a silently ignored filter shows the wrong list).
pub fn query(raw: Option<&str>, known: &[&str]) -> Outcome<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let unknown: Vec<FieldError> = pairs
        .iter()
        .filter(|(name, _)| !known.contains(&name.as_str()))
        .map(|(name, _)| {
            let shown: String = name.chars().take(40).collect();
            let hint = if known.is_empty() {
                "this call takes no query parameters".to_owned()
            } else {
                format!("known parameters: {}", known.join(", "))
            };
            FieldError::parameter(
                shown.clone(),
                format!("unknown parameter {shown:?}; {hint}"),
            )
        })
        .collect();
    if unknown.is_empty() {
        Ok(pairs)
    } else {
        Err(Refusal::invalid(unknown))
    }
}

/// A comma-separated filter of words (`status=pending,active`), or None when absent.
pub fn word_filter<T: Copy>(
    pairs: &[(String, String)],
    name: &str,
    options: &[T],
    word: fn(T) -> &'static str,
) -> Outcome<Option<Vec<T>>> {
    let Some(raw) = param(pairs, name) else {
        return Ok(None);
    };
    let mut chosen = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match options.iter().copied().find(|o| word(*o) == part) {
            Some(option) => chosen.push(option),
            None => {
                let words: Vec<&str> = options.iter().map(|o| word(*o)).collect();
                let shown: String = part.chars().take(40).collect();
                return Err(Refusal::invalid(vec![FieldError::parameter(
                    name,
                    format!("{shown:?} is not one of {}", words.join(", ")),
                )]));
            }
        }
    }
    Ok(Some(chosen))
}

pub fn param<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}
