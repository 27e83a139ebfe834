//! Walking a table: array and hash parts, weak modes, the registry's own
//! entries, the metatable.

use std::os::raw::c_void;

use super::Walker;
use crate::model::{EdgeName, Kind, ObjId, WideName};
use crate::vm::current as vm;
use crate::vm::current::TValue;

/// Where a weak table does not retain.
#[derive(Clone, Copy, PartialEq)]
enum Weakness {
    Strong,
    Keys,
    Values,
    Both,
}

impl Walker<'_> {
    unsafe fn weakness(&mut self, mt: *const c_void) -> Weakness {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if mt.is_null() || vm::table_lacks_mode(mt) {
                return Weakness::Strong;
            }
            if let Some(code) = self.weak_modes.get(mt as usize) {
                return [
                    Weakness::Strong,
                    Weakness::Keys,
                    Weakness::Values,
                    Weakness::Both,
                ][code as usize - 1];
            }
            let mode = match vm::table_get_str(mt, b"__mode") {
                Some(v) if v.basic_type() == vm::TSTRING => {
                    let s = vm::string_bytes(v.gc());
                    match (s.contains(&b'k'), s.contains(&b'v')) {
                        (true, true) => Weakness::Both,
                        (true, false) => Weakness::Keys,
                        (false, true) => Weakness::Values,
                        (false, false) => Weakness::Strong,
                    }
                }
                _ => Weakness::Strong,
            };
            self.weak_modes.get_or_insert(mt as usize, mode as u32 + 1);
            mode
        }
    }

    /// Walks a table's entries and metatable; returns its entry count.
    pub(super) unsafe fn expand_table(&mut self, id: ObjId, t: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            let mt = vm::table_metatable(t);
            let weak = self.weakness(mt);
            let is_registry = t as usize == self.registry;
            let skip_refs = is_registry && !self.opts.host_registry;
            let weak_values = matches!(weak, Weakness::Values | Weakness::Both);
            let mut entries = 0u32;
            if is_registry {
                if let Some(globals) = self.globals {
                    self.reach(id, EdgeName::Globals, Kind::Table, globals);
                }
            }

            let array = vm::table_array(t);
            for i in 0..vm::table_array_len(t) {
                let v = *array.add(i);
                if v.is_empty() {
                    continue;
                }
                entries += 1;
                let key = i as i64 + vm::ARRAY_BASE;
                if skip_refs && vm::is_registry_ref(key) {
                    continue; // luaL_ref slots: the runtime's and mlua's own values
                }
                if !v.is_collectable() || weak_values && is_weak_ref(v) {
                    continue;
                }
                let name = if is_registry && vm::REGISTRY_GLOBALS_KEY == Some(key) {
                    EdgeName::Globals
                } else {
                    self.int_name(key)
                };
                self.visit(id, name, v);
            }

            for i in 0..vm::table_node_len(t) {
                let (k, v) = vm::table_node(t, i);
                if v.is_empty() {
                    continue;
                }
                entries += 1;
                if skip_refs && is_tool_registry_key(k) {
                    continue;
                }
                let object_key = is_weak_ref(k);
                let weak_keys = matches!(weak, Weakness::Keys | Weakness::Both);
                // Only an edge to the value needs the key's name, and names of
                // some keys take room in the snapshot: name it only then.
                let holds_value = v.is_collectable() && !(weak_values && is_weak_ref(v));
                if weak_keys && object_key {
                    // The key does not retain; the value lives only while the key
                    // is reachable some other way (an ephemeron).
                    if !holds_value {
                        continue;
                    }
                    let name = self.entry_name(is_registry, k);
                    if self.is_reached(k.gc() as usize) {
                        self.visit(id, name, v);
                    } else {
                        self.pending
                            .entry(k.gc() as usize)
                            .or_default()
                            .push((id, name, v));
                    }
                    continue;
                }
                if holds_value {
                    // Most keys are strings: name them without the general match.
                    if matches!(k.variant(), vm::VSHRSTR | vm::VLNGSTR) {
                        let key = self.intern(k.gc());
                        self.visit_entry(id, key, k.gc() as usize, v);
                        continue;
                    }
                    let name = self.entry_name(is_registry, k);
                    self.visit(id, name, v);
                }
                self.visit(id, EdgeName::Key, k);
            }

            self.note_metatable_name(mt);
            self.reach(id, EdgeName::Metatable, Kind::Table, mt as usize);
            entries
        }
    }

    /// Copies a metatable's `__name` (a string), once per metatable: the
    /// class of the tables and userdata it serves (`classes`).
    pub(super) unsafe fn note_metatable_name(&mut self, mt: *const c_void) {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if mt.is_null() || !self.named_metatables.get_or_insert(mt as usize, 1).1 {
                return;
            }
            if let Some(v) = vm::table_get_str(mt, b"__name") {
                if v.basic_type() == vm::TSTRING {
                    let name = self.intern(v.gc());
                    self.snap.metatable_names.insert(mt as usize, name);
                }
            }
        }
    }

    /// The name of the edge to the value of the entry keyed `k`.
    unsafe fn entry_name(&mut self, is_registry: bool, k: TValue) -> EdgeName {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if is_registry
                && k.variant() == vm::VNUMINT
                && vm::REGISTRY_GLOBALS_KEY == Some(k.as_int())
            {
                EdgeName::Globals
            } else {
                self.key_name(k)
            }
        }
    }

    unsafe fn key_name(&mut self, k: TValue) -> EdgeName {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            match k.variant() {
                vm::VSHRSTR | vm::VLNGSTR => EdgeName::Field(self.intern(k.gc())),
                vm::VNUMINT => self.int_name(k.as_int()),
                vm::VNUMFLT => self.wide(WideName::Float(k.as_float())),
                vm::VTRUE => EdgeName::Bool(true),
                vm::VFALSE => EdgeName::Bool(false),
                vm::TLIGHTUSERDATA => self.wide(WideName::LightKey(k.gc() as usize)),
                vm::TTABLE => self.wide(WideName::ObjectKey(Kind::Table, k.gc() as usize)),
                vm::VLCL => self.wide(WideName::ObjectKey(Kind::Function, k.gc() as usize)),
                vm::VCCL | vm::VLCF => {
                    self.wide(WideName::ObjectKey(Kind::CFunction, k.gc() as usize))
                }
                vm::TUSERDATA => self.wide(WideName::ObjectKey(Kind::Userdata, k.gc() as usize)),
                vm::VCDATA => self.wide(WideName::ObjectKey(Kind::Cdata, k.gc() as usize)),
                _ => self.wide(WideName::ObjectKey(Kind::Thread, k.gc() as usize)),
            }
        }
    }
}

/// Objects that weak references do not retain: everything collectable but
/// strings, which the collector treats as values.
fn is_weak_ref(v: TValue) -> bool {
    v.is_collectable() && v.basic_type() != vm::TSTRING
}

/// Registry entries that hold mlua's and the runtime's own state: light
/// userdata keys and `luaL_ref` integer references.
fn is_tool_registry_key(k: TValue) -> bool {
    match k.variant() {
        vm::TLIGHTUSERDATA => true,
        vm::VNUMINT => vm::is_registry_ref(k.as_int()),
        _ => false,
    }
}
