//! `scopes`, `variables` and `setVariable` over a [`StopContext`].

use std::path::Path;

use dap::types::{Scope, SetVariableResponseBody, Variable, VariablesArguments, VariablesFilter};
use mlua::{Lua, Table, Value};

use super::eval;
use super::frames::{Handle, ScopeKind, StopContext};
use super::values::{child_expression, key_name, show};
use crate::debugger::frame_access as raw;

/// Where a child lives, to assign it.
#[derive(Clone)]
enum Place {
    Local(i32),
    Upvalue(i32),
    Field(Value),
    Metatable,
}

struct Child {
    name: String,
    place: Place,
    value: Value,
    expression: Option<String>,
    indexed: bool,
}

/// The scopes of frame `index`: Locals, Upvalues (if any), Globals.
pub fn scopes(ctx: &StopContext, lua: &Lua, index: usize) -> Vec<Scope> {
    let Some(frame) = ctx.frame(index) else {
        return Vec::new();
    };
    let mut scopes = Vec::new();
    let is_lua = frame.info().what != "C";
    let scope = |name: &str, hint: Option<&str>, kind: ScopeKind, expensive: bool| Scope {
        name: name.to_owned(),
        presentation_hint: hint.map(str::to_owned),
        variables_reference: ctx.add_handle(Handle::Scope { frame: index, kind }),
        expensive,
        ..Scope::default()
    };
    if is_lua {
        scopes.push(scope("Locals", Some("locals"), ScopeKind::Locals, false));
        let has_upvalues = frame
            .function(lua)
            .is_some_and(|f| raw::upvalues(lua, &f).iter().any(|(n, _, _)| n != "_ENV"));
        if has_upvalues {
            scopes.push(scope("Upvalues", None, ScopeKind::Upvalues, false));
        }
    }
    scopes.push(scope("Globals", None, ScopeKind::Globals, true));
    scopes
}

fn children(ctx: &StopContext, lua: &Lua, handle: &Handle, base_dir: &Path) -> Vec<Child> {
    match handle {
        Handle::Scope { frame, kind } => {
            let Some(frame) = ctx.frame(*frame) else {
                return Vec::new();
            };
            match kind {
                ScopeKind::Locals => frame
                    .locals(lua)
                    .into_iter()
                    .map(|l| Child {
                        expression: (l.index > 0).then(|| l.name.clone()),
                        name: l.name,
                        place: Place::Local(l.index),
                        value: l.value,
                        indexed: false,
                    })
                    .collect(),
                ScopeKind::Upvalues => frame
                    .function(lua)
                    .map(|f| raw::upvalues(lua, &f))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(name, _, _)| name != "_ENV")
                    .map(|(name, index, value)| Child {
                        expression: Some(name.clone()),
                        name,
                        place: Place::Upvalue(index),
                        value,
                        indexed: false,
                    })
                    .collect(),
                ScopeKind::Globals => table_children(lua, &lua.globals(), None, base_dir),
            }
        }
        Handle::Value { value, expression } => match value {
            Value::Table(t) => table_children(lua, t, expression.as_deref(), base_dir),
            other => metatable_child(lua, other).into_iter().collect(),
        },
    }
}

fn table_children(lua: &Lua, t: &Table, parent: Option<&str>, base_dir: &Path) -> Vec<Child> {
    let len = t.raw_len() as i64;
    let mut out = Vec::new();
    for i in 1..=len {
        let key = Value::Integer(i);
        out.push(Child {
            name: format!("[{i}]"),
            expression: parent.and_then(|p| child_expression(lua, p, &key, base_dir)),
            value: t.raw_get(i).unwrap_or(Value::Nil),
            place: Place::Field(key),
            indexed: true,
        });
    }
    let mut named = Vec::new();
    let _ = t.for_each(|key: Value, value: Value| {
        if matches!(key, Value::Integer(i) if (1..=len).contains(&i)) {
            return Ok(());
        }
        let expression = match parent {
            Some(p) => child_expression(lua, p, &key, base_dir),
            None => match &key {
                Value::String(s) => s
                    .to_str()
                    .ok()
                    .filter(|s| super::values::is_identifier(s))
                    .map(|s| s.to_string()),
                _ => None,
            },
        };
        named.push(Child {
            name: key_name(lua, &key, base_dir),
            expression,
            value,
            place: Place::Field(key),
            indexed: false,
        });
        Ok(())
    });
    named.sort_by(|a, b| {
        let (a, b) = (sort_key(a), sort_key(b));
        (a.0, &a.1).cmp(&(b.0, &b.1)).then(a.2.total_cmp(&b.2))
    });
    out.extend(named);
    out.extend(metatable_child(lua, &Value::Table(t.clone())));
    out
}

/// String keys first (by their text), then numbers (by value), then the
/// rest (by how they are shown).
fn sort_key(c: &Child) -> (u8, String, f64) {
    match &c.place {
        Place::Field(Value::String(s)) => (0, s.to_string_lossy().to_string(), 0.0),
        Place::Field(Value::Integer(i)) => (1, String::new(), *i as f64),
        Place::Field(Value::Number(n)) => (1, String::new(), *n),
        _ => (2, c.name.clone(), 0.0),
    }
}

fn metatable_child(lua: &Lua, value: &Value) -> Option<Child> {
    let meta = raw::metatable(lua, value)?;
    Some(Child {
        name: "[metatable]".into(),
        place: Place::Metatable,
        value: Value::Table(meta),
        expression: None,
        indexed: false,
    })
}

/// A DAP variable for `value`, registering a handle when it has children.
pub fn variable(
    ctx: &StopContext,
    lua: &Lua,
    name: String,
    value: Value,
    expression: Option<String>,
    base_dir: &Path,
) -> Variable {
    let shown = show(lua, &value, base_dir);
    let reference = if shown.expandable {
        ctx.add_handle(Handle::Value {
            value,
            expression: expression.clone(),
        })
    } else {
        0
    };
    Variable {
        name,
        value: shown.value,
        type_: Some(shown.type_name),
        evaluate_name: expression,
        variables_reference: reference,
        indexed_variables: shown.indexed,
        ..Variable::default()
    }
}

/// The `variables` request.
pub fn variables(
    ctx: &StopContext,
    lua: &Lua,
    args: &VariablesArguments,
    base_dir: &Path,
) -> Result<Vec<Variable>, String> {
    let handle = ctx
        .handle(args.variables_reference)
        .ok_or("unknown or expired variablesReference")?;
    let all = children(ctx, lua, &handle, base_dir);
    let mut selected: Vec<Child> = match args.filter {
        Some(VariablesFilter::Indexed) => all.into_iter().filter(|c| c.indexed).collect(),
        Some(VariablesFilter::Named) => all.into_iter().filter(|c| !c.indexed).collect(),
        None => all,
    };
    let start = usize::try_from(args.start.unwrap_or(0))
        .unwrap_or(0)
        .min(selected.len());
    selected.drain(..start);
    if let Some(count) = args.count.filter(|&c| c > 0) {
        selected.truncate(usize::try_from(count).unwrap_or(usize::MAX));
    }
    Ok(selected
        .into_iter()
        .map(|c| variable(ctx, lua, c.name, c.value, c.expression, base_dir))
        .collect())
}

/// The `setVariable` request: `value` is an expression evaluated in the
/// frame of the scope (or the innermost frame for table fields).
pub fn set_variable(
    ctx: &StopContext,
    lua: &Lua,
    reference: i64,
    name: &str,
    value: &str,
    base_dir: &Path,
) -> Result<SetVariableResponseBody, String> {
    let handle = ctx
        .handle(reference)
        .ok_or("unknown or expired variablesReference")?;
    let frame_index = match &handle {
        Handle::Scope { frame, .. } => *frame,
        Handle::Value { .. } => 0,
    };
    let frame = ctx.frame(frame_index);
    let new_value = eval::evaluate(lua, frame.as_deref(), value, false)?
        .into_iter()
        .next()
        .unwrap_or(Value::Nil);
    let child = children(ctx, lua, &handle, base_dir)
        .into_iter()
        .rev() // the innermost of same-named locals
        .find(|c| c.name == name)
        .ok_or_else(|| format!("no variable named '{name}'"))?;
    let set = match (&child.place, &handle) {
        (Place::Local(index), _) => {
            frame
                .ok_or("the frame is gone")?
                .set_local(lua, *index, new_value.clone())
        }
        (Place::Upvalue(index), _) => {
            let f = frame
                .and_then(|f| f.function(lua))
                .ok_or("the frame has no function")?;
            raw::set_upvalue(lua, &f, *index, new_value.clone())
        }
        (Place::Field(key), Handle::Scope { .. }) => {
            lua.globals().raw_set(key.clone(), new_value.clone())
        }
        (
            Place::Field(key),
            Handle::Value {
                value: Value::Table(t),
                ..
            },
        ) => t.raw_set(key.clone(), new_value.clone()),
        _ => return Err(format!("'{name}' cannot be set")),
    };
    set.map_err(|e| eval::error_text(&e))?;
    let var = variable(
        ctx,
        lua,
        name.to_owned(),
        new_value,
        child.expression,
        base_dir,
    );
    Ok(SetVariableResponseBody {
        value: var.value,
        type_: var.type_,
        variables_reference: Some(var.variables_reference),
        indexed_variables: var.indexed_variables,
        ..SetVariableResponseBody::default()
    })
}
