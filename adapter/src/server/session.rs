//! One debug session: read requests, answer those the server can, forward
//! the others to the VM thread.
//!
//! The server thread never waits for the VM while it runs the script: the VM
//! answers forwarded requests itself through the shared [`Client`], so
//! `pause`, `terminate` and `disconnect` are always read promptly.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dap::framing::{read_json, ReadError};
use dap::types::{
    InitializeRequestArguments, LaunchRequestArguments, RestartArguments, SetBreakpointsArguments,
    SetBreakpointsResponseBody, SetExceptionBreakpointsArguments, SetFunctionBreakpointsArguments,
    SourceArguments, SourceResponseBody, TerminatedEventBody, Thread, ThreadsResponseBody,
};
use dap::{Event, IncomingError, Request, Response};

use super::breakpoints::{verify, LineCache};
use super::capabilities::{capabilities, FILTER_RAISED, FILTER_UNCAUGHT};
use super::client::Client;
use super::conventions::ClientConventions;
use super::launch;
use super::log::dlog;
use super::transport::Connection;
use crate::debugger::breakpoints::{BpSpec, FunctionSpec};
use crate::debugger::sources::SourceStore;
use crate::debugger::{self, Command, VmHandle};
use std::net::TcpStream;

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
    "completions",
    "setExpression",
    "restartFrame",
    "exceptionInfo",
    "takeSnapshot",
    "listSnapshots",
    "deleteSnapshot",
    "diffSnapshots",
    "exportSnapshot",
    "setBaseline",
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
    vm: Option<VmHandle>,
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
    /// Bounds the wait for `initialize` on a socket.
    idle_guard: Option<TcpStream>,
}

/// Serves one connection until the client disconnects.
pub fn run(connection: Connection) -> End {
    let Connection {
        mut reader,
        writer,
        idle_guard,
    } = connection;
    let mut session = Session {
        client: Client::new(writer),
        vm: None,
        sources: SourceStore::default(),
        launch_args: None,
        breakpoints: HashMap::new(),
        functions: Vec::new(),
        functions_wanted: Arc::new(AtomicBool::new(false)),
        next_id: 1,
        lines: LineCache::default(),
        configured: false,
        progress: false,
        idle_guard,
    };
    super::fd_output::attach(&session.client);
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
        let result =
            match request.command.as_str() {
                "initialize" => {
                    Connection::initialized(&mut self.idle_guard);
                    let args = request.args::<InitializeRequestArguments>().ok();
                    self.progress = args
                        .as_ref()
                        .and_then(|a| a.supports_progress_reporting)
                        .unwrap_or(false);
                    client.set_conventions(
                        args.as_ref()
                            .map(ClientConventions::from_initialize)
                            .unwrap_or_default(),
                    );
                    client.ok(&request, capabilities());
                    Ok(())
                }
                "launch" => request
                    .args::<LaunchRequestArguments>()
                    .and_then(|args| self.launch(&request, args)),
                "configurationDone" => {
                    self.configured = true;
                    client.ok(&request, ());
                    if let Some(vm) = &self.vm {
                        let _ = vm.post(Command::Start);
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
                    .map(|args| {
                        let mut ids: Vec<String> = args.filters.clone();
                        ids.extend(
                            args.filter_options
                                .iter()
                                .flatten()
                                .map(|o| o.filter_id.clone()),
                        );
                        debugger::set_exception_filters(
                            ids.iter().any(|f| f == FILTER_UNCAUGHT),
                            ids.iter().any(|f| f == FILTER_RAISED),
                        );
                        client.ok(&request, ());
                    }),
                "threads" => {
                    let threads = match self.vm {
                        Some(_) => vec![Thread {
                            id: 1,
                            name: "main".into(),
                        }],
                        None => Vec::new(),
                    };
                    client.ok(&request, ThreadsResponseBody { threads });
                    Ok(())
                }
                "pause" => match &self.vm {
                    Some(vm) => {
                        vm.pause();
                        client.ok(&request, ());
                        Ok(())
                    }
                    None => Err("no program is running".into()),
                },
                "terminate" => {
                    match self.vm.as_ref().filter(|vm| !vm.is_done()) {
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
                command if VM_REQUESTS.contains(&command) => match &self.vm {
                    Some(vm) => match vm.post(Command::Request(request.clone())) {
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
        if self.vm.as_ref().is_some_and(|vm| !vm.is_done()) {
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

    /// Spawns the VM and gives it the session's breakpoints.
    fn start_vm(&mut self, args: &LaunchRequestArguments) -> Result<(), String> {
        let mut config = launch::config(args)?;
        config.progress = self.progress;
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
        vm.poll_functions(Arc::clone(&self.functions_wanted));
        if self.configured {
            let _ = vm.post(Command::Start);
        }
        self.vm = Some(vm);
        Ok(())
    }

    fn restart(&mut self, request: &Request, args: RestartArguments) -> Result<(), String> {
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

    fn set_breakpoints(&mut self, request: &Request, args: &SetBreakpointsArguments) {
        let verified = verify(args, &mut self.next_id, &mut self.lines);
        if let Some(file) = verified.file {
            if verified.specs.is_empty() {
                self.breakpoints.remove(&file);
            } else {
                self.breakpoints
                    .insert(file.clone(), verified.specs.clone());
            }
            if let Some(vm) = &self.vm {
                let _ = vm.post(Command::Breakpoints {
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
        if let Some(vm) = &self.vm {
            let _ = vm.post(Command::FunctionBreakpoints(specs));
        }
    }

    /// Makes the script unwind and waits for the VM thread; false if it
    /// did not end in time.
    fn stop_vm(&mut self, quiet: bool) -> bool {
        let Some(mut vm) = self.vm.take() else {
            return true;
        };
        if !vm.is_done() {
            vm.terminate(quiet);
        }
        if vm.wait(UNWIND_TIMEOUT) {
            true
        } else {
            self.vm = Some(vm);
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
