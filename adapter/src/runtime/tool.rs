//! The tool's state inside one VM: the allocator tracker, the objects that
//! belong to the tool, and snapshots taken from Lua.

use std::cell::RefCell;
use std::path::PathBuf;

use mlua::Lua;
use snapshot::walk::RootValue;
use snapshot::{AllocTracker, Diff, Exclusions, Roots, Snapshot, WalkOptions, WalkProgress};

pub struct Tool {
    pub tracker: Box<AllocTracker>,
    exclusions: RefCell<Exclusions>,
    /// Strong references to the excluded objects: an excluded address must
    /// never be freed and reused by one of the program's objects.
    anchors: RefCell<Vec<mlua::Value>>,
    /// Excluded by address only ([`Tool::exclude_permanent`]).
    permanent: RefCell<Vec<*const std::os::raw::c_void>>,
    /// Light-userdata keys of the registry whose entries are the tool's
    /// ([`Tool::exclude_registry_entry`]), and the values they held at the
    /// last walk.
    registry_entries: RefCell<(Vec<usize>, Vec<*const std::os::raw::c_void>)>,
    /// Chunks under this directory are shown relative to it.
    pub base_dir: PathBuf,
    /// The snapshot of `lsnapshot.start_snapshot`.
    pub lsnapshot_start: RefCell<Option<Snapshot>>,
    /// The VM is a host's (see `WalkOptions::host_registry`).
    pub host_registry: std::cell::Cell<bool>,
}

impl Tool {
    pub fn new(tracker: Box<AllocTracker>, base_dir: PathBuf) -> Self {
        Tool {
            tracker,
            exclusions: RefCell::new(Exclusions::default()),
            anchors: RefCell::new(Vec::new()),
            permanent: RefCell::new(Vec::new()),
            registry_entries: RefCell::new((Vec::new(), Vec::new())),
            base_dir,
            lsnapshot_start: RefCell::new(None),
            host_registry: std::cell::Cell::new(false),
        }
    }

    /// Marks an object as the tool's own: never reported, never walked
    /// through. The tool keeps it alive from then on.
    pub fn exclude(&self, value: mlua::Value) {
        self.exclusions.borrow_mut().insert(value.to_pointer());
        self.anchors.borrow_mut().push(value);
    }

    /// Gives back an object [`Tool::exclude`] took (an attached debugger's
    /// replacements, when the client leaves): walks see it again, if the
    /// program still holds it.
    pub fn release(&self, values: &[mlua::Value]) {
        let gone: Vec<_> = values.iter().map(mlua::Value::to_pointer).collect();
        self.anchors
            .borrow_mut()
            .retain(|v| !gone.contains(&v.to_pointer()));
        self.rebuild_exclusions();
    }

    /// The exclusions from scratch: anchors, permanent addresses and the
    /// values of the tool's registry entries as last read.
    fn rebuild_exclusions(&self) {
        let mut exclusions = Exclusions::default();
        for ptr in self
            .anchors
            .borrow()
            .iter()
            .map(mlua::Value::to_pointer)
            .chain(self.permanent.borrow().iter().copied())
            .chain(self.registry_entries.borrow().1.iter().copied())
        {
            exclusions.insert(ptr);
        }
        *self.exclusions.borrow_mut() = exclusions;
    }

    /// Marks the registry entry under the light-userdata `key` as the
    /// tool's, whatever it holds at the time of a walk. mlua keeps state
    /// there that it replaces as it goes: on LuaJIT (and Lua 5.1) a module
    /// stores the C functions of each protected call under two such keys,
    /// and LuaJIT's C functions are objects, new each time.
    pub fn exclude_registry_entry(&self, key: *const std::os::raw::c_void) {
        self.registry_entries.borrow_mut().0.push(key as usize);
    }

    /// Reads the values of the tool's registry entries; when one changed
    /// since the last walk, the exclusions are rebuilt with the new ones
    /// (an old value is garbage now: its address may be a program's object
    /// next).
    ///
    /// # Safety
    /// `l` is the running thread of the tool's state, inside a callback
    /// (one free stack slot).
    unsafe fn refresh_registry_entries(&self, l: *mut mlua::ffi::lua_State) {
        let changed = {
            let mut entries = self.registry_entries.borrow_mut();
            let (keys, values) = &mut *entries;
            if keys.is_empty() {
                return;
            }
            // SAFETY: raw reads of the registry by light-userdata keys
            // cannot raise or allocate; each value is popped at once.
            let now: Vec<_> = keys
                .iter()
                .map(|&key| unsafe {
                    mlua::ffi::lua_rawgetp(l, mlua::ffi::LUA_REGISTRYINDEX, key as *const _);
                    let value = mlua::ffi::lua_topointer(l, -1);
                    mlua::ffi::lua_pop(l, 1);
                    value
                })
                .collect();
            let changed = now != *values;
            *values = now;
            changed
        };
        if changed {
            self.rebuild_exclusions();
        }
    }

    /// [`Tool::exclude`] by address, for objects the VM itself keeps for its
    /// whole life (the metatable of a Rust userdata type).
    pub fn exclude_permanent(&self, ptr: *const std::os::raw::c_void) {
        self.permanent.borrow_mut().push(ptr);
        self.exclusions.borrow_mut().insert(ptr);
    }

    /// Takes a snapshot of the whole VM, with `extra` as additional roots.
    ///
    /// Must be called on the VM thread from inside a Rust callback or hook,
    /// where `lua.current_thread()` is the running Lua thread.
    pub fn snapshot(&self, lua: &Lua, extra: Vec<RootValue>) -> Snapshot {
        self.walk(lua, Roots::Registry { extra })
    }

    /// Takes a snapshot of what is reachable from one object.
    pub fn snapshot_from(&self, lua: &Lua, root: RootValue) -> Snapshot {
        self.walk(lua, Roots::Value(root))
    }

    /// [`Tool::snapshot`] that `progress` may stop (it returns false):
    /// then there is no snapshot, and nothing was kept.
    pub fn snapshot_cancellable(
        &self,
        lua: &Lua,
        progress: &mut dyn FnMut(WalkProgress) -> bool,
    ) -> Option<Snapshot> {
        self.walk_with(lua, Roots::Registry { extra: Vec::new() }, progress)
    }

    fn walk(&self, lua: &Lua, roots: Roots) -> Snapshot {
        match self.walk_with(lua, roots, &mut |_| true) {
            Some(snap) => snap,
            None => unreachable!("only the progress callback stops a walk"),
        }
    }

    fn walk_with(
        &self,
        lua: &Lua,
        roots: Roots,
        progress: &mut dyn FnMut(WalkProgress) -> bool,
    ) -> Option<Snapshot> {
        let thread = lua.current_thread();
        // SAFETY: on the VM thread inside a callback (the caller's
        // contract): `thread.state()` is the running state.
        unsafe { self.refresh_registry_entries(thread.state()) };
        let exclusions = self.exclusions.borrow();
        let opts = WalkOptions {
            roots,
            exclude: &exclusions,
            base_dir: Some(&self.base_dir),
            host_registry: self.host_registry.get(),
        };
        // SAFETY: we are on the VM thread inside a callback (the caller's
        // contract), so `thread.state()` is the running, paused state.
        let mut snap = unsafe { snapshot::take_cancellable(thread.state(), &opts, progress) }?;
        self.tracker.watch(&mut snap);
        Some(snap)
    }

    pub fn diff(&self, older: &Snapshot, newer: &Snapshot) -> Diff {
        let reused = self.tracker.reused_between(older, newer);
        snapshot::diff(older, newer, &reused)
    }
}
