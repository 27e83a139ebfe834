//! C functions the debugger puts in place of `pcall`, `xpcall`,
//! `coroutine.resume`, `coroutine.wrap` and `os.exit`.
//!
//! - `pcall`/`xpcall` install the debugger's message handler when the
//!   `raised` exception filter is on (Lua calls a message handler before
//!   unwinding, so the stop shows the frames that raised), and re-raise the
//!   unwinding error so that neither `os.exit` nor `terminate` can be caught.
//! - `coroutine.resume`/`wrap` keep the resume chain (resume_chain.rs) and
//!   give the resumed thread the debugger's hook mask: a coroutine created
//!   before a breakpoint was set must still hit it, and `pause` must reach a
//!   loop inside a coroutine.
//! - `os.exit` unwinds the script instead of ending the adapter.
//!
//! They are written against the raw C API because `pcall` must be yieldable
//! (a continuation function), which mlua functions are not. They follow
//! lbaselib.c and lcorolib.c, calling the original functions where they can.
//! Errors are raised only where no Rust value needing a drop is alive.

use std::os::raw::c_int;
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_State};
#[cfg(any(feature = "lua54", feature = "lua53"))]
use mlua::ffi::{lua_KContext, lua_pcallk};
use mlua::{Function, Lua};

use super::event::{self, raise_unwind};
#[cfg(feature = "lua51")]
use super::pcall_lua51::{lua_KContext, lua_pcallk};
#[cfg(not(feature = "luajit"))]
use super::restart;
use super::{active, resume_chain};
use crate::debugger::control::{self, EXIT_CODE, EXIT_REQUESTED, IN_DEBUGGER};
#[cfg(not(feature = "luajit"))]
use crate::debugger::exception_filters;

/// Installs the replacements in `lua`'s globals; returns the closures among
/// them (the others are light C functions, not objects). `os.exit` is
/// replaced only with `exit` (a launched script; an attached host's
/// `os.exit` ends the host, as it would without us).
pub fn install(lua: &Lua, exit: bool) -> mlua::Result<Vec<Function>> {
    let globals = lua.globals();
    // SAFETY: the functions below follow the C API protocol of
    // lua_CFunction (see each one).
    unsafe {
        let mut own = install_pcall(lua, &globals)?;
        if exit {
            let os: mlua::Table = globals.get("os")?;
            os.set("exit", lua.create_c_function(self::exit)?)?;
        }
        let coroutine: mlua::Table = globals.get("coroutine")?;
        let resume = with_upvalue(lua, coroutine.get("resume")?, co_resume)?;
        coroutine.set("resume", resume.clone())?;
        let wrap = with_upvalue(lua, coroutine.get("wrap")?, co_wrap)?;
        coroutine.set("wrap", wrap.clone())?;
        own.extend([resume, wrap]);
        Ok(own)
    }
}

/// `pcall` and `xpcall` as C functions (yieldable through a continuation);
/// they are light C functions, not objects.
#[cfg(not(feature = "luajit"))]
unsafe fn install_pcall(lua: &Lua, globals: &mlua::Table) -> mlua::Result<Vec<Function>> {
    // SAFETY: `pcall` and `xpcall` follow the lua_CFunction protocol.
    unsafe {
        globals.set("pcall", lua.create_c_function(pcall)?)?;
        globals.set("xpcall", lua.create_c_function(xpcall)?)?;
    }
    Ok(Vec::new())
}

#[cfg(feature = "luajit")]
unsafe fn install_pcall(lua: &Lua, globals: &mlua::Table) -> mlua::Result<Vec<Function>> {
    // SAFETY: the caller's contract.
    unsafe { super::pcall_luajit::install(lua, globals) }
}

/// Calls the original function in upvalue `up` with the frame's arguments;
/// returns the number of results. LuaJIT's `coroutine.resume` and the
/// function `coroutine.wrap` makes are fast functions, whose C pointer is
/// machine code of the interpreter, not a `lua_CFunction`: they are called
/// through Lua.
#[cfg(feature = "luajit")]
unsafe fn call_original(l: *mut lua_State, up: c_int) -> c_int {
    // SAFETY: on Lua's stack of the running C function; errors propagate
    // as the original's would (no Rust value is alive in the callers).
    unsafe {
        let n = ffi::lua_gettop(l);
        ffi::lua_pushvalue(l, up);
        ffi::lua_insert(l, 1);
        ffi::lua_call(l, n, ffi::LUA_MULTRET);
        ffi::lua_gettop(l)
    }
}

#[cfg(not(feature = "luajit"))]
unsafe fn call_original(l: *mut lua_State, up: c_int) -> c_int {
    // SAFETY: the upvalue is a C function of the base library, called in
    // this frame as Lua would call it.
    unsafe {
        match ffi::lua_tocfunction(l, up) {
            Some(f) => f(l),
            None => 0,
        }
    }
}

/// A C closure of `f` with `upvalue` as its only upvalue.
unsafe fn with_upvalue(
    lua: &Lua,
    upvalue: Function,
    f: ffi::lua_CFunction,
) -> mlua::Result<Function> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        lua.exec_raw::<Function>(upvalue, move |state| {
            ffi::lua_pushcclosure(state, f, 1);
        })
    }
}

#[cfg(not(feature = "luajit"))]
/// Pushes the debugger's message handler if errors caught by `pcall` should
/// stop; returns whether it did.
unsafe fn push_handler(l: *mut lua_State) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        if !exception_filters::caught_errors_matter() || IN_DEBUGGER.load(Ordering::SeqCst) {
            return false;
        }
        let refs = active::refs();
        if refs.caught == 0 {
            return false;
        }
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(refs.caught),
        );
        true
    }
}

#[cfg(not(feature = "luajit"))]
unsafe extern "C-unwind" fn pcall(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        ffi::luaL_checkany(l, 1);
        let mut extra = 0;
        if push_handler(l) {
            ffi::lua_insert(l, 1); // handler, f, args
            extra = 1;
        }
        ffi::lua_pushboolean(l, 1);
        ffi::lua_insert(l, extra + 1); // [handler], true, f, args
        let nargs = ffi::lua_gettop(l) - extra - 2;
        let status = lua_pcallk(
            l,
            nargs,
            ffi::LUA_MULTRET,
            extra,
            extra as lua_KContext,
            Some(finish),
        );
        finish(l, status, extra as lua_KContext)
    }
}

#[cfg(not(feature = "luajit"))]
unsafe extern "C-unwind" fn xpcall(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let n = ffi::lua_gettop(l);
        ffi::luaL_checktype(l, 2, ffi::LUA_TFUNCTION);
        if push_handler(l) {
            // Chain: the debugger's handler first, then the script's.
            ffi::lua_pushvalue(l, 2);
            ffi::lua_pushcclosure(l, chained_handler, 2);
            ffi::lua_replace(l, 2);
        }
        ffi::lua_pushboolean(l, 1);
        ffi::lua_pushvalue(l, 1);
        ffi::lua_rotate(l, 3, 2); // f, msgh, true, f, args
        let status = lua_pcallk(l, n - 2, ffi::LUA_MULTRET, 2, 2, Some(finish));
        finish(l, status, 2)
    }
}

#[cfg(not(feature = "luajit"))]
/// `xpcall`'s handler when the debugger also wants to see the error:
/// upvalue 1 is the debugger's handler, upvalue 2 the script's.
unsafe extern "C-unwind" fn chained_handler(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        ffi::lua_pushvalue(l, ffi::lua_upvalueindex(1));
        ffi::lua_pushvalue(l, 1);
        ffi::lua_call(l, 1, 0);
        ffi::lua_pushvalue(l, ffi::lua_upvalueindex(2));
        ffi::lua_pushvalue(l, 1);
        ffi::lua_call(l, 1, 1);
        1
    }
}

#[cfg(not(feature = "luajit"))]
/// `finishpcall` of lbaselib.c, plus: the catching thread runs again, and an
/// unwinding error is raised again.
unsafe extern "C-unwind" fn finish(l: *mut lua_State, status: c_int, extra: lua_KContext) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let mut status = status;
        loop {
            returned_to(l);
            if status == ffi::LUA_OK || status == ffi::LUA_YIELD {
                return ffi::lua_gettop(l) - extra as c_int;
            }
            if control::unwinding() {
                raise_unwind(l);
            }
            if restart::pending() {
                // `restartFrame`: the frame this pcall called runs again.
                let Some(nargs) = restart::take_for(l) else {
                    raise_unwind(l);
                };
                status = lua_pcallk(
                    l,
                    nargs,
                    ffi::LUA_MULTRET,
                    extra as c_int,
                    extra,
                    Some(finish),
                );
                continue;
            }
            ffi::lua_pushboolean(l, 0);
            ffi::lua_pushvalue(l, -2);
            return 2;
        }
    }
}

#[cfg(not(feature = "luajit"))]
/// The debugger's `pcall`, to know the frames it called (`restart.rs`).
pub fn pcall_pointer() -> *const std::os::raw::c_void {
    pcall as *const std::os::raw::c_void
}

/// Control is back in `l`, in the Lua function that called the C function
/// running now (level 1).
pub(super) unsafe fn returned_to(l: *mut lua_State) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        // Inside the debugger (an evaluation), the hooked thread's mask stays off
        // until the debugger is done (see `event::enter`).
        if active::hooked().is_some() && !IN_DEBUGGER.load(Ordering::SeqCst) {
            resume_chain::running(l);
            event::refresh(l, 1);
        }
    }
}

unsafe extern "C-unwind" fn co_resume(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let co = ffi::lua_tothread(l, 1);
        if co.is_null() || active::hooked().is_none() {
            // Raises the usual argument error.
            return call_original(l, ffi::lua_upvalueindex(1));
        }
        if control::unwinding() {
            raise_unwind(l);
        }
        resume_chain::resuming(l, 1, co);
        event::prepare_resume(co);
        let n = call_original(l, ffi::lua_upvalueindex(1));
        returned_to(l);
        if control::unwinding() {
            raise_unwind(l);
        }
        n
    }
}

unsafe extern "C-unwind" fn co_wrap(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        // The `auxwrap` closure, whose upvalue 1 is the coroutine.
        if call_original(l, ffi::lua_upvalueindex(1)) == 0 {
            return 0;
        }
        if active::hooked().is_none() || ffi::lua_iscfunction(l, -1) == 0 {
            return 1;
        }
        // Our closure: upvalue 1 the coroutine (where `auxwrap` looks for it when
        // we call its C function in our frame), upvalue 2 `auxwrap` itself.
        if ffi::lua_getupvalue(l, -1, 1).is_null() {
            return 1;
        }
        ffi::lua_insert(l, -2);
        ffi::lua_pushcclosure(l, co_wrapped, 2);
        1
    }
}

unsafe extern "C-unwind" fn co_wrapped(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let co = ffi::lua_tothread(l, ffi::lua_upvalueindex(1));
        if control::unwinding() {
            raise_unwind(l);
        }
        if !co.is_null() {
            resume_chain::resuming(l, ffi::lua_upvalueindex(1), co);
            event::prepare_resume(co);
        }
        // `auxwrap` raises the coroutine's errors: then the chain is corrected by
        // the next hook or the `pcall` that catches it.
        let n = call_original(l, ffi::lua_upvalueindex(2));
        returned_to(l);
        if control::unwinding() {
            raise_unwind(l);
        }
        n
    }
}

/// `os.exit([code [, close]])`: records the code and unwinds the script.
unsafe extern "C-unwind" fn exit(l: *mut lua_State) -> c_int {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let code = match ffi::lua_type(l, 1) {
            ffi::LUA_TNONE | ffi::LUA_TNIL => 0,
            ffi::LUA_TBOOLEAN => i32::from(ffi::lua_toboolean(l, 1) == 0),
            _ => ffi::luaL_checkinteger(l, 1) as i32,
        };
        EXIT_CODE.store(code, Ordering::SeqCst);
        EXIT_REQUESTED.store(true, Ordering::SeqCst);
        raise_unwind(l)
    }
}
