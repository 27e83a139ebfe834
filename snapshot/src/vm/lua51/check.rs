//! The load-time layout check of a host's Lua 5.1 (the loadable modules).
//!
//! The engine reads the VM's structs in place, as transcribed in
//! `lua51.rs`. 5.1 has no `lua_version`, and LuaJIT exports the same
//! functions with other structs; a `luaconf.h` with float numbers would be
//! misread too. Before the modules install anything, [`host`] tells
//! LuaJIT's thread header from 5.1's, then builds objects whose shape is
//! known through the C API and reads them back through the engine's
//! layouts; the first difference is the error `require` raises.

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};

use mlua::ffi;

use super::super::probe::{protected, same, Outcome};
use super::*;

/// What differs between the host's Lua and the layouts the engine reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// The host is LuaJIT, whose objects are not 5.1's.
    LuaJit,
    /// One struct reads differently: its name and what was read.
    Layout { what: &'static str, detail: String },
    /// The check itself raised an error (out of memory).
    Failed(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::LuaJit => write!(
                f,
                "this Lua is LuaJIT, not Lua 5.1 (its objects differ): built for Lua 5.1; use the LuaJIT build of lua-snapshot"
            ),
            Mismatch::Layout { what, detail } => write!(
                f,
                "this Lua's {what} layout differs from Lua 5.1's ({detail}): built for Lua 5.1.x with the default luaconf.h (double numbers)"
            ),
            Mismatch::Failed(msg) => write!(f, "the layout check could not run: {msg}"),
        }
    }
}

/// `gct` of a LuaJIT thread (`~LJ_TTHREAD`, the type's small number): at
/// byte 9 with GC64, 5 without. A 5.1 thread has its type (8) at byte 8,
/// where LuaJIT has its `marked` bits or a pointer's low byte.
const LUAJIT_THREAD_GCT: u8 = 6;

/// Checks the layouts of `l`'s VM; `Ok` means the engine may read it.
/// Runs under `lua_pcall`, so a memory error is a [`Mismatch::Failed`];
/// leaves the stack as it was.
///
/// # Safety
/// `l` is a live state on the current thread, inside a C call (a `luaopen_`
/// function), with room for two stack slots.
pub unsafe fn host(l: *mut ffi::lua_State) -> Result<(), Mismatch> {
    // SAFETY: the caller's contract; the thread's first 16 bytes are its
    // header in both VMs, read before anything goes through 5.1's layouts.
    unsafe {
        let header = l as *const u8;
        if *header.add(8) != TTHREAD {
            if *header.add(9) == LUAJIT_THREAD_GCT || *header.add(5) == LUAJIT_THREAD_GCT {
                return Err(Mismatch::LuaJit);
            }
            return Err(Mismatch::Layout {
                what: "lua_State",
                detail: format!("type tag read {}, expected {TTHREAD}", *header.add(8)),
            });
        }
        match protected(l, run) {
            Ok(Ok(())) => Ok(()),
            Ok(Err((what, detail))) => Err(Mismatch::Layout { what, detail }),
            Err(msg) => Err(Mismatch::Failed(msg)),
        }
    }
}

unsafe extern "C-unwind" fn dummy(_: *mut ffi::lua_State) -> c_int {
    0
}

const TEXT: &[u8] = b"lua-snapshot layout check";
const CHUNK: &CStr = c"local upvalue_a = {} return function() return upvalue_a end";
const UD_LEN: usize = 24;

unsafe fn run(l: *mut ffi::lua_State) -> Outcome {
    // SAFETY: the C API on the live state `l` inside the protected call;
    // the engine's readers get live objects anchored on this call's stack.
    unsafe {
        let g = global(l as *const c_void);
        let main = g_word(g, G_MAINTHREAD) as *const c_void;
        same(
            "global_State",
            "main thread type",
            *(main as *const u8).add(8),
            TTHREAD,
        )?;
        same(
            "lua_State",
            "global state of the main thread",
            global(main),
            g,
        )?;
        let registry = ffi::lua_topointer(l, ffi::LUA_REGISTRYINDEX);
        let tv = *(g.add(G_REGISTRY) as *const TValue);
        same("global_State", "registry", tv.gc(), registry)?;
        same("TValue", "table tag", tv.tt, TTABLE as i32)?;
        let running = &*(l as *const LuaState);
        same(
            "lua_State",
            "top - base (lua_gettop)",
            running.top.offset_from(running.base),
            ffi::lua_gettop(l) as isize,
        )?;
        ffi::lua_pushthread(l);
        ffi::lua_getfenv(l, -1);
        let env = ffi::lua_topointer(l, -1) as usize;
        ffi::lua_pop(l, 2);
        same(
            "lua_State",
            "environment (l_gt)",
            thread_env(l as *const c_void),
            env,
        )?;

        // Tables: array part, hash part, the shared empty node, metatable.
        ffi::lua_createtable(l, 4, 5);
        let t_idx = ffi::lua_gettop(l);
        let t = ffi::lua_topointer(l, t_idx);
        same("Table", "array size", table_array_len(t), 4)?;
        same("Table", "hash nodes (lsizenode)", table_node_len(t), 8)?;
        ffi::lua_createtable(l, 0, 0);
        let mt = ffi::lua_topointer(l, -1);
        same("Table", "nodes of an empty table", table_node_len(mt), 0)?;
        ffi::lua_setmetatable(l, t_idx);
        same("Table", "metatable", table_metatable(t), mt)?;
        ffi::lua_pushnumber(l, 1.5);
        ffi::lua_rawseti(l, t_idx, 2);
        same("TValue", "number", (*table_array(t).add(1)).as_float(), 1.5)?;
        ffi::lua_pushlstring(l, TEXT.as_ptr() as *const _, TEXT.len());
        ffi::lua_setfield(l, t_idx, c"field".as_ptr());
        let v = table_get_str(t, b"field").map(|v| (v.tt, v.gc()));
        same("Node", "string value", v.map(|v| v.0), Some(TSTRING as i32))?;
        if let Some((_, s)) = v {
            same("TString", "text", string_bytes(s), TEXT)?;
        }

        // Userdata: payload after the header, environment, metatable.
        let block = ffi::lua_newuserdata(l, UD_LEN);
        let u = top_object(l as *const c_void).unwrap_or(std::ptr::null());
        same("Udata", "payload", udata_block(u), block as *const c_void)?;
        same("Udata", "size", udata_size(u), 40 + UD_LEN)?;
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setfenv(l, -2);
        same("Udata", "environment", udata_env(u), t as usize)?;
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setmetatable(l, -2);
        same("Udata", "metatable", udata_metatable(u), t)?;
        ffi::lua_pop(l, 1);

        // A C closure with two upvalues.
        ffi::lua_pushnumber(l, 7.0);
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_pushcclosure(l, dummy, 2);
        let c = ffi::lua_topointer(l, -1);
        same("CClosure", "isC", function_is_lua(c), false)?;
        same("CClosure", "upvalue count", cclosure_upvalues(c), 2)?;
        same(
            "CClosure",
            "upvalue 1",
            cclosure_upvalue(c, 0).as_float(),
            7.0,
        )?;
        same("CClosure", "upvalue 2", cclosure_upvalue(c, 1).gc(), t)?;
        same(
            "CClosure",
            "function",
            cclosure_function(c),
            dummy as *const c_void,
        )?;
        ffi::lua_pop(l, 1);

        // A Lua function: prototype, chunk name, upvalue name and cell,
        // environment.
        let n = CHUNK.to_bytes().len();
        if ffi::luaL_loadbuffer(l, CHUNK.as_ptr(), n, c"=layout check".as_ptr()) != 0 {
            return Err(("Proto", "the check's chunk did not load".into()));
        }
        ffi::lua_call(l, 0, 1);
        let f = ffi::lua_topointer(l, -1);
        same("LClosure", "isC", function_is_lua(f), true)?;
        let p = lclosure_proto(f);
        same("Proto", "type", *(p as *const u8).add(8), TPROTO)?;
        same(
            "Proto",
            "source",
            string_bytes(proto_source(p)),
            b"=layout check",
        )?;
        same("LClosure", "upvalues", lclosure_upvalues(f), 1)?;
        let name = proto_upvalue_name(p, 0).map(|n| debug_name_bytes(n));
        same("Proto", "upvalue name", name, Some(&b"upvalue_a"[..]))?;
        let cell = lclosure_upvalue_cell(f, 0);
        same("UpVal", "type", *(cell as *const u8).add(8), TUPVAL)?;
        let value = upvalue_value(cell).map(|v| v.tt);
        same("UpVal", "value type", value, Some(TTABLE as i32))?;
        ffi::lua_getfenv(l, -1);
        let fenv = ffi::lua_topointer(l, -1) as usize;
        same("LClosure", "environment", function_env(f), fenv)?;

        // The basic-type metatables: set one for booleans, read it back,
        // put the old one back.
        ffi::lua_pushboolean(l, 0);
        if ffi::lua_getmetatable(l, -1) == 0 {
            ffi::lua_pushnil(l);
        }
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_setmetatable(l, -3);
        let read = basic_metatables(l)
            .iter()
            .find(|m| m.0 == TBOOLEAN)
            .map(|m| m.1);
        ffi::lua_setmetatable(l, -2);
        ffi::lua_pop(l, 1);
        same("global_State", "boolean metatable", read, Some(t as usize))?;

        // The collector's switch: a stopped collector's threshold.
        let g = global(l as *const c_void);
        if gc_stop(l) {
            let stopped = g_word(g, G_GCTHRESHOLD);
            gc_restart(l);
            same(
                "global_State",
                "GCthreshold when stopped",
                stopped,
                usize::MAX - 2,
            )?;
        }
        ffi::lua_settop(l, t_idx - 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of a thread as each VM lays it out (the first 16 bytes),
    /// given to `host`, which reads nothing else before it refuses.
    fn refused(header: [u8; 16]) -> Result<(), Mismatch> {
        let mut bytes = header;
        // SAFETY: `host` reads bytes 5, 8 and 9 of the header and returns
        // before any call when the type tag is not a 5.1 thread's.
        unsafe { host(bytes.as_mut_ptr() as *mut ffi::lua_State) }
    }

    #[test]
    fn luajit_threads_are_told_from_5_1_threads() {
        // GC64 (Debian's LuaJIT 2.1 on x86-64): `marked` 0x61, `gct` 6.
        let gc64 = [0, 0, 0, 0, 0, 0x7f, 0, 0, 0x61, 6, 1, 0, 0, 0, 0, 0];
        assert_eq!(refused(gc64), Err(Mismatch::LuaJit));
        // 32-bit references: `marked` at byte 4, `gct` at 5.
        let gc32 = [0, 0, 0, 0, 0x61, 6, 0, 0, 0x40, 0x12, 0, 0, 0, 0, 0, 0];
        assert_eq!(refused(gc32), Err(Mismatch::LuaJit));
        let other = [0, 0, 0, 0, 0, 0x55, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        assert!(matches!(refused(other), Err(Mismatch::Layout { .. })));
        assert!(Mismatch::LuaJit.to_string().contains("built for Lua 5.1"));
    }
}
