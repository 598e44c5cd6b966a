//! Sequence: billing customers grouped into customer organizations (an owner and
//! its members), read back only through the customers (`shared/api/sequence.md`).
//! So far the contract's JSON (`wire`) and an embedded server that speaks it
//! (`sandbox`); not in the registry yet: the adapter and schema come first.

pub mod sandbox;
pub mod wire;
