//! orgdeck: a keyboard-driven console for multi-tenant organization APIs.

// Server text reaches the terminal only through `cli::output` (and, in the console,
// through the drawn buffer's filter), which make controls visible and mask tokens: a
// bare print would go around both.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod api;
pub mod app;
pub mod backends;
pub mod cli;
pub mod config;
pub mod csv;
pub mod private;
pub mod sandbox;
pub mod text;
pub mod ui;
