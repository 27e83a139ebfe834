//! The protected frame of the load-time layout checks of every runtime
//! (`lua54::check`, `luajit::check`, `lua53::check`, `lua51::check`): the check runs under `lua_pcall`, so
//! that a memory error becomes a result instead of a jump over Rust frames,
//! and reports the first field that reads differently.

use std::os::raw::{c_int, c_void};

use mlua::ffi;

/// What a check found: `Ok`, or the failing layout and what was read.
pub type Outcome = Result<(), (&'static str, String)>;

/// Runs `check` on `l` under `lua_pcall`; `Err(message)` when it raised.
/// Leaves the stack as it was.
///
/// # Safety
/// `l` is a live state on the current thread, inside a C call, with room
/// for two stack slots; `check` may raise only from the C API, before any
/// Rust value that needs dropping exists.
pub unsafe fn protected(
    l: *mut ffi::lua_State,
    check: unsafe fn(*mut ffi::lua_State) -> Outcome,
) -> Result<Outcome, String> {
    struct Call {
        check: unsafe fn(*mut ffi::lua_State) -> Outcome,
        outcome: Option<Outcome>,
    }
    unsafe extern "C-unwind" fn probe(l: *mut ffi::lua_State) -> c_int {
        // SAFETY: argument 1 is the `Call` that `protected` pushed, which
        // outlives this call.
        unsafe {
            let call = ffi::lua_touserdata(l, 1) as *mut Call;
            (*call).outcome = Some(((*call).check)(l));
        }
        0
    }
    let mut call = Call {
        check,
        outcome: None,
    };
    // SAFETY: `probe` runs under lua_pcall with a pointer to `call`, which
    // outlives the call; the error value is popped.
    unsafe {
        ffi::lua_pushcfunction(l, probe);
        ffi::lua_pushlightuserdata(l, &mut call as *mut Call as *mut c_void);
        if ffi::lua_pcall(l, 1, 0, 0) != 0 {
            let mut len = 0;
            let s = ffi::lua_tolstring(l, -1, &mut len);
            let msg = if s.is_null() {
                "error object is not a string".to_string()
            } else {
                String::from_utf8_lossy(std::slice::from_raw_parts(s as *const u8, len))
                    .into_owned()
            };
            ffi::lua_pop(l, 1);
            return Err(msg);
        }
    }
    call.outcome
        .ok_or_else(|| "the check did not run".to_string())
}

/// Compares `read` with `expected`, naming the layout and the field.
pub fn same<T: PartialEq + std::fmt::Debug>(
    what: &'static str,
    field: &str,
    read: T,
    expected: T,
) -> Outcome {
    if read == expected {
        Ok(())
    } else {
        Err((
            what,
            format!("{field} read {read:?}, expected {expected:?}"),
        ))
    }
}
