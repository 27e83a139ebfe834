//! `pcall` and `xpcall` on LuaJIT: Lua functions around the original
//! `xpcall`, because LuaJIT's C API has no continuation (`lua_pcallk`): a
//! `pcall` written in C would stop coroutines from yielding inside it,
//! where LuaJIT's own `pcall` lets them. The original `xpcall` is a fast
//! function that yields fine; the wrappers call it in tail position of
//! [`finish`], a C function that only sees its results.
//!
//! They do what the Lua 5.4 replacements do (`replacements.rs`): the
//! debugger's message handler sees errors when the `raised` filter is on,
//! the catching thread runs again (its mask), and the unwinding error of
//! `terminate` and `os.exit` is raised again. `restartFrame` is not offered
//! on LuaJIT, so there is no restart here.

use std::os::raw::c_int;
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_State};
use mlua::{Function, Lua};

use super::active;
use super::event::raise_unwind;
use super::replacements::returned_to;
use crate::debugger::control::{self, IN_DEBUGGER};
use crate::debugger::exception_filters;

/// The wrappers: `xpcall`, `handler`, `matters` and `finish` are
/// upvalues. The chunk's name is what a stack shows for their frame.
const WRAPPERS: &str = r#"
local xpcall, handler, matters, finish = ...
local function pcall(f, ...)
  return finish(xpcall(f, handler, ...))
end
local function debugger_xpcall(f, msgh, ...)
  if matters() then
    return finish(xpcall(f, function(e) handler(e) return msgh(e) end, ...))
  end
  return finish(xpcall(f, msgh, ...))
end
return pcall, debugger_xpcall
"#;

/// Puts the wrappers in `globals`; returns them (the tool's own objects).
///
/// # Safety
/// On the VM thread, outside any callback.
pub unsafe fn install(lua: &Lua, globals: &mlua::Table) -> mlua::Result<Vec<Function>> {
    let original: Function = globals.get("xpcall")?;
    // SAFETY: `handler`, `matters` and `finish` follow the lua_CFunction
    // protocol (see each one).
    let (handler, matters, finish) = unsafe {
        (
            lua.create_c_function(handler)?,
            lua.create_c_function(matters)?,
            lua.create_c_function(finish)?,
        )
    };
    let chunk = lua.load(WRAPPERS).set_name("=[debugger]");
    let (pcall, xpcall): (Function, Function) =
        chunk.call((original, handler.clone(), matters.clone(), finish.clone()))?;
    globals.set("pcall", pcall.clone())?;
    globals.set("xpcall", xpcall.clone())?;
    Ok(vec![pcall, xpcall, handler, matters, finish])
}

/// Whether errors caught by `pcall` should reach the debugger now.
fn caught_errors_matter() -> bool {
    exception_filters::caught_errors_matter()
        && !IN_DEBUGGER.load(Ordering::SeqCst)
        && active::refs().caught != 0
}

/// `matters()`: [`caught_errors_matter`] as a boolean.
unsafe extern "C-unwind" fn matters(l: *mut lua_State) -> c_int {
    // SAFETY: pushes one value on the running C function's stack.
    unsafe { ffi::lua_pushboolean(l, c_int::from(caught_errors_matter())) };
    1
}

/// The message handler: hands the error to the debugger's handler when it
/// matters, and returns it (or what that handler returns).
unsafe extern "C-unwind" fn handler(l: *mut lua_State) -> c_int {
    // SAFETY: called by Lua with the error at 1; the debugger's handler is
    // in the registry; its errors propagate as a message handler's would.
    unsafe {
        ffi::lua_settop(l, 1);
        if caught_errors_matter() {
            ffi::lua_rawgeti(
                l,
                ffi::LUA_REGISTRYINDEX,
                ffi::lua_Integer::from(active::refs().caught),
            );
            ffi::lua_pushvalue(l, 1);
            ffi::lua_call(l, 1, 1);
        }
        1
    }
}

/// `finish(ok, ...)`: back in the catching function; raises the unwinding
/// error again, else returns its arguments.
unsafe extern "C-unwind" fn finish(l: *mut lua_State) -> c_int {
    // SAFETY: called by Lua; `raise_unwind` runs with no Rust value alive.
    unsafe {
        returned_to(l);
        if ffi::lua_toboolean(l, 1) == 0 && control::unwinding() {
            raise_unwind(l);
        }
        ffi::lua_gettop(l)
    }
}

/// No `pcall` of the debugger is a C function on LuaJIT (`restartFrame`
/// looks for one).
pub fn pcall_pointer() -> *const std::os::raw::c_void {
    std::ptr::null()
}
