//! Which files with breakpoints have code loaded in the VM.
//!
//! A breakpoint can only be hit by a function of its file, and VS Code sends
//! the breakpoints of every file of the workspace, loaded or not. Until some
//! function of a file with breakpoints exists, no hook needs to run at all:
//! the script runs at full speed. The VM's allocator tells us of every new
//! prototype (`snapshot::identity::observe_protos`); a new one is pending
//! until a hook looks at its chunk name, so the allocator arms the call
//! hook on the running thread, and the first hook event settles it (before
//! any function of the new chunk can run, since running one is a call).
//!
//! Prototypes whose chunk name is not set yet (a chunk still being parsed,
//! when a `load` reader function runs Lua code) stay pending, and keep the
//! call hook armed, until it is.

use std::cell::{Cell, RefCell};
use std::os::raw::c_void;

use snapshot::frame::ProtoRef;
use snapshot::identity::{self, ProtoObserver};

use super::protos::AddrMap;
use crate::debugger::breakpoints::Breakpoints;
use crate::debugger::loaded_sources;

#[derive(Default)]
struct Loaded {
    /// Prototypes allocated but not looked at yet (a set: the allocator
    /// asks about every freed block of a prototype's size).
    pending: AddrMap<()>,
    /// Live prototypes of files, with their file number.
    live: AddrMap<usize>,
    /// Live prototypes per file number.
    per_file: Vec<u32>,
    /// Per file number: it has breakpoints.
    has_bps: Vec<bool>,
    /// Code was compiled before we watched (an attached host): any file
    /// with breakpoints may have functions we never saw.
    unseen_code: bool,
    /// Some file has breakpoints.
    any_bps: bool,
    /// Names of chunks whose main prototype was settled since the last
    /// [`take_new_chunks`] (`loaded_sources.rs` lists them).
    new_chunks: Vec<Vec<u8>>,
}

impl Loaded {
    fn any_hittable(&self) -> bool {
        (self.unseen_code && self.any_bps)
            || self
                .per_file
                .iter()
                .zip(&self.has_bps)
                .any(|(&n, &bps)| n > 0 && bps)
    }
}

thread_local! {
    static LOADED: RefCell<Loaded> = RefCell::default();
    /// Read by the hook at every event: plain thread-local loads.
    static PENDING: Cell<bool> = const { Cell::new(false) };
    static HITTABLE: Cell<bool> = const { Cell::new(false) };
}

/// Starts watching the prototypes of this thread's VM (call before the
/// script is compiled); the allocator calls `observer`, which passes them
/// on to [`created`] and [`freed`].
pub fn start(observer: ProtoObserver) {
    forget_all();
    identity::observe_protos(Some(observer));
}

pub fn stop() {
    identity::observe_protos(None);
    forget_all();
}

/// [`start`] in a VM that already ran code (an attached host): prototypes
/// compiled before are unknown, so every file with breakpoints counts as
/// loaded, and the call hook decides per function (`calls.rs`).
pub fn start_late(observer: ProtoObserver) {
    start(observer);
    LOADED.with(|l| l.borrow_mut().unseen_code = true);
}

fn forget_all() {
    LOADED.with(|l| *l.borrow_mut() = Loaded::default());
    PENDING.with(|p| p.set(false));
    HITTABLE.with(|h| h.set(false));
}

/// Some new prototype waits for a hook to look at it.
#[inline]
pub fn pending() -> bool {
    PENDING.with(Cell::get)
}

/// Some function of a file with breakpoints is loaded.
#[inline]
pub fn hittable() -> bool {
    HITTABLE.with(Cell::get)
}

/// Looks at the pending prototypes (from a hook, on the VM thread);
/// returns whether a file with breakpoints just got code.
///
/// # Safety
/// On the VM thread, inside a hook or a C function of the debugger.
pub unsafe fn settle(bps: &mut Breakpoints) -> bool {
    let before = hittable();
    LOADED.with(|l| {
        let Ok(mut l) = l.try_borrow_mut() else {
            return;
        };
        let l = &mut *l;
        let mut settled = Vec::new();
        for &addr in l.pending.keys() {
            // SAFETY: pending prototypes are live (`freed` removes them)
            // and initialised (`luaF_newproto` runs no Lua code between the
            // allocation and its stores).
            let proto = unsafe { ProtoRef::at(addr) };
            // SAFETY: as above.
            if let Some(source) = unsafe { proto.source_if_set() } {
                // One main prototype per loaded chunk (`linedefined` 0).
                // SAFETY: as above.
                if unsafe { proto.lines() }.0 == 0 && loaded_sources::wanted(source) {
                    l.new_chunks.push(source.to_vec());
                }
                settled.push((addr, source));
            }
        }
        for (addr, source) in settled {
            l.pending.remove(&addr);
            // Only files have breakpoints: other chunks (strings given to
            // `load`, which may be many) are not even named.
            if !source.starts_with(b"@") {
                continue;
            }
            if let Some(file) = bps.file_number(source) {
                l.live.insert(addr, file);
                for n in l.per_file.len()..=file {
                    l.per_file.push(0);
                    l.has_bps.push(bps.file_has_breakpoints(n));
                }
                l.per_file[file] += 1;
            }
        }
        PENDING.with(|p| p.set(!l.pending.is_empty()));
        HITTABLE.with(|h| h.set(l.any_hittable()));
    });
    !before && hittable()
}

/// The chunks loaded since the last call (names of their main prototypes,
/// in the order they were settled).
pub fn take_new_chunks() -> Vec<Vec<u8>> {
    LOADED.with(|l| {
        l.try_borrow_mut()
            .map(|mut l| std::mem::take(&mut l.new_chunks))
            .unwrap_or_default()
    })
}

/// The breakpoints changed.
pub fn breakpoints_changed(bps: &Breakpoints) {
    LOADED.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            for (file, has) in l.has_bps.iter_mut().enumerate() {
                *has = bps.file_has_breakpoints(file);
            }
            l.any_bps = !bps.is_empty();
            HITTABLE.with(|h| h.set(l.any_hittable()));
        }
    });
}

/// A prototype was allocated (inside the allocator: no Lua calls); the
/// caller arms the call hook so that a hook looks at it.
pub fn created(p: *mut c_void) {
    LOADED.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.pending.insert(p as usize, ());
        }
    });
    PENDING.with(|flag| flag.set(true));
}

/// A block of a prototype's size was freed (inside the allocator); true
/// when a file with breakpoints just lost its last code.
pub fn freed(p: *mut c_void) -> bool {
    LOADED.with(|l| {
        let Ok(mut l) = l.try_borrow_mut() else {
            return false;
        };
        let addr = p as usize;
        l.pending.remove(&addr);
        if let Some(file) = l.live.remove(&addr) {
            l.per_file[file] -= 1;
            if l.per_file[file] == 0 && l.has_bps[file] {
                HITTABLE.with(|h| h.set(l.any_hittable()));
                return true;
            }
        }
        false
    })
}
