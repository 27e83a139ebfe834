//! `lua-snapshot dap`, one module per topic; `support` is the test client.

mod support;

mod breakpoints;
mod exceptions;
mod faults;
mod hook_paths;
mod lifecycle;
mod pause;
mod snapshots;
mod stepping;
mod variables;
