//! orgdeck: a keyboard-driven console for multi-tenant organization APIs.

pub mod api;
pub mod cli;
pub mod config;
pub mod sandbox;
