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

/// Whether the function takes `...` (`VARARG_ISVARARG`), and its fixed
/// parameters.
pub unsafe fn proto_params(p: *const c_void) -> (bool, usize) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        (p.is_vararg & 2 != 0, p.numparams as usize)
    }
}

/// The first instruction of the prototype's code.
pub(super) unsafe fn proto_code(p: *const c_void) -> *const u32 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const Proto)).code }
}

/// Name of upvalue `i` as the compiler recorded it (absent in stripped
/// code): a string of the prototype's `upvalues` array.
pub unsafe fn proto_upvalue_name(p: *const c_void, i: usize) -> Option<*const c_void> {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        let names = raw_slice(p.upvalues, p.sizeupvalues);
        names
            .get(i)
            .filter(|n| !n.is_null())
            .map(|&n| n as *const c_void)
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

/// Source line of instruction `pc` (`getline`: one absolute line per
/// instruction).
pub unsafe fn proto_line(p: *const c_void, pc: i32) -> i32 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        match raw_slice(p.lineinfo, p.sizelineinfo).get(pc.max(0) as usize) {
            Some(&line) if pc >= 0 => line,
            _ => -1,
        }
    }
}

/// The bytes of a name the compiler recorded (an upvalue's or a local's):
/// a Lua string.
///
/// # Safety
/// `name` comes from `proto_upvalue_name` or `proto_active_locals` of a
/// live prototype.
pub unsafe fn debug_name_bytes<'a>(name: *const c_void) -> &'a [u8] {
    // SAFETY: the caller's contract: a live string.
    unsafe { string_bytes(name) }
}
