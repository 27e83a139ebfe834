//! `setFunctionBreakpoints` on the server thread: each breakpoint gets an
//! id and its hit condition is checked; whether its name holds a Lua
//! function is for the VM to find out (`debugger/stopped/function_bps.rs`),
//! which sends a `breakpoint` event when it does (and whenever that
//! changes). Until then the breakpoint is pending.

use dap::types::{Breakpoint, BreakpointReason, SetFunctionBreakpointsArguments};

use crate::debugger::breakpoints::{FunctionSpec, HitCondition};

/// The response's breakpoints, and the specs for the VM.
pub fn verify(
    args: &SetFunctionBreakpointsArguments,
    next_id: &mut i64,
) -> (Vec<Breakpoint>, Vec<FunctionSpec>) {
    let mut response = Vec::new();
    let mut specs = Vec::new();
    for bp in &args.breakpoints {
        let id = *next_id;
        *next_id += 1;
        let hit = match bp.hit_condition.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(text) => match HitCondition::parse(text) {
                Ok(hit) => Some(hit),
                Err(message) => {
                    response.push(Breakpoint {
                        id: Some(id),
                        verified: false,
                        message: Some(message),
                        reason: Some(BreakpointReason::Failed),
                        ..Breakpoint::default()
                    });
                    continue;
                }
            },
            None => None,
        };
        response.push(Breakpoint {
            id: Some(id),
            verified: false,
            message: Some(format!(
                "'{}' is looked up when the program runs",
                bp.name.trim()
            )),
            reason: Some(BreakpointReason::Pending),
            ..Breakpoint::default()
        });
        specs.push(FunctionSpec {
            id,
            name: bp.name.clone(),
            condition: bp.condition.clone().filter(|c| !c.trim().is_empty()),
            hit,
        });
    }
    (response, specs)
}
