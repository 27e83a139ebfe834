//! Threads: stacks and their activation records, as the walk copies them.
//!
//! A vararg function's frame differs from 5.4's: its function stays where
//! it was called, its fixed parameters are copied above the arguments
//! (`adjust_varargs`), so that the varargs lie between the function and the
//! frame's base, where the locals start.

use super::*;

/// `callstatus` bit of a call running a Lua function (`CIST_LUA`).
const CIST_LUA: u16 = 1 << 1;

/// Whether the thread has called nothing yet or has finished (only `base_ci`).
pub unsafe fn thread_is_idle(th: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        std::ptr::eq(l.ci, &l.base_ci)
    }
}

pub unsafe fn thread_frames(th: *const c_void, out: &mut Vec<FrameRecord>) {
    // SAFETY: the call records of a live thread, linked by `previous` down
    // to `base_ci`.
    unsafe {
        out.clear();
        let l = &*(th as *const LuaState);
        let mut ci = l.ci as *const CallInfo;
        while !ci.is_null() && !std::ptr::eq(ci, &l.base_ci) && out.len() < 1 << 20 {
            let c = &*ci;
            let mut frame = FrameRecord {
                func: c.func,
                is_lua: c.callstatus & CIST_LUA != 0,
                proto: std::ptr::null(),
                pc: 0,
                base: c.func.add(1),
                varargs: c.func.add(1),
                nextraargs: 0,
            };
            let f = *c.func;
            if frame.is_lua && f.variant() == VLCL {
                let p = lclosure_proto(f.gc());
                frame.proto = p;
                frame.pc = (c.savedpc.offset_from(proto_code(p)) as i32 - 1).max(0);
                frame.base = c.base;
                let (is_vararg, params) = proto_params(p);
                if is_vararg {
                    let given = c.base.offset_from(c.func).max(1) as usize - 1;
                    frame.nextraargs = given.saturating_sub(params);
                    frame.varargs = c.base.sub(frame.nextraargs);
                }
            }
            out.push(frame);
            ci = c.previous;
        }
    }
}

/// The thread's blocks: `lua_State` with the extra space in front, the
/// stack and the call records (`traversethread`'s count, plus the extra
/// space `LX` allocates).
pub unsafe fn thread_size(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        EXTRASPACE
            + std::mem::size_of::<LuaState>()
            + l.stacksize.max(0) as usize * std::mem::size_of::<TValue>()
            + l.nci as usize * std::mem::size_of::<CallInfo>()
    }
}
