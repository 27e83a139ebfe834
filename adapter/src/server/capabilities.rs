//! What the adapter announces in the `initialize` response: only what it
//! implements.

use dap::types::{Capabilities, ExceptionBreakpointsFilter};

/// Exception filter: stop on errors that no `pcall` catches.
pub const FILTER_UNCAUGHT: &str = "uncaught";
/// Exception filter: stop on every error raised, caught or not.
pub const FILTER_RAISED: &str = "raised";
/// Exception filter: stop on out of memory under `memoryLimitMB`, caught or
/// not.
pub const FILTER_OUT_OF_MEMORY: &str = "outOfMemory";

/// What the condition of `uncaught` and `raised` is
/// (`debugger/stopped/exception_conditions.rs`).
const CONDITION_HELP: &str = "A Lua expression: err is the error value, message its text; \
     e.g. message:find(\"timeout\") or type(err) == \"table\" and err.code == 404";

pub fn capabilities() -> Capabilities {
    Capabilities {
        supports_configuration_done_request: Some(true),
        supports_conditional_breakpoints: Some(true),
        supports_function_breakpoints: Some(true),
        supports_hit_conditional_breakpoints: Some(true),
        supports_log_points: Some(true),
        supports_evaluate_for_hovers: Some(true),
        supports_set_variable: Some(true),
        supports_set_expression: Some(true),
        supports_restart_frame: Some(crate::debugger::RESTART_FRAME),
        supports_value_formatting_options: Some(true),
        supports_exception_info_request: Some(true),
        supports_terminate_request: Some(true),
        supports_restart_request: Some(true),
        supports_delayed_stack_trace_loading: Some(true),
        supports_cancel_request: Some(true),
        supports_loaded_sources_request: Some(crate::debugger::LOADED_SOURCES),
        supports_exception_filter_options: Some(true),
        support_terminate_debuggee: Some(true),
        supports_completions_request: Some(true),
        completion_trigger_characters: Some(vec![".".into(), ":".into()]),
        exception_breakpoint_filters: Some(vec![
            ExceptionBreakpointsFilter {
                filter: FILTER_UNCAUGHT.into(),
                label: "Uncaught Errors".into(),
                description: Some("Stop on errors that no pcall catches".into()),
                default: Some(true),
                supports_condition: Some(true),
                condition_description: Some(CONDITION_HELP.into()),
            },
            ExceptionBreakpointsFilter {
                filter: FILTER_RAISED.into(),
                label: "All Raised Errors".into(),
                description: Some("Stop on every error, even inside pcall".into()),
                default: Some(false),
                supports_condition: Some(true),
                condition_description: Some(CONDITION_HELP.into()),
            },
            ExceptionBreakpointsFilter {
                filter: FILTER_OUT_OF_MEMORY.into(),
                label: "Out of Memory".into(),
                description: Some(
                    "Stop when the program runs out of memory under memoryLimitMB, \
                     even inside pcall"
                        .into(),
                ),
                default: Some(false),
                ..ExceptionBreakpointsFilter::default()
            },
        ]),
        ..Capabilities::default()
    }
}
