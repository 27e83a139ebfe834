//! Small DAP types shared by requests, responses and events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A source file, or code the adapter serves by reference (`Source` in the
/// schema). Either `path` or a positive `sourceReference` identifies it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Short name shown in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Path on disk (the client's path format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// If positive, the content is fetched with the `source` request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_reference: Option<i64>,
    /// How the UI should show this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentation_hint: Option<SourcePresentationHint>,
    /// Where the source comes from, e.g. "internal module".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Related sources, e.g. the originals behind generated code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
    /// Adapter data the client keeps and sends back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapter_data: Option<Value>,
    /// Checksums of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksums: Option<Vec<Checksum>>,
}

/// `Source.presentationHint` (a closed enum in the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourcePresentationHint {
    /// Shown as usual.
    Normal,
    /// Highlighted.
    Emphasize,
    /// Greyed out, e.g. library code.
    Deemphasize,
}

/// A checksum of a source's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checksum {
    /// The algorithm used.
    pub algorithm: ChecksumAlgorithm,
    /// The checksum, as the algorithm spells it.
    pub checksum: String,
}

/// `ChecksumAlgorithm`: names exactly as the schema spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChecksumAlgorithm {
    /// MD5.
    #[serde(rename = "MD5")]
    Md5,
    /// SHA-1.
    #[serde(rename = "SHA1")]
    Sha1,
    /// SHA-256.
    #[serde(rename = "SHA256")]
    Sha256,
    /// A modification time stamp.
    #[serde(rename = "timestamp")]
    Timestamp,
}

/// The DAP `Message`: a structured error, sent as `body.error` of an error
/// response. VS Code shows `format` when `showUser` is true.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Identifier of this kind of error.
    pub id: i64,
    /// The text; `{name}` is replaced with `variables[name]`.
    pub format: String,
    /// Values for the placeholders of `format`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<BTreeMap<String, String>>,
    /// Whether to send it to telemetry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_telemetry: Option<bool>,
    /// Whether to show it to the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_user: Option<bool>,
    /// A link with more information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The label of that link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_label: Option<String>,
}

/// How values are formatted (`ValueFormat`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueFormat {
    /// Show numbers in hexadecimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex: Option<bool>,
}

/// How stack frames are labelled (`StackFrameFormat`, which extends
/// `ValueFormat`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackFrameFormat {
    /// Show numbers in hexadecimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex: Option<bool>,
    /// Show the parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<bool>,
    /// Show parameter types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_types: Option<bool>,
    /// Show parameter names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_names: Option<bool>,
    /// Show parameter values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_values: Option<bool>,
    /// Show the line number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<bool>,
    /// Show the module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<bool>,
    /// Include all frames, even hidden ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_all: Option<bool>,
}

/// How the UI should render a variable (`VariablePresentationHint`). Its
/// values are open enums in the schema, hence strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariablePresentationHint {
    /// e.g. `property`, `method`, `data`, `virtual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// e.g. `readOnly`, `rawString`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<String>>,
    /// e.g. `public`, `private`, `internal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// The value is fetched only when the user expands it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lazy: Option<bool>,
}

/// When an exception stops execution (`ExceptionBreakMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExceptionBreakMode {
    /// Never break.
    Never,
    /// Always break.
    Always,
    /// Break when the exception is not handled.
    Unhandled,
    /// Break when not handled by user code.
    UserUnhandled,
}

/// Granularity of a step (`SteppingGranularity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SteppingGranularity {
    /// One statement.
    Statement,
    /// One line.
    Line,
    /// One instruction.
    Instruction,
}
