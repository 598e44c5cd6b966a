//! BitGo: organizations → (child) enterprises → users, idempotent enterprise
//! creates and the pending-approvals queue (`shared/api/bitgo.md`). `wire` holds the
//! JSON of the contract; `sandbox` an embedded server that speaks it. No adapter yet:
//! the registry does not list BitGo until one exists.

pub mod sandbox;
pub mod wire;
