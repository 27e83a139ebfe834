//! `lsnapshot.so` / `snapshot.so`: the tool's two Lua libraries as modules
//! a host's own Lua 5.4 or LuaJIT `require`s (through `package.cpath`;
//! one build per runtime, the crate's feature). One library,
//! installed under both names; `lua_snapshot::runtime::host` does the work
//! (layout check, one tool per state, the allocator wrapper).

mod pin;

use std::os::raw::c_int;

use lua_snapshot::runtime::host::{luaopen, Module};
use mlua::ffi::lua_State;

/// `require "lsnapshot"`.
///
/// # Safety
/// Called by Lua's `require` with a live state.
#[no_mangle]
pub unsafe extern "C-unwind" fn luaopen_lsnapshot(l: *mut lua_State) -> c_int {
    // SAFETY: Lua calls this with its running state, on its thread.
    unsafe { luaopen(l, Module::Lsnapshot, pin::pin) }
}

/// `require "snapshot"`.
///
/// # Safety
/// Called by Lua's `require` with a live state.
#[no_mangle]
pub unsafe extern "C-unwind" fn luaopen_snapshot(l: *mut lua_State) -> c_int {
    // SAFETY: Lua calls this with its running state, on its thread.
    unsafe { luaopen(l, Module::Snapshot, pin::pin) }
}
