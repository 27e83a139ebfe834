//! What a snapshot did not copy can still be read in the VM it was taken
//! from, for as long as the object has not been freed: the text of
//! strings. A snapshot keeps no string contents (a heap of a million
//! strings would double in size); reports of a few objects read them here.
//!
//! Sound only on the VM's own thread, with the VM open and no Lua running:
//! an object of the snapshot whose address the allocator tracker has not
//! seen freed since the snapshot was taken is the same object, in place,
//! and a Lua string never changes.

use crate::model::{Kind, ObjId, Snapshot};
use crate::ptrmap::PtrMap;
use crate::vm::current as vm;

/// Up to `max` bytes of the text of string `id`, cut at a character
/// boundary (`…` marks a cut), or `None` when `id` is not a string or has
/// been freed since the snapshot (`freed`: `AllocTracker::freed_since`).
///
/// # Safety
/// The VM that `snap` was taken from must be open, on this thread, with no
/// Lua code running, and `freed` must be the tracker's answer for `snap`
/// since then with no allocation in between.
pub unsafe fn string_text(
    snap: &Snapshot,
    id: ObjId,
    freed: &PtrMap,
    max: usize,
) -> Option<String> {
    let o = snap.object(id);
    if o.kind != Kind::String || freed.get(o.addr).is_some() {
        return None;
    }
    // SAFETY: the string is alive and unchanged (the caller's contract and
    // the check above), so its bytes are readable for this call.
    let bytes = unsafe { vm::string_bytes(o.addr as *const std::ffi::c_void) };
    if bytes.len() <= max {
        return Some(String::from_utf8_lossy(bytes).into_owned());
    }
    // Cut at a character boundary when the text is UTF-8.
    let end = match std::str::from_utf8(&bytes[..max]) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => max,
    };
    Some(format!("{}…", String::from_utf8_lossy(&bytes[..end])))
}
