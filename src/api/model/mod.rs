//! The backend-neutral domain: nodes of a backend's levels, parties and their
//! memberships, lists in pages, the operations an operator can ask for and what
//! comes back, and capabilities (a verb on a target). Payloads are the forms'
//! `Draft` and `Changes` (`api::value`), keyed by the backend's schema fields.

pub mod capability;
pub mod json;
pub mod node;
pub mod operation;
pub mod page;
pub mod party;
pub mod record;

pub use crate::api::approval::Approval;
pub use capability::*;
pub use node::*;
pub use operation::*;
pub use page::*;
pub use party::*;
pub use record::*;
