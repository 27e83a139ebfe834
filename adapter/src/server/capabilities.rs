//! What the adapter announces in the `initialize` response: only what it
//! implements.

use dap::types::{Capabilities, ExceptionBreakpointsFilter};

/// Exception filter: stop on errors that no `pcall` catches.
pub const FILTER_UNCAUGHT: &str = "uncaught";
/// Exception filter: stop on every error raised, caught or not.
pub const FILTER_RAISED: &str = "raised";

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
        supports_restart_frame: Some(true),
        supports_value_formatting_options: Some(true),
        supports_exception_info_request: Some(true),
        supports_terminate_request: Some(true),
        supports_restart_request: Some(true),
        supports_delayed_stack_trace_loading: Some(true),
        supports_completions_request: Some(true),
        completion_trigger_characters: Some(vec![".".into(), ":".into()]),
        exception_breakpoint_filters: Some(vec![
            ExceptionBreakpointsFilter {
                filter: FILTER_UNCAUGHT.into(),
                label: "Uncaught Errors".into(),
                description: Some("Stop on errors that no pcall catches".into()),
                default: Some(true),
                ..ExceptionBreakpointsFilter::default()
            },
            ExceptionBreakpointsFilter {
                filter: FILTER_RAISED.into(),
                label: "All Raised Errors".into(),
                description: Some("Stop on every error, even inside pcall".into()),
                default: Some(false),
                ..ExceptionBreakpointsFilter::default()
            },
        ]),
        ..Capabilities::default()
    }
}
