//! `console: "integratedTerminal"`: the program's stdin and stdout in the
//! client's terminal, through `runInTerminal` and the relay it starts. The
//! test plays the client: it runs the command it is asked to run as a
//! child, types into the child's stdin and reads the child's stdout.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::support;

use serde_json::{json, Value};
use support::{fixture, fixtures_dir, Dap};

fn launch_args(console: &str) -> Value {
    json!({"program": fixture("interactive.lua"), "cwd": fixtures_dir(), "console": console})
}

fn initialize(dap: &mut Dap, run_in_terminal: bool) {
    dap.ok(
        "initialize",
        json!({"clientID": "tests", "adapterID": "lua-snapshot", "linesStartAt1": true,
               "columnsStartAt1": true, "pathFormat": "path",
               "supportsRunInTerminalRequest": run_in_terminal}),
    );
}

#[test]
fn the_program_reads_and_writes_the_terminal() {
    let mut dap = Dap::start();
    initialize(&mut dap, true);
    let launch = dap.send("launch", launch_args("integratedTerminal"));
    let request = dap.wait_for("runInTerminal", |m| {
        m["type"] == "request" && m["command"] == "runInTerminal"
    });
    let args = &request["arguments"];
    assert_eq!(args["kind"], "integrated");
    assert_eq!(args["title"], "Lua: interactive.lua");
    let argv: Vec<&str> = args["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string"))
        .collect();
    let mut relay = Command::new(argv[0])
        .args(&argv[1..])
        .current_dir(args["cwd"].as_str().expect("cwd"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the terminal's command");
    let response = json!({"seq": 1000, "type": "response", "request_seq": request["seq"],
                          "command": "runInTerminal", "success": true,
                          "body": {"processId": relay.id()}});
    let text = response.to_string();
    dap.send_raw(format!("Content-Length: {}\r\n\r\n{text}", text.len()).as_bytes());
    let answer = dap.response(launch, "launch");
    assert_eq!(answer["success"], true, "{answer}");
    dap.event("initialized");
    dap.ok("configurationDone", Value::Null);
    let mut stdin = relay.stdin.take().expect("stdin");
    stdin.write_all(b"Ada\n21\n").expect("type");
    drop(stdin); // end of input: the program's last read gets the rest
    let mut out = String::new();
    relay
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read the terminal");
    assert_eq!(
        out,
        "name? hello, Ada\ntwice:\t42\nfrom a child\nrest:\t1\n",
        "stderr:\n{}",
        dap.stderr()
    );
    assert!(relay.wait().expect("relay").success());
    assert_eq!(dap.exit_code(), 0);
    // stderr stays in the Debug Console; nothing of stdout went there.
    assert_eq!(dap.output(Some("stderr")), "to stderr\n");
    assert_eq!(dap.output(Some("stdout")), "");
    dap.finish();
}

#[test]
fn without_run_in_terminal_the_debug_console_is_used_and_says_so() {
    let mut dap = Dap::start();
    initialize(&mut dap, false);
    dap.ok("launch", launch_args("integratedTerminal"));
    dap.event("initialized");
    dap.ok("configurationDone", Value::Null);
    assert_eq!(dap.exit_code(), 0);
    assert!(dap
        .output(Some("console"))
        .contains("falls back to the Debug Console"));
    let stdout = dap.output(Some("stdout"));
    assert!(stdout.starts_with("name? hello, nil\n"), "{stdout}");
    dap.finish();
}
