//! Threads: stacks and their frames, as the walk copies them.
//!
//! LuaJIT has no `CallInfo`: each frame is two slots below its base (GC64's
//! `LJ_FR2`), the function and a link, which is the return PC into a Lua
//! caller or, tagged in its low 3 bits, the distance to the previous frame
//! (`lj_frame.h`). The walk goes down those links from `L->base`, as
//! `lj_debug_frame` does.

use super::*;

/// One frame of a thread, innermost first.
pub struct FrameRecord {
    /// Stack slot of the called function.
    pub func: *const TValue,
    pub is_lua: bool,
    /// Lua frames: the prototype, the instruction being run (-1: unknown),
    /// the slot of the first local, and the varargs (`nextraargs` slots
    /// from `varargs`).
    pub proto: *const c_void,
    pub pc: i32,
    pub base: *const TValue,
    pub varargs: *const TValue,
    pub nextraargs: usize,
}

/// Link types in the low bits of a frame's link (`FRAME_*`).
pub(super) const FRAME_LUA: i64 = 0;
const FRAME_CONT: i64 = 2;
pub(super) const FRAME_VARG: i64 = 3;
pub(super) const FRAME_TYPE: i64 = 3;
pub(super) const FRAME_TYPEP: i64 = 7;
/// Where a C frame keeps the PC of the Lua code that entered it (x86-64
/// System V, GC64: `CFRAME_OFS_PC`, `CFRAME_OFS_L`).
pub(super) const CFRAME_OFS_PC: usize = 3 * 8;
const CFRAME_OFS_L: usize = 2 * 8;
pub(super) const CFRAME_RAWMASK: usize = !3;

/// Slots from a frame's function to its first local (function, link).
pub const FRAME_HEADER: usize = 2;

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

/// The object on top of thread `th`'s stack, if collectable.
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

/// Whether the thread has called nothing yet or has finished: its base is
/// the first one (`stack + 1 + LJ_FR2`).
pub unsafe fn thread_is_idle(th: *const c_void) -> bool {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        l.base <= l.stack.add(FRAME_HEADER)
    }
}

pub unsafe fn thread_size(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let l = &*(th as *const LuaState);
        std::mem::size_of::<LuaState>() + l.stacksize as usize * std::mem::size_of::<TValue>()
    }
}

pub unsafe fn thread_env(th: *const c_void) -> usize {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(th as *const LuaState)).env as usize }
}

/// The PC a running thread's innermost Lua frame is at, from its C frame
/// (only set while a hook or an error handler runs).
unsafe fn cframe_pc(l: &LuaState) -> Option<*const u32> {
    // SAFETY: `cframe` is null or the thread's live C frame.
    unsafe {
        let cf = (l.cframe as usize & CFRAME_RAWMASK) as *const u8;
        if cf.is_null() {
            return None;
        }
        let pc = *(cf.add(CFRAME_OFS_PC) as *const usize);
        let owner = *(cf.add(CFRAME_OFS_L) as *const usize);
        (pc != 0 && pc != owner).then_some(pc as *const u32)
    }
}

/// The instruction a Lua frame runs, from the frame called from it
/// (`debug_framepc`); -1 when no PC is kept.
unsafe fn frame_pc(l: &LuaState, proto: *const c_void, next: Option<*const TValue>) -> i32 {
    // SAFETY: links of live frames hold PCs into live bytecode.
    unsafe {
        let ins = match next {
            None => cframe_pc(l),
            Some(nf) => {
                let link = (*nf).u64 as i64;
                match link & FRAME_TYPEP {
                    t if t & FRAME_TYPE == FRAME_LUA => Some(link as usize as *const u32),
                    FRAME_CONT => Some((*nf.sub(2)).u64 as usize as *const u32),
                    _ => cframe_pc(l),
                }
            }
        };
        match ins {
            Some(ins) if !ins.is_null() => (ins.offset_from(proto_bc(proto)) as i32 - 1).max(0),
            _ => -1,
        }
    }
}

pub unsafe fn thread_frames(th: *const c_void, out: &mut Vec<FrameRecord>) {
    // SAFETY: the frames of a live thread are linked as `lj_frame.h` says.
    unsafe {
        out.clear();
        let l = &*(th as *const LuaState);
        let bottom = l.stack.add(1) as *const TValue;
        let mut frame = l.base.sub(1) as *const TValue;
        let mut next: Option<*const TValue> = None;
        while frame > bottom && out.len() < 1 << 20 {
            let func = *frame.sub(1);
            let link = (*frame).u64 as i64;
            let mut record = FrameRecord {
                func: frame.sub(1),
                is_lua: false,
                proto: std::ptr::null(),
                pc: -1,
                base: frame.add(1),
                varargs: frame.sub(1),
                nextraargs: 0,
            };
            let is_function = func.itype() == LJ_TFUNC;
            if is_function && function_is_lua(func.gc()) {
                let proto = lclosure_proto(func.gc());
                record.is_lua = true;
                record.proto = proto;
                record.pc = frame_pc(l, proto, next);
                if link & FRAME_TYPEP == FRAME_VARG {
                    let delta = (link >> 3) as usize;
                    let (_, params) = proto_params(proto);
                    record.nextraargs = delta.saturating_sub(FRAME_HEADER + params);
                    // Below the function's slot, as the call left them.
                    record.varargs = frame.sub(1 + record.nextraargs);
                }
            }
            // A dummy frame (the thread itself as function) is no call.
            if func.gc() != th {
                out.push(record);
            }
            // Down to the previous frame; a vararg function's frame sits on
            // top of the pseudo-frame of its call, which is not a frame of
            // its own (`lj_debug_frame` skips it too).
            let mut below = frame;
            let mut below_link = link;
            if below_link & FRAME_TYPEP == FRAME_VARG {
                below =
                    (below as *const u8).sub((below_link & !FRAME_TYPEP) as usize) as *const TValue;
                below_link = (*below).u64 as i64;
            }
            next = Some(below);
            let previous = if below_link & FRAME_TYPE == FRAME_LUA {
                // The caller's frame size is operand A of its call
                // instruction (`frame_prevl`).
                let call = *(below_link as usize as *const u32).sub(1);
                below.sub(1 + 1 + ((call >> 8) & 0xff) as usize)
            } else {
                (below as *const u8).sub((below_link & !FRAME_TYPEP) as usize) as *const TValue
            };
            if previous >= frame {
                break; // not a stack LuaJIT would build: stop rather than loop
            }
            frame = previous;
        }
    }
}
