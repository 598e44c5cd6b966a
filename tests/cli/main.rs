//! The headless commands end to end: the real `orgdeck` binary run as a child process
//! against a sandbox in this process (or a fake server), one module per command area.

#[path = "../support/mod.rs"]
mod support;

mod bitgo;
mod config;
mod csv;
mod demo;
mod faults;
mod flowkiwi;
mod hostile;
mod interrupt;
mod json;
mod orgs;
mod secrets;
mod sequence;
mod servers;
mod streamed;
mod tls;
mod token_signals;
mod users;
