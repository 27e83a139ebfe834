//! What runs while the program is stopped, or interrupted between two of
//! its instructions: the stop loop (`stop.rs`, entered from the hook through
//! the debugger's entry function), the requests it answers (`requests.rs`),
//! the stopped program's frames (`frames.rs`, read through the C API in
//! `frame_access.rs`), `scopes`/`variables` (`variables.rs`, `values.rs`),
//! `evaluate` and conditions (`eval.rs`), whether an error stops
//! (`exception_conditions.rs`), and the snapshot requests
//! (`snapshots.rs`).

mod completions;
mod eval;
mod exception_conditions;
mod frame_format;
mod frames;
mod function_bps;
mod raw_fields;
mod requests;
mod restart_frame;
mod set_expression;
mod snapshots;
mod stop;
mod values;
mod variables;

pub use eval::error_text;
pub use function_bps::{resolve_functions, set_functions};
pub use snapshots::serve_ended;
pub use stop::{entry_function, error_handlers, error_message, poll};
