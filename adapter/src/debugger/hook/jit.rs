//! What the hook does differently on LuaJIT.
//!
//! - LuaJIT calls no hook inside compiled code (traces): while the
//!   debugger needs call, return or line events (breakpoints, stepping),
//!   the JIT compiler is off and the traces compiled before are flushed, so
//!   that a loop compiled before a breakpoint was set still hits it. When
//!   no such hook is needed (no breakpoints, no step), the JIT is on again.
//!   A count hook alone (an interrupt, the guard of an evaluation) leaves
//!   it as it is: compiled code does not see it, and a loop that never
//!   leaves compiled code would never see it. So that `pause` and the
//!   requests served while the script runs still reach such a loop, the
//!   debugger runs LuaJIT's profiler while it watches the VM
//!   ([`watch_compiled`]): in its line mode, compiled code checks for the
//!   profiler at every new line, and its timer (every 5 ms of CPU time)
//!   makes that check leave the trace; the interpreter then runs the
//!   count hook the signal set. The profiler's own callback does nothing.
//!   A script that runs `jit.profile` itself takes the profiler over (and
//!   compiled loops are then not interrupted).
//! - LuaJIT's allocator does not say which new block is a prototype, so
//!   code is not watched as it is loaded: every file with breakpoints
//!   counts as loaded (as in an attached host), and the call hook decides
//!   per function.
//!
//! - LuaJIT calls no return hook when a C function returns: a C function
//!   runs with the line hook of the Lua function below it (`calls.rs`).
//!
//! Lua 5.4 has no JIT, the allocator names new prototypes, and every
//! function returns through the return hook.

#[cfg(not(feature = "luajit"))]
use std::os::raw::c_int;

#[cfg(not(feature = "luajit"))]
use mlua::ffi::lua_State;

/// Whether Lua calls the return hook when a C function returns: LuaJIT
/// does not (only Lua functions have return instructions), see
/// `calls::lines_proto`.
pub const C_RETURNS_HOOKED: bool = cfg!(not(feature = "luajit"));

/// Whether the allocator reports new prototypes (`loaded.rs`): LuaJIT's
/// and 5.1's allocate every object with `osize` 0
/// (`snapshot::frame::is_new_proto`).
pub const SEES_NEW_PROTOS: bool = cfg!(not(any(feature = "luajit", feature = "lua51")));

#[cfg(not(feature = "luajit"))]
#[inline]
pub unsafe fn follow(_l: *mut lua_State, _mask: c_int) {}

/// Lets interrupts reach compiled code of `l`'s VM (see above).
///
/// # Safety
/// On the VM thread, `l` a live thread of the VM, outside any hook.
#[cfg(not(feature = "luajit"))]
pub unsafe fn watch_compiled(_l: *mut lua_State) {}

/// Undoes [`watch_compiled`] (the VM is still open).
#[cfg(not(feature = "luajit"))]
pub fn unwatch_compiled() {}

/// Whether the line event of `ar` only repeats the line its frame was
/// already on (LuaJIT, see `luajit::repeated_line`): never on Lua 5.4.
///
/// # Safety
/// Inside a line hook of thread `l` with its record `ar`.
#[cfg(not(feature = "luajit"))]
#[inline]
pub unsafe fn repeated_line(_l: *mut lua_State, _ar: *mut mlua::ffi::lua_Debug) -> bool {
    false
}

/// A call event: the called frame starts afresh (LuaJIT's line memo).
///
/// # Safety
/// Inside a call hook of thread `l` with its record `ar`.
#[cfg(not(feature = "luajit"))]
#[inline]
pub unsafe fn entered(_l: *mut lua_State, _ar: *mut mlua::ffi::lua_Debug) {}

#[cfg(feature = "luajit")]
pub use luajit::{entered, follow, repeated_line, unwatch_compiled, watch_compiled};

#[cfg(feature = "luajit")]
mod luajit {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::os::raw::{c_char, c_int, c_void};

    use mlua::ffi::{self, lua_Debug, lua_State};
    use snapshot::frame;

    // luajit.h
    const MODE_ENGINE: c_int = 0;
    const MODE_OFF: c_int = 0x0000;
    const MODE_ON: c_int = 0x0100;
    const MODE_FLUSH: c_int = 0x0200;

    type ProfileCallback =
        unsafe extern "C" fn(data: *mut c_void, l: *mut lua_State, samples: c_int, vmstate: c_int);

    unsafe extern "C-unwind" {
        fn luaJIT_setmode(l: *mut lua_State, idx: c_int, mode: c_int) -> c_int;
        fn luaJIT_profile_start(
            l: *mut lua_State,
            mode: *const c_char,
            cb: ProfileCallback,
            data: *mut c_void,
        );
        fn luaJIT_profile_stop(l: *mut lua_State);
    }

    /// Per frame (thread, slot): its prototype, and the line and
    /// instruction of its last line event.
    type LineMemo = HashMap<(usize, usize), (usize, i32, i32)>;
    /// Frames remembered at most (forgetting one costs a repeated event).
    const MEMO_LIMIT: usize = 4096;

    thread_local! {
        static LINES: RefCell<LineMemo> = RefCell::new(HashMap::new());
        /// The debugger turned the JIT off (the VM lives on this thread).
        static OFF: Cell<bool> = const { Cell::new(false) };
        /// The thread the profiler was started with, while it runs.
        static PROFILED: Cell<*mut lua_State> = const { Cell::new(std::ptr::null_mut()) };
    }

    /// The profiler's callback: leaving compiled code was the point.
    unsafe extern "C" fn on_sample(_: *mut c_void, _: *mut lua_State, _: c_int, _: c_int) {}

    /// Starts the profiler in line mode (compiled code checks it at every
    /// new line; traces compiled before are flushed), every 5 ms.
    ///
    /// # Safety
    /// On the VM thread, `l` a live thread of the VM, outside any hook.
    pub unsafe fn watch_compiled(l: *mut lua_State) {
        // SAFETY: the caller's contract; the mode string is static.
        unsafe { luaJIT_profile_start(l, c"li5".as_ptr(), on_sample, std::ptr::null_mut()) };
        PROFILED.with(|p| p.set(l));
    }

    /// Stops the profiler [`watch_compiled`] started, and forgets the JIT
    /// state (`lua_close` stops the profiler too, when this is not called).
    pub fn unwatch_compiled() {
        let l = PROFILED.with(|p| p.replace(std::ptr::null_mut()));
        if !l.is_null() {
            // SAFETY: callers call this while the VM is open, on its thread.
            unsafe { luaJIT_profile_stop(l) };
        }
        OFF.with(|o| o.set(false));
    }

    /// Turns the JIT off (and flushes its traces) when `mask`, about to be
    /// set, has call, return or line events; on again when it has none
    /// but a count, or nothing.
    ///
    /// # Safety
    /// On the VM thread, `l` a live thread of the VM, not inside a
    /// finalizer (Lua runs no hook there, and the debugger sets masks only
    /// from hooks and its own C functions).
    #[inline]
    pub unsafe fn follow(l: *mut lua_State, mask: c_int) {
        let off = mask & (ffi::LUA_MASKCALL | ffi::LUA_MASKRET | ffi::LUA_MASKLINE) != 0;
        if OFF.with(Cell::get) == off {
            return;
        }
        OFF.with(|o| o.set(off));
        // SAFETY: the caller's contract. `luaJIT_setmode` raises only inside
        // a finalizer; flushing is allowed anywhere else (`jit.flush()`).
        unsafe {
            if off {
                luaJIT_setmode(l, 0, MODE_ENGINE | MODE_OFF);
                luaJIT_setmode(l, 0, MODE_ENGINE | MODE_FLUSH);
            } else {
                luaJIT_setmode(l, 0, MODE_ENGINE | MODE_ON);
            }
        }
    }

    /// Whether the line event of `ar` repeats the line its frame was on.
    /// LuaJIT reports a line whenever the instruction before the current
    /// one (in any function) was on another line, so control coming back
    /// from a call reports the caller's line again, where Lua 5.4 does not:
    /// a breakpoint would stop twice, a step would end where it started. A
    /// line event of a frame on the line of its last one, further on in
    /// the code, is such a repeat; a jump back (a loop) is not.
    ///
    /// # Safety
    /// Inside a line hook of thread `l` with its record `ar`.
    pub unsafe fn repeated_line(l: *mut lua_State, ar: *mut lua_Debug) -> bool {
        // SAFETY: the caller's contract: the hooked frame is a Lua frame.
        unsafe {
            let hooked = frame::hooked(l as *const c_void, ar);
            let Some(p) = hooked.proto() else {
                return false;
            };
            let line = (*ar).currentline;
            let pc = hooked.pc(p);
            let key = (l as usize, hooked.slot(l as *const c_void));
            LINES.with(|m| {
                let Ok(mut m) = m.try_borrow_mut() else {
                    return false;
                };
                if m.len() >= MEMO_LIMIT {
                    m.clear(); // frames of threads long gone: bounded
                }
                let last = m.insert(key, (p.addr(), line, pc));
                matches!(last, Some((q, n, at)) if q == p.addr() && n == line && at < pc)
            })
        }
    }

    /// A call event: the called frame starts afresh.
    ///
    /// # Safety
    /// Inside a call hook of thread `l` with its record `ar`.
    pub unsafe fn entered(l: *mut lua_State, ar: *mut lua_Debug) {
        // SAFETY: the caller's contract.
        let slot = unsafe { frame::hooked(l as *const c_void, ar).slot(l as *const c_void) };
        LINES.with(|m| {
            if let Ok(mut m) = m.try_borrow_mut() {
                m.remove(&(l as usize, slot));
            }
        });
    }
}
