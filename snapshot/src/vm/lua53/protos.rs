//! Function prototypes: what 5.3 reads its own way (varargs, upvalue names).

use super::*;

/// Whether the function takes `...`, and its fixed parameters.
pub unsafe fn proto_params(p: *const c_void) -> (bool, usize) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        (p.is_vararg != 0, p.numparams as usize)
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
