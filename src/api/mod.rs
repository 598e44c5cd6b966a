//! Backend-neutral domain model, backend adapters, the client task and the error
//! normaliser. Nothing here knows about the terminal.
pub mod approval;
pub mod audit;
pub mod backend;
pub mod bulk;
pub mod client;
pub mod error;
pub mod journal;
pub mod model;
pub mod page;
pub mod problem;
pub mod schema;
pub mod secret;
pub mod stream;
pub mod tls;
pub mod transport;
pub mod value;
