//! What the hook does differently on LuaJIT.
//!
//! - LuaJIT calls no hook inside compiled code (traces): while the
//!   debugger needs call, return or line events (breakpoints, stepping),
//!   the JIT compiler is off and the traces compiled before are flushed, so
//!   that a loop compiled before a breakpoint was set still hits it. When
//!   no such hook is needed (no breakpoints, no step), the JIT is on again.
//!   A count hook alone (an interrupt, the guard of an evaluation) leaves
//!   it as it is: compiled code does not see it, and a loop that never
//!   leaves compiled code is not interrupted (no `pause` there).
//! - LuaJIT's allocator does not say which new block is a prototype, so
//!   code is not watched as it is loaded: every file with breakpoints
//!   counts as loaded (as in an attached host), and the call hook decides
//!   per function.
//!
//! Lua 5.4 has no JIT, and the allocator names new prototypes.

use std::os::raw::c_int;

use mlua::ffi::lua_State;

/// Whether the allocator reports new prototypes (`loaded.rs`).
pub const SEES_NEW_PROTOS: bool = cfg!(not(feature = "luajit"));

#[cfg(not(feature = "luajit"))]
#[inline]
pub unsafe fn follow(_l: *mut lua_State, _mask: c_int) {}

#[cfg(feature = "luajit")]
pub use luajit::follow;

#[cfg(feature = "luajit")]
mod luajit {
    use std::cell::Cell;
    use std::os::raw::c_int;

    use mlua::ffi::{self, lua_State};

    // luajit.h
    const MODE_ENGINE: c_int = 0;
    const MODE_OFF: c_int = 0x0000;
    const MODE_ON: c_int = 0x0100;
    const MODE_FLUSH: c_int = 0x0200;

    unsafe extern "C-unwind" {
        fn luaJIT_setmode(l: *mut lua_State, idx: c_int, mode: c_int) -> c_int;
    }

    thread_local! {
        /// The debugger turned the JIT off (the VM lives on this thread).
        static OFF: Cell<bool> = const { Cell::new(false) };
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
}
