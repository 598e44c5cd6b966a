//! Profiles and configuration (being written).
