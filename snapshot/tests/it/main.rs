//! The engine's integration tests, one program.

mod cancelled_walk;
mod diagnostics;
mod upvalue_cells;
mod userdata;
