//! `restartFrame`, for the frames Lua 5.4 lets the debugger restart
//! soundly: those called by the debugger's `pcall` (`replacements.rs`).
//!
//! A hook cannot move a running frame back to its start (the interpreter
//! keeps the instruction pointer in a C local), and the frames above it
//! can only go by unwinding. So the stop loop plans the restart (the
//! function and its parameters' current values, in a registry table) and
//! the hook raises the unwinding error; every `pcall` of the debugger that
//! it reaches raises it again, until the one that called the frame: that
//! one calls the function again with those values, the step `In` set so
//! that the program stops at its first line.
//!
//! On LuaJIT the debugger's `pcall` is Lua (`pcall_luajit.rs`) and does
//! not call frames again: `restartFrame` is not offered there, and nothing
//! here is used.
#![cfg_attr(feature = "luajit", allow(dead_code))]

use std::cell::Cell;
use std::os::raw::c_void;

use mlua::ffi::{self, lua_State};

use super::{active, event};
use crate::debugger::state::Step;

/// A planned restart: the stack slot of the `pcall` frame that restarts,
/// and the registry reference of `{f, args...}` with their count.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub slot: usize,
    pub values: i32,
    pub count: i32,
}

thread_local! {
    static PLAN: Cell<Option<Plan>> = const { Cell::new(None) };
}

/// Plans a restart (the stop loop, before resuming with an unwind).
pub fn plan(plan: Plan) {
    PLAN.with(|p| p.set(Some(plan)));
}

/// A restart is under way: `pcall`s that are not its target raise again.
pub fn pending() -> bool {
    PLAN.with(|p| p.get().is_some())
}

/// In the debugger's `pcall` after an error: if this `pcall` (the running
/// C frame of `l`) is the restart's target, pops the error, pushes the
/// function and its arguments, sets the step that stops at its first line,
/// and returns how many arguments follow the function.
///
/// # Safety
/// Inside the `pcall` C function (or its continuation) on the VM thread,
/// with the error on top of `l`'s stack.
pub unsafe fn take_for(l: *mut lua_State) -> Option<i32> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let plan = PLAN.with(Cell::get)?;
        let me = snapshot::frame::running(l as *const c_void).slot(l as *const c_void);
        if me != plan.slot {
            return None;
        }
        PLAN.with(|p| p.set(None));
        ffi::lua_pop(l, 1);
        if ffi::lua_checkstack(l, plan.count + 1) == 0 {
            ffi::luaL_unref(l, ffi::LUA_REGISTRYINDEX, plan.values);
            return None;
        }
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(plan.values),
        );
        for i in 1..=plan.count {
            ffi::lua_rawgeti(l, -i, ffi::lua_Integer::from(i));
        }
        ffi::lua_remove(l, -(plan.count + 1)); // the table
        ffi::luaL_unref(l, ffi::LUA_REGISTRYINDEX, plan.values);
        if let Some(dbg) = active::hooked() {
            dbg.step.set(Step::In);
            event::refresh(l, 0);
        }
        Some(plan.count - 1)
    }
}

/// Forgets a plan whose target was not reached (the stop loop, at the next
/// stop).
pub fn forget() {
    PLAN.with(|p| p.set(None));
}
