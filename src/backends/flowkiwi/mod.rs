//! Flowkiwi Identity: partner organizations with their owners and members, and
//! invitations, over API Platform's JSON-LD and Hydra (`shared/api/flowkiwi.md`):
//! its schema, the contract's rules on what is typed (`rules`), the contract's
//! JSON (`wire`) and an embedded server that speaks it (`sandbox`).
//!
//! Not in the registry's `ALL` until its adapter is.

pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod wire;
