//! What the debugger's hook gets from every runtime's `frame` module in
//! the same shape: a prototype's identity and a local's value.

use std::os::raw::c_void;

/// A function prototype: the compiled form shared by all closures of one
/// function definition.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct ProtoRef(pub(in crate::vm) *const c_void);

/// A local's value as a condition compares it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
    /// Tables, functions and the rest.
    Other,
}

impl ProtoRef {
    /// The address, as a map key.
    #[inline]
    pub fn addr(self) -> usize {
        self.0 as usize
    }

    /// The prototype at `addr`.
    ///
    /// # Safety
    /// `addr` is a live prototype that the VM has initialised.
    #[inline]
    pub unsafe fn at(addr: usize) -> ProtoRef {
        ProtoRef(addr as *const c_void)
    }
}

/// The line memo a hook keeps across its `lua_sethook`: Lua 5.3's only
/// (`vm/lua53/frame.rs`); the other runtimes' `lua_sethook` leaves theirs.
///
/// # Safety
/// None here.
#[cfg(not(feature = "lua53"))]
#[inline]
pub unsafe fn hook_line_memo(_l: *const c_void) -> Option<usize> {
    None
}

/// Puts back what [`hook_line_memo`] read: nothing to do here.
///
/// # Safety
/// None here.
#[cfg(not(feature = "lua53"))]
#[inline]
pub unsafe fn restore_line_memo(_l: *mut c_void, _memo: Option<usize>) {}
