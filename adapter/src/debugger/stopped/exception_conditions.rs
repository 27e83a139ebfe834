//! Whether an error stops, by the exception filters and their conditions.
//!
//! A filter's condition is a Lua expression in which `err` is the error
//! value and `message` its text (what the `stopped` event shows), e.g.
//! `message:find("timeout")` or `type(err) == "table" and err.code == 404`.
//! It sees the globals, not the raising frame's locals, and runs guarded
//! like breakpoint conditions (`hook::call_guarded`): `pause` and
//! `terminate` interrupt it, and no hook of the script runs meanwhile. A
//! condition that fails says so on the console and stops, as a breakpoint
//! condition does.

use std::sync::atomic::Ordering;

use mlua::{Lua, MultiValue, Value};

use crate::debugger::control::IN_DEBUGGER;
use crate::debugger::exception_filters as filters;
use crate::debugger::hook;
use crate::debugger::state::Debugger;

/// Whether the filters stop on `error` (its text `message`): `caught` by a
/// `pcall`, or the out-of-memory error of the memory limit.
pub fn wanted(
    dbg: &Debugger,
    lua: &Lua,
    error: &Value,
    message: &str,
    caught: bool,
    out_of_memory: bool,
) -> bool {
    if out_of_memory && filters::out_of_memory() {
        return true;
    }
    let raised = filters::raised();
    let uncaught = !caught && filters::uncaught();
    if !raised && !uncaught {
        return false;
    }
    let conditions = filters::conditions();
    (raised && holds(dbg, lua, conditions.raised.as_deref(), error, message))
        || (uncaught && holds(dbg, lua, conditions.uncaught.as_deref(), error, message))
}

fn holds(dbg: &Debugger, lua: &Lua, condition: Option<&str>, error: &Value, message: &str) -> bool {
    let Some(code) = condition else {
        return true;
    };
    IN_DEBUGGER.store(true, Ordering::SeqCst);
    let result = evaluate(lua, code, error, message);
    IN_DEBUGGER.store(false, Ordering::SeqCst);
    match result {
        Ok(holds) => holds,
        Err(problem) => {
            dbg.client.output(
                "console",
                format!("exception condition '{code}' failed: {problem}\n"),
            );
            true
        }
    }
}

fn evaluate(lua: &Lua, code: &str, error: &Value, message: &str) -> Result<bool, String> {
    let function = lua
        .load(format!("local err, message = ...\nreturn {code}"))
        .set_name("=(exception condition)")
        .into_function()
        .map_err(|e| super::eval::error_text(&e))?;
    let message = lua.create_string(message).map_err(|e| e.to_string())?;
    let args = MultiValue::from_iter([error.clone(), Value::String(message)]);
    match hook::call_guarded(lua, &function, args) {
        Ok(Ok(values)) => Ok(!matches!(
            values.front(),
            None | Some(Value::Nil) | Some(Value::Boolean(false))
        )),
        Ok(Err(e)) => Err(super::stop::error_message(lua, &e)),
        Err(e) => Err(super::eval::error_text(&e)),
    }
}
