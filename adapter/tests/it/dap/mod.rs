//! `lua-snapshot dap`, one module per topic; `support` is the test client.

pub mod runtime;
pub mod support;

mod baseline;
mod breakpoints;
mod completions;
mod conventions;
mod deep_stacks;
mod disconnect;
mod exception_conditions;
mod exceptions;
mod export;
mod faults;
mod function_breakpoints;
mod hook_paths;
mod huge_tables;
mod lifecycle;
mod loaded_sources;
mod luajit;
mod odd_paths;
mod pause;
mod port;
mod protocol_fuzz;
mod restart_frame;
mod retained;
mod runaway;
mod set_expression;
mod snapshots;
mod stepping;
mod temporaries;
mod terminal;
mod user_hooks;
mod value_format;
mod variables;
