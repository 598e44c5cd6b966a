//! The BitGo backend (`shared/api/bitgo.md`): organizations → enterprises → users,
//! idempotent creates and pending approvals. Not registered yet: its schema is
//! here; its wire types, adapter and sandbox follow.

pub mod call;
pub mod problem;
pub mod rules;
pub mod schema;
