//! Threads: stacks and their activation records, as the walk copies them.

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
    // SAFETY: `th` is a live thread with at least one value pushed (the
    // caller's contract).
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
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        out.clear();
        let l = &*(th as *const LuaState);
        let mut ci = l.ci as *const CallInfo;
        while !ci.is_null() && !std::ptr::eq(ci, &l.base_ci) {
            let c = &*ci;
            let is_lua = c.callstatus & CIST_C == 0;
            let mut frame = FrameRecord {
                func: c.func,
                is_lua,
                proto: std::ptr::null(),
                pc: 0,
                base: c.func.add(FRAME_HEADER),
                varargs: c.func,
                nextraargs: 0,
            };
            if is_lua {
                let f = *c.func;
                if f.variant() == VLCL {
                    let p = lclosure_proto(f.gc());
                    frame.proto = p;
                    frame.pc =
                        (c.savedpc.offset_from((*(p as *const Proto)).code) as i32 - 1).max(0);
                    if (*(p as *const Proto)).is_vararg != 0 {
                        // Below the function, which the call moved above
                        // them (`luaT_adjustvarargs`).
                        frame.nextraargs = c.nextraargs.max(0) as usize;
                        frame.varargs = c.func.sub(frame.nextraargs);
                    }
                }
            }
            out.push(frame);
            ci = c.previous;
        }
    }
}

pub unsafe fn thread_size(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        let slots = l.stack_last.offset_from(l.stack).max(0) as usize + EXTRA_STACK;
        EXTRASPACE
            + std::mem::size_of::<LuaState>()
            + slots * std::mem::size_of::<TValue>()
            + l.nci as usize * std::mem::size_of::<CallInfo>()
    }
}
