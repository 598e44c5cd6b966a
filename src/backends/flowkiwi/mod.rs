//! Flowkiwi Identity: partner organizations with their owners and members, and
//! invitations, over API Platform's JSON-LD and Hydra (`shared/api/flowkiwi.md`).
//!
//! So far the contract's JSON (`wire`) and the first part of an embedded server
//! that speaks it (`sandbox`: organizations only). The backend is deliberately
//! not in the registry's `ALL` yet: it has no adapter or schema to register.

pub mod sandbox;
pub mod wire;
