//! The MuninX backend: its wire format, the adapter that maps the domain model onto
//! `shared/api/muninx.md`, the contract's value rules and the embedded sandbox.

mod adapter;
pub mod neutral;
mod roles;
pub mod rules;
pub mod sandbox;
pub mod schema;
mod settle;
pub mod wire;

pub use adapter::{AGENT_TYPES, MuninX};
