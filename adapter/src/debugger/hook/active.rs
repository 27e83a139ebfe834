//! The debugger the hook serves on this thread, with the hook's own caches.
//!
//! The hook reaches it through a thread-local pointer (a plain load, no
//! reference count to bump at every event); the caches live beside the
//! session's data, not in it, so that `state.rs` stays plain data.

use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::Rc;

use super::mask::BelowMemo;
use super::protos::ProtoCache;
use crate::debugger::state::Debugger;

/// The active debugger as the hook sees it.
pub struct Hooked {
    debugger: Rc<Debugger>,
    /// What each function definition holds, for the hook.
    pub protos: RefCell<ProtoCache>,
    /// Whether frames below the running one own breakpoint lines.
    pub below: Cell<BelowMemo>,
}

impl Deref for Hooked {
    type Target = Debugger;

    fn deref(&self) -> &Debugger {
        &self.debugger
    }
}

thread_local! {
    static ACTIVE: RefCell<Option<Rc<Hooked>>> = const { RefCell::new(None) };
    /// The debugger `ACTIVE` holds, for the hook: a thread-local without a
    /// destructor is a plain load, while `ACTIVE` is checked for lazy
    /// initialisation at every access.
    static ACTIVE_PTR: Cell<*const Hooked> = const { Cell::new(std::ptr::null()) };
    /// Registry references (`luaL_ref`) of the functions raw code calls.
    static REFS: Cell<Refs> = const { Cell::new(Refs { entry: 0, caught: 0 }) };
}

/// Registry references of the debugger's entry function and of the message
/// handler `pcall` installs.
#[derive(Debug, Clone, Copy)]
pub struct Refs {
    pub entry: i32,
    pub caught: i32,
}

/// The active debugger, for code outside the hook.
pub fn active() -> Option<Rc<Debugger>> {
    ACTIVE.with(|a| a.borrow().as_ref().map(|h| Rc::clone(&h.debugger)))
}

/// The active debugger with the hook's caches.
pub fn hooked() -> Option<Rc<Hooked>> {
    ACTIVE.with(|a| a.borrow().clone())
}

/// Runs `f` with the active debugger, without taking a reference (the
/// hook's path: no count to bump at every call). `f` must not call Lua:
/// the debugger cannot be replaced while it runs.
pub fn with_active<R>(f: impl FnOnce(Option<&Hooked>) -> R) -> R {
    let ptr = ACTIVE_PTR.with(Cell::get);
    // SAFETY: `ACTIVE_PTR` is the debugger `ACTIVE` keeps alive, or null;
    // both change together in `activate`, which `f` cannot reach (it must
    // not call Lua, and only the runner activates).
    f(unsafe { ptr.as_ref() })
}

/// Makes `debugger` the one the hook serves (`None`: no debugger), with
/// empty caches.
pub fn activate(debugger: Option<Rc<Debugger>>, refs: Refs) {
    let hooked = debugger.map(|debugger| {
        Rc::new(Hooked {
            debugger,
            protos: RefCell::default(),
            below: Cell::default(),
        })
    });
    ACTIVE_PTR.with(|p| p.set(hooked.as_ref().map_or(std::ptr::null(), Rc::as_ptr)));
    ACTIVE.with(|a| *a.borrow_mut() = hooked);
    REFS.with(|r| r.set(refs));
}

pub fn refs() -> Refs {
    REFS.with(Cell::get)
}
