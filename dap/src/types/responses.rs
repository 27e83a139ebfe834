//! Bodies of the responses to standard requests.
//!
//! The `initialize` response's body is [`super::Capabilities`]; requests
//! answered without a body (`launch`, `next`...) have no type here.

use serde::{Deserialize, Serialize};

use super::bodies::{Breakpoint, ExceptionDetails, Scope, StackFrame, Thread, Variable};
use super::common::{ExceptionBreakMode, Message, VariablePresentationHint};

/// Body of the `setBreakpoints` response: one entry per requested breakpoint,
/// in the same order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SetBreakpointsResponseBody {
    /// The breakpoints as resolved.
    pub breakpoints: Vec<Breakpoint>,
}

/// Body of the `setExceptionBreakpoints` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SetExceptionBreakpointsResponseBody {
    /// One entry per filter, when the adapter reports them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakpoints: Option<Vec<Breakpoint>>,
}

/// Body of the `exceptionInfo` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionInfoResponseBody {
    /// Identifier of the exception, e.g. `error`.
    pub exception_id: String,
    /// The message shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Why execution broke.
    pub break_mode: ExceptionBreakMode,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<ExceptionDetails>,
}

/// Body of the `threads` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadsResponseBody {
    /// All threads.
    pub threads: Vec<Thread>,
}

/// Body of the `stackTrace` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackTraceResponseBody {
    /// The frames asked for, innermost first.
    pub stack_frames: Vec<StackFrame>,
    /// Total number of frames, so the client can page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_frames: Option<i64>,
}

/// Body of the `scopes` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScopesResponseBody {
    /// The scopes of the frame.
    pub scopes: Vec<Scope>,
}

/// Body of the `variables` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariablesResponseBody {
    /// The children asked for.
    pub variables: Vec<Variable>,
}

/// Body of the `setVariable` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetVariableResponseBody {
    /// The new value.
    pub value: String,
    /// Its type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// If positive, its children are fetched with `variables`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables_reference: Option<i64>,
    /// Number of named children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_variables: Option<i64>,
    /// Number of indexed children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_variables: Option<i64>,
    /// Memory reference of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reference: Option<String>,
    /// Reference for the `locations` request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_location_reference: Option<i64>,
}

/// Body of the `evaluate` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateResponseBody {
    /// The value as text.
    pub result: String,
    /// Its type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// How to render it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_hint: Option<VariablePresentationHint>,
    /// If positive, its children are fetched with `variables`.
    pub variables_reference: i64,
    /// Number of named children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_variables: Option<i64>,
    /// Number of indexed children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_variables: Option<i64>,
    /// Memory reference of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reference: Option<String>,
    /// Reference for the `locations` request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_location_reference: Option<i64>,
}

/// Body of the `continue` response (the schema requires a body, even empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContinueResponseBody {
    /// All threads resumed (the default is true for single-threaded Lua).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_threads_continued: Option<bool>,
}

/// Body of the `source` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceResponseBody {
    /// The content.
    pub content: String,
    /// Its MIME type, e.g. `text/x-lua`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

/// Body of an error response; built by [`crate::Response::error`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorResponseBody {
    /// The structured error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Message>,
}
