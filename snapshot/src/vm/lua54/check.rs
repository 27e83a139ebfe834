//! The load-time layout check of a host's Lua (the loadable modules).
//!
//! The engine reads the VM's structs in place, as transcribed in
//! `lua54.rs`. A host may run another 5.4.x release, a `luaconf.h` with
//! 32-bit integers or float numbers, or another Lua altogether: reading its
//! heap with these layouts would misread or crash. Before the modules
//! install anything, [`host`] builds objects whose shape is known through
//! the C API and reads them back through the engine's layouts; the first
//! difference is the error `require` raises.

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};

use mlua::ffi;

use super::super::probe::{protected, same, Outcome};
use super::*;

/// What differs between the host's Lua and the layouts the engine reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// `lua_version` is not 504.
    Version(f64),
    /// One struct reads differently: its name and what was read.
    Layout { what: &'static str, detail: String },
    /// The check itself raised an error (out of memory).
    Failed(String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Version(v) => write!(
                f,
                "this Lua is not Lua 5.4 (lua_version is {v}, expected 504): built for Lua 5.4"
            ),
            Mismatch::Layout { what, detail } => write!(
                f,
                "this Lua's {what} layout differs from Lua 5.4's ({detail}): built for Lua 5.4.x with the default luaconf.h"
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
        let version = ffi::lua_version(l);
        if version != 504.0 {
            return Err(Mismatch::Version(version));
        }
        match protected(l, run) {
            Ok(Ok(())) => Ok(()),
            Ok(Err((what, detail))) => Err(Mismatch::Layout { what, detail }),
            Err(msg) => Err(Mismatch::Failed(msg)),
        }
    }
}

fn differs(what: &'static str, detail: String) -> Outcome {
    Err((what, detail))
}

/// An integer shown in hexadecimal: a 32-bit `lua_Integer` shows as its
/// low half with garbage above.
#[derive(PartialEq)]
struct Hex(i64);

impl std::fmt::Debug for Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// The value at `t[i]` as the engine reads the array part.
unsafe fn slot(t: *const c_void, i: usize) -> TValue {
    // SAFETY: `t` is a live table whose array part has more than `i` slots
    // (checked by the caller through `table_array_len`).
    unsafe { *table_array(t).add(i) }
}

unsafe extern "C-unwind" fn dummy(_: *mut ffi::lua_State) -> c_int {
    0
}

unsafe extern "C-unwind" fn dummy_hook(_: *mut ffi::lua_State, _: *mut ffi::lua_Debug) {}

const ARRAY: usize = 8;
const BIG: i64 = 0x1_0000_0002;
const TEXT: &[u8] = b"lua-snapshot layout check";
const LONG_TEXT: &[u8] = b"lua-snapshot layout check of a long string (more than 40 bytes)";
const UD_LEN: usize = 24;

unsafe fn run(l: *mut ffi::lua_State) -> Outcome {
    // SAFETY: every call below is the C API on the live state `l`, inside
    // the C call `probe`; the engine's readers get pointers of live objects
    // of the named type, anchored on this call's stack.
    unsafe {
        // Tables: array size, node count, metatable, and the values the
        // array holds (integers, floats, strings, userdata, C closures).
        ffi::lua_createtable(l, ARRAY as c_int, 5);
        let t_idx = ffi::lua_gettop(l);
        let t = ffi::lua_topointer(l, t_idx);
        same("Table", "array size", table_array_len(t), ARRAY)?;
        same("Table", "hash nodes (lsizenode)", table_node_len(t), 8)?;
        ffi::lua_createtable(l, 0, 0);
        let mt = ffi::lua_topointer(l, -1);
        ffi::lua_setmetatable(l, t_idx);
        same("Table", "metatable", table_metatable(t), mt)?;

        ffi::lua_pushinteger(l, BIG);
        ffi::lua_rawseti(l, t_idx, 1);
        ffi::lua_pushinteger(l, -2);
        ffi::lua_rawseti(l, t_idx, 2);
        ffi::lua_pushnumber(l, 1.5);
        ffi::lua_rawseti(l, t_idx, 3);
        let (big, neg, flt) = (slot(t, 0), slot(t, 1), slot(t, 2));
        same("TValue", "integer tag", big.variant(), VNUMINT)?;
        same(
            "TValue (lua_Integer)",
            "integer",
            Hex(big.as_int()),
            Hex(BIG),
        )?;
        same(
            "TValue (lua_Integer)",
            "integer",
            Hex(neg.as_int()),
            Hex(-2),
        )?;
        same("TValue", "float tag", flt.variant(), VNUMFLT)?;
        same("TValue (lua_Number)", "float", flt.as_float(), 1.5)?;

        for (i, text) in [(4, TEXT), (5, LONG_TEXT)] {
            ffi::lua_pushlstring(l, text.as_ptr() as *const _, text.len());
            let s = ffi::lua_topointer(l, -1);
            ffi::lua_rawseti(l, t_idx, i);
            let v = slot(t, i as usize - 1);
            same("TString", "string pointer", v.gc(), s)?;
            let read = string_bytes(s);
            if read != text {
                return differs(
                    "TString",
                    format!(
                        "string read {:?}, expected {:?}",
                        String::from_utf8_lossy(read),
                        String::from_utf8_lossy(text)
                    ),
                );
            }
        }

        // Full userdata, with and without user values.
        for (i, uvs) in [(6, 2usize), (7, 0)] {
            let block = ffi::lua_newuserdatauv(l, UD_LEN, uvs as c_int);
            if uvs > 0 {
                ffi::lua_pushvalue(l, t_idx);
                ffi::lua_setiuservalue(l, -2, 1);
            }
            ffi::lua_pushvalue(l, t_idx);
            ffi::lua_setmetatable(l, -2);
            ffi::lua_rawseti(l, t_idx, i);
            let u = slot(t, i as usize - 1).gc();
            same("Udata", "user values", udata_user_values(u), uvs)?;
            same(
                "Udata",
                "data offset",
                udata_block(u),
                block as *const c_void,
            )?;
            same("Udata", "metatable", udata_metatable(u), t)?;
            if uvs > 0 {
                same("Udata", "user value 1", udata_user_value(u, 0).gc(), t)?;
            }
        }

        // A C closure with two upvalues.
        ffi::lua_pushinteger(l, 7);
        ffi::lua_pushvalue(l, t_idx);
        ffi::lua_pushcclosure(l, dummy, 2);
        ffi::lua_rawseti(l, t_idx, 8);
        let c = slot(t, 7);
        same("CClosure", "tag", c.variant(), VCCL)?;
        let c = c.gc();
        same("CClosure", "upvalue count", cclosure_upvalues(c), 2)?;
        same("CClosure", "upvalue 1", cclosure_upvalue(c, 0).as_int(), 7)?;
        same("CClosure", "upvalue 2", cclosure_upvalue(c, 1).gc(), t)?;
        same(
            "CClosure",
            "function",
            cclosure_function(c),
            dummy as *const c_void,
        )?;

        // The running thread: its stack as lua_gettop sees it.
        let top = ffi::lua_gettop(l) as isize;
        let (stack, stack_top) = thread_stack(l as *const c_void);
        let running = &*(l as *const LuaState);
        let base = (*running.ci).func;
        same(
            "lua_State",
            "top - func - 1 (lua_gettop)",
            stack_top.offset_from(base as *const TValue) - 1,
            top,
        )?;
        if (base as *const TValue) < stack {
            return differs("lua_State", "the frame lies below the stack".into());
        }

        // A second thread: shares `l_G`, and keeps the hook fields where the
        // debugger's hook reads them.
        let th = ffi::lua_newthread(l);
        let other = &*(th as *const LuaState);
        if running.l_g.is_null() || running.l_g != other.l_g {
            return differs(
                "lua_State",
                format!(
                    "l_G read {:p} and {:p}, expected one global state",
                    running.l_g, other.l_g
                ),
            );
        }
        ffi::lua_sethook(th, Some(dummy_hook), ffi::LUA_MASKCOUNT, 77);
        let hooked = (other.basehookcount, other.hookmask, other.hook);
        ffi::lua_sethook(th, None, 0, 0);
        same(
            "lua_State",
            "hook count and mask",
            (hooked.0, hooked.1),
            (77, ffi::LUA_MASKCOUNT),
        )?;
        same(
            "lua_State",
            "hook",
            hooked.2 as *const c_void,
            dummy_hook as *const c_void,
        )?;

        // A Lua closure: its upvalue cell holds the globals, its prototype
        // the chunk's source.
        let chunk = c"return 1";
        let name = c"=lua-snapshot check";
        if ffi::luaL_loadbufferx(
            l,
            chunk.as_ptr(),
            chunk.to_bytes().len(),
            name.as_ptr(),
            c"t".as_ptr(),
        ) != ffi::LUA_OK
        {
            return differs("chunk", "cannot load a test chunk".into());
        }
        let f = ffi::lua_topointer(l, -1);
        same("LClosure", "upvalue count", lclosure_upvalues(f), 1)?;
        ffi::lua_rawgeti(l, ffi::LUA_REGISTRYINDEX, ffi::LUA_RIDX_GLOBALS);
        let globals = ffi::lua_topointer(l, -1);
        let cell = lclosure_upvalue_cell(f, 0);
        let env = (!cell.is_null()).then(|| upvalue_value(cell)).flatten();
        same("UpVal", "_ENV", env.map(|v| v.gc()), Some(globals))?;
        let p = lclosure_proto(f);
        let source = proto_source(p);
        let read = if source.is_null() {
            &[][..]
        } else {
            string_bytes(source)
        };
        same(
            "Proto",
            "source",
            read,
            CStr::from_ptr(name.as_ptr()).to_bytes(),
        )?;
        same("Proto", "linedefined", proto_linedefined(p), 0)?;
        Ok(())
    }
}
