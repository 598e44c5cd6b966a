//! The BitGo backend (`shared/api/bitgo.md`): organizations → enterprises → users,
//! idempotent creates and pending approvals. Not registered yet: its schema, its
//! requests (`call`), its error envelope (`problem`) and how a lost write is
//! settled (`settle`) are here; its wire types, decoding and sandbox follow.

pub mod call;
pub mod problem;
pub mod rules;
pub mod schema;
pub mod settle;
