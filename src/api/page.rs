//! Paging: where the next page of a list starts, as its backend spells it.

use std::fmt;

use serde::Serialize;

/// Opaque to everything but its backend, which encodes in it a keyset id, a
/// customer id to start after, or a page number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Cursor(pub String);

impl Cursor {
    pub fn new(value: impl Into<String>) -> Self {
        Cursor(value.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Most items a page size may ask for (`page_size` in a profile).
pub const PAGE_SIZE_MAX: u32 = 1000;
