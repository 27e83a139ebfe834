//! The exception filters the client set (`setExceptionBreakpoints`): which
//! errors stop, and the condition each filter puts on the error value.
//!
//! The server thread sets them for the session; the VM thread reads them in
//! the message handlers (`stopped/exception_stop.rs`) and in `pcall`, which
//! installs a handler only when a caught error can stop. Plain flags for the
//! hot checks; the conditions, read only when an error is raised, behind a
//! lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// Filter `raised`: stop on every error, caught or not.
static RAISED: AtomicBool = AtomicBool::new(false);
/// Filter `uncaught`: stop on errors no `pcall` will catch.
static UNCAUGHT: AtomicBool = AtomicBool::new(false);
/// Filter `outOfMemory`: stop on out of memory under `memoryLimitMB`, caught
/// or not (`hook/oom.rs`).
static OUT_OF_MEMORY: AtomicBool = AtomicBool::new(false);

static CONDITIONS: Mutex<Conditions> = Mutex::new(Conditions {
    uncaught: None,
    raised: None,
});

/// The condition of each filter that takes one: a Lua expression in which
/// `err` is the error value and `message` its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    pub uncaught: Option<String>,
    pub raised: Option<String>,
}

/// What `setExceptionBreakpoints` enabled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionFilters {
    pub uncaught: bool,
    pub raised: bool,
    pub out_of_memory: bool,
    pub conditions: Conditions,
}

/// Replaces the session's filters.
pub fn set_exception_filters(filters: ExceptionFilters) {
    *CONDITIONS.lock().unwrap_or_else(PoisonError::into_inner) = filters.conditions;
    UNCAUGHT.store(filters.uncaught, Ordering::SeqCst);
    RAISED.store(filters.raised, Ordering::SeqCst);
    OUT_OF_MEMORY.store(filters.out_of_memory, Ordering::SeqCst);
}

pub fn raised() -> bool {
    RAISED.load(Ordering::SeqCst)
}

pub fn uncaught() -> bool {
    UNCAUGHT.load(Ordering::SeqCst)
}

pub fn out_of_memory() -> bool {
    OUT_OF_MEMORY.load(Ordering::SeqCst)
}

/// Whether an error caught by `pcall` can stop: `pcall` then installs the
/// debugger's message handler.
pub fn caught_errors_matter() -> bool {
    raised() || out_of_memory()
}

pub fn conditions() -> Conditions {
    CONDITIONS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}
