//! Unit tests of the command line that need more than one module.

mod profile_backend;
mod sandbox;
mod sandbox_flag;
