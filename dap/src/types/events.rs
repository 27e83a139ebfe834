//! Bodies of the standard events the adapter sends.
//!
//! Each implements [`EventBody`], so `Event::of(&body)` always pairs a body
//! with its own event name. `initialized` has no body: `Event::new("initialized")`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bodies::Breakpoint;
use super::common::Source;
use crate::message::EventBody;

/// Body of `stopped`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoppedEventBody {
    /// `step`, `breakpoint`, `exception`, `pause`, `entry`, ... (shown when
    /// `description` is absent, so not translated).
    pub reason: String,
    /// Full reason shown in the UI, e.g. "Paused on exception".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The thread that stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<i64>,
    /// Do not move the editor's focus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_focus_hint: Option<bool>,
    /// Extra text, e.g. the error message for `exception`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Every thread stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_threads_stopped: Option<bool>,
    /// Ids of the breakpoints that were hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit_breakpoint_ids: Option<Vec<i64>>,
}

impl EventBody for StoppedEventBody {
    const EVENT: &'static str = "stopped";
}

/// Body of `continued`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContinuedEventBody {
    /// The thread that resumed.
    pub thread_id: i64,
    /// Every thread resumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_threads_continued: Option<bool>,
}

impl EventBody for ContinuedEventBody {
    const EVENT: &'static str = "continued";
}

/// Body of `output`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputEventBody {
    /// `console` (the default), `important`, `stdout`, `stderr`, `telemetry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The text, newlines included.
    pub output: String,
    /// Start or end a collapsible group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<OutputGroup>,
    /// If positive, the output has children fetched with `variables`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables_reference: Option<i64>,
    /// Where the output was produced (e.g. a `print` call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Line in `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
    /// Column in `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<i64>,
    /// Extra data, e.g. for telemetry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Reference for the `locations` request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_reference: Option<i64>,
}

impl EventBody for OutputEventBody {
    const EVENT: &'static str = "output";
}

/// `OutputEvent.body.group`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OutputGroup {
    /// Start an expanded group.
    Start,
    /// Start a collapsed group.
    StartCollapsed,
    /// End the current group.
    End,
}

/// Body of `exited`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExitedEventBody {
    /// Exit code of the debuggee.
    pub exit_code: i64,
}

impl EventBody for ExitedEventBody {
    const EVENT: &'static str = "exited";
}

/// Body of `terminated`; may be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminatedEventBody {
    /// Ask the client to restart; the value comes back as `__restart`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<Value>,
}

impl EventBody for TerminatedEventBody {
    const EVENT: &'static str = "terminated";
}

/// Body of `thread`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadEventBody {
    /// `started` or `exited`.
    pub reason: String,
    /// The thread.
    pub thread_id: i64,
}

impl EventBody for ThreadEventBody {
    const EVENT: &'static str = "thread";
}

/// Body of `breakpoint`: a breakpoint changed after it was set (e.g. it got
/// verified once its chunk loaded).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BreakpointEventBody {
    /// `changed`, `new` or `removed`.
    pub reason: String,
    /// The breakpoint; `id` identifies which one.
    pub breakpoint: Breakpoint,
}

impl EventBody for BreakpointEventBody {
    const EVENT: &'static str = "breakpoint";
}

/// Body of `progressStart`, e.g. while a snapshot is taken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressStartEventBody {
    /// Identifier reused by the update and end events.
    pub progress_id: String,
    /// Title shown.
    pub title: String,
    /// The request this progress belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
    /// Show a cancel button (sends `cancel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellable: Option<bool>,
    /// Detail text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Percentage done, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<f64>,
}

impl EventBody for ProgressStartEventBody {
    const EVENT: &'static str = "progressStart";
}

/// Body of `progressUpdate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressUpdateEventBody {
    /// Identifier from `progressStart`.
    pub progress_id: String,
    /// New detail text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Percentage done, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<f64>,
}

impl EventBody for ProgressUpdateEventBody {
    const EVENT: &'static str = "progressUpdate";
}

/// Body of `progressEnd`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEndEventBody {
    /// Identifier from `progressStart`.
    pub progress_id: String,
    /// Final text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl EventBody for ProgressEndEventBody {
    const EVENT: &'static str = "progressEnd";
}
