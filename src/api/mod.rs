//! Backend-neutral domain model, backend adapters, the client task and the error
//! normaliser. Nothing here knows about the terminal.

pub mod muninx;
pub mod problem;
pub mod secret;
