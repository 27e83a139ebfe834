//! `restartFrame` and `canRestart`: a Lua frame of the stopped thread that
//! the debugger's `pcall` called, with only Lua frames and such `pcall`s
//! above it, runs again from its start with its parameters' current values
//! (`hook/restart.rs` says how). Other frames cannot be restarted soundly:
//! the only way to remove frames in Lua 5.4 is an error, which any other
//! protected call (`xpcall`'s handler, a C function, a coroutine boundary)
//! would see.

use mlua::{ffi, Lua, Value};

use super::frames::StopContext;
use crate::debugger::frame_access::FrameRef;
use crate::debugger::hook::{self, RestartPlan};

/// Frames above a restartable one that are looked at, at most: deeper
/// frames are not offered (a stack overflow answers in time).
const MAX_ABOVE: usize = 1000;

/// Whether frame `index` (0 = innermost) can be restarted; its `pcall`'s
/// stack slot.
pub fn restartable(ctx: &StopContext, lua: &Lua, index: usize) -> Option<usize> {
    let (thread, chain, base, count) = ctx.top_frames();
    if index >= count.min(MAX_ABOVE) {
        return None;
    }
    let level = base + index;
    // SAFETY: the frames of the stopped top thread (StopContext's contract).
    let frame = |level: usize| unsafe { FrameRef::of(thread, chain[level]) };
    if frame(level).info().what != "Lua" {
        return None;
    }
    let caller = *chain.get(level + 1)?;
    if !is_pcall(lua, &frame(level + 1)) {
        return None;
    }
    for above in base..level {
        let f = frame(above);
        if f.info().what == "C" && !is_pcall(lua, &f) {
            return None;
        }
    }
    // SAFETY: as above.
    Some(unsafe { caller.slot(thread as *const _) })
}

fn is_pcall(lua: &Lua, frame: &FrameRef) -> bool {
    frame.info().what == "C"
        && frame
            .function(lua)
            .is_some_and(|f| f.to_pointer() == hook::pcall_pointer())
}

/// Plans the restart of frame `index`; the stop loop then resumes with an
/// unwind.
pub fn restart(ctx: &StopContext, lua: &Lua, index: usize) -> Result<(), String> {
    let slot = restartable(ctx, lua, index).ok_or(
        "this frame cannot be restarted: only a Lua function called by pcall, with only Lua \
         functions and pcall above it, can be",
    )?;
    let frame = ctx.frame(index).ok_or("no such frame")?;
    let function = frame.function(lua).ok_or("the frame has no function")?;
    let params = crate::debugger::frame_access::param_count(&function);
    let locals = frame.locals(lua);
    let mut values = vec![Value::Function(function)];
    values.extend(
        locals
            .iter()
            .filter(|l| l.index > 0)
            .take(params)
            .map(|l| l.value.clone()),
    );
    values.extend(
        locals
            .iter()
            .filter(|l| l.index < 0)
            .map(|l| l.value.clone()),
    );
    let count = i32::try_from(values.len()).map_err(|_| "too many arguments")?;
    let table = lua.create_table().map_err(|e| e.to_string())?;
    for (i, v) in values.into_iter().enumerate() {
        table.raw_set(i + 1, v).map_err(|e| e.to_string())?;
    }
    // SAFETY: protected on the running thread; `luaL_ref` pops the table.
    let reference = unsafe {
        lua.exec_raw::<i64>(table, |state| {
            let r = ffi::luaL_ref(state, ffi::LUA_REGISTRYINDEX);
            ffi::lua_pushinteger(state, ffi::lua_Integer::from(r));
        })
    }
    .map_err(|e| e.to_string())?;
    hook::plan_restart(RestartPlan {
        slot,
        values: i32::try_from(reference).map_err(|_| "no registry slot")?,
        count,
    });
    Ok(())
}
