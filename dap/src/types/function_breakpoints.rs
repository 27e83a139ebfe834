//! The `setFunctionBreakpoints` request.

use serde::{Deserialize, Serialize};

/// A breakpoint on a function, by name (`FunctionBreakpoint`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionBreakpoint {
    /// The function's name, e.g. `Game.update` or `Entity:spawn`.
    pub name: String,
    /// Stop only when this Lua expression is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Stop only when the hit count satisfies this, e.g. `>= 3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit_condition: Option<String>,
}

/// Arguments of `setFunctionBreakpoints`: the full set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetFunctionBreakpointsArguments {
    /// The breakpoints; an empty list clears them.
    pub breakpoints: Vec<FunctionBreakpoint>,
}
