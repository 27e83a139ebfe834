//! Threads: stacks and their calls, as the walk copies them.
//!
//! A thread's calls are an array of `CallInfo`, from `base_ci` (the C entry,
//! no call) up to `ci`. A vararg function's varargs stay where they were
//! passed, between its function and the base of its frame, where its fixed
//! parameters are copied (`adjust_varargs`; with `LUA_COMPAT_VARARG` the
//! `arg` table is one more local).

use super::*;

/// Whether the thread has called nothing yet or has finished (only `base_ci`).
pub unsafe fn thread_is_idle(th: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        l.ci == l.base_ci
    }
}

pub unsafe fn thread_frames(th: *const c_void, out: &mut Vec<FrameRecord>) {
    // SAFETY: `base_ci..=ci` are the live calls of a live thread.
    unsafe {
        out.clear();
        let l = &*(th as *const LuaState);
        if l.base_ci.is_null() || l.ci < l.base_ci || l.ci >= l.end_ci {
            return;
        }
        let mut ci = l.ci as *const CallInfo;
        while ci > l.base_ci as *const CallInfo {
            let c = &*ci;
            let f = *c.func;
            let mut frame = FrameRecord {
                func: c.func,
                is_lua: f.tt == TFUNCTION as i32 && function_is_lua(f.gc()),
                proto: std::ptr::null(),
                pc: 0,
                base: c.base,
                varargs: c.base,
                nextraargs: 0,
            };
            if frame.is_lua {
                let p = lclosure_proto(f.gc());
                frame.proto = p;
                // The innermost call keeps its PC in the thread
                // (`currentpc`).
                let pc = if std::ptr::eq(ci, l.ci) {
                    l.savedpc
                } else {
                    c.savedpc
                };
                frame.pc = (pc.offset_from(proto_code(p)) as i32 - 1).max(0);
                let (is_vararg, params) = proto_params(p);
                if is_vararg {
                    let given = c.base.offset_from(c.func).max(1) as usize - 1;
                    frame.nextraargs = given.saturating_sub(params);
                    frame.varargs = c.base.sub(frame.nextraargs);
                }
            }
            out.push(frame);
            ci = ci.sub(1);
        }
    }
}

/// The thread's blocks: `lua_State`, the stack and the call array
/// (`luaE_freethread`).
pub unsafe fn thread_size(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        std::mem::size_of::<LuaState>()
            + l.stacksize.max(0) as usize * std::mem::size_of::<TValue>()
            + l.size_ci.max(0) as usize * std::mem::size_of::<CallInfo>()
    }
}

/// The environment of a thread (`gt`, what `lua_getfenv` gives), if a table.
pub unsafe fn thread_env(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let gt = (*(th as *const LuaState)).l_gt;
        if gt.tt == TTABLE as i32 {
            gt.value as usize
        } else {
            0
        }
    }
}
