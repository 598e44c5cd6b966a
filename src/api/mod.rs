//! Backend-neutral domain model, backend adapters and the client task.
//! Nothing here knows about the terminal.

pub mod muninx;
