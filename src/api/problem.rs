//! Error normaliser (being written).
