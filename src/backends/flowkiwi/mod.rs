//! Flowkiwi Identity: partner organizations with their owners and members, and
//! invitations, over API Platform's JSON-LD and Hydra (`shared/api/flowkiwi.md`).
//!
//! So far only the contract's JSON (`wire`). The backend is deliberately not in
//! the registry's `ALL` yet: it has no adapter, schema or sandbox to register.

pub mod wire;
