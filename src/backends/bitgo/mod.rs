//! BitGo: organizations → (child) enterprises → users, idempotent enterprise
//! creates and the pending-approvals queue (`shared/api/bitgo.md`): its schema, its
//! requests (`call`), its answers (`decode`), its error envelope (`problem`), how a
//! lost write is settled (`settle`), the adapter that puts them behind the seam,
//! the contract's JSON (`wire`) and an embedded server that speaks it (`sandbox`).
//! Not in the registry yet: the conformance suite and the console's approvals and
//! paging come first.

mod adapter;
pub mod call;
pub mod decode;
pub mod problem;
pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod settle;
pub mod sign;
pub mod wire;

pub use adapter::BitGo;
