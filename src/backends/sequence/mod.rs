//! Sequence: billing customers grouped into customer organizations (an owner and
//! its members), read back only through the customers (`shared/api/sequence.md`):
//! its schema, the contract's rules on what is typed (`rules`), the contract's
//! JSON (`wire`) and an embedded server that speaks it (`sandbox`). Not in the
//! registry yet: the adapter comes next.

pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod wire;
