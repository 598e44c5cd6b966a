//! A field's value as the schema-driven screens hold it, and what a form sends:
//! a `Draft` (every value of a new thing) or `Changes` (only what the operator
//! changed). Keys are the backend's schema field ids, so shared code never names
//! a vendor's field.

use jiff::Timestamp;

use super::schema::{FieldId, Schema};

#[derive(Debug, Clone, Eq)]
pub enum Value {
    Text(String),
    /// Text the schema itself spells (a select's choice: "customer", "active"):
    /// borrowed, so a 100k-row list does not allocate a copy per row. It is text
    /// in every way and equals the same `Text`.
    Word(&'static str),
    List(Vec<String>),
    Bool(bool),
    Time(Timestamp),
    Number(i64),
    Empty,
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Time(a), Value::Time(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Empty, Value::Empty) => true,
            (a, b) => match (a.as_text(), b.as_text()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }
}

impl Value {
    /// `Some(text)` as a value, and nothing (or blank text) as `Empty`: a blank
    /// optional value and a missing one mean the same to the operator.
    pub fn text(text: Option<&str>) -> Value {
        match text.map(str::trim) {
            Some(t) if !t.is_empty() => Value::Text(t.to_owned()),
            _ => Value::Empty,
        }
    }

    /// What a form's field starts as: lists and flags have their own inputs.
    pub fn as_input(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Word(word) => (*word).to_owned(),
            Value::List(items) => items.join(", "),
            Value::Bool(flag) => flag.to_string(),
            Value::Time(at) => at.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Empty => String::new(),
        }
    }

    /// How a list cell or a detail line shows it; "-" for nothing.
    pub fn shown(&self) -> String {
        match self {
            Value::List(items) if items.is_empty() => "-".to_owned(),
            Value::Bool(true) => "yes".to_owned(),
            Value::Bool(false) => "no".to_owned(),
            Value::Empty => "-".to_owned(),
            other => other.as_input(),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            Value::Word(word) => Some(word),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(text) => text.trim().is_empty(),
            Value::Word(word) => word.trim().is_empty(),
            Value::List(items) => items.is_empty(),
            Value::Empty => true,
            _ => false,
        }
    }
}

/// A form's values for a new node or party. `idempotency_key` is made when the
/// form opens, for backends whose creates take one, and kept across retries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub values: Vec<(FieldId, Value)>,
    pub idempotency_key: Option<String>,
}

impl Draft {
    /// The empty draft a form opens with: carrying an idempotency key from
    /// `make_key` (a UUIDv4) when the schema's creates are idempotent. The form keeps
    /// this draft's key across every retry and re-submit, so the server can tell a
    /// re-sent create from a second one.
    pub fn opened(schema: &Schema, make_key: impl FnOnce() -> String) -> Draft {
        Draft {
            values: Vec::new(),
            idempotency_key: schema.idempotent_creates.then(make_key),
        }
    }

    /// The same draft with the form's values now, its key kept.
    pub fn with_values(&self, values: Vec<(FieldId, Value)>) -> Draft {
        Draft {
            values,
            idempotency_key: self.idempotency_key.clone(),
        }
    }

    pub fn get(&self, field: FieldId) -> Option<&Value> {
        self.values
            .iter()
            .find(|(id, _)| *id == field)
            .map(|(_, v)| v)
    }

    /// The field's text, "" when it is not in the draft or not text.
    pub fn text(&self, field: FieldId) -> String {
        self.get(field)
            .and_then(Value::as_text)
            .unwrap_or_default()
            .to_owned()
    }
}

/// Only the fields an edit changed; `Value::Empty` clears one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub values: Vec<(FieldId, Value)>,
}

impl Changes {
    pub fn get(&self, field: FieldId) -> Option<&Value> {
        self.values
            .iter()
            .find(|(id, _)| *id == field)
            .map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_nothing_and_nothing_shows_as_a_dash() {
        assert_eq!(Value::text(Some("  ")), Value::Empty);
        assert_eq!(Value::text(Some(" a ")), Value::Text("a".into()));
        assert_eq!(Value::Empty.shown(), "-");
        assert_eq!(Value::List(Vec::new()).shown(), "-");
        assert_eq!(Value::Bool(true).shown(), "yes");
        assert_eq!(
            Value::List(vec!["a.com".into(), "b.com".into()]).shown(),
            "a.com, b.com"
        );
    }

    #[test]
    fn a_word_is_text_and_equals_the_same_text() {
        assert_eq!(Value::Word("active"), Value::Text("active".into()));
        assert_eq!(Value::Text("active".into()), Value::Word("active"));
        assert_ne!(Value::Word("active"), Value::Text("suspended".into()));
        assert_ne!(Value::Word(""), Value::Empty);
        assert!(Value::Word(" ").is_empty());
        assert_eq!(Value::Word("agent").as_text(), Some("agent"));
        assert_eq!(Value::Word("agent").shown(), "agent");
        assert_ne!(Value::Bool(true), Value::Word("true"));
    }
}
