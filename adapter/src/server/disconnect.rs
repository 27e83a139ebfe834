//! What `disconnect` does to the debuggee (`terminateDebuggee`,
//! `supportsTerminateDebuggee`).
//!
//! A launched program runs inside the adapter's own process, on its VM
//! thread, with its output going to this client: it cannot outlive the
//! session, so it always ends, and a `terminateDebuggee: false` is answered
//! with a console line that says so rather than ignored. A program the
//! adapter attached to (a host's own Lua) lives in the host: it is left
//! running unless the client asks for it to end (the protocol's default for
//! attached debuggees).

use dap::types::DisconnectArguments;

/// How the session came to its program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Debuggee {
    Launched,
    /// A host's own Lua (`lsnapshot.listen`): left running, or with
    /// `terminateDebuggee` the host process exits.
    Attached,
}

/// What to do on `disconnect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// End the program (launched: always).
    pub end_debuggee: bool,
    /// A console line for the client, sent before the response.
    pub note: Option<&'static str>,
}

/// What a launched program does when the client asks it to keep running.
pub const LAUNCHED_ENDS: &str = "lua-snapshot: the program runs inside the debug adapter \
     and ends with the session (terminateDebuggee: false applies to attached hosts)\n";

pub fn plan(args: &DisconnectArguments, debuggee: Debuggee, running: bool) -> Plan {
    match debuggee {
        Debuggee::Launched => Plan {
            end_debuggee: true,
            note: (running && args.terminate_debuggee == Some(false)).then_some(LAUNCHED_ENDS),
        },
        Debuggee::Attached => Plan {
            end_debuggee: args.terminate_debuggee.unwrap_or(false),
            note: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(terminate: Option<bool>) -> DisconnectArguments {
        DisconnectArguments {
            terminate_debuggee: terminate,
            ..DisconnectArguments::default()
        }
    }

    #[test]
    fn launched_programs_always_end_attached_hosts_by_request() {
        for t in [None, Some(true), Some(false)] {
            assert!(plan(&args(t), Debuggee::Launched, true).end_debuggee);
        }
        assert!(plan(&args(Some(false)), Debuggee::Launched, true)
            .note
            .is_some());
        assert!(plan(&args(Some(false)), Debuggee::Launched, false)
            .note
            .is_none());
        assert!(plan(&args(None), Debuggee::Launched, true).note.is_none());
        assert!(!plan(&args(None), Debuggee::Attached, true).end_debuggee);
        assert!(!plan(&args(Some(false)), Debuggee::Attached, true).end_debuggee);
        assert!(plan(&args(Some(true)), Debuggee::Attached, true).end_debuggee);
    }
}
