//! Function prototypes: what 5.1 reads its own way (varargs, upvalue names).

use super::*;

/// Whether the function takes `...` (`VARARG_ISVARARG`), and its fixed
/// parameters.
pub unsafe fn proto_params(p: *const c_void) -> (bool, usize) {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        let p = &*(p as *const Proto);
        (p.is_vararg & 2 != 0, p.numparams as usize)
    }
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
