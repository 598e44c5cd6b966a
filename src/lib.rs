//! orgdeck: a keyboard-driven console for multi-tenant organization APIs.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod sandbox;
pub mod text;
pub mod ui;
