//! MuninX wire objects for the tests' hand-made servers: one organization, one
//! user, as a MuninX server writes them.

#![allow(dead_code)]

use serde_json::{Value, json};

pub fn org_json(id: &str, name: &str) -> Value {
    json!({
        "id": id, "tenant-id": "tnt-x", "display-name": name, "domains": [],
        "external-ref": null, "notes": null, "status": "active",
        "created-at": "2025-01-02T10:00:00Z", "updated-at": "2025-01-02T10:00:00Z"
    })
}

/// A customer of organization co-1.
pub fn user_json(email: &str, status: &str) -> Value {
    json!({
        "email": email, "name": "Sam", "last-name": "Lee", "type": "customer",
        "agent-type": null, "organization": "co-1", "status": status,
        "auto-assign-tickets": false, "created-at": "2025-01-02T10:00:00Z"
    })
}
