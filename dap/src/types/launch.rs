//! Arguments of `launch` and `restart`: the standard fields plus this
//! adapter's own launch configuration.
//!
//! These fields are what users type in `launch.json`, so every optional one
//! tolerates being absent, and [`crate::parse_args`] names the field a typo
//! broke.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Arguments of `launch` (`LaunchRequestArguments` plus the adapter's fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchRequestArguments {
    /// Run without debugging (no breakpoints, no stops).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_debug: Option<bool>,
    /// Data from a previous `terminated` event's `restart`, passed back.
    #[serde(rename = "__restart", default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<Value>,
    /// The Lua script to run.
    pub program: String,
    /// Arguments of the script (Lua's `arg` table).
    #[serde(default)]
    pub args: Vec<String>,
    /// Working directory of the script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    /// Environment changes: a string sets the variable, `null` removes it.
    #[serde(default)]
    pub env: HashMap<String, Option<String>>,
    /// Stop at the first line of the script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_entry: Option<bool>,
    /// Value of `package.path` for the script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lua_path: Option<String>,
    /// Value of `package.cpath` for the script.
    #[serde(rename = "luaCPath", default, skip_serializing_if = "Option::is_none")]
    pub lua_c_path: Option<String>,
    /// Cap on the Lua heap, in MiB.
    #[serde(
        rename = "memoryLimitMB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub memory_limit_mb: Option<u64>,
    /// Take a heap snapshot each time the program stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_on_stop: Option<bool>,
    /// How many snapshots to keep before dropping the oldest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_snapshots: Option<u32>,
    /// Where the program's stdin/stdout are: `internalConsole` (the
    /// default: output events, no input), `integratedTerminal` or
    /// `externalTerminal` (through `runInTerminal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub console: Option<String>,
}

/// Arguments of `restart` (`RestartArguments`): the latest launch
/// configuration, so edits to `launch.json` apply on restart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartArguments {
    /// The launch arguments, when the client sends them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<LaunchRequestArguments>,
}

/// Arguments of `attach`: the standard fields plus the snapshot options that
/// apply to a running host. `port` and `host` say where the editor connected
/// (the host's `lsnapshot.listen`); the host itself does not need them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachRequestArguments {
    /// Data from a previous `terminated` event's `restart`, passed back.
    #[serde(rename = "__restart", default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<Value>,
    /// The port the host listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The host's address (127.0.0.1 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Take a heap snapshot each time the program stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_on_stop: Option<bool>,
    /// How many snapshots to keep before dropping the oldest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_snapshots: Option<u32>,
}
