//! The sandbox over HTTP, one module per area of its contract: a sandbox started in
//! this process on an ephemeral loopback port, asked with plain reqwest calls.

#[path = "../support/mod.rs"]
mod support;

mod etag;
mod faults;
mod org_rules;
mod orgs;
mod protocol;
mod roles;
mod slow_clients;
mod tenant;
mod tokens;
mod user_rules;
mod users;

mod bitgo;
mod flowkiwi;
mod sequence;
