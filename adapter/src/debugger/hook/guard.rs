//! Lua code the debugger runs for the client (evaluations, breakpoint
//! conditions, log messages, the `__tostring` of an error) must stay
//! interruptible: `pause` and `terminate` reach a running script through
//! the hook, but the debugger mostly runs such code while stopped, inside
//! the hook, where Lua calls no hook on that thread (`L->allowhook` is 0)
//! and the signal handler does nothing (`IN_DEBUGGER`).
//!
//! [`call`] runs the code on a fresh coroutine, whose hooks are allowed,
//! with a count hook that raises an error when the client pauses or
//! terminates; the error comes back as a value, its message made by the
//! caller (itself through [`call`] when it takes a `__tostring`).
//! Coroutines the code resumes get the same hook (`event::prepare_resume`).
//!
//! Lua runs no hook inside a finalizer (`__gc`), so a finalizer that loops
//! is not covered: `terminate` then relies on the server's watchdog
//! (`server/session.rs`).

use std::cell::Cell;
use std::os::raw::c_int;
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_Debug, lua_State};
use mlua::{Function, Lua, MultiValue, Value};

use super::event;
use crate::debugger::control::{self, MASK_BUSY, PAUSE};

/// Instructions between two looks at the flags: a few microseconds.
const CHECK_EVERY: c_int = 1000;

thread_local! {
    /// How many guarded calls are on the VM thread's stack.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Whether code run for the debugger's client runs now.
pub fn evaluating() -> bool {
    DEPTH.with(Cell::get) > 0
}

struct Depth;

impl Depth {
    fn enter() -> Depth {
        DEPTH.with(|d| d.set(d.get() + 1));
        Depth
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Calls `f` with `args` so that `pause` and `terminate` interrupt it: the
/// values it returns, or the error value it raised (unconverted: turning it
/// into text may call its `__tostring`). The outer error is the debugger's
/// own failure (no memory for the coroutine).
pub fn call(lua: &Lua, f: &Function, args: MultiValue) -> mlua::Result<Result<MultiValue, Value>> {
    // SAFETY: `protected` follows the lua_CFunction protocol (see there).
    let body = unsafe { lua.create_c_function(protected)? };
    let co = lua.create_thread(body)?;
    // SAFETY: `co` is a new thread of this VM, not running, on the VM thread.
    unsafe { watch(co.state()) };
    let mut all = MultiValue::new();
    all.push_back(Value::Function(f.clone()));
    all.extend(args);
    let mut values = {
        let _depth = Depth::enter();
        // SAFETY: on the VM thread; LuaJIT's flag is global (see
        // `set_hook_active`) and put back right after the call.
        let was = unsafe { snapshot::frame::set_hook_active(co.state() as *const _, false) };
        let values = co.resume::<MultiValue>(all);
        if was {
            // SAFETY: as above.
            unsafe { snapshot::frame::set_hook_active(co.state() as *const _, true) };
        }
        values?
    };
    match values.pop_front() {
        Some(Value::Boolean(true)) => Ok(Ok(values)),
        _ => Ok(Err(values.pop_front().unwrap_or(Value::Nil))),
    }
}

/// The coroutine's body: `f, args...` -> `true, results...` or `false,
/// error`, so that the error value reaches the caller as it was raised.
unsafe extern "C-unwind" fn protected(l: *mut lua_State) -> c_int {
    // SAFETY: called by Lua with `f` and its arguments on the stack;
    // `lua_pcall` catches every error (none escapes this frame), and the
    // results fit: the stack keeps LUA_MINSTACK free slots beyond them.
    unsafe {
        let nargs = ffi::lua_gettop(l) - 1;
        let status = ffi::lua_pcall(l, nargs, ffi::LUA_MULTRET, 0);
        ffi::lua_pushboolean(l, c_int::from(status == ffi::LUA_OK));
        ffi::lua_insert(l, 1);
        ffi::lua_gettop(l)
    }
}

/// Gives `co` the guard's count hook.
///
/// # Safety
/// On the VM thread; `co` is a live thread of the VM.
pub unsafe fn watch(co: *mut lua_State) {
    MASK_BUSY.store(true, Ordering::SeqCst);
    // SAFETY: the caller's contract: a live thread, on the VM thread.
    unsafe { ffi::lua_sethook(co, Some(guard_hook), ffi::LUA_MASKCOUNT, CHECK_EVERY) };
    MASK_BUSY.store(false, Ordering::SeqCst);
}

/// Raises while the client pauses or terminates; nothing else. A coroutine
/// that keeps this hook after the call gets the debugger's own mask back at
/// its next count.
unsafe extern "C-unwind" fn guard_hook(l: *mut lua_State, _: *mut lua_Debug) {
    if !evaluating() {
        // SAFETY: `l` runs this hook, on the VM thread.
        unsafe { event::refresh(l, 0) };
        return;
    }
    let message = if control::unwinding() {
        c"evaluation interrupted: the program is ending"
    } else if PAUSE.load(Ordering::SeqCst) {
        c"evaluation interrupted by pause"
    } else {
        return;
    };
    // SAFETY: a hook may raise; no Rust value with a destructor is alive in
    // this frame. The string is static and NUL-terminated.
    unsafe {
        ffi::lua_pushstring(l, message.as_ptr());
        ffi::lua_error(l);
    }
}
