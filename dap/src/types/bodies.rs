//! The data types responses are built from: breakpoints, frames, scopes,
//! variables, threads, exception details.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Source, VariablePresentationHint};

/// A breakpoint as the adapter resolved it (`Breakpoint`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Breakpoint {
    /// Identifier, needed to update it later with a `breakpoint` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Whether it can be hit (a line with code); unverified ones are greyed.
    pub verified: bool,
    /// Why it is unverified, or other information; shown on hover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Its source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Actual line, which may differ from the requested one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
    /// Actual column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    /// End line of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<i64>,
    /// End column of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<i64>,
    /// Memory reference of an instruction breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_reference: Option<String>,
    /// Offset from `instructionReference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Why unverified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BreakpointReason>,
}

/// `Breakpoint.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BreakpointReason {
    /// May still be verified later (e.g. code not loaded yet).
    Pending,
    /// Could not be set.
    Failed,
}

/// A frame of a call stack (`StackFrame`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackFrame {
    /// Identifier, used by `scopes` and `evaluate`.
    pub id: i64,
    /// Name shown, usually the function's.
    pub name: String,
    /// Its source; absent for C functions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Current line (0 when there is no source).
    pub line: i64,
    /// Current column (0 when unknown).
    pub column: i64,
    /// End line of the current range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<i64>,
    /// End column of the current range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<i64>,
    /// Whether `restartFrame` works on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_restart: Option<bool>,
    /// Memory reference of the current instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_pointer_reference: Option<String>,
    /// Module id, an integer or a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_id: Option<Value>,
    /// How to show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_hint: Option<StackFramePresentationHint>,
}

/// `StackFrame.presentationHint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StackFramePresentationHint {
    /// A usual frame.
    Normal,
    /// An artificial frame used as a separator.
    Label,
    /// Shown dimmed, e.g. internal frames.
    Subtle,
}

/// A scope of a frame, e.g. locals, upvalues, globals (`Scope`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// Name shown, e.g. `Locals`.
    pub name: String,
    /// `arguments`, `locals`, `registers`, `returnValue` or another string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_hint: Option<String>,
    /// Reference passed to `variables` to list it.
    pub variables_reference: i64,
    /// Number of named variables, for paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_variables: Option<i64>,
    /// Number of indexed variables, for paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_variables: Option<i64>,
    /// Costly to fetch: the client asks only when the user expands it.
    pub expensive: bool,
    /// Source of the scope's range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Start line of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
    /// Start column of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    /// End line of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<i64>,
    /// End column of the range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<i64>,
}

/// A variable or table field (`Variable`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    /// Name (or key) shown.
    pub name: String,
    /// Value shown; may be empty.
    pub value: String,
    /// Lua type, shown if the client supports variable types.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// How to render it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_hint: Option<VariablePresentationHint>,
    /// Expression that evaluates to it (for "Copy as Expression", watches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluate_name: Option<String>,
    /// If positive, the children are fetched with `variables`.
    pub variables_reference: i64,
    /// Number of named children, for paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_variables: Option<i64>,
    /// Number of indexed children, for paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_variables: Option<i64>,
    /// Memory reference of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reference: Option<String>,
    /// Reference for the `locations` request: where it is declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_location_reference: Option<i64>,
    /// Reference for the `locations` request: where its value is defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_location_reference: Option<i64>,
}

/// A thread; a Lua VM runs one (`Thread`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    /// Identifier.
    pub id: i64,
    /// Name shown.
    pub name: String,
}

/// Details of an exception (`ExceptionDetails`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionDetails {
    /// The error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Short type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// Fully qualified type name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_type_name: Option<String>,
    /// Expression that evaluates to the error value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluate_name: Option<String>,
    /// Traceback as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_trace: Option<String>,
    /// Nested errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inner_exception: Option<Vec<ExceptionDetails>>,
}
