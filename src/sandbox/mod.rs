//! The sandbox kit: what every vendor's embedded sandbox is built from, so that the
//! console, the CLI, the tests and the benchmarks have something real to talk to.
//! Serving with slow-client limits, fault injection that answers in the vendor's
//! own error shape, bounded JSON input, conditional GETs, the caller's credential
//! (bearer or Basic), long lists streamed from a snapshot. A vendor's sandbox (under `backends/<vendor>/sandbox/`) builds
//! its own router from these parts; the kit never names a vendor. It never touches
//! the terminal.

pub mod caller;
mod conditional;
mod error;
mod faults;
pub mod input;
mod running;
mod serve;
mod shared;
mod shed;
mod streamed;

pub use conditional::{conditional, conditional_json, etag, json_response};
pub use error::{ErrorStyle, FieldError, Outcome, Refusal, answer, has_content_type, summarize};
pub use faults::{FaultScope, Faults};
pub use running::{
    DemoToken, RunningSandbox, SandboxError, SandboxOptions, Starting, read_seed, spawn,
    start_with_args,
};
pub use serve::SlowClients;
pub use shared::Shared;
pub use streamed::{Listed, PIECE_BYTES, Snapshotted, json_list};

#[cfg(test)]
mod tests;
