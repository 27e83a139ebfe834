//! A running host to attach to: `lua-snapshot run tests/dap/attach_host.lua
//! MODE`, or the C host of `tests/host/` running `attach_game.lua` with the
//! loadable modules; its port read from its stderr.

use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::dap::support::{collect, fixture, Dap, TIMEOUT};
use crate::modules::built;
use crate::modules::game::{self, GameLua};

pub struct Host {
    child: Child,
    /// The C host's stdin: it runs until this closes (`--stdin`).
    stdin: Option<ChildStdin>,
    pub port: u16,
    pub stderr: Arc<Mutex<String>>,
    /// The game (`attach_game.lua`): where its breakpoints and leaks are.
    pub script: String,
}

impl Host {
    /// Starts the host in `mode` (see the fixture) and waits for its port.
    pub fn start(mode: &str) -> Host {
        let mut cmd = Command::new(crate::dap::runtime::binary());
        cmd.args(["run", &fixture("attach_host.lua"), mode])
            .stdin(Stdio::null());
        Host::spawn(cmd)
    }

    /// Starts the C host built against `lua`, running the game with the
    /// runtime's loadable modules, until [`Host::finish_game`].
    pub fn start_game(lua: GameLua) -> Host {
        let mut cmd = Command::new(game::build(lua));
        cmd.arg("--stdin")
            .arg(built::modules())
            .arg(fixture("attach_game.lua"))
            .stdin(Stdio::piped());
        Host::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Host {
        let script = fixture("attach_game.lua");
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the host");
        let stdin = child.stdin.take();
        let stderr = collect(child.stderr.take().expect("stderr"));
        let deadline = Instant::now() + TIMEOUT;
        let port = loop {
            let text = stderr.lock().unwrap().clone();
            if let Some(rest) = text
                .split("lsnapshot: DAP server listening on 127.0.0.1:")
                .nth(1)
            {
                break rest.lines().next().unwrap().trim().parse().expect("port");
            }
            assert!(Instant::now() < deadline, "the host did not listen: {text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        Host {
            child,
            stdin,
            port,
            stderr,
            script,
        }
    }

    /// A client connected to the host's server, not yet initialized.
    pub fn connect(&self) -> Dap {
        Dap::connect(self.port, Arc::clone(&self.stderr))
    }

    /// initialize + attach + configurationDone.
    pub fn attach(&self, extra: Value) -> Dap {
        let mut dap = self.connect();
        dap.initialize();
        let mut args = json!({"port": self.port});
        if let Value::Object(map) = extra {
            for (k, v) in map {
                args[k] = v;
            }
        }
        dap.ok("attach", args);
        dap.event("initialized");
        dap.ok("configurationDone", Value::Null);
        dap
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Ends the host through a client (`done = true`) and checks it ran on
    /// to its normal end: exit status 0.
    pub fn finish(mut self) {
        let mut dap = self.attach(json!({}));
        dap.ok(
            "evaluate",
            json!({"expression": "done = true", "context": "repl"}),
        );
        // The host leaves its loop and closes its Lua state.
        dap.event("terminated");
        assert_eq!(self.wait(), Some(0), "host stderr:\n{}", self.stderr());
        assert!(
            self.stderr().contains("attach_host done"),
            "{}",
            self.stderr()
        );
    }

    /// Ends the C host (its stdin closes) and checks that it closed its
    /// state and exited normally.
    pub fn finish_game(mut self) {
        drop(self.stdin.take());
        assert_eq!(self.wait(), Some(0), "host stderr:\n{}", self.stderr());
    }

    /// Waits for the host to exit; its status code.
    pub fn wait(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "the host did not end:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
