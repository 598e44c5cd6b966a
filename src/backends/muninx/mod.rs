//! The MuninX backend: its wire format, the adapter that maps the domain model onto
//! `shared/api/muninx.md`, the contract's value rules and the embedded sandbox.

mod adapter;
mod roles;
pub mod rules;
pub mod sandbox;
pub mod schema;
mod settle;
pub mod wire;

pub use adapter::{AGENT_TYPES, MuninX, organization, person};

use crate::api::form_rules::FormRules;

/// The console form's checks: the contract's rules.
pub static FORM_RULES: FormRules = FormRules {
    field: rules::form_field,
    list_max: rules::MAX_DOMAINS,
    list_item: rules::domain,
    staff_kinds: AGENT_TYPES,
};
