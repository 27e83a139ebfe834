//! The script's output as `output` events.
//!
//! In stdio mode the adapter's stdout carries the protocol, so `print`,
//! `io.write` and `io.stdout:write` are replaced: their text goes to the
//! client (category `stdout`, `io.stderr:write` to `stderr`). Writes to other
//! files go to the original functions. Lua warnings (`warn`, and errors in
//! `__gc` metamethods, which Lua reports as warnings) go to `stderr`.

#[cfg(feature = "lua54")]
use std::cell::{Cell, RefCell};
use std::io::Write;
#[cfg(feature = "lua54")]
use std::rc::Rc;

use mlua::{AnyUserData, Function, Lua, MultiValue, Table, Value};

use crate::server::client::Client;

/// Installs the replacements; returns them (they are the tool's objects,
/// never to be reported in snapshots). With `terminal`, the program's
/// descriptor 1 is the client's terminal (`terminal_io.rs`): what goes to
/// stdout is written there at once, unbuffered, so that a prompt shows
/// before the program reads; stderr stays in the Debug Console.
pub fn install(lua: &Lua, client: &Client, terminal: bool) -> mlua::Result<Vec<Function>> {
    let globals = lua.globals();
    let tostring: Function = globals.get("tostring")?;

    let out = Sink {
        client: client.clone(),
        terminal,
    };
    let print = lua.create_function(move |_, args: MultiValue| {
        let mut line = Vec::new();
        for (i, value) in args.into_iter().enumerate() {
            if i > 0 {
                line.push(b'\t');
            }
            let text: mlua::LuaString = tostring.call(value)?;
            line.extend_from_slice(&text.as_bytes());
        }
        line.push(b'\n');
        out.output("stdout", String::from_utf8_lossy(&line));
        Ok(())
    })?;
    globals.set("print", print.clone())?;

    let io: Table = globals.get("io")?;
    let stdout: AnyUserData = io.get("stdout")?;
    let stderr: AnyUserData = io.get("stderr")?;
    // The methods of every file, shared through the FILE* metatable.
    let methods: Table = lua
        .load("return debug.getmetatable(io.stdout).__index")
        .set_name("=(debugger)")
        .eval()?;
    let file_write: Function = methods.get("write")?;

    // file:write(...) for any file: ours for stdout and stderr.
    let (out, so, se, original) = (
        Sink {
            client: client.clone(),
            terminal,
        },
        stdout.clone(),
        stderr.clone(),
        file_write.clone(),
    );
    let method = lua.create_function(move |lua, args: MultiValue| {
        let file = args.front().cloned().unwrap_or(Value::Nil);
        let category = match &file {
            Value::UserData(u) if u.to_pointer() == so.to_pointer() => "stdout",
            Value::UserData(u) if u.to_pointer() == se.to_pointer() => "stderr",
            _ => return original.call::<MultiValue>(args),
        };
        let text = concat(lua, args.iter().skip(1))?;
        out.output(category, text);
        Ok(MultiValue::from_iter([file]))
    })?;
    methods.set("write", method.clone())?;
    let method_copy = method.clone();

    // io.write(...) writes to the default output file.
    let output: Function = io.get("output")?;
    let io_write = lua.create_function(move |_, args: MultiValue| {
        let file: Value = output.call(())?;
        let mut all = MultiValue::from_iter([file]);
        all.extend(args);
        method.call::<MultiValue>(all)
    })?;
    io.set("write", io_write.clone())?;
    Ok(vec![print, method_copy, io_write])
}

/// Where the program's text goes.
struct Sink {
    client: Client,
    terminal: bool,
}

impl Sink {
    fn output(&self, category: &str, text: impl Into<String>) {
        if self.terminal && category == "stdout" {
            let mut fd1 = std::io::stdout().lock();
            let _ = fd1
                .write_all(text.into().as_bytes())
                .and_then(|()| fd1.flush());
        } else {
            self.client.output(category, text);
        }
    }
}

/// `io.write`'s rules: strings and numbers (in Lua's number format).
fn concat<'a>(lua: &Lua, values: impl Iterator<Item = &'a Value>) -> mlua::Result<String> {
    let mut text = Vec::new();
    for (i, value) in values.enumerate() {
        match value {
            Value::String(s) => text.extend_from_slice(&s.as_bytes()),
            Value::Integer(_) | Value::Number(_) => {
                if let Some(s) = lua.coerce_string(value.clone())? {
                    text.extend_from_slice(&s.as_bytes());
                }
            }
            other => {
                return Err(mlua::Error::runtime(format!(
                    "bad argument #{} to 'write' (string expected, got {})",
                    i + 1,
                    other.type_name()
                )))
            }
        }
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Only Lua 5.4 has `warn` (on LuaJIT, 5.3 and 5.1 an error in a `__gc`
/// metamethod is raised where the collector ran): nothing to install.
#[cfg(not(feature = "lua54"))]
pub fn install_warnings(_lua: &Lua, _client: &Client) {}

/// Lua warnings as stderr output. Warnings are off until `warn("@on")`, as
/// in `lua`, but errors in `__gc` metamethods are always shown: they are the
/// only trace such an error leaves.
#[cfg(feature = "lua54")]
pub fn install_warnings(lua: &Lua, client: &Client) {
    let out = client.clone();
    let on = Rc::new(Cell::new(false));
    let pending = Rc::new(RefCell::new(String::new()));
    lua.set_warning_function(move |_, message, incomplete| {
        let mut text = pending.borrow_mut();
        if text.is_empty() && !incomplete {
            match message {
                "@on" => on.set(true),
                "@off" => on.set(false),
                _ => {}
            }
            if message.starts_with('@') {
                return Ok(());
            }
        }
        text.push_str(message);
        if !incomplete {
            let whole = std::mem::take(&mut *text);
            if on.get() || whole.starts_with("error in ") {
                out.output("stderr", format!("Lua warning: {whole}\n"));
            }
        }
        Ok(())
    });
}
