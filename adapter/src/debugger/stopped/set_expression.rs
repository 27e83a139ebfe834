//! `setExpression`: assigns to an expression of the stopped frame as Lua
//! would (`player.hp = 42` runs `__newindex`), guarded like an evaluation:
//! a `__newindex` that loops is interrupted by `pause`, one that raises
//! answers with its message.

use std::path::Path;

use dap::types::SetExpressionResponseBody;
use mlua::{Lua, MultiValue, Value};

use super::eval;
use super::frames::StopContext;
use super::variables;
use crate::debugger::frame_access::FrameRef;

/// Assigns the value of `value` to `target` in `frame` (or the globals);
/// the response shows `target` afterwards as `evaluate` would.
pub fn set_expression(
    ctx: &StopContext,
    lua: &Lua,
    frame: Option<&FrameRef>,
    target: &str,
    value: &str,
    base_dir: &Path,
) -> Result<SetExpressionResponseBody, String> {
    let assignment = format!("{target} = ...");
    // Lua's grammar decides what is assignable; the parentheses keep
    // `a, b` or `x = 1; y` from passing as one target.
    let single = lua.load(format!("return ({target})")).into_function();
    if single.is_err() || lua.load(&assignment).into_function().is_err() {
        return Err(format!("'{target}' cannot be assigned"));
    }
    let new_value = first(eval::evaluate(lua, frame, value, false)?);
    eval::run(
        lua,
        frame,
        |env| {
            lua.load(&assignment)
                .set_name("=(setExpression)")
                .set_environment(env)
                .into_function()
                .map_err(|e| eval::error_text(&e))
        },
        MultiValue::from_iter([new_value]),
    )?;
    let now = first(eval::evaluate(lua, frame, target, false)?);
    let var = variables::variable(
        ctx,
        lua,
        String::new(),
        now,
        Some(target.to_owned()),
        base_dir,
    );
    Ok(SetExpressionResponseBody {
        value: var.value,
        type_: var.type_,
        variables_reference: Some(var.variables_reference),
        indexed_variables: var.indexed_variables,
        named_variables: var.named_variables,
        ..SetExpressionResponseBody::default()
    })
}

fn first(values: MultiValue) -> Value {
    values.into_iter().next().unwrap_or(Value::Nil)
}
