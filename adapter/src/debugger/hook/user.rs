//! The script's own hooks (`debug.sethook`), chained with the debugger's.
//!
//! Lua keeps one hook per thread: a script calling the real
//! `debug.sethook` would replace the debugger's, and breakpoints would stop
//! working on that thread for the rest of the run. The debugger puts its
//! own `debug.sethook`/`debug.gethook` in the script's VM instead: they
//! record what the script asked for, per thread, and have the hook module
//! install the union of the two masks (`mask::union`) with [`chained`] as
//! the thread's hook. [`chained`] hands each event to the debugger's hook if
//! the debugger asked for it, then to the script's function if the script
//! did, with the arguments Lua's own hook gives it.
//!
//! The script's functions live in a table with weak keys (threads), like
//! ldblib.c's, held by a registry reference and excluded from every heap
//! walk (the tool's object). Beside it, a map by thread address keeps what
//! the hook needs without touching Lua (masks, counts); an entry whose thread
//! is gone is noticed when the table has no function for its address and is
//! dropped, and the map is pruned against the table as it grows.
//!
//! Counts: while the debugger counts every instruction itself (unwinding,
//! an interrupt set by `set_mask`), the script's count events are counted
//! down here and Lua's countdown is handed over both ways (`apply`). The
//! signal handler (`interrupt.rs`) sets its count without asking this
//! module, so after a `pause` or a request served while the script runs,
//! the script's next count event may come up to one period late.
//!
//! No cost without a script hook: the debugger's hook stays `event::hook`,
//! and `event::apply` pays one thread-local load ([`any`]) before its usual
//! work.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::sync::atomic::Ordering;

use mlua::ffi::{self, lua_Debug, lua_State};
use mlua::{Lua, RegistryKey};
use snapshot::frame;

use super::{active, event, mask};
use crate::debugger::control::{self, INTERRUPT, IN_DEBUGGER, MASK_BUSY};

/// What the script asked for one thread, and what the debugger needs there.
#[derive(Debug, Clone, Copy)]
struct UserHook {
    /// The script's mask and count, as given to `debug.sethook`.
    mask: c_int,
    count: c_int,
    /// Instructions left before the script's next count event, while the
    /// debugger's own count hook (every instruction) runs the thread.
    left: c_int,
    /// The debugger's mask for the thread (0 for none).
    debugger: c_int,
}

thread_local! {
    static HOOKS: RefCell<HashMap<usize, UserHook>> = RefCell::new(HashMap::new());
    /// Whether `HOOKS` has an entry: the only thing the debugger's path reads.
    static ANY: Cell<bool> = const { Cell::new(false) };
    /// Registry reference of the weak table thread -> the script's function.
    static TABLE: Cell<c_int> = const { Cell::new(0) };
    static TABLE_KEY: RefCell<Option<RegistryKey>> = const { RefCell::new(None) };
    /// The map's size after its last pruning.
    static PRUNED: Cell<usize> = const { Cell::new(0) };
}

/// Puts the replacements of `debug.sethook` and `debug.gethook` in `lua`
/// (when it has the `debug` library); returns the table of the script's
/// hook functions, which belongs to the tool.
pub fn install(lua: &Lua) -> mlua::Result<Option<mlua::Table>> {
    let Ok(debug) = lua.globals().get::<mlua::Table>("debug") else {
        return Ok(None);
    };
    let table = lua.create_table()?;
    let meta = lua.create_table()?;
    meta.set("__mode", "k")?;
    table.set_metatable(Some(meta))?;
    let key = lua.create_registry_value(table.clone())?;
    TABLE.with(|t| t.set(key.id()));
    TABLE_KEY.with(|k| *k.borrow_mut() = Some(key));
    // SAFETY: both follow the lua_CFunction protocol (see each).
    unsafe {
        debug.set("sethook", lua.create_c_function(sethook)?)?;
        debug.set("gethook", lua.create_c_function(gethook)?)?;
    }
    Ok(Some(table))
}

/// The VM is going away: forget every script hook.
pub fn forget() {
    HOOKS.with(|h| h.borrow_mut().clear());
    ANY.with(|a| a.set(false));
    TABLE.with(|t| t.set(0));
    TABLE_KEY.with(|k| k.borrow_mut().take());
    PRUNED.with(|p| p.set(0));
}

/// Whether any thread has a script hook.
#[inline]
pub fn any() -> bool {
    ANY.with(Cell::get)
}

/// The debugger's own mask on `l` if the script hooks `l` (the thread's
/// mask is then a union).
pub fn debugger_mask(l: *mut lua_State) -> Option<c_int> {
    HOOKS.with(|h| h.borrow().get(&(l as usize)).map(|u| u.debugger))
}

/// Sets `l`'s hook to the debugger's `mask` and `count` chained with the
/// script's hook; returns false if the script does not hook `l` (the caller
/// sets the debugger's hook alone).
///
/// # Safety
/// On the VM thread; `l` is a live thread of the VM.
pub unsafe fn apply(l: *mut lua_State, mask: c_int, count: c_int) -> bool {
    let user = HOOKS.with(|h| {
        let mut hooks = h.borrow_mut();
        let user = hooks.get_mut(&(l as usize))?;
        user.debugger = mask;
        Some(*user)
    });
    let Some(user) = user else {
        return false;
    };
    let (mask, count) = mask::union((mask, count), (user.mask, user.count));
    // SAFETY: the caller's contract.
    unsafe {
        let current = ffi::lua_gethook(l).map(|f| f as *const () as usize);
        let old_mask = ffi::lua_gethookmask(l);
        let old_count = ffi::lua_gethookcount(l);
        if current == Some(chained as *const () as usize) && old_mask == mask && old_count == count
        {
            return true;
        }
        // `lua_sethook` restarts the count. The script's count events keep
        // their rhythm across mask changes: Lua's countdown is kept while
        // the thread counts the script's period, and handed to `left` (and
        // back) while the debugger counts every instruction.
        let scripts = |m: c_int, c: c_int| {
            user.mask & ffi::LUA_MASKCOUNT != 0 && m & ffi::LUA_MASKCOUNT != 0 && c == user.count
        };
        let was = scripts(old_mask, old_count);
        let will = scripts(mask, count);
        let left = if was {
            Some(frame::hook_countdown(l as *const c_void))
        } else if will {
            Some(user.left)
        } else {
            None
        };
        if was && !will {
            set_left(l, left.unwrap_or(user.count));
        }
        MASK_BUSY.store(true, Ordering::SeqCst);
        let memo = frame::hook_line_memo(l as *const c_void);
        ffi::lua_sethook(l, Some(chained), mask, count);
        frame::restore_line_memo(l as *mut c_void, memo);
        if let (true, Some(left)) = (will, left.filter(|&n| n > 0)) {
            frame::set_hook_countdown(l as *mut c_void, left);
        }
        MASK_BUSY.store(false, Ordering::SeqCst);
    }
    true
}

fn set_left(l: *mut lua_State, left: c_int) {
    HOOKS.with(|h| {
        if let Some(u) = h.borrow_mut().get_mut(&(l as usize)) {
            u.left = left.max(1);
        }
    });
}

/// The hook of a thread the script hooks too.
unsafe extern "C-unwind" fn chained(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: Lua calls this hook with a valid state and record, on the VM
    // thread; no Rust value needing a drop is alive when Lua code runs or
    // an error is raised below.
    unsafe {
        let event = (*ar).event;
        let Some(user) = HOOKS.with(|h| h.borrow().get(&(l as usize)).copied()) else {
            return event::hook(l, ar);
        };
        let bit = mask::event_bit(event);
        let debugger_wants = if event == ffi::LUA_HOOKCOUNT {
            user.debugger & bit != 0 || INTERRUPT.load(Ordering::SeqCst) || control::unwinding()
        } else {
            user.debugger & bit != 0
        };
        let user_wants =
            user.mask & bit != 0 && (event != ffi::LUA_HOOKCOUNT || count_due(l, user));
        if debugger_wants {
            event::hook(l, ar);
        }
        if user_wants {
            call_user(l, ar);
        }
    }
}

/// Whether a count event is the script's: every one while the thread
/// counts the script's period, every `count`th while the debugger counts
/// every instruction (an interrupt, unwinding).
///
/// # Safety
/// Inside a hook on `l`.
unsafe fn count_due(l: *mut lua_State, user: UserHook) -> bool {
    // SAFETY: the caller's contract.
    if unsafe { ffi::lua_gethookcount(l) } == user.count {
        return true;
    }
    HOOKS.with(|h| {
        let mut hooks = h.borrow_mut();
        let Some(u) = hooks.get_mut(&(l as usize)) else {
            return false;
        };
        u.left -= 1;
        if u.left > 0 {
            return false;
        }
        u.left = u.count.max(1);
        true
    })
}

/// Calls the script's hook of `l` as ldblib.c's `hookf` does: the event's
/// name and, for a line event, the line. An error propagates into the
/// hooked code.
unsafe fn call_user(l: *mut lua_State, ar: *mut lua_Debug) {
    // SAFETY: inside a hook on `l` (LUA_MINSTACK free slots; we use four);
    // only plain values are alive when Lua runs or raises.
    unsafe {
        let top = ffi::lua_gettop(l);
        if !push_function(l, l) {
            ffi::lua_settop(l, top);
            drop_thread(l);
            return;
        }
        let event = (*ar).event;
        ffi::lua_pushstring(l, event_name(event).as_ptr());
        if event == ffi::LUA_HOOKLINE {
            ffi::lua_pushinteger(l, ffi::lua_Integer::from((*ar).currentline));
        } else {
            ffi::lua_pushnil(l);
        }
        if ffi::lua_pcall(l, 2, 0, 0) != ffi::LUA_OK {
            ffi::lua_error(l); // the script's error, as its own hook raises it
        }
        ffi::lua_settop(l, top);
    }
}

fn event_name(event: c_int) -> &'static CStr {
    match event {
        ffi::LUA_HOOKCALL => c"call",
        ffi::LUA_HOOKRET => c"return",
        ffi::LUA_HOOKLINE => c"line",
        ffi::LUA_HOOKCOUNT => c"count",
        _ => c"tail call",
    }
}

/// Pushes on `l` the script's function for thread `of` (whatever is there);
/// returns whether it is a function. Pushes two values.
unsafe fn push_function(l: *mut lua_State, of: *mut lua_State) -> bool {
    // SAFETY: the caller leaves two free slots on `l` and on `of`; rawget
    // on a table with a thread key neither raises nor allocates.
    unsafe {
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(TABLE.with(Cell::get)),
        );
        if ffi::lua_type(l, -1) != ffi::LUA_TTABLE {
            ffi::lua_pushnil(l);
            return false;
        }
        ffi::lua_pushthread(of);
        if of != l {
            ffi::lua_xmove(of, l, 1);
        }
        ffi::lua_rawget(l, -2) == ffi::LUA_TFUNCTION
    }
}

/// The thread at `l`'s address has no script hook (any more): the debugger's
/// hook alone.
unsafe fn drop_thread(l: *mut lua_State) {
    let debugger = HOOKS.with(|h| {
        let mut hooks = h.borrow_mut();
        let gone = hooks.remove(&(l as usize));
        ANY.with(|a| a.set(!hooks.is_empty()));
        gone.map(|u| u.debugger)
    });
    if let Some(mask) = debugger {
        // SAFETY: the caller's contract: `l` is live, on the VM thread.
        unsafe { event::set_mask(l, mask) };
    }
}

/// Records `l1`'s script hook (mask 0: none) and sets the thread's hook.
unsafe fn record(l: *mut lua_State, l1: *mut lua_State, mask: c_int, count: c_int) {
    HOOKS.with(|h| {
        let mut hooks = h.borrow_mut();
        let debugger = hooks.get(&(l1 as usize)).map(|u| u.debugger);
        if mask == 0 {
            hooks.remove(&(l1 as usize));
        } else {
            hooks.insert(
                l1 as usize,
                UserHook {
                    mask,
                    count,
                    left: count.max(1),
                    debugger: debugger.unwrap_or(0),
                },
            );
        }
        ANY.with(|a| a.set(!hooks.is_empty()));
    });
    // SAFETY: on the VM thread, inside a C function on `l`; `l1` is a live
    // thread (the script passed it).
    unsafe {
        let in_debugger = IN_DEBUGGER.load(Ordering::SeqCst);
        if active::hooked().is_none() {
            event::set_mask(l1, 0);
        } else if l1 == l && !in_debugger {
            // The Lua function that called `debug.sethook` goes on.
            event::refresh(l1, 1);
        } else if l1 == l {
            // An evaluation while stopped: the thread's hook stays off until
            // the debugger lets it go, and sets the union then.
        } else {
            // A suspended coroutine: resuming it sets the debugger's mask.
            event::prepare_resume(l1);
        }
    }
}

/// Drops the entries of threads that are gone, once the map has doubled
/// since the last time: linear in the live hooks, amortized.
unsafe fn prune(l: *mut lua_State) {
    let len = HOOKS.with(|h| h.borrow().len());
    if len < 64 || len < 2 * PRUNED.with(Cell::get) {
        return;
    }
    let mut live = std::collections::HashSet::new();
    // SAFETY: in a C function on `l` (with LUA_MINSTACK slots); `lua_next`
    // on a table we own, with keys we do not change, does not raise.
    unsafe {
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(TABLE.with(Cell::get)),
        );
        if ffi::lua_type(l, -1) == ffi::LUA_TTABLE {
            ffi::lua_pushnil(l);
            while ffi::lua_next(l, -2) != 0 {
                live.insert(ffi::lua_topointer(l, -2) as usize);
                ffi::lua_settop(l, -2);
            }
        }
        ffi::lua_settop(l, -2);
    }
    HOOKS.with(|h| {
        let mut hooks = h.borrow_mut();
        hooks.retain(|thread, _| live.contains(thread));
        PRUNED.with(|p| p.set(hooks.len()));
        ANY.with(|a| a.set(!hooks.is_empty()));
    });
}

/// The thread argument of `debug.sethook`/`gethook` (ldblib.c `getthread`).
unsafe fn target(l: *mut lua_State) -> (c_int, *mut lua_State) {
    // SAFETY: in a C function on `l`.
    unsafe {
        if ffi::lua_type(l, 1) == ffi::LUA_TTHREAD {
            (1, ffi::lua_tothread(l, 1))
        } else {
            (0, l)
        }
    }
}

/// `debug.sethook([thread,] hook, mask [, count])`, as ldblib.c's.
unsafe extern "C-unwind" fn sethook(l: *mut lua_State) -> c_int {
    // SAFETY: the lua_CFunction protocol; errors are raised before any Rust
    // value needing a drop exists.
    unsafe {
        let (arg, l1) = target(l);
        let (mask, count) = if ffi::lua_type(l, arg + 1) <= ffi::LUA_TNIL {
            ffi::lua_settop(l, arg + 1);
            (0, 0)
        } else {
            let smask = ffi::luaL_checklstring(l, arg + 2, std::ptr::null_mut());
            ffi::luaL_checktype(l, arg + 1, ffi::LUA_TFUNCTION);
            let count = ffi::luaL_optinteger(l, arg + 3, 0);
            let count = c_int::try_from(count.max(0)).unwrap_or(c_int::MAX);
            (
                mask::from_letters(CStr::from_ptr(smask).to_bytes(), count),
                count,
            )
        };
        // table[l1] = hook
        ffi::lua_rawgeti(
            l,
            ffi::LUA_REGISTRYINDEX,
            ffi::lua_Integer::from(TABLE.with(Cell::get)),
        );
        if ffi::lua_type(l, -1) != ffi::LUA_TTABLE {
            return 0;
        }
        ffi::lua_pushthread(l1);
        if l1 != l {
            ffi::lua_xmove(l1, l, 1);
        }
        ffi::lua_pushvalue(l, arg + 1);
        ffi::lua_rawset(l, -3);
        ffi::lua_settop(l, -2);
        record(l, l1, mask, count);
        prune(l);
        0
    }
}

/// `debug.gethook([thread])`, as ldblib.c's: the script's function, mask
/// and count, never the debugger's.
unsafe extern "C-unwind" fn gethook(l: *mut lua_State) -> c_int {
    // SAFETY: the lua_CFunction protocol.
    unsafe {
        let (_, l1) = target(l);
        let user = HOOKS.with(|h| h.borrow().get(&(l1 as usize)).copied());
        let Some(user) = user else {
            ffi::lua_pushnil(l);
            if cfg!(any(feature = "lua53", feature = "lua51")) {
                // 5.3's and 5.1's give the empty mask and count 0 too.
                ffi::lua_pushstring(l, c"".as_ptr());
                ffi::lua_pushinteger(l, 0);
                return 3;
            }
            return 1;
        };
        ffi::luaL_checkstack(l, 4, std::ptr::null());
        if !push_function(l, l1) {
            ffi::lua_pushnil(l);
            return 1;
        }
        let letters = mask::letters(user.mask);
        ffi::lua_pushlstring(l, letters.as_ptr().cast(), letters.len());
        ffi::lua_pushinteger(l, ffi::lua_Integer::from(user.count));
        3
    }
}
