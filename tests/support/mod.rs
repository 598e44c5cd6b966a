//! Test support shared by every test binary (`tests/<area>/main.rs` include it with
//! `#[path]`): each helper lives here once. Which binary uses which part differs, so
//! unused parts are allowed.

#![allow(dead_code, unused_imports)]

pub mod cli;
pub mod client;
pub mod console;
pub mod e2e;
pub mod fake_servers;
pub mod hostile;
pub mod http;
pub mod muninx_json;
pub mod tls;
