//! The load-time layout check of a host's LuaJIT (the loadable modules).
//!
//! The engine reads LuaJIT 2.1's structs in GC64 mode, as transcribed in
//! `luajit.rs`. A LuaJIT built without GC64 (the default before 2.1 on
//! x86-64, still chosen by some builds), another fork, or a release whose
//! global state moved would be misread. Before the modules install
//! anything, [`host`] reads objects of known shape, made through the C API,
//! back through the engine's layouts; the first difference is the error
//! `require` raises.

use std::ffi::CStr;
use std::os::raw::c_void;

use mlua::ffi;

use super::super::probe::{protected, same, Outcome};
use super::roots::{g_word, global, G_GCROOT, G_MAINTHREF, G_REGISTRYTV, G_STREMPTY};
use super::*;

/// What differs between the host's LuaJIT and the layouts the engine reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// The thread's header is not where GC64 puts it.
    NotGc64,
    /// One struct reads differently: its name and what was read.
    Layout { what: &'static str, detail: String },
    /// The check itself raised an error (out of memory).
    Failed(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::NotGc64 => write!(
                f,
                "this LuaJIT is not built with GC64 (its objects have 32-bit references): built for LuaJIT 2.1 with GC64, the x86-64 default (check with require('ffi').abi('gc64'))"
            ),
            Mismatch::Layout { what, detail } => write!(
                f,
                "this LuaJIT's {what} layout differs from LuaJIT 2.1's ({detail}): built for LuaJIT 2.1 (GC64, x86-64)"
            ),
            Mismatch::Failed(msg) => write!(f, "the layout check could not run: {msg}"),
        }
    }
}

/// Checks the layouts of `l`'s VM; `Ok` means the engine may read it.
/// Runs under `lua_pcall`, so a memory error is a [`Mismatch::Failed`];
/// leaves the stack as it was.
///
/// # Safety
/// `l` is a live state on the current thread, inside a C call (a `luaopen_`
/// function), with room for two stack slots.
pub unsafe fn host(l: *mut ffi::lua_State) -> Result<(), Mismatch> {
    // SAFETY: the caller's contract; `run` raises only from the C API.
    unsafe {
        // A thread's type tag sits at byte 9 in GC64 and byte 5 without:
        // read before anything else goes through the GC64 layouts.
        if (*(l as *const GCHeader)).gct != !LJ_TTHREAD as u8 {
            return Err(Mismatch::NotGc64);
        }
        match protected(l, run) {
            Ok(Ok(())) => Ok(()),
            Ok(Err((what, detail))) => Err(Mismatch::Layout { what, detail }),
            Err(msg) => Err(Mismatch::Failed(msg)),
        }
    }
}

const TEXT: &[u8] = b"lua-snapshot layout check";
const CHUNK: &CStr = c"local upvalue_a = {} return function() return upvalue_a end";
const UD_LEN: usize = 24;

unsafe fn run(l: *mut ffi::lua_State) -> Outcome {
    // SAFETY: the C API on the live state `l` inside the C call `probe`;
    // the engine's readers get live objects anchored on this call's stack.
    unsafe {
        let g = global(l as *const c_void);
        let main = g_word(g, G_MAINTHREF) as *const c_void;
        same(
            "global_State",
            "main thread type",
            gct(main),
            !LJ_TTHREAD as u8,
        )?;
        same(
            "lua_State",
            "global state of the main thread",
            global(main),
            g,
        )?;

        let registry = ffi::lua_topointer(l, ffi::LUA_REGISTRYINDEX);
        let tv = *(g.add(G_REGISTRYTV) as *const TValue);
        same("global_State", "registry", tv.gc(), registry)?;
        same("global_State", "registry type", tv.itype(), LJ_TTAB)?;
        let empty = g.add(G_STREMPTY) as *const c_void;
        same(
            "global_State",
            "empty string type",
            gct(empty),
            !LJ_TSTR as u8,
        )?;
        same(
            "global_State",
            "empty string length",
            string_bytes(empty).len(),
            0,
        )?;
        let index = g_word(g, G_GCROOT) as *const c_void;
        same(
            "global_State",
            "first metamethod name",
            string_bytes(index),
            b"__index",
        )?;
        let globals = ffi::lua_topointer(l, ffi::LUA_GLOBALSINDEX) as usize;
        same(
            "lua_State",
            "environment of the main thread",
            separate_globals(l),
            Some(globals),
        )?;

        // Tables: array part (keys from 0), hash part, metatable.
        ffi::lua_createtable(l, 4, 4);
        let t_idx = ffi::lua_gettop(l);
        let t = ffi::lua_topointer(l, t_idx);
        same("GCtab", "array slots (asize)", table_array_len(t), 5)?;
        same("GCtab", "hash nodes (hmask + 1)", table_node_len(t), 4)?;
        ffi::lua_createtable(l, 0, 0);
        let mt = ffi::lua_topointer(l, -1);
        ffi::lua_setmetatable(l, t_idx);
        same("GCtab", "metatable", table_metatable(t), mt)?;
        ffi::lua_pushnumber(l, 1.5);
        ffi::lua_rawseti(l, t_idx, 2);
        same("TValue", "number", (*table_array(t).add(2)).as_float(), 1.5)?;
        ffi::lua_pushlstring(l, TEXT.as_ptr() as *const _, TEXT.len());
        let s = ffi::lua_topointer(l, -1);
        ffi::lua_setfield(l, t_idx, c"field".as_ptr());
        let v = table_get_str(t, b"field");
        same("Node", "string value", v.map(|v| v.gc()), Some(s))?;
        same("GCstr", "text", string_bytes(s), TEXT)?;

        // Userdata: payload after the header, environment.
        let block = ffi::lua_newuserdata(l, UD_LEN);
        let u = super::top_object(l as *const c_void).unwrap_or(std::ptr::null());
        same("GCudata", "type", gct(u), !LJ_TUDATA as u8)?;
        same("GCudata", "payload", udata_block(u), block as *const c_void)?;
        same(
            "GCudata",
            "size",
            udata_size(u),
            std::mem::size_of::<GCudata>() + UD_LEN,
        )?;
        ffi::lua_pop(l, 1);

        // Functions: prototype, chunk name, upvalue names and cells.
        if ffi::luaL_loadbuffer(
            l,
            CHUNK.as_ptr(),
            CHUNK.to_bytes().len(),
            c"=layout check".as_ptr(),
        ) != 0
        {
            return Err(("chunk", "the check's chunk did not load".into()));
        }
        ffi::lua_call(l, 0, 1);
        let f = ffi::lua_topointer(l, -1);
        same("GCfunc", "Lua function", function_is_lua(f), true)?;
        let p = lclosure_proto(f);
        same("GCproto", "type", gct(p), !LJ_TPROTO as u8)?;
        same(
            "GCproto",
            "chunk name",
            string_bytes(proto_source(p)),
            b"=layout check",
        )?;
        same("GCfuncL", "upvalues", lclosure_upvalues(f), 1)?;
        let name = proto_upvalue_name(p, 0).map(|n| debug_name_bytes(n));
        same("GCproto", "upvalue name", name, Some(&b"upvalue_a"[..]))?;
        let cell = lclosure_upvalue_cell(f, 0);
        same("GCupval", "type", gct(cell), !LJ_TUPVAL as u8)?;
        let value = upvalue_value(cell).map(|v| v.itype());
        same("GCupval", "value type", value, Some(LJ_TTAB))?;
        same("GCfunc", "environment", function_env(f), globals)?;
        ffi::lua_settop(l, t_idx - 1);
        Ok(())
    }
}
