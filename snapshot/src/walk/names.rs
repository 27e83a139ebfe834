//! Names the walk copies out of the VM, once each: key strings, the names
//! the compiler recorded for upvalues and locals, and where functions are
//! defined.

use std::os::raw::c_void;

use super::Walker;
use crate::chunkid::short_source;
use crate::model::FunctionInfo;
use crate::vm::current as vm;

impl Walker<'_> {
    /// Copies a VM string into the snapshot's names, once per string.
    #[inline]
    pub(super) unsafe fn intern(&mut self, s: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if self.last_name.0 == s as usize {
                return self.last_name.1;
            }
            self.intern_other(s)
        }
    }

    unsafe fn intern_other(&mut self, s: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if let Some(id) = self.name_ids.get(s as usize) {
                self.last_name = (s as usize, id);
                return id;
            }
            let text = String::from_utf8_lossy(vm::string_bytes(s));
            let id = self.snap.names.push(&text);
            self.name_ids.get_or_insert(s as usize, id);
            id
        }
    }

    /// Copies a name the compiler recorded (an upvalue's, a local's), once
    /// per name: a Lua string in Lua 5.4, bytes of the prototype's debug
    /// information in LuaJIT (`vm::debug_name_bytes`).
    pub(super) unsafe fn intern_debug_name(&mut self, s: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            // Closures of one function come one after another: their
            // upvalue names repeat.
            if self.last_name.0 == s as usize {
                return self.last_name.1;
            }
            if let Some(id) = self.name_ids.get(s as usize) {
                self.last_name = (s as usize, id);
                return id;
            }
            let text = String::from_utf8_lossy(vm::debug_name_bytes(s));
            let id = self.snap.names.push(&text);
            self.name_ids.get_or_insert(s as usize, id);
            id
        }
    }

    pub(super) unsafe fn function_info(&mut self, proto: *const c_void) -> u32 {
        // SAFETY: the operations below rely on this `unsafe fn`'s contract, which the caller upholds.
        unsafe {
            if let Some(id) = self.proto_ids.get(proto as usize) {
                return id;
            }
            let source = vm::proto_source(proto);
            let (chunk, short_src) = if source.is_null() {
                let unknown = self.snap.names.push("?");
                (unknown, unknown)
            } else if let Some(&ids) = self.chunk_ids.get(&(source as usize)) {
                ids
            } else {
                let bytes = vm::string_bytes(source);
                let chunk = self.snap.names.push(&String::from_utf8_lossy(bytes));
                let short = self
                    .snap
                    .names
                    .push(&short_source(bytes, self.opts.base_dir));
                self.chunk_ids.insert(source as usize, (chunk, short));
                (chunk, short)
            };
            self.snap.functions.push(FunctionInfo {
                chunk,
                short_src,
                line: vm::proto_linedefined(proto),
            });
            let id = (self.snap.functions.len() - 1) as u32;
            self.proto_ids.get_or_insert(proto as usize, id);
            id
        }
    }
}
