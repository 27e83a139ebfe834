//! Threads: stacks and their activation records, as the walk copies them.
//!
//! A vararg function's frame differs from 5.4's: its function stays where
//! it was called, its fixed parameters are copied above the arguments
//! (`adjust_varargs`), so that the varargs lie between the function and the
//! frame's base, where the locals start.

use super::*;

/// One activation record of a thread, innermost first.
pub struct FrameRecord {
    /// Stack slot of the called function.
    pub func: *const TValue,
    pub is_lua: bool,
    /// Lua frames: the prototype, the instruction being run, the slot of
    /// the first local, and the varargs (`nextraargs` slots from `varargs`).
    pub proto: *const c_void,
    pub pc: i32,
    pub base: *const TValue,
    pub varargs: *const TValue,
    pub nextraargs: usize,
}

/// `callstatus` bit of a call running a Lua function (`CIST_LUA`).
const CIST_LUA: u16 = 1 << 1;

/// Pushes `values` on `l`'s stack as the VM copies values to stack slots
/// (no allocation, no write barrier: stacks are re-scanned atomically).
///
/// # Safety
/// `l` is the running thread with `values.len()` free slots reserved
/// (`lua_checkstack`), and the values name live objects.
pub unsafe fn push_values(l: *mut c_void, values: &[TValue]) {
    // SAFETY: the caller's contract.
    unsafe {
        let l = &mut *(l as *mut LuaState);
        for &v in values {
            *l.top = v;
            l.top = l.top.add(1);
        }
    }
}

pub unsafe fn thread_stack(th: *const c_void) -> (*const TValue, *const TValue) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        (l.stack, l.top)
    }
}

/// The object on top of thread `th`'s stack (the gc pointer, which for a
/// full userdata is not what `lua_topointer` returns), if collectable.
///
/// # Safety
/// `th` is a live thread of the VM, on the VM thread, with a value pushed.
pub unsafe fn top_object(th: *const c_void) -> Option<*const c_void> {
    // SAFETY: a value is pushed (the caller's contract).
    unsafe {
        let v = *(*(th as *const LuaState)).top.sub(1);
        v.is_collectable().then(|| v.gc())
    }
}

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
