//! The custom requests of the heap-snapshot feature.
//!
//! They are not part of DAP: the VS Code extension sends them with
//! `session.customRequest(...)` and shows the bodies in its own views, so the
//! shapes here are the contract between the extension and the adapter. Fields
//! documented as nullable are serialized as `null`, never left out, so the
//! extension can rely on every key being present.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Command of [`TakeSnapshotArguments`].
pub const TAKE_SNAPSHOT: &str = "takeSnapshot";
/// Command listing snapshots; answered with [`ListSnapshotsResponseBody`].
pub const LIST_SNAPSHOTS: &str = "listSnapshots";
/// Command of [`DeleteSnapshotArguments`].
pub const DELETE_SNAPSHOT: &str = "deleteSnapshot";
/// Command of [`DiffSnapshotsArguments`].
pub const DIFF_SNAPSHOTS: &str = "diffSnapshots";
/// Command of [`ExportSnapshotArguments`].
pub const EXPORT_SNAPSHOT: &str = "exportSnapshot";
/// Command of [`SetBaselineArguments`].
pub const SET_BASELINE: &str = "setBaseline";
/// Event sent by `snapshotOnStop` at each stop, before `snapshotDiff` and
/// `stopped`: the snapshot just taken, as a [`SnapshotSummary`].
pub const SNAPSHOT_TAKEN_EVENT: &str = "snapshotTaken";
/// Event sent by `snapshotOnStop` from the second stop on: the
/// [`DiffSnapshotsResponseBody`] from the baseline to the stop's snapshot.
pub const SNAPSHOT_DIFF_EVENT: &str = "snapshotDiff";

/// Default of [`DiffSnapshotsArguments::limit`].
pub const DEFAULT_DIFF_LIMIT: u64 = 200;

fn yes() -> bool {
    true
}

fn default_diff_limit() -> u64 {
    DEFAULT_DIFF_LIMIT
}

/// A source position: `{path, line}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Source file, as the engine reports it (a `file://` URI for clients
    /// with `pathFormat: "uri"`).
    pub path: String,
    /// Line number, 1-based (0-based for clients with `linesStartAt1:
    /// false`).
    pub line: i64,
}

/// Arguments of `takeSnapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeSnapshotArguments {
    /// Name shown in the snapshot list; the adapter picks one if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Run a full garbage collection first, so only live objects are counted
    /// (default true).
    #[serde(default = "yes")]
    pub gc: bool,
}

impl Default for TakeSnapshotArguments {
    fn default() -> Self {
        TakeSnapshotArguments {
            label: None,
            gc: true,
        }
    }
}

/// Body of the `takeSnapshot` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TakeSnapshotResponseBody {
    /// Identifier used by the other snapshot requests.
    pub id: u64,
    /// The label given or chosen.
    pub label: String,
    /// Number of objects in the snapshot.
    pub object_count: u64,
    /// Sum of their sizes, in bytes.
    pub total_size: u64,
    /// Lua's own count of heap bytes (`collectgarbage("count")`).
    pub heap_bytes: u64,
    /// Time taken, in milliseconds.
    pub duration_ms: f64,
    /// Where the program was stopped, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<Location>,
}

/// One entry of the `listSnapshots` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotSummary {
    /// Identifier.
    pub id: u64,
    /// Label.
    pub label: String,
    /// Number of objects.
    pub object_count: u64,
    /// Sum of their sizes, in bytes.
    pub total_size: u64,
    /// Lua's own count of heap bytes.
    pub heap_bytes: u64,
    /// Where the program was stopped, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<Location>,
    /// Whether `snapshotOnStop` diffs against this one (see `setBaseline`).
    #[serde(default)]
    pub baseline: bool,
}

/// Body of the `listSnapshots` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSnapshotsResponseBody {
    /// Snapshots kept, oldest first.
    pub snapshots: Vec<SnapshotSummary>,
}

/// Arguments of `deleteSnapshot`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteSnapshotArguments {
    /// The snapshot to drop.
    pub id: u64,
}

/// Arguments of `setBaseline`: the snapshot the `snapshotDiff` events of
/// the next stops start from (by default the first stop's). The baseline is
/// never dropped by `maxSnapshots`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetBaselineArguments {
    /// The snapshot.
    pub id: u64,
}

/// Arguments of `diffSnapshots`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSnapshotsArguments {
    /// The older snapshot.
    pub from: u64,
    /// The newer snapshot.
    pub to: u64,
    /// Most top entries listed in `added` (objects no other added object
    /// dominates), and most objects listed under them; the counts cover
    /// all of them.
    #[serde(default = "default_diff_limit")]
    pub limit: u64,
}

/// An object of a diff: the fields are always present, nullable ones as `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffObject {
    /// Address, e.g. `0x55d2c0a1b2c0`.
    pub address: String,
    /// Lua type, e.g. `table`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Size in bytes.
    pub size: u64,
    /// Function source or similar description; `null` when none.
    pub source: Option<String>,
    /// Where it was defined; `null` when unknown.
    pub location: Option<Location>,
    /// Retention paths from the root (see docs/REPORTS.md).
    pub paths: Vec<String>,
    /// Bytes freed if the object were gone (its own and those of every
    /// object it dominates).
    pub retained_size: u64,
    /// Objects it dominates, itself included.
    pub retained_count: u64,
    /// Its class: the metatable's name, `function@file.lua:12`, `table`…
    pub class: String,
    /// Address of the nearest listed object that dominates it (the entry
    /// it folds under); `null` for a top entry.
    pub dominator: Option<String>,
    /// A string's text (its first bytes, `…` where cut), when the program
    /// was paused in the VM that holds it; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An object present in both snapshots whose size grew.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrownObject {
    /// Address.
    pub address: String,
    /// Its retention path.
    pub path: String,
    /// Size in the older snapshot, in bytes.
    pub before: u64,
    /// Size in the newer snapshot, in bytes.
    pub after: u64,
}

/// Body of the `diffSnapshots` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffSnapshotsResponseBody {
    /// The older snapshot.
    pub from: u64,
    /// The newer snapshot.
    pub to: u64,
    /// Number of objects only in `to`.
    pub added_count: u64,
    /// Their total size, in bytes.
    pub added_size: u64,
    /// First the top entries (`dominator` null), largest retained size
    /// first, at most `limit`; then the objects folded under them, largest
    /// first, at most `limit`.
    pub added: Vec<DiffObject>,
    /// Number of top entries among all the added objects.
    #[serde(default)]
    pub top_count: u64,
    /// Number of objects only in `from`.
    pub removed_count: u64,
    /// Their total size, in bytes.
    pub removed_size: u64,
    /// Objects that grew.
    pub grown: Vec<GrownObject>,
    /// Leaked closures as LSP `PublishDiagnosticsParams`, one per source
    /// file (built by the engine with `lsp-types`).
    pub diagnostics: Vec<Value>,
}

/// Format of an exported snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Machine-readable JSON.
    Json,
    /// The text report.
    Text,
    /// Chrome DevTools' `.heapsnapshot` (JSON).
    Heapsnapshot,
}

/// Arguments of `exportSnapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSnapshotArguments {
    /// The snapshot.
    pub id: u64,
    /// File to write.
    pub path: String,
    /// `json`, `text` or `heapsnapshot`.
    pub format: ExportFormat,
}

/// Body of the `exportSnapshot` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSnapshotResponseBody {
    /// The file written.
    pub path: String,
}

/// Command of [`SnapshotSummaryArguments`]: DevTools' Summary view of one
/// snapshot (objects per class), and its Comparison view with a baseline.
pub const SNAPSHOT_SUMMARY: &str = "snapshotSummary";

/// Arguments of `snapshotSummary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummaryArguments {
    /// The snapshot.
    pub snapshot: u64,
    /// An older snapshot to compare with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<u64>,
}

/// One class of a snapshot. The comparison fields are present only when a
/// baseline was given. Field names are those of `run --json`'s `classes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    /// `Entity` (metatable name), `function@bus.lua:16`, `table`…
    pub class: String,
    /// Objects of the class.
    pub count: u64,
    /// Their own bytes.
    pub size: u64,
    /// Bytes they retain together (each object counted once).
    pub retained_size: u64,
    /// `count` minus the baseline's count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_delta: Option<i64>,
    /// `size` minus the baseline's size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_delta: Option<i64>,
    /// Objects the baseline does not have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_count: Option<u64>,
    /// Their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_size: Option<u64>,
    /// Objects of the baseline that are gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freed_count: Option<u64>,
    /// Their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freed_size: Option<u64>,
}

/// Body of the `snapshotSummary` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummaryResponseBody {
    /// The snapshot.
    pub snapshot: u64,
    /// The baseline compared with; `null` without one.
    pub baseline: Option<u64>,
    /// Every class, largest retained size first.
    pub classes: Vec<ClassSummary>,
}
