//! A thread of a host's state that lives as long as the state: the tool
//! installs its allocator wrapper through it and puts the host's allocator
//! back through it while the state closes (`host.rs`).
//!
//! Lua 5.4 keeps the main thread in the registry. LuaJIT keeps it in its
//! global state only, which the C API does not reach: there the thread
//! that loads the module serves, kept alive by the tool's stash (the main
//! thread when `require` runs in the main chunk; a coroutine that loads the
//! module is never collected).

use mlua::{ffi, Lua, Table};

/// The lasting thread of `l`'s state, anchored in `stash` where needed.
///
/// # Safety
/// `l` is the running thread of `lua`, inside a C call.
#[cfg(feature = "lua54")]
pub unsafe fn lasting_thread(
    _lua: &Lua,
    l: *mut ffi::lua_State,
    _stash: &Table,
) -> mlua::Result<*mut ffi::lua_State> {
    // SAFETY: a raw read of the registry's main-thread slot cannot raise;
    // the value is popped at once (the registry keeps it alive).
    unsafe {
        ffi::lua_rawgeti(l, ffi::LUA_REGISTRYINDEX, ffi::LUA_RIDX_MAINTHREAD);
        let main = ffi::lua_tothread(l, -1);
        ffi::lua_pop(l, 1);
        Ok(main)
    }
}

/// The lasting thread of `l`'s state, anchored in `stash` where needed.
///
/// # Safety
/// `l` is the running thread of `lua`, inside a C call.
#[cfg(feature = "luajit")]
pub unsafe fn lasting_thread(
    lua: &Lua,
    _l: *mut ffi::lua_State,
    stash: &Table,
) -> mlua::Result<*mut ffi::lua_State> {
    let thread = lua.current_thread();
    let state = thread.state();
    stash.raw_set("thread", thread)?;
    Ok(state)
}
