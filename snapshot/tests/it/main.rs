//! The engine's integration tests, one program.

mod diagnostics;
mod userdata;
