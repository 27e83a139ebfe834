//! `lua-snapshot dap`, one module per topic; `support` is the test client.

pub mod support;

mod baseline;
mod breakpoints;
mod conventions;
mod deep_stacks;
mod disconnect;
mod exception_conditions;
mod exceptions;
mod export;
mod faults;
mod hook_paths;
mod huge_tables;
mod lifecycle;
mod loaded_sources;
mod odd_paths;
mod pause;
mod port;
mod protocol_fuzz;
mod retained;
mod runaway;
mod snapshots;
mod stepping;
mod temporaries;
mod terminal;
mod user_hooks;
mod variables;
