//! Evaluating Lua code in a stopped frame: watches, hovers, the REPL,
//! breakpoint conditions and log messages.
//!
//! The code runs as a chunk whose environment is a proxy table: reading a
//! name finds the frame's local, else its upvalue, else a global (of the
//! frame's `_ENV`); assigning writes to the same place. Locals are copied
//! when the evaluation starts and written back after it ends, because the
//! frame is addressed by its call-info record, which stays valid while the
//! evaluation runs on top of it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use std::sync::atomic::Ordering;

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::debugger::control::{EXIT_CODE, EXIT_REQUESTED};
use crate::debugger::hook;

use crate::debugger::frame_access::{self as raw, FrameRef};

#[derive(Clone, Copy)]
enum Slot {
    Local(i32),
    Upvalue(i32),
}

struct Captured {
    vars: HashMap<String, (Slot, Value)>,
    function: Option<Function>,
    globals: Table,
    /// Locals assigned by the evaluation: (index, new value).
    writes: Vec<(i32, Value)>,
}

/// Evaluates `code` in `frame` (or in the globals without one). With
/// `statements`, code that is not an expression runs as a block (the REPL).
pub fn evaluate(
    lua: &Lua,
    frame: Option<&FrameRef>,
    code: &str,
    statements: bool,
) -> Result<MultiValue, String> {
    run(
        lua,
        frame,
        |env| compile(lua, code, env, statements),
        MultiValue::new(),
    )
}

/// Runs the function `build` makes for the environment of `frame` (or the
/// globals), with `args`, guarded, and writes back the locals it assigned.
pub fn run(
    lua: &Lua,
    frame: Option<&FrameRef>,
    build: impl FnOnce(Table) -> Result<Function, String>,
    args: MultiValue,
) -> Result<MultiValue, String> {
    let (env, captured) = match frame {
        Some(frame) => {
            let captured = Rc::new(RefCell::new(
                capture(lua, frame).map_err(|e| e.to_string())?,
            ));
            (
                proxy(lua, &captured).map_err(|e| e.to_string())?,
                Some(captured),
            )
        }
        None => (lua.globals(), None),
    };
    let function = build(env)?;
    let result = match hook::call_guarded(lua, &function, args) {
        Ok(Ok(values)) => Ok(values),
        Ok(Err(error)) => Err(super::stop::error_message(lua, &error)),
        Err(e) => Err(error_text(&e)),
    };
    // `os.exit` unwinds with a value that means nothing to the client.
    if EXIT_REQUESTED.load(Ordering::SeqCst) {
        let code = EXIT_CODE.load(Ordering::SeqCst);
        return Err(format!("os.exit({code}): the program exits"));
    }
    if let (Some(frame), Some(captured)) = (frame, captured) {
        let writes = std::mem::take(&mut captured.borrow_mut().writes);
        for (index, value) in writes {
            frame
                .set_local(lua, index, value)
                .map_err(|e| e.to_string())?;
        }
    }
    result
}

fn compile(lua: &Lua, code: &str, env: Table, statements: bool) -> Result<Function, String> {
    let expression = lua
        .load(format!("return {code}"))
        .set_name("=(eval)")
        .set_environment(env.clone())
        .into_function();
    match expression {
        Ok(f) => Ok(f),
        Err(e) if !statements => Err(error_text(&e)),
        Err(_) => lua
            .load(code)
            .set_name("=(eval)")
            .set_environment(env)
            .into_function()
            .map_err(|e| error_text(&e)),
    }
}

/// The message of an error without mlua's wrapping and traceback.
pub fn error_text(e: &mlua::Error) -> String {
    match e {
        mlua::Error::CallbackError { cause, .. } => error_text(cause),
        mlua::Error::SyntaxError { message, .. } => message.clone(),
        // One line for the user: mlua appends Lua's traceback, which only
        // names the debugger's own frames here.
        mlua::Error::RuntimeError(message) => message
            .split("\nstack traceback:")
            .next()
            .unwrap_or_default()
            .to_owned(),
        mlua::Error::WithContext { cause, .. } => error_text(cause),
        other => other.to_string(),
    }
}

fn capture(lua: &Lua, frame: &FrameRef) -> mlua::Result<Captured> {
    let mut vars = HashMap::new();
    let function = frame.function(lua);
    let mut globals = lua.globals();
    if let Some(f) = &function {
        for (name, index, value) in raw::upvalues(lua, f) {
            if name == "_ENV" {
                if let Value::Table(t) = &value {
                    globals = t.clone();
                }
            }
            vars.insert(name, (Slot::Upvalue(index), value));
        }
    }
    // Later locals shadow earlier ones and upvalues.
    for local in frame.locals(lua) {
        if local.index > 0 {
            vars.insert(local.name, (Slot::Local(local.index), local.value));
        }
    }
    Ok(Captured {
        vars,
        function,
        globals,
        writes: Vec::new(),
    })
}

fn proxy(lua: &Lua, captured: &Rc<RefCell<Captured>>) -> mlua::Result<Table> {
    let env = lua.create_table()?;
    let meta = lua.create_table()?;
    let c = Rc::clone(captured);
    meta.set(
        "__index",
        lua.create_function(move |_, (_, key): (Table, Value)| {
            let c = c.borrow();
            if let Value::String(name) = &key {
                if let Some((_, value)) = c.vars.get(name.to_string_lossy().as_str()) {
                    return Ok(value.clone());
                }
            }
            let globals = c.globals.clone();
            drop(c);
            globals.get::<Value>(key)
        })?,
    )?;
    let c = Rc::clone(captured);
    meta.set(
        "__newindex",
        lua.create_function(move |lua, (_, key, value): (Table, Value, Value)| {
            let mut c = c.borrow_mut();
            if let Value::String(name) = &key {
                let name = name.to_string_lossy().to_string();
                let slot = c.vars.get_mut(&name).map(|(slot, current)| {
                    *current = value.clone();
                    *slot
                });
                match slot {
                    Some(Slot::Local(index)) => {
                        c.writes.push((index, value));
                        return Ok(());
                    }
                    Some(Slot::Upvalue(index)) => {
                        let function = c.function.clone();
                        drop(c);
                        if let Some(f) = function {
                            raw::set_upvalue(lua, &f, index, value)?;
                        }
                        return Ok(());
                    }
                    None => {}
                }
            }
            let globals = c.globals.clone();
            drop(c);
            globals.set(key, value)
        })?,
    )?;
    env.set_metatable(Some(meta))?;
    Ok(env)
}
