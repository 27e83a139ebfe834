//! The `setExpression` request (VS Code's "Set Value" in Watch).

use serde::{Deserialize, Serialize};

use super::common::ValueFormat;

/// Arguments of `setExpression`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetExpressionArguments {
    /// The assignable expression, e.g. `player.hp`.
    pub expression: String,
    /// The new value, an expression itself.
    pub value: String,
    /// Frame to evaluate both in; absent means the global scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<i64>,
    /// How to format the value returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,
}

/// Body of the `setExpression` response: the new value, as `evaluate`
/// would show it. The schema's fields are `setVariable`'s plus a
/// `presentationHint`, which this adapter does not send.
pub type SetExpressionResponseBody = super::responses::SetVariableResponseBody;
