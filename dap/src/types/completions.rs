//! The `completions` request (Debug Console and condition editors).

use serde::{Deserialize, Serialize};

/// Arguments of `completions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionsArguments {
    /// Frame whose scope is used; absent means the global scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<i64>,
    /// What the user typed so far (one or more lines).
    pub text: String,
    /// The cursor's position in `line` of `text`, in UTF-16 code units
    /// (`columnsStartAt1` decides the base).
    pub column: i64,
    /// The cursor's line in `text`; absent means the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<i64>,
}

/// One proposal (`CompletionItem`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionItem {
    /// Shown in the list, and inserted when `text` is absent.
    pub label: String,
    /// Inserted instead of `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Sorted by this instead of `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_text: Option<String>,
    /// More about the item, e.g. its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `method`, `function`, `field`, `variable`, `keyword`...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Where in the line the text replaces what was typed (UTF-16 units,
    /// `columnsStartAt1` decides the base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// How many UTF-16 units from `start` are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<i64>,
}

/// Body of the `completions` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionsResponseBody {
    /// The proposals.
    pub targets: Vec<CompletionItem>,
}
