//! The MuninX backend: its wire format (shared with the embedded sandbox).

pub mod wire;
