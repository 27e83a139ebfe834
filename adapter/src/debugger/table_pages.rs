//! Entries of a table by slot position (the engine's `table_slots`): what
//! a page of the Variables view reads, in time proportional to the page.
//!
//! The values are pushed by the engine (copies of the table's own values,
//! no metamethod, no key conversion) inside `Lua::exec_raw`, which runs
//! protected on the running thread, so a failing `lua_checkstack` cannot
//! unwind Rust frames.

use mlua::ffi;
use mlua::{Lua, MultiValue, Table, Value};
use snapshot::table_slots::TableSlots;

/// Slot counts of `t`: (array part, all slots).
pub fn slot_counts(t: &Table) -> (usize, usize) {
    // SAFETY: the table is alive (we hold it) and the program is stopped
    // on the VM thread.
    let slots = unsafe { TableSlots::new(t.to_pointer()) };
    (slots.array_len(), slots.len())
}

/// Slots in `from..to` that hold an entry whose key is not an integer of
/// `1..=skip_upto` (the entries shown by index), counted without reading
/// any value into Lua.
pub fn count_entries(t: &Table, from: usize, to: usize, skip_upto: i64) -> usize {
    // SAFETY: as in `slot_counts`.
    let slots = unsafe { TableSlots::new(t.to_pointer()) };
    (from..to.min(slots.len()))
        .filter(|&i| slots.is_filled(i) && !shown_by_index(slots, i, skip_upto))
        .count()
}

fn shown_by_index(slots: TableSlots, i: usize, skip_upto: i64) -> bool {
    slots
        .int_key(i)
        .is_some_and(|k| (1..=skip_upto).contains(&k))
}

/// Up to `max` entries of the slots `from..to` (skipping keys `1..=skip_upto`),
/// and the slot after the last one read.
pub fn entries(
    lua: &Lua,
    t: &Table,
    from: usize,
    to: usize,
    max: usize,
    skip_upto: i64,
) -> (Vec<(usize, Value, Value)>, usize) {
    let ptr = t.to_pointer();
    // SAFETY: as in `slot_counts`.
    let slots = unsafe { TableSlots::new(ptr) };
    let to = to.min(slots.len());
    // Which slots to read, before any value is pushed: bounded by `max`
    // entries (empty slots only cost a look at their tag).
    let mut picked = Vec::new();
    let mut next = from;
    while next < to && picked.len() < max {
        if slots.is_filled(next) && !shown_by_index(slots, next, skip_upto) {
            picked.push(next);
        }
        next += 1;
    }
    if picked.is_empty() {
        return (Vec::new(), next);
    }
    let wanted: &[usize] = &picked;
    // SAFETY: protected on the running thread `state`; the table is
    // argument 1 of the call, so alive; two slots are reserved before each
    // push.
    let values = unsafe {
        lua.exec_raw::<MultiValue>(t, |state| {
            for &i in wanted {
                if ffi::lua_checkstack(state, 2) == 0 {
                    return;
                }
                // A collection step before this push may have cleared a
                // weak entry: two nils keep the pairs in step.
                if !slots.push(state as *mut _, i) {
                    ffi::lua_pushnil(state);
                    ffi::lua_pushnil(state);
                }
            }
        })
    };
    let Ok(values) = values else {
        return (Vec::new(), next);
    };
    // The table itself comes first, then key, value pairs.
    let mut it = values.into_iter().skip(1);
    let mut out = Vec::with_capacity(picked.len());
    for &i in &picked {
        match (it.next(), it.next()) {
            (Some(_), Some(Value::Nil)) => {}
            (Some(key), Some(value)) => out.push((i, key, value)),
            _ => break,
        }
    }
    (out, next)
}
