//! `os.exit` that ends the script, not the host process.
//!
//! The C `os.exit` calls `exit()`, which would kill the debug adapter and skip
//! the leak report. The replacement raises a Lua error carrying an
//! [`ExitRequest`]; the runtime recognises it where the script's main chunk
//! returns and turns it into the exit code. (A `pcall` around `os.exit` can
//! catch it, a documented difference from the C library.)

use mlua::{Error, Lua, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitRequest(pub i32);

impl std::fmt::Display for ExitRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "os.exit({})", self.0)
    }
}

impl std::error::Error for ExitRequest {}

/// Replaces `os.exit` in `lua`; returns the new function, which belongs to
/// the tool.
pub fn install(lua: &Lua) -> mlua::Result<mlua::Function> {
    let exit = lua.create_function(|_, code: Option<Value>| {
        let code = match code {
            None | Some(Value::Nil) | Some(Value::Boolean(true)) => 0,
            Some(Value::Boolean(false)) => 1,
            Some(Value::Integer(n)) => n as i32,
            Some(Value::Number(n)) => n as i32,
            Some(other) => {
                return Err(Error::runtime(format!(
                    "bad argument #1 to 'exit' (number or boolean expected, got {})",
                    other.type_name()
                )))
            }
        };
        Err::<(), _>(Error::external(ExitRequest(code)))
    })?;
    let os: mlua::Table = lua.globals().get("os")?;
    os.set("exit", exit.clone())?;
    Ok(exit)
}

/// The exit code requested by `os.exit`, if `err` carries one.
pub fn requested(err: &Error) -> Option<i32> {
    match err {
        Error::ExternalError(e) => e.downcast_ref::<ExitRequest>().map(|r| r.0),
        Error::CallbackError { cause, .. } => requested(cause),
        Error::WithContext { cause, .. } => requested(cause),
        _ => None,
    }
}
