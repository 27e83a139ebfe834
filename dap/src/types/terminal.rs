//! The `runInTerminal` reverse request.

use serde::{Deserialize, Serialize};

/// Arguments of `runInTerminal` (adapter -> client).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunInTerminalRequestArguments {
    /// `integrated` or `external`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The terminal's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Working directory of the command.
    pub cwd: String,
    /// The command and its arguments, passed verbatim.
    pub args: Vec<String>,
}
