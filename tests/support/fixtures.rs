//! The model's hand-made fixtures, written once: an organization with only what a
//! test names, everything else empty (people come from the seed, `seed.rs`). When
//! the model changes, only these two files do.

use orgdeck::api::model::{OrgStatus, Organization};

/// An active organization with no domains.
pub fn org(id: &str, name: &str) -> Organization {
    Organization {
        id: id.to_owned(),
        name: name.to_owned(),
        domains: Vec::new(),
        external_ref: None,
        notes: None,
        status: OrgStatus::Active,
        parent: None,
        owner: None,
        created_at: None,
        updated_at: None,
    }
}

/// `org` with these domains.
pub fn org_with_domains(id: &str, name: &str, domains: &[&str]) -> Organization {
    Organization {
        domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        ..org(id, name)
    }
}
