//! `lua_pcallk` for Lua 5.1, which has no continuations: a C function
//! cannot yield there, nor can the base library's `pcall`, so the
//! debugger's `pcall` (replacements.rs) calls `lua_pcall` and finishes in
//! place, as a continuation-less 5.4 call would.

use std::os::raw::c_int;

use mlua::ffi::{self, lua_State};

/// The context a 5.4 continuation gets.
#[allow(non_camel_case_types)]
pub type lua_KContext = isize;

/// A continuation, never called on 5.1.
pub type Continuation = unsafe extern "C-unwind" fn(*mut lua_State, c_int, lua_KContext) -> c_int;

/// `lua_pcall` with `lua_pcallk`'s signature.
///
/// # Safety
/// As for `lua_pcall`.
pub unsafe fn lua_pcallk(
    l: *mut lua_State,
    nargs: c_int,
    nresults: c_int,
    errfunc: c_int,
    _ctx: lua_KContext,
    _k: Option<Continuation>,
) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { ffi::lua_pcall(l, nargs, nresults, errfunc) }
}
