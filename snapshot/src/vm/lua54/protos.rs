//! Function prototypes: constants, nested prototypes, names and lines.

use super::*;

pub unsafe fn proto_source(p: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const Proto)).source as *const c_void }
}

pub unsafe fn proto_linedefined(p: *const c_void) -> i32 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const Proto)).linedefined }
}

pub unsafe fn proto_constants(p: *const c_void) -> impl Iterator<Item = TValue> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        raw_slice(p.k, p.sizek).iter().copied()
    }
}

pub unsafe fn proto_children(p: *const c_void) -> impl Iterator<Item = *const c_void> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        raw_slice(p.p as *const *const c_void, p.sizep)
            .iter()
            .copied()
    }
}

/// Name of upvalue `i` as the compiler recorded it (absent in stripped code).
pub unsafe fn proto_upvalue_name(p: *const c_void, i: usize) -> Option<*const c_void> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        if i >= p.sizeupvalues.max(0) as usize || p.upvalues.is_null() {
            return None;
        }
        let name = (*p.upvalues.add(i)).name;
        (!name.is_null()).then_some(name as *const c_void)
    }
}

/// Names of the locals active at `pc`, in register order (`luaF_getlocalname`).
pub unsafe fn proto_active_locals(p: *const c_void, pc: i32, out: &mut Vec<*const c_void>) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        out.clear();
        let p = &*(p as *const Proto);
        for lv in raw_slice(p.locvars, p.sizelocvars) {
            if lv.startpc > pc {
                break;
            }
            if pc < lv.endpc && !lv.varname.is_null() {
                out.push(lv.varname as *const c_void);
            }
        }
    }
}

/// Source line of instruction `pc` (`luaG_getfuncline`).
pub unsafe fn proto_line(p: *const c_void, pc: i32) -> i32 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        if p.lineinfo.is_null() {
            return -1;
        }
        let abs = raw_slice(p.abslineinfo, p.sizeabslineinfo);
        let (mut basepc, mut line) = if abs.is_empty() || pc < abs[0].pc {
            (-1, p.linedefined)
        } else {
            let mut i = (pc / MAXIWTHABS - 1).max(0) as usize;
            while i + 1 < abs.len() && pc >= abs[i + 1].pc {
                i += 1;
            }
            (abs[i].pc, abs[i].line)
        };
        let deltas = raw_slice(p.lineinfo, p.sizelineinfo);
        while basepc < pc {
            basepc += 1;
            match deltas.get(basepc as usize) {
                Some(&d) if d != ABSLINEINFO => line += d as i32,
                _ => break,
            }
        }
        line
    }
}
