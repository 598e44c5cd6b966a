//! The client task and the MuninX adapter against the in-process sandbox (with faults),
//! fake servers, hostile servers and TLS fronts: one module per concern.

#[path = "../support/mod.rs"]
mod support;

mod bitgo;
mod calls;
mod decode;
mod faults;
mod flow;
mod flowkiwi;
mod interrupt;
mod journal;
mod ops;
mod pages;
mod redirects;
mod retry;
mod seam;
mod security;
mod sequence;
mod servers;
mod stream;
mod tls;
