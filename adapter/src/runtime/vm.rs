//! Creating the VM: all standard libraries (the debugger needs `debug`), the
//! allocator tracker, the tool's modules and the `os.exit` replacement.

use std::path::PathBuf;
use std::rc::Rc;

use mlua::Lua;
use snapshot::AllocTracker;

use super::tool::Tool;
use super::{exit, lsnapshot, snapshot_api};

/// A Lua VM owned by the tool. Lives on one thread.
pub struct ScriptVm {
    pub lua: Lua,
    pub tool: Rc<Tool>,
}

impl ScriptVm {
    /// `base_dir` is the directory chunk names are shown relative to.
    pub fn new(base_dir: PathBuf) -> mlua::Result<ScriptVm> {
        // SAFETY: `unsafe_new` only loads the `debug` library, which scripts
        // under a debugger are expected to have.
        let lua = unsafe { Lua::unsafe_new() };
        // SAFETY: a fresh state on this thread with no allocation under way;
        // `Drop` puts the VM's allocator back before the tracker goes away.
        let tracker = unsafe { AllocTracker::install(lua.state()) };
        let tool = Rc::new(Tool::new(tracker, base_dir));
        tool.exclude(mlua::Value::Function(exit::install(&lua)?));
        // lauxlib creates the metatable of its string-buffer boxes
        // (registry["_UBOX*"]) the first time a buffer outgrows
        // LUAL_BUFFERSIZE (1 KB): building one long string now keeps that VM
        // internal out of every diff of the script's first `string.rep`,
        // `table.concat` or `string.format` of more than 1 KB.
        lua.load("string.rep('x', 4096)").exec()?;
        lsnapshot::register(&lua, &tool)?;
        snapshot_api::register(&lua, &tool)?;
        Ok(ScriptVm { lua, tool })
    }
}

impl Drop for ScriptVm {
    fn drop(&mut self) {
        // SAFETY: same state as `install`, nothing running; after this the
        // VM no longer calls into the tracker, whatever outlives whom.
        unsafe { self.tool.tracker.uninstall(self.lua.state()) };
    }
}
