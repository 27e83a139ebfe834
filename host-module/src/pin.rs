//! Keeping this library loaded for the life of the process.
//!
//! Once the allocator wrapper is installed, the host's state calls into
//! this library's code on every allocation, up to the last free of
//! `lua_close`; but `lua_close` also finalizes the `_CLIBS` table, which
//! `dlclose`s every C library `require` loaded. Opening ourselves again with
//! `RTLD_NODELETE` (found through `dladdr`) keeps the code mapped whatever
//! the order of finalizers.

use std::ffi::CStr;
use std::os::raw::c_void;

pub fn pin() -> Result<(), String> {
    // SAFETY: dladdr fills `info` for an address of this library (a
    // function of it); dlopen with RTLD_NOLOAD only adds a reference to a
    // library already loaded, and the handle is deliberately never closed.
    unsafe {
        let mut info: libc::Dl_info = std::mem::zeroed();
        if libc::dladdr(pin as *const c_void, &mut info) == 0 || info.dli_fname.is_null() {
            return Err("cannot find the path of its own library (dladdr failed)".into());
        }
        let handle = libc::dlopen(
            info.dli_fname,
            libc::RTLD_LAZY | libc::RTLD_NOLOAD | libc::RTLD_NODELETE,
        );
        if handle.is_null() {
            let why = libc::dlerror();
            let why = if why.is_null() {
                "unknown error".into()
            } else {
                CStr::from_ptr(why).to_string_lossy()
            };
            return Err(format!(
                "cannot keep {} loaded (dlopen: {why})",
                CStr::from_ptr(info.dli_fname).to_string_lossy()
            ));
        }
        Ok(())
    }
}
