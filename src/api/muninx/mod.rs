//! The MuninX backend: its wire format (shared with the embedded sandbox) and the
//! adapter that maps the domain model onto `shared/api/muninx.md`.

mod adapter;
mod roles;
mod settle;
pub mod wire;

pub use adapter::{AGENT_TYPES, MuninX, organization, person};
