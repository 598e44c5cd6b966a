//! The backend-neutral domain.
//!
//! Two generations live here while the console moves over (issue 11, design B/C):
//! - `legacy` (re-exported at `api::model::*`): today's MuninX-shaped
//!   `Organization`, `Person`, `Operation`, `Reply` and `Capability`, which every
//!   consumer still uses.
//! - the neutral model, reached by module path until the switch flips the
//!   re-export: `record` (a row's values in schema order), `node` (a level's
//!   nodes), `party` (parties, memberships, the caller), `page` (lists in pages),
//!   `operation` (what an operator asks for and what comes back) and `capability`
//!   (a verb on a target).
//!
//! Both share `Cursor`, `Approval` and the form payloads `Draft` / `Changes`
//! (`api::value`). The names `Operation`, `Reply` and `Capability` exist in both,
//! which is why the neutral ones are not re-exported here yet.

mod legacy;

pub mod capability;
pub mod node;
pub mod operation;
pub mod page;
pub mod party;
pub mod record;

pub use legacy::*;
