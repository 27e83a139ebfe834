//! A table's entries by position, for a debugger's paged view.
//!
//! Slot `i` of a table is array slot `i` (key `i + ARRAY_BASE`: 1 in Lua
//! 5.4, 0 in LuaJIT) while `i` is below
//! the array part's size, then hash node `i - array size`. Reading slot `i`
//! costs the same whatever `i` is, so a page of a table of millions of
//! entries costs the page, not the walk to it that `lua_next` would need;
//! the order is the VM's, stable while the table is not written.
//!
//! Pushing a slot's key and value copies the two values onto a thread's
//! stack as the VM itself does (`setobj2s`): no allocation, no metamethod,
//! no key conversion. Stack slots need no write barrier: the collector
//! re-scans stacks in its atomic phase.

use std::os::raw::c_void;

use super::current::{
    push_values, table_array, table_array_len, table_node, table_node_len, TValue, ARRAY_BASE,
    VNUMINT,
};

/// The table at `t` (a live table of a VM that is not running).
#[derive(Clone, Copy)]
pub struct TableSlots(*const c_void);

impl TableSlots {
    /// # Safety
    /// `t` is a live table, read on the VM thread while no Lua code runs,
    /// and stays unmodified while this value is used.
    pub unsafe fn new(t: *const c_void) -> TableSlots {
        TableSlots(t)
    }

    /// Size of the array part: slots `0..array_len()` are keys from
    /// `ARRAY_BASE` on.
    pub fn array_len(self) -> usize {
        // SAFETY: a live table (constructor's contract).
        unsafe { table_array_len(self.0) }
    }

    /// All slots: array part and hash nodes.
    pub fn len(self) -> usize {
        // SAFETY: a live table (constructor's contract).
        self.array_len() + unsafe { table_node_len(self.0) }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    fn read(self, i: usize) -> Option<(TValue, TValue)> {
        let array = self.array_len();
        // SAFETY: `i` is checked against both parts' sizes of a live table.
        unsafe {
            if i < array {
                let value = *table_array(self.0).add(i);
                let key = TValue::integer(i as i64 + ARRAY_BASE);
                (!value.is_empty()).then_some((key, value))
            } else if i - array < table_node_len(self.0) {
                let (key, value) = table_node(self.0, i - array);
                // An empty value may sit beside a dead key: never read it.
                (!value.is_empty()).then_some((key, value))
            } else {
                None
            }
        }
    }

    /// Whether slot `i` holds an entry.
    pub fn is_filled(self, i: usize) -> bool {
        self.read(i).is_some()
    }

    /// The integer key of slot `i`, if it holds an entry with one.
    pub fn int_key(self, i: usize) -> Option<i64> {
        let (key, _) = self.read(i)?;
        (key.variant() == VNUMINT).then(|| key.as_int())
    }

    /// Pushes the key and the value of slot `i` on `l`'s stack; `false`
    /// (nothing pushed) for an empty slot.
    ///
    /// # Safety
    /// `l` is the running thread, with two free stack slots
    /// (`lua_checkstack`).
    pub unsafe fn push(self, l: *mut c_void, i: usize) -> bool {
        let Some((key, value)) = self.read(i) else {
            return false;
        };
        // SAFETY: two slots were reserved at `top` (contract); the values
        // come from a live table, so the objects they name are alive.
        unsafe { push_values(l, &[key, value]) };
        true
    }
}
