//! Arguments of the standard requests the adapter handles.
//!
//! Field names follow the schema exactly (camelCase); optional fields are
//! `Option` and skipped when `None`, so a request built in a test serializes
//! to what a client would send. Requests without arguments in the schema
//! (`threads`) have no type here. `launch`/`restart` are in
//! [`super::launch`].

use serde::{Deserialize, Serialize};

use super::common::{
    ExceptionBreakMode, Source, StackFrameFormat, SteppingGranularity, ValueFormat,
};

/// Arguments of `initialize` (`InitializeRequestArguments`).
///
/// `adapterID` is required by the schema but optional here: the adapter does
/// not need it, and failing a session over it would help nobody.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitializeRequestArguments {
    /// Identifier of the client, e.g. `vscode`.
    #[serde(rename = "clientID", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Human-readable client name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The debug type, e.g. `lua-snapshot`.
    #[serde(rename = "adapterID", default, skip_serializing_if = "Option::is_none")]
    pub adapter_id: Option<String>,
    /// Locale of the UI, e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Lines are 1-based (the default) or 0-based.
    #[serde(
        rename = "linesStartAt1",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lines_start_at_1: Option<bool>,
    /// Columns are 1-based (the default) or 0-based.
    #[serde(
        rename = "columnsStartAt1",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub columns_start_at_1: Option<bool>,
    /// `path` (the default) or `uri`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_format: Option<String>,
    /// The client shows `Variable.type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_variable_type: Option<bool>,
    /// The client pages through indexed variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_variable_paging: Option<bool>,
    /// The client implements `runInTerminal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_run_in_terminal_request: Option<bool>,
    /// The client understands memory references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_memory_references: Option<bool>,
    /// The client shows `progressStart`/`Update`/`End` events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_progress_reporting: Option<bool>,
    /// The client handles the `invalidated` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_invalidated_event: Option<bool>,
    /// The client handles the `memory` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_memory_event: Option<bool>,
    /// The client may pass `runInTerminal` arguments through a shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_args_can_be_interpreted_by_shell: Option<bool>,
    /// The client implements `startDebugging`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports_start_debugging_request: Option<bool>,
    /// The client renders ANSI escapes in output and values.
    #[serde(
        rename = "supportsANSIStyling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supports_ansi_styling: Option<bool>,
}

/// A breakpoint as the user set it (`SourceBreakpoint`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceBreakpoint {
    /// Line of the breakpoint.
    pub line: i64,
    /// Column, when the user set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    /// Stop only when this Lua expression is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Stop only when the hit count satisfies this, e.g. `>= 3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit_condition: Option<String>,
    /// Log this (with `{expr}` interpolated) instead of stopping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_message: Option<String>,
    /// One of `Capabilities.breakpointModes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// Arguments of `setBreakpoints`: the full set for one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetBreakpointsArguments {
    /// The source the breakpoints are in.
    pub source: Source,
    /// The breakpoints; absent means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakpoints: Option<Vec<SourceBreakpoint>>,
    /// Deprecated list of lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<i64>>,
    /// The source was edited since the breakpoints were set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_modified: Option<bool>,
}

/// An exception filter with options (`ExceptionFilterOptions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionFilterOptions {
    /// One of `Capabilities.exceptionBreakpointFilters[].filter`.
    pub filter_id: String,
    /// Break only when this expression is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// One of `Capabilities.breakpointModes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// One segment of an exception path (`ExceptionPathSegment`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionPathSegment {
    /// Match anything but `names`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negate: Option<bool>,
    /// Names matched by this segment.
    pub names: Vec<String>,
}

/// When to break on an exception (`ExceptionOptions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionOptions {
    /// Which exceptions this applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<ExceptionPathSegment>>,
    /// When to break.
    pub break_mode: ExceptionBreakMode,
}

/// Arguments of `setExceptionBreakpoints`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetExceptionBreakpointsArguments {
    /// Enabled filter ids.
    pub filters: Vec<String>,
    /// Enabled filters with conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_options: Option<Vec<ExceptionFilterOptions>>,
    /// Finer configuration, if `supportsExceptionOptions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_options: Option<Vec<ExceptionOptions>>,
}

/// Arguments of `exceptionInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionInfoArguments {
    /// Thread stopped on the exception.
    pub thread_id: i64,
}

/// Arguments of `configurationDone` (none are defined).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigurationDoneArguments {}

/// Arguments of `stackTrace`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackTraceArguments {
    /// Thread whose stack is wanted.
    pub thread_id: i64,
    /// Index of the first frame to return (0 = innermost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_frame: Option<i64>,
    /// Maximum number of frames; absent or 0 means all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<i64>,
    /// How to label frames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<StackFrameFormat>,
}

/// Arguments of `scopes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopesArguments {
    /// Frame id from a `stackTrace` response.
    pub frame_id: i64,
}

/// `VariablesArguments.filter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VariablesFilter {
    /// Only array-like children.
    Indexed,
    /// Only named children.
    Named,
}

/// Arguments of `variables`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariablesArguments {
    /// Reference from a scope, variable or evaluate result.
    pub variables_reference: i64,
    /// Restrict to indexed or named children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<VariablesFilter>,
    /// Index of the first child to return (paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// Number of children to return; absent or 0 means all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// How to format values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,
}

/// Arguments of `setVariable`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetVariableArguments {
    /// Container of the variable.
    pub variables_reference: i64,
    /// Name of the variable in that container.
    pub name: String,
    /// The new value, as an expression.
    pub value: String,
    /// How to format the value returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,
}

/// Arguments of `evaluate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateArguments {
    /// The expression.
    pub expression: String,
    /// Frame to evaluate in; absent means global scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<i64>,
    /// Line of the expression, when it comes from a source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
    /// Column of the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    /// Source of the expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// `watch`, `repl`, `hover`, `clipboard` or `variables`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// How to format the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,
}

/// Arguments of `continue`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContinueArguments {
    /// Thread to resume.
    pub thread_id: i64,
    /// Resume only that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_thread: Option<bool>,
}

/// Arguments of `next`, `stepOut` (and `stepIn`, which adds a target).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepArguments {
    /// Thread to step.
    pub thread_id: i64,
    /// Resume only that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_thread: Option<bool>,
    /// Step by statement, line or instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<SteppingGranularity>,
}

/// Arguments of `next`.
pub type NextArguments = StepArguments;
/// Arguments of `stepOut`.
pub type StepOutArguments = StepArguments;

/// Arguments of `stepIn`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepInArguments {
    /// Thread to step.
    pub thread_id: i64,
    /// Resume only that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_thread: Option<bool>,
    /// Which call to step into, from `stepInTargets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<i64>,
    /// Step by statement, line or instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<SteppingGranularity>,
}

/// Arguments of `pause`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PauseArguments {
    /// Thread to pause.
    pub thread_id: i64,
}

/// Arguments of `terminate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminateArguments {
    /// The termination is part of a restart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<bool>,
}

/// Arguments of `disconnect`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisconnectArguments {
    /// The disconnect is part of a restart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<bool>,
    /// Kill the debuggee (the default for launched programs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminate_debuggee: Option<bool>,
    /// Leave the debuggee suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend_debuggee: Option<bool>,
}

/// Arguments of `source`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceArguments {
    /// The source, when the client has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Reference of the content wanted (also in `source.sourceReference`).
    pub source_reference: i64,
}

/// Arguments of `cancel`: the request, or the progress, to cancel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelArguments {
    /// The `seq` of the request to cancel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
    /// The `progressId` of the progress to cancel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_id: Option<String>,
}
