//! The engine's integration tests, one program.

mod diagnostics;
mod upvalue_cells;
mod userdata;
