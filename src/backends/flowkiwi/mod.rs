//! Flowkiwi Identity: partner organizations with their owners and members, and
//! invitations, over API Platform's JSON-LD and Hydra (`shared/api/flowkiwi.md`):
//! its schema, the contract's rules on what is typed (`rules`), its requests
//! (`call`), its answers (`decode`), its error documents (`problem`), how a lost
//! write is settled (`settle`), the adapter that puts them behind the seam, the
//! contract's JSON (`wire`) and an embedded server that speaks it (`sandbox`).

mod adapter;
pub mod call;
pub mod decode;
pub mod problem;
pub mod rules;
pub mod sandbox;
pub mod schema;
pub mod settle;
pub mod wire;

pub use adapter::Flowkiwi;
