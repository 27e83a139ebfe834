//! One debug session: read requests, answer those the server can, forward
//! the others to the VM thread.
//!
//! The server thread never waits for the VM while it runs the script: the VM
//! answers forwarded requests itself through the shared [`Client`], so
//! `pause`, `terminate` and `disconnect` are always read promptly.

use std::collections::HashMap;
use std::time::Duration;

use dap::framing::{read_json, ReadError};
use dap::types::{
    AttachRequestArguments, CancelArguments, DisconnectArguments, InitializeRequestArguments,
    LaunchRequestArguments, LoadedSourcesResponseBody, RestartArguments, SetBreakpointsArguments,
    SetBreakpointsResponseBody, SetExceptionBreakpointsArguments, SetFunctionBreakpointsArguments,
    SourceArguments, SourceResponseBody, TerminatedEventBody, Thread, ThreadsResponseBody,
};
use dap::{Event, IncomingError, Request, Response};

use super::breakpoints::{verify, LineCache};
use super::capabilities::capabilities;
use super::client::Client;
use super::conventions::ClientConventions;
use super::disconnect::{self, Debuggee};
use super::exception_filters;
use super::launch;
use super::log::dlog;
use super::target::{Target, DETACH_WAIT};
use super::terminal;
use super::transport::Connection;
use crate::debugger::breakpoints::{BpSpec, FunctionSpec};
use crate::debugger::sources::SourceStore;
use crate::debugger::{self, AttachOrder, Command, HostHandle};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How long a script gets to unwind after `terminate`/`disconnect`.
const UNWIND_TIMEOUT: Duration = Duration::from_secs(5);

/// Requests the VM thread answers.
const VM_REQUESTS: &[&str] = &[
    "continue",
    "next",
    "stepIn",
    "stepOut",
    "stackTrace",
    "scopes",
    "variables",
    "setVariable",
    "evaluate",
    "exceptionInfo",
    "completions",
    "setExpression",
    "restartFrame",
    "takeSnapshot",
    "listSnapshots",
    "deleteSnapshot",
    "diffSnapshots",
    "exportSnapshot",
    "setBaseline",
    "snapshotSummary",
];

/// How a session ended.
pub enum End {
    /// The client disconnected or closed the stream; the script is gone.
    Clean,
    /// The script did not unwind in time: the VM thread is stuck in C code.
    VmStuck,
}

struct Session {
    client: Client,
    /// The launched script or the attached host.
    target: Option<Target>,
    /// Inside a host (`lsnapshot.listen`): what `attach` attaches to.
    host: Option<HostHandle>,
    sources: SourceStore,
    /// The last launch arguments, for `restart`.
    launch_args: Option<LaunchRequestArguments>,
    /// Verified breakpoints by file, replayed to a new VM.
    breakpoints: HashMap<String, Vec<BpSpec>>,
    /// Function breakpoints, replayed to a new VM; `functions_wanted` tells
    /// the VM's poller there are some.
    functions: Vec<FunctionSpec>,
    functions_wanted: Arc<AtomicBool>,
    next_id: i64,
    lines: LineCache,
    configured: bool,
    /// The client announced `supportsProgressReporting`.
    progress: bool,
    /// The client announced `supportsRunInTerminalRequest`.
    run_in_terminal: bool,
    /// Bounds the wait for `initialize` on a socket.
    idle_guard: Option<TcpStream>,
}

/// Serves one connection until the client disconnects.
pub fn run(connection: Connection) -> End {
    serve(connection, None)
}

/// Serves one client of a host's own server (`lsnapshot.listen`), which
/// attaches to the host's Lua.
pub fn run_attached(connection: Connection, host: HostHandle) -> End {
    serve(connection, Some(host))
}

fn serve(connection: Connection, host: Option<HostHandle>) -> End {
    let Connection {
        mut reader,
        writer,
        idle_guard,
    } = connection;
    let mut session = Session {
        client: Client::new(writer),
        target: None,
        host,
        sources: SourceStore::default(),
        launch_args: None,
        breakpoints: HashMap::new(),
        functions: Vec::new(),
        functions_wanted: Arc::new(AtomicBool::new(false)),
        next_id: 1,
        lines: LineCache::default(),
        configured: false,
        progress: false,
        run_in_terminal: false,
        idle_guard,
    };
    if session.host.is_none() {
        super::fd_output::attach(&session.client);
    }
    loop {
        let message = match read_json(&mut reader) {
            Ok(message) => message,
            Err(ReadError::Closed) => {
                dlog!("the client closed the connection");
                break;
            }
            Err(ReadError::Malformed(e)) => {
                dlog!("ignoring a malformed message: {e}");
                continue;
            }
            Err(ReadError::Rejected { head, problem }) => {
                dlog!("rejecting request {} {}: {problem}", head.seq, head.command);
                let message = format!("the request could not be read: {problem}");
                session
                    .client
                    .send(Response::error_for(head.seq, head.command, message));
                continue;
            }
            Err(ReadError::Io(e))
                if session.idle_guard.is_some()
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
            {
                dlog!("the client sent no initialize in time; closing the connection");
                break;
            }
            Err(e) => {
                dlog!("cannot read from the client: {e}");
                break;
            }
        };
        match Request::from_value(message) {
            Ok(request) => {
                dlog!("request {} {}", request.seq, request.command);
                if session.handle(request) {
                    return session.end();
                }
            }
            Err(IncomingError::MissingCommand { seq }) => {
                session
                    .client
                    .send(Response::error_for(seq, "", "request without a command"));
            }
            Err(e) => dlog!("ignoring a message: {e}"),
        }
    }
    session.end()
}

impl Session {
    /// Handles one request; true when the session is over.
    fn handle(&mut self, mut request: Request) -> bool {
        let client = self.client.clone();
        // From here on, lines are 1-based and paths are paths.
        if let Err(message) = client.conventions().incoming(&mut request) {
            client.error(&request, message);
            return false;
        }
        let result = match request.command.as_str() {
            "initialize" => {
                Connection::initialized(&mut self.idle_guard);
                let args = request.args::<InitializeRequestArguments>().ok();
                self.progress = args
                    .as_ref()
                    .and_then(|a| a.supports_progress_reporting)
                    .unwrap_or(false);
                self.run_in_terminal = args
                    .as_ref()
                    .and_then(|a| a.supports_run_in_terminal_request)
                    .unwrap_or(false);
                client.set_conventions(
                    args.as_ref()
                        .map(ClientConventions::from_initialize)
                        .unwrap_or_default(),
                );
                client.ok(&request, capabilities());
                Ok(())
            }
            "launch" if self.host.is_some() => Err(
                "this is a Lua host's own debug server (lsnapshot.listen): use an \
                     attach configuration ({\"request\": \"attach\", \"port\": N})"
                    .into(),
            ),
            "launch" => request
                .args::<LaunchRequestArguments>()
                .and_then(|args| self.launch(&request, args)),
            "attach" => request
                .args::<AttachRequestArguments>()
                .and_then(|args| self.attach(&request, args)),
            "configurationDone" => {
                self.configured = true;
                client.ok(&request, ());
                if let Some(target) = &self.target {
                    let _ = target.post(Command::Start);
                }
                Ok(())
            }
            "setBreakpoints" => request
                .args::<SetBreakpointsArguments>()
                .map(|args| self.set_breakpoints(&request, &args)),
            "setFunctionBreakpoints" => request
                .args::<SetFunctionBreakpointsArguments>()
                .map(|args| self.set_function_breakpoints(&request, &args)),
            "setExceptionBreakpoints" => request
                .args::<SetExceptionBreakpointsArguments>()
                .map(|args| client.ok(&request, exception_filters::set(&args))),
            "threads" => {
                let threads = match self.target {
                    Some(_) => vec![Thread {
                        id: 1,
                        name: "main".into(),
                    }],
                    None => Vec::new(),
                };
                client.ok(&request, ThreadsResponseBody { threads });
                Ok(())
            }
            "pause" => match &self.target {
                Some(target) => {
                    target.pause();
                    client.ok(&request, ());
                    Ok(())
                }
                None => Err("no program is running".into()),
            },
            "terminate" if matches!(self.target, Some(Target::Attached(_))) => {
                // The host is not ours to end: the debugger leaves it.
                self.stop_vm(false);
                client.ok(&request, ());
                client.event(&TerminatedEventBody::default());
                Ok(())
            }
            "terminate" => {
                match self
                    .target
                    .as_ref()
                    .and_then(Target::launched)
                    .filter(|vm| !vm.is_done())
                {
                    Some(vm) => {
                        vm.terminate(false);
                        vm.watch_end(client.clone(), UNWIND_TIMEOUT);
                    }
                    None => client.event(&TerminatedEventBody::default()),
                }
                client.ok(&request, ());
                Ok(())
            }
            "disconnect" => {
                let args = request.args::<DisconnectArguments>().unwrap_or_default();
                let running = self.target.as_ref().is_some_and(|t| !t.is_done());
                let debuggee = match self.target {
                    Some(Target::Attached(_)) => Debuggee::Attached,
                    _ => Debuggee::Launched,
                };
                let plan = disconnect::plan(&args, debuggee, running);
                if let Some(note) = plan.note {
                    client.output("console", note);
                }
                if debuggee == Debuggee::Attached {
                    // The response first: a host asked to end exits as
                    // soon as the debugger is out of it.
                    client.ok(&request, ());
                    self.detach(plan.end_debuggee);
                    return true;
                }
                let stuck = !self.stop_vm(false);
                client.ok(&request, ());
                if stuck {
                    dlog!("the script did not stop in time");
                    if debugger::claim_end() {
                        client.output("stderr", debugger::stuck_message(UNWIND_TIMEOUT));
                    }
                }
                return true;
            }
            "loadedSources" => {
                let sources = self.sources.loaded();
                client.ok(&request, LoadedSourcesResponseBody { sources });
                Ok(())
            }
            // Long work on the VM thread (a heap walk) looks for it
            // between steps; the cancelled request answers `cancelled`.
            "cancel" => request.args::<CancelArguments>().map(|args| {
                debugger::cancel::cancel(args.request_id, args.progress_id);
                client.ok(&request, ());
            }),
            "restart" => request
                .args::<RestartArguments>()
                .and_then(|args| self.restart(&request, args)),
            "source" => request.args::<SourceArguments>().and_then(|args| {
                let id = args
                    .source
                    .as_ref()
                    .and_then(|s| s.source_reference)
                    .unwrap_or(args.source_reference);
                let content = self.sources.content(id).ok_or("no such source")?;
                client.ok(
                    &request,
                    SourceResponseBody {
                        content,
                        mime_type: Some("text/x-lua".into()),
                    },
                );
                Ok(())
            }),
            command if VM_REQUESTS.contains(&command) => match &self.target {
                Some(target) => match target.post(Command::Request(request.clone())) {
                    Ok(()) => Ok(()),
                    Err(_) => Err("no program is running".into()),
                },
                None => Err("no program is running".into()),
            },
            other => Err(format!("unknown command '{other}'")),
        };
        if let Err(message) = result {
            client.error(&request, message);
        }
        false
    }

    fn launch(&mut self, request: &Request, args: LaunchRequestArguments) -> Result<(), String> {
        if self.target.as_ref().is_some_and(|t| !t.is_done()) {
            return Err("a program is already running".into());
        }
        // An ended program's thread may still serve its snapshots.
        if !self.stop_vm(true) {
            return Err("the previous program did not stop in time".into());
        }
        self.start_vm(&args)?;
        self.launch_args = Some(args);
        self.client.ok(request, ());
        self.client.send(Event::new("initialized"));
        Ok(())
    }

    /// Asks the host's Lua thread to install the debugger; it answers the
    /// request itself. A host busy in C code is waited for, and the client
    /// told so.
    fn attach(&mut self, request: &Request, args: AttachRequestArguments) -> Result<(), String> {
        let Some(host) = self.host.clone() else {
            return Err(
                "attach: this adapter runs scripts itself (launch). To debug a \
                        program that embeds Lua, call require('lsnapshot').listen{port = N} \
                        in it and attach to that port"
                    .into(),
            );
        };
        if self.target.is_some() {
            return Err("already attached".into());
        }
        if host.is_closed() {
            return Err("the host closed its Lua state".into());
        }
        let order = AttachOrder {
            request: request.clone(),
            client: self.client.clone(),
            sources: self.sources.clone(),
            snapshot_on_stop: args.snapshot_on_stop.unwrap_or(false),
            max_snapshots: args
                .max_snapshots
                .map_or(launch::DEFAULT_MAX_SNAPSHOTS, |n| n.max(1) as usize),
            progress: self.progress,
        };
        if host.post(Command::Attach(Box::new(order))).is_err() {
            return Err("the host closed its Lua state".into());
        }
        host.tell_if_slow(self.client.clone());
        host.poll_functions(&self.functions_wanted);
        self.target = Some(Target::Attached(host));
        Ok(())
    }

    /// Spawns the VM and gives it the session's breakpoints.
    fn start_vm(&mut self, args: &LaunchRequestArguments) -> Result<(), String> {
        let mut config = launch::config(args)?;
        config.progress = self.progress;
        config.terminal = terminal::open(
            &self.client,
            self.run_in_terminal,
            args.console.as_deref(),
            &config.program,
        )
        .map(Arc::new);
        let vm = debugger::spawn(config, self.client.clone(), self.sources.clone())?;
        for (file, specs) in &self.breakpoints {
            let _ = vm.post(Command::Breakpoints {
                file: file.clone(),
                specs: specs.clone(),
            });
        }
        if !self.functions.is_empty() {
            let _ = vm.post(Command::FunctionBreakpoints(self.functions.clone()));
        }
        vm.poll_functions(&self.functions_wanted);
        if self.configured {
            let _ = vm.post(Command::Start);
        }
        self.target = Some(Target::Launched(vm));
        Ok(())
    }

    fn restart(&mut self, request: &Request, args: RestartArguments) -> Result<(), String> {
        if self.host.is_some() {
            return Err("an attached host cannot be restarted".into());
        }
        let launch_args = args
            .arguments
            .or_else(|| self.launch_args.clone())
            .ok_or("nothing to restart: no launch yet")?;
        if !self.stop_vm(true) {
            return Err("the program did not stop in time".into());
        }
        if let Err(e) = self.start_vm(&launch_args) {
            self.client.event(&TerminatedEventBody::default());
            return Err(e);
        }
        self.launch_args = Some(launch_args);
        self.client.ok(request, ());
        Ok(())
    }

    fn set_function_breakpoints(
        &mut self,
        request: &Request,
        args: &SetFunctionBreakpointsArguments,
    ) {
        let (breakpoints, specs) = super::function_breakpoints::verify(args, &mut self.next_id);
        self.functions_wanted
            .store(!specs.is_empty(), Ordering::SeqCst);
        self.functions = specs.clone();
        // Answered first: the VM's `breakpoint` events update these ids.
        self.client
            .ok(request, SetBreakpointsResponseBody { breakpoints });
        if let Some(target) = &self.target {
            let _ = target.post(Command::FunctionBreakpoints(specs));
        }
    }

    fn set_breakpoints(&mut self, request: &Request, args: &SetBreakpointsArguments) {
        let verified = verify(args, &mut self.next_id, &mut self.lines);
        if let Some(file) = verified.file {
            if verified.specs.is_empty() {
                self.breakpoints.remove(&file);
            } else {
                self.breakpoints
                    .insert(file.clone(), verified.specs.clone());
            }
            if let Some(target) = &self.target {
                let _ = target.post(Command::Breakpoints {
                    file,
                    specs: verified.specs,
                });
            }
        }
        self.client.ok(
            request,
            SetBreakpointsResponseBody {
                breakpoints: verified.response,
            },
        );
    }

    /// Makes the script unwind and waits for the VM thread; false if it
    /// did not end in time.
    /// Takes the debugger out of an attached host (which then exits with
    /// `end_host`: `disconnect` with `terminateDebuggee`).
    fn detach(&mut self, end_host: bool) {
        if let Some(Target::Attached(host)) = self.target.take() {
            if !host.detach(DETACH_WAIT, end_host) {
                dlog!("the host is busy in C code: it detaches when it next runs Lua");
            }
        }
    }

    fn stop_vm(&mut self, quiet: bool) -> bool {
        let mut vm = match self.target.take() {
            None => return true,
            Some(Target::Attached(host)) => {
                self.target = Some(Target::Attached(host));
                self.detach(false);
                return true;
            }
            Some(Target::Launched(vm)) => vm,
        };
        if !vm.is_done() {
            vm.terminate(quiet);
        }
        if vm.wait(UNWIND_TIMEOUT) {
            true
        } else {
            self.target = Some(Target::Launched(vm));
            false
        }
    }

    fn end(mut self) -> End {
        let stopped = self.stop_vm(false);
        super::fd_output::detach();
        if stopped {
            End::Clean
        } else {
            End::VmStuck
        }
    }
}
