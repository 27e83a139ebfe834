//! What a session debugs: a script it launched (the VM thread is ours), or
//! the host it runs in (`lsnapshot.listen`, the host's Lua thread).

use std::time::Duration;

use crate::debugger::{Command, HostHandle, VmHandle};

pub enum Target {
    Launched(VmHandle),
    Attached(HostHandle),
}

impl Target {
    pub fn post(&self, command: Command) -> Result<(), Command> {
        match self {
            Target::Launched(vm) => vm.post(command),
            Target::Attached(host) => host.post(command),
        }
    }

    pub fn pause(&self) {
        match self {
            Target::Launched(vm) => vm.pause(),
            Target::Attached(host) => host.pause(),
        }
    }

    /// The program is over: a launched script ended, or the host closed
    /// its Lua state.
    pub fn is_done(&self) -> bool {
        match self {
            Target::Launched(vm) => vm.is_done(),
            Target::Attached(host) => host.is_closed(),
        }
    }

    pub fn launched(&self) -> Option<&VmHandle> {
        match self {
            Target::Launched(vm) => Some(vm),
            Target::Attached(_) => None,
        }
    }
}

/// How long `disconnect` waits for a host to take the debugger out; a host
/// busy in C code does it when it next runs Lua or polls.
pub const DETACH_WAIT: Duration = Duration::from_secs(2);
