//! Body validation that names every broken rule with its code and its key, so one
//! 400 tells the caller all that is wrong.

use serde_json::{Map, Value};

use crate::backends::sequence::sandbox::error::{Outcome, SeqError, rule};
use crate::backends::sequence::wire::ErrorItem;
use crate::sandbox::input::kind_of;

use super::super::store::Store;

#[derive(Default)]
pub struct Check {
    pub errors: Vec<ErrorItem>,
}

impl Check {
    pub fn fail(&mut self, code: &str, key: &str, message: impl Into<String>) {
        self.errors.push(rule(code, key, message));
    }

    /// `value` at `key` is not `wanted` ("a string", "a list of contacts").
    pub fn mistyped(&mut self, key: &str, wanted: &str, value: &Value) {
        let why = format!("must be {wanted}, not {}", kind_of(value));
        self.fail("invalidType", key, why);
    }

    /// A required, non-empty string at `key` of `object`, reported as `path`.
    pub fn string(&mut self, object: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => self.fail("required", path, "is required"),
            Some(Value::String(text)) if text.trim().is_empty() => {
                self.fail("required", path, "must not be empty")
            }
            Some(Value::String(text)) => return Some(text.trim().to_owned()),
            Some(other) => self.mistyped(path, "a string", other),
        }
        None
    }

    /// An optional string: absent or null is None.
    pub fn optional(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(_) => self.string(object, key, path),
        }
    }

    /// A required string that must be one of `words`.
    pub fn word(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        words: &[&str],
    ) -> Option<String> {
        let value = self.string(object, key, key)?;
        if words.contains(&value.as_str()) {
            Some(value)
        } else {
            self.fail(
                "invalidValue",
                key,
                format!("must be one of {}", words.join(", ")),
            );
            None
        }
    }

    /// A required value of JSON type `T` (an object, an array).
    pub fn required<'v>(&mut self, object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        match object.get(key) {
            None | Some(Value::Null) => {
                self.fail("required", key, "is required");
                None
            }
            value => value,
        }
    }

    /// A customer id at `key`: it must name an existing, non-archived customer.
    pub fn customer(&mut self, store: &Store, id: &str, key: &str) -> bool {
        match store.customer(id) {
            None => {
                let shown: String = id.chars().take(60).collect();
                self.fail(
                    "customerNotFound",
                    key,
                    format!("no customer with id {shown}"),
                );
                false
            }
            Some(customer) if customer.archived_at.is_some() => {
                self.fail(
                    "archivedCustomer",
                    key,
                    format!("customer {id} is archived and cannot join an organization"),
                );
                false
            }
            Some(_) => true,
        }
    }

    /// A required list of customer ids at `key`: each an existing, non-archived
    /// customer, none twice, never `owner`.
    pub fn member_ids(
        &mut self,
        store: &Store,
        object: &Map<String, Value>,
        key: &str,
        owner: Option<&str>,
    ) -> Vec<String> {
        let items = match self.required(object, key) {
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.mistyped(key, "a list of customer ids", other);
                return Vec::new();
            }
            None => return Vec::new(),
        };
        let mut ids: Vec<String> = Vec::with_capacity(items.len());
        let mut seen = std::collections::HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let at = format!("{key}[{index}]");
            let Value::String(id) = item else {
                self.mistyped(&at, "a customer id", item);
                continue;
            };
            if !seen.insert(id.as_str()) {
                self.fail("duplicateId", &at, format!("{id} is listed twice"));
            } else if owner == Some(id.as_str()) {
                self.fail("ownerIsMember", &at, "the owner cannot also be a member");
            } else if self.customer(store, id, &at) {
                ids.push(id.clone());
            }
        }
        ids
    }

    pub fn finish(self) -> Outcome<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(SeqError::invalid(self.errors))
        }
    }
}
