//! Object identity across snapshots, through the VM's allocator.
//!
//! Two snapshots name objects by address, and the allocator reuses addresses:
//! a table freed after snapshot 1 and a new table allocated at the same place
//! before snapshot 2 would look like one surviving object. The tracker wraps
//! the VM's allocation function and, while snapshots exist, logs every freed
//! block that some live snapshot contains, with the epoch it was freed in. A
//! diff then treats an address as the same object only if it was not freed
//! between the two snapshots.
//!
//! The wrapper also enforces an optional memory limit, so a script that
//! exhausts memory gets a Lua "not enough memory" error instead of taking the
//! host down.
//!
//! A debugger wants to stop the program there, with its frames, and still
//! have memory for the stop. Lua raises a memory error without calling the
//! message handler, so the allocator cannot let it happen and hope to see
//! it: with a reserve set ([`Inner::set_reserve`]), a growth that stays over
//! the limit after Lua's emergency collection (the same request again, right
//! after the refusal) is granted from the reserve and reported to the
//! host's callback, which arranges a regular error at the next instruction.
//! The reserve stays usable until the VM's memory is back under the limit,
//! and while the host holds it ([`Inner::hold_reserve`]).

use std::cell::{Cell, RefCell};
use std::os::raw::c_void;
use std::sync::Arc;

use mlua::ffi;

use crate::model::Snapshot;
use crate::pagemap::PageMap;
use crate::ptrmap::PtrMap;

/// Handle on the tracker state that the VM's allocator uses.
///
/// The state lives on the heap: if the handle is dropped while still
/// installed (a panic unwinding in the wrong order), the state is leaked
/// rather than freed under the VM's feet.
pub struct AllocTracker {
    inner: std::ptr::NonNull<Inner>,
}

impl std::ops::Deref for AllocTracker {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        // SAFETY: `inner` comes from Box::into_raw and is freed only in Drop.
        unsafe { self.inner.as_ref() }
    }
}

impl Drop for AllocTracker {
    fn drop(&mut self) {
        if !self.installed.get() {
            // SAFETY: not installed, so the VM holds no pointer to it.
            drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
        }
    }
}

pub struct Inner {
    installed: Cell<bool>,
    inner_alloc: ffi::lua_Alloc,
    inner_ud: *mut c_void,
    /// Bytes in use, as the VM reports them through `osize`/`nsize`.
    used: Cell<usize>,
    /// 0 = no limit.
    limit: Cell<usize>,
    /// Bytes past the limit the host may grant once (0 = none).
    reserve: Cell<usize>,
    /// Told (inside the allocator) that the reserve was drawn on; returns
    /// whether it will raise the error itself (else the request fails).
    on_limit: Cell<Option<fn() -> bool>>,
    /// The reserve is in use: the VM is over the limit since a grant.
    over: Cell<bool>,
    /// The host keeps the reserve usable (while the program is stopped).
    held: Cell<bool>,
    /// The last growth refused, `(block, osize, nsize)`: Lua asks again,
    /// after an emergency collection, with the same arguments.
    refused: Cell<(usize, usize, usize)>,
    log: RefCell<FreeLog>,
}

thread_local! {
    /// Blocks of a prototype's size freed on this thread (see
    /// [`proto_frees`]). Per thread because a VM allocates only on its own
    /// thread, and read by the debugger's hook at every call, where a
    /// thread-local without a destructor is one load.
    static PROTO_FREES: Cell<u64> = const { Cell::new(0) };
}

/// Told of the prototypes a tracked VM on this thread allocates (the block,
/// not yet initialised) and of every block of a prototype's size it frees
/// (a prototype or another object of that size).
#[derive(Clone, Copy)]
pub struct ProtoObserver {
    pub created: fn(*mut c_void),
    pub freed: fn(*mut c_void),
}

thread_local! {
    static OBSERVER: Cell<Option<ProtoObserver>> = const { Cell::new(None) };
}

/// Installs (or, with `None`, removes) this thread's [`ProtoObserver`]. Its
/// functions run inside the VM's allocator: they must not call Lua.
pub fn observe_protos(observer: Option<ProtoObserver>) {
    OBSERVER.with(|o| o.set(observer));
}

/// Grows whenever a tracked VM on this thread frees a block the size of a
/// prototype (other objects of that size count too). While it stands still,
/// no prototype has died, so a prototype's address still names the same
/// function definition: the debugger's per-function cache keys on that.
#[inline]
pub fn proto_frees() -> u64 {
    PROTO_FREES.with(Cell::get)
}

#[derive(Default)]
struct FreeLog {
    epoch: u64,
    /// Address indexes of the live snapshots (shared with them).
    watched: Vec<(u64, Arc<PageMap>)>,
    /// (address, epoch in which it was freed).
    freed: Vec<(usize, u64)>,
}

impl AllocTracker {
    /// Wraps the allocator of `l`'s VM. Call `uninstall` before the VM
    /// closes (or the tracker state is leaked, never freed under the VM).
    ///
    /// # Safety
    /// `l` must be a live state on the current thread, with no allocation in
    /// progress.
    pub unsafe fn install(l: *mut ffi::lua_State) -> Box<AllocTracker> {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let mut inner_ud = std::ptr::null_mut();
            let inner_alloc = ffi::lua_getallocf(l, &mut inner_ud);
            let used = crate::vm::current::heap_bytes(l);
            let inner = Box::into_raw(Box::new(Inner {
                installed: Cell::new(true),
                inner_alloc,
                inner_ud,
                used: Cell::new(used),
                limit: Cell::new(0),
                reserve: Cell::new(0),
                on_limit: Cell::new(None),
                over: Cell::new(false),
                held: Cell::new(false),
                refused: Cell::new((0, 0, 0)),
                log: RefCell::new(FreeLog::default()),
            }));
            ffi::lua_setallocf(l, tracked_alloc, inner as *mut c_void);
            Box::new(AllocTracker {
                inner: std::ptr::NonNull::new_unchecked(inner),
            })
        }
    }
}

impl Inner {
    /// Puts the VM's own allocator back, so the VM can outlive the tracker.
    ///
    /// # Safety
    /// `l` must be the state `install` was called with, no allocation in
    /// progress.
    pub unsafe fn uninstall(&self, l: *mut ffi::lua_State) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            ffi::lua_setallocf(l, self.inner_alloc, self.inner_ud);
            self.installed.set(false);
        }
    }

    /// Limits the VM's memory to `bytes` (0 removes the limit).
    pub fn set_limit(&self, bytes: usize) {
        self.limit.set(bytes);
    }

    /// Lets the limit be passed once by up to `bytes`, when `on_limit`
    /// (called inside the allocator: it must not call Lua) says it will
    /// raise the memory error itself. See the module's notes.
    pub fn set_reserve(&self, bytes: usize, on_limit: Option<fn() -> bool>) {
        self.reserve.set(bytes);
        self.on_limit.set(on_limit);
    }

    /// Keeps the reserve usable (`true`) until released, whatever the
    /// VM's memory: for a stop at an out-of-memory error.
    pub fn hold_reserve(&self, hold: bool) {
        self.held.set(hold);
        if !hold && self.used.get() <= self.limit.get() {
            self.over.set(false);
        }
    }

    /// Whether a growth to `after` bytes in all may go on, drawing
    /// on the reserve if the host takes the error on itself.
    fn admits(&self, request: (usize, usize, usize), after: usize) -> bool {
        let limit = self.limit.get();
        let in_reserve = self.over.get() || self.held.get();
        if after <= limit || (in_reserve && after <= limit + self.reserve.get()) {
            self.refused.set((0, 0, 0));
            return true;
        }
        // Lua 5.4 collects garbage after a refusal and asks again: only a
        // repeated request is a real shortage. LuaJIT does not ask again.
        let repeated =
            self.refused.replace(request) == request || !crate::frame::ALLOC_RETRIED_AFTER_GC;
        let grant = repeated
            && !in_reserve
            && after <= limit + self.reserve.get()
            && self.on_limit.get().is_some_and(|raise| raise());
        if grant {
            self.over.set(true);
            self.refused.set((0, 0, 0));
        }
        grant
    }

    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// Starts watching the objects of a new snapshot and stamps its epoch.
    pub fn watch(&self, snap: &mut Snapshot) {
        let mut log = self.log.borrow_mut();
        log.prune();
        log.epoch += 1;
        snap.epoch = log.epoch;
        let epoch = log.epoch;
        log.watched.push((epoch, Arc::clone(&snap.index)));
    }

    /// Drops what only dropped snapshots needed; call after freeing one.
    pub fn prune(&self) {
        self.log.borrow_mut().prune();
    }

    /// Addresses freed after `older` was taken and before `newer` was.
    pub fn reused_between(&self, older: &Snapshot, newer: &Snapshot) -> PtrMap {
        let log = self.log.borrow();
        let mut set = PtrMap::with_capacity(16);
        for &(addr, epoch) in &log.freed {
            if epoch >= older.epoch && epoch < newer.epoch {
                set.get_or_insert(addr, 0);
            }
        }
        set
    }

    /// Addresses freed since `snap` was taken (its objects among them are
    /// gone; the others are still where `snap` saw them).
    pub fn freed_since(&self, snap: &Snapshot) -> PtrMap {
        let log = self.log.borrow();
        let mut set = PtrMap::with_capacity(16);
        for &(addr, epoch) in &log.freed {
            if epoch >= snap.epoch {
                set.get_or_insert(addr, 0);
            }
        }
        set
    }

    fn note_free(&self, addr: usize) {
        // Never re-entered: the allocator does not call back into Lua, and no
        // borrow of the log is held across a Lua call.
        if let Ok(mut log) = self.log.try_borrow_mut() {
            if log.watched.iter().any(|(_, idx)| idx.get(addr).is_some()) {
                let epoch = log.epoch;
                log.freed.push((addr, epoch));
            }
        }
    }
}

impl FreeLog {
    fn prune(&mut self) {
        self.watched.retain(|(_, idx)| Arc::strong_count(idx) > 1);
        match self.watched.iter().map(|(e, _)| *e).min() {
            Some(oldest) => self.freed.retain(|&(_, e)| e >= oldest),
            None => self.freed.clear(),
        }
    }
}

/// The VM's allocation function while a tracker is installed.
unsafe extern "C" fn tracked_alloc(
    ud: *mut c_void,
    ptr: *mut c_void,
    osize: usize,
    nsize: usize,
) -> *mut c_void {
    // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
    unsafe {
        // SAFETY: `ud` is the state installed by `install`, never freed while
        // installed; the VM calls its allocator only from its own thread.
        let t = &*(ud as *const Inner);
        // With a null block, `osize` encodes the object type, not a size.
        let old = if ptr.is_null() { 0 } else { osize };
        if nsize == 0 {
            if !ptr.is_null() {
                if crate::frame::is_proto_free(ptr, osize) {
                    PROTO_FREES.with(|n| n.set(n.get() + 1));
                    if let Some(o) = OBSERVER.with(Cell::get) {
                        (o.freed)(ptr);
                    }
                }
                t.note_free(ptr as usize);
            }
        } else {
            let limit = t.limit.get();
            if limit != 0
                && nsize > old
                && !t.admits((ptr as usize, osize, nsize), t.used.get() + (nsize - old))
            {
                return std::ptr::null_mut();
            }
        }
        let result = (t.inner_alloc)(t.inner_ud, ptr, osize, nsize);
        // A new object's `osize` is its type tag.
        if ptr.is_null() && crate::frame::is_new_proto(osize) && !result.is_null() {
            if let Some(o) = OBSERVER.with(Cell::get) {
                (o.created)(result);
            }
        }
        if nsize == 0 || !result.is_null() {
            t.used
                .set(t.used.get() + nsize - old.min(t.used.get() + nsize));
            if t.over.get() && !t.held.get() && t.used.get() <= t.limit.get() {
                t.over.set(false); // back under the limit: the reserve is whole again
            }
        }
        result
    }
}
