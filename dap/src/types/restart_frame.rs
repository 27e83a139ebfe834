//! The `restartFrame` request.

use serde::{Deserialize, Serialize};

/// Arguments of `restartFrame`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartFrameArguments {
    /// The frame to run again from its start.
    pub frame_id: i64,
}
