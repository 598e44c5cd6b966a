//! A row as JSON, the way `--json` writes it and `Y` copies it: its id, then its
//! record's fields in the layout's order, each under the schema's JSON name for it.
//! A record holds what a server answered, never a token.

use serde::Serialize;

use crate::api::model::{Node, Party, Record};
use crate::api::schema::{FieldSpec, Schema};
use crate::api::value::Value;

/// A value as `--json` writes it.
pub fn value_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::List(items) => Json::from(items.clone()),
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Number(n) => Json::from(*n),
        Value::Time(at) => Json::String(at.to_string()),
        Value::Empty => Json::Null,
        other => Json::String(other.as_input()),
    }
}

/// A JSON object whose keys keep the order they were given in (serde_json's own
/// map sorts them), so `--json` reads in the record's order.
pub struct Ordered(pub(crate) Vec<(&'static str, serde_json::Value)>);

impl Ordered {
    /// The object with one more key, last.
    pub fn with(mut self, key: &'static str, value: serde_json::Value) -> Ordered {
        self.0.push((key, value));
        self
    }
}

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A row for `--json`: its id, then its record's fields in the layout's order,
/// each under the schema's JSON name for it.
fn record_json(schema: &Schema, id: &str, layout: &[FieldSpec], record: &Record) -> Ordered {
    let mut entries = vec![("id", serde_json::Value::from(id))];
    for field in layout {
        let name = schema.json_name(field);
        let value = value_json(&record.get(layout, field.id).to_value());
        // A field that is the id under the id's own name is written once: an
        // object with the key twice is one most JSON readers take half of.
        if name == "id" && value.as_str() == Some(id) {
            continue;
        }
        entries.push((name, value));
    }
    Ordered(entries)
}

pub fn node_json(schema: &Schema, node: &Node) -> Ordered {
    let layout = schema.level(node.level).map_or(&[][..], |l| l.fields);
    record_json(schema, &node.id, layout, &node.record)
}

pub fn party_json(schema: &Schema, party: &Party) -> Ordered {
    record_json(schema, party.id(), schema.party_fields, party.record())
}
