//! Function prototypes: constants, child prototypes, names and lines
//! (`lj_debug.c` reads them the same way).

use super::*;

/// A prototype's collectable constants (`proto_kgc`): object pointers
/// below `k`, from `-sizekgc` to `-1`.
unsafe fn kgc(p: *const c_void) -> impl Iterator<Item = *const c_void> {
    // SAFETY: a live prototype has `sizekgc` references below `k`.
    unsafe {
        let pt = &*(p as *const GCproto);
        let base = (pt.k as *const u64).sub(pt.sizekgc as usize);
        std::slice::from_raw_parts(base, pt.sizekgc as usize)
            .iter()
            .map(|&r| r as usize as *const c_void)
            .filter(|o| !o.is_null())
    }
}

/// The type tag an object's header holds (`gct`, `~itype`).
pub(super) unsafe fn gct(o: *const c_void) -> u8 {
    // SAFETY: `o` is a live object; the header is its first bytes.
    unsafe { (*(o as *const GCHeader)).gct }
}

/// Objects the prototype holds as constants, child prototypes aside.
pub unsafe fn proto_constants(p: *const c_void) -> impl Iterator<Item = TValue> {
    // SAFETY: the caller's contract: a live prototype, whose constants are
    // live objects.
    unsafe {
        kgc(p).filter_map(|o| {
            let g = gct(o);
            (g != !LJ_TPROTO as u8).then(|| TValue::object(o, !(g as u32)))
        })
    }
}

/// Prototypes of the functions defined inside this one.
pub unsafe fn proto_children(p: *const c_void) -> impl Iterator<Item = *const c_void> {
    // SAFETY: as `proto_constants`.
    unsafe { kgc(p).filter(|&o| gct(o) == !LJ_TPROTO as u8) }
}

pub unsafe fn proto_source(p: *const c_void) -> *const c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const GCproto)).chunkname as *const c_void }
}

pub unsafe fn proto_linedefined(p: *const c_void) -> i32 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const GCproto)).firstline }
}

/// The number of the prototype's first compiled root trace (0: none).
pub unsafe fn proto_root_trace(p: *const c_void) -> u16 {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe { (*(p as *const GCproto)).trace }
}

/// Whether the function takes `...`, and its fixed parameters.
pub unsafe fn proto_params(p: *const c_void) -> (bool, usize) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let pt = &*(p as *const GCproto);
        (pt.flags & 0x02 != 0, pt.numparams as usize)
    }
}

/// The first instruction of the prototype's bytecode (`proto_bc`).
pub(super) unsafe fn proto_bc(p: *const c_void) -> *const u32 {
    // SAFETY: the bytecode follows the prototype in the same block.
    unsafe { (p as *const u8).add(std::mem::size_of::<GCproto>()) as *const u32 }
}

/// A NUL-terminated name: its bytes, without the NUL.
unsafe fn c_name<'a>(p: *const u8) -> &'a [u8] {
    // SAFETY: the caller gives a NUL-terminated string that lives for 'a.
    unsafe { std::ffi::CStr::from_ptr(p as *const std::ffi::c_char).to_bytes() }
}

/// The bytes of a name from `proto_upvalue_name` or `proto_active_locals`.
pub unsafe fn debug_name_bytes<'a>(name: *const c_void) -> &'a [u8] {
    // SAFETY: the caller's contract: such a name, NUL-terminated.
    unsafe { c_name(name as *const u8) }
}

/// Name of upvalue `i` as the compiler recorded it (absent in stripped
/// code): the `i`-th of the NUL-terminated names of `uvinfo`.
pub unsafe fn proto_upvalue_name(p: *const c_void, i: usize) -> Option<*const c_void> {
    // SAFETY: `uvinfo` holds `sizeuv` NUL-terminated names.
    unsafe {
        let pt = &*(p as *const GCproto);
        if pt.uvinfo.is_null() || i >= pt.sizeuv as usize {
            return None;
        }
        let mut at = pt.uvinfo;
        for _ in 0..i {
            at = at.add(c_name(at).len() + 1);
        }
        Some(at as *const c_void)
    }
}

/// Names of the internal variables of `for` loops (`VARNAMEDEF`), by code.
static INTERNAL_NAMES: [&[u8]; 7] = [
    b"\0",
    b"(for index)\0",
    b"(for limit)\0",
    b"(for step)\0",
    b"(for generator)\0",
    b"(for state)\0",
    b"(for control)\0",
];

/// Reads an unsigned LEB128 number and moves past it.
unsafe fn uleb128(at: &mut *const u8) -> u32 {
    // SAFETY: `varinfo` is well-formed: every number ends.
    unsafe {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = **at;
            *at = at.add(1);
            v |= ((b & 0x7f) as u32).wrapping_shl(shift);
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
}

/// Names of the locals active at instruction `pc`, in slot order
/// (`lj_debug_varname`).
pub unsafe fn proto_active_locals(p: *const c_void, pc: i32, out: &mut Vec<*const c_void>) {
    // SAFETY: `varinfo` is a well-formed list ended by code 0.
    unsafe {
        out.clear();
        let pt = &*(p as *const GCproto);
        if pt.varinfo.is_null() || pc < 0 {
            return;
        }
        let pc = pc as u32;
        let mut at = pt.varinfo;
        let mut lastpc = 0u32;
        loop {
            let code = *at;
            let name: *const u8 = if (code as usize) < INTERNAL_NAMES.len() {
                if code == 0 {
                    break;
                }
                at = at.add(1);
                INTERNAL_NAMES[code as usize].as_ptr()
            } else {
                let name = at;
                at = at.add(c_name(at).len() + 1);
                name
            };
            let startpc = lastpc.wrapping_add(uleb128(&mut at));
            lastpc = startpc;
            if startpc > pc {
                break;
            }
            let endpc = startpc.wrapping_add(uleb128(&mut at));
            if pc < endpc {
                out.push(name as *const c_void);
            }
        }
    }
}

/// Source line of instruction `pc` (`lj_debug_line`).
pub unsafe fn proto_line(p: *const c_void, pc: i32) -> i32 {
    // SAFETY: `lineinfo` has one entry per instruction but the first, of
    // the width `numline` needs.
    unsafe {
        let pt = &*(p as *const GCproto);
        if pt.lineinfo.is_null() || pc < 0 || pc as u32 > pt.sizebc {
            return -1;
        }
        let first = pt.firstline;
        if pc as u32 == pt.sizebc {
            return first + pt.numline;
        }
        if pc == 0 {
            return first;
        }
        let i = pc as usize - 1;
        let delta = if pt.numline < 256 {
            *(pt.lineinfo as *const u8).add(i) as i32
        } else if pt.numline < 65536 {
            *(pt.lineinfo as *const u16).add(i) as i32
        } else {
            *(pt.lineinfo as *const u32).add(i) as i32
        };
        first + delta
    }
}
