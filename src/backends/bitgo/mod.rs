//! BitGo: organizations → (child) enterprises → users, idempotent enterprise
//! creates and the pending-approvals queue (`shared/api/bitgo.md`). Not registered
//! yet: its schema, its requests (`call`), its error envelope (`problem`), how a
//! lost write is settled (`settle`), the contract's JSON (`wire`) and an embedded
//! server that speaks it (`sandbox`) are here; decoding answers into the model and
//! the registry entry follow.

pub mod call;
pub mod problem;
pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod settle;
pub mod wire;
