//! The protocol fuzzer as a test: seeded random sessions against the real
//! binary. Each session initializes, often launches a real script (some stop
//! at a breakpoint, some keep running), then sends a few hundred random
//! requests: every command the adapter knows and some it does not, with
//! arguments that are right, missing, of the wrong type, huge, negative or
//! nested, plus raw frames that are not DAP at all. What must hold for each:
//!
//! - every request whose `seq` the adapter can read gets exactly one
//!   response, for that `seq` and that command, within the timeout (no hang);
//! - every message the adapter sends is valid against the DAP schema (the
//!   support client checks each one);
//! - the adapter never dies on its own, and exits with status 0 after
//!   `disconnect`.
//!
//! The cases are a fixed function of the seed, so a failure names the seed
//! and the case to replay: `FUZZ_SEED=<n> FUZZ_SESSIONS=1 cargo test
//! --release -p lua-snapshot --test it protocol_fuzz`.

use super::support;

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use support::{fixture, line_of, Dap};

/// A small deterministic generator (xorshift64*): the cases must be the same
/// on every machine for a seed, and no crate is needed for that.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every request the adapter answers, and a few it must refuse.
const COMMANDS: &[&str] = &[
    "initialize",
    "setBreakpoints",
    "setExceptionBreakpoints",
    "configurationDone",
    "threads",
    "stackTrace",
    "scopes",
    "variables",
    "setVariable",
    "evaluate",
    "source",
    "exceptionInfo",
    "continue",
    "next",
    "stepIn",
    "stepOut",
    "pause",
    "takeSnapshot",
    "listSnapshots",
    "deleteSnapshot",
    "diffSnapshots",
    "exportSnapshot",
    "setBaseline",
    "setFunctionBreakpoints",
    "loadedSources",
    "completions",
    "goto",
    "noSuchCommand",
    "",
];

/// Field names the generator fills: those of the commands above.
const FIELDS: &[&str] = &[
    "threadId",
    "frameId",
    "variablesReference",
    "startFrame",
    "levels",
    "start",
    "count",
    "filter",
    "name",
    "value",
    "expression",
    "context",
    "source",
    "breakpoints",
    "lines",
    "filters",
    "sourceReference",
    "id",
    "from",
    "to",
    "limit",
    "label",
    "gc",
    "path",
    "format",
    "format",
    "singleThread",
    "granularity",
];

/// Files that breakpoints are set in.
const SOURCES: &[&str] = &["loop.lua", "variables.lua", "hello.lua"];

/// Lua that is safe to evaluate at any time: it ends, does not exit and does
/// not write outside the process.
const EXPRESSIONS: &[&str] = &[
    "1 + 1",
    "done",
    "count",
    "big",
    "obj.name",
    "#big",
    "t.x.y",
    "nil",
    "error('boom')",
    "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
    "setmetatable({}, {__index = function(t, k) return k end}).anything",
    "string.rep('x', 100000)",
    "(function() local t = {} for i = 1, 1000 do t[i] = {} end return t end)()",
    "collectgarbage('count')",
    "coroutine.running()",
    "print('from evaluate')",
    "io.write('')",
    "this is not lua",
    "local x = 3 return x",
    "",
    "\u{0}",
    "é ü 😀",
];

fn number(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => json!(0),
        1 => json!(1),
        2 => json!(-1),
        3 => json!(i64::MAX),
        4 => json!(i64::MIN),
        5 => json!(1.5),
        6 => json!(1e300),
        7 => json!(rng.below(2000)),
        _ => json!(u64::MAX),
    }
}

fn string(rng: &mut Rng, dir: &str) -> Value {
    match rng.below(8) {
        0 => json!(""),
        1 => json!(*rng.pick(EXPRESSIONS)),
        2 => json!(format!("{dir}/out-{}.json", rng.below(4))),
        3 => json!("loop.lua"),
        4 => json!("/nonexistent/file.lua"),
        5 => json!("x".repeat(rng.below(20_000))),
        6 => json!(*rng.pick(&["json", "text", "hex", "repl", "watch", "hover"][..])),
        _ => json!(*rng.pick(FIELDS)),
    }
}

/// Any JSON value, nested at most `depth` levels.
fn value(rng: &mut Rng, depth: usize, dir: &str) -> Value {
    let kind = if depth == 0 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match kind {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 | 3 => number(rng),
        4 => string(rng, dir),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| value(rng, depth - 1, dir))
                .collect(),
        ),
        6 => Value::Object(object(rng, depth - 1, dir)),
        _ => {
            // Deep nesting: arrays inside arrays, past any sane depth.
            let mut v = json!(1);
            for _ in 0..rng.below(300) {
                v = json!([v]);
            }
            v
        }
    }
}

fn object(rng: &mut Rng, depth: usize, dir: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for _ in 0..rng.below(5) {
        map.insert(rng.pick(FIELDS).to_string(), value(rng, depth, dir));
    }
    map
}

/// Arguments that are usually close to right: the live ids of this session
/// mixed with random fields.
fn arguments(rng: &mut Rng, live: &Live, dir: &str) -> Value {
    let mut args = object(rng, 2, dir);
    if rng.chance(60) {
        for (field, ids) in [
            ("threadId", &live.threads),
            ("frameId", &live.frames),
            ("variablesReference", &live.references),
            ("id", &live.snapshots),
            ("from", &live.snapshots),
            ("to", &live.snapshots),
        ] {
            if !ids.is_empty() && rng.chance(50) {
                args.insert(field.into(), json!(*rng.pick(ids)));
            }
        }
    }
    if rng.chance(30) {
        args.insert("expression".into(), json!(*rng.pick(EXPRESSIONS)));
    }
    if rng.chance(20) {
        args.insert(
            "source".into(),
            json!({"path": fixture(SOURCES[rng.below(SOURCES.len())])}),
        );
        let lines: Vec<Value> = (0..rng.below(4)).map(|_| json!(rng.below(30))).collect();
        args.insert(
            "breakpoints".into(),
            Value::Array(lines.into_iter().map(|l| json!({"line": l})).collect()),
        );
    }
    // Only ever write into this test's folder (exportSnapshot).
    if args.contains_key("path") {
        args.insert(
            "path".into(),
            json!(format!("{dir}/export-{}", rng.below(4))),
        );
    }
    match rng.below(10) {
        0 => Value::Null,
        1 => value(rng, 1, dir),
        _ => Value::Object(args),
    }
}

/// Ids the adapter handed out in this session, so that requests often name
/// real frames, variables and snapshots.
#[derive(Default)]
struct Live {
    threads: Vec<i64>,
    frames: Vec<i64>,
    references: Vec<i64>,
    snapshots: Vec<i64>,
}

impl Live {
    fn learn(&mut self, body: &Value) {
        let mut stack = vec![body];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(map) => {
                    for (k, x) in map {
                        if let Some(n) = x.as_i64() {
                            let list = match k.as_str() {
                                "id" if map.contains_key("objectCount") => &mut self.snapshots,
                                "id" if map.contains_key("line") => &mut self.frames,
                                "id" => &mut self.threads,
                                "variablesReference" if n > 0 => &mut self.references,
                                _ => continue,
                            };
                            if !list.contains(&n) && list.len() < 64 {
                                list.push(n);
                            }
                        }
                        stack.push(x);
                    }
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }
}

/// Bytes that are not a well-formed request. The adapter may answer with an
/// error, skip them, or end the session; it must not crash or hang.
fn garbage(rng: &mut Rng, seq: i64) -> Vec<u8> {
    let body = match rng.below(8) {
        0 => "not json".to_owned(),
        1 => "[1,2,3]".to_owned(),
        2 => json!({"seq": seq, "type": "request"}).to_string(),
        3 => json!({"seq": "x", "type": "request", "command": "threads"}).to_string(),
        4 => json!({"type": "event", "event": "stopped"}).to_string(),
        5 => json!({"seq": seq, "type": "response", "request_seq": 1, "success": true, "command": "x"})
            .to_string(),
        6 => "{\"seq\":1,\"type\":\"request\",\"command\":\"threads\"".to_owned(),
        _ => String::from_utf8_lossy(&[0xff, 0xfe, b'{', b'}']).into_owned(),
    };
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A session whose request `seq` must be answered.
fn expect_answer(dap: &mut Dap, seq: i64, command: &str, case: &str, live: &mut Live) {
    let response = dap.response(seq, command);
    assert_eq!(
        response["command"], command,
        "{case}: response names another command: {response}"
    );
    if let Some(body) = response.get("body") {
        live.learn(body);
    }
}

/// One session: initialize, maybe launch, `steps` random messages, then
/// disconnect and a clean exit.
fn session(seed: u64, steps: usize, dir: &str) {
    let mut rng = Rng::new(seed);
    let mut dap = Dap::start();
    let mut live = Live::default();
    dap.ok(
        "initialize",
        json!({"adapterID": "lua-snapshot", "supportsProgressReporting": rng.chance(50)}),
    );
    if rng.chance(75) {
        let (program, stop_line) = match rng.below(3) {
            0 => ("loop.lua", Some(("loop.lua", "step"))),
            1 => ("variables.lua", Some(("variables.lua", "vars"))),
            _ => ("loop.lua", None),
        };
        let program = fixture(program);
        let breakpoints: Vec<(String, Vec<i64>)> = stop_line
            .map(|(file, marker)| {
                let file = fixture(file);
                let line = line_of(&file, marker);
                vec![(file, vec![line])]
            })
            .unwrap_or_default();
        let refs: Vec<(&str, &[i64])> = breakpoints
            .iter()
            .map(|(f, l)| (f.as_str(), l.as_slice()))
            .collect();
        dap.launch(&program, json!({"stopOnEntry": rng.chance(20)}), &refs);
    }
    let body = dap.ok("threads", json!({}));
    live.learn(&body);
    for step in 0..steps {
        let case = format!("seed {seed}, case {step}");
        if rng.chance(3) {
            // A malformed frame: if the adapter ends the session, the rest
            // of this session is its clean exit.
            let seq = 100_000 + step as i64;
            dap.send_raw(&garbage(&mut rng, seq));
            continue;
        }
        let command = *rng.pick(COMMANDS);
        let args = arguments(&mut rng, &live, dir);
        let seq = dap.send(command, args);
        expect_answer(&mut dap, seq, command, &case, &mut live);
        if rng.chance(10) {
            let seq = dap.send("stackTrace", json!({"threadId": 1}));
            expect_answer(&mut dap, seq, "stackTrace", &case, &mut live);
        }
    }
    // Whatever state the session is in, `disconnect` ends it cleanly.
    let seq = dap.send("disconnect", json!({"terminateDebuggee": true}));
    dap.response(seq, "disconnect");
    dap.close_stdin();
    assert_eq!(
        dap.wait_exit(),
        Some(0),
        "seed {seed}: the adapter did not exit cleanly\nstderr:\n{}",
        dap.stderr()
    );
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_sessions_never_crash_hang_or_send_invalid_messages() {
    let dir = std::env::temp_dir().join(format!("lua-snapshot-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dir_text = dir.to_string_lossy().into_owned();
    let first = env_number("FUZZ_SEED", 1);
    let sessions = env_number("FUZZ_SESSIONS", 64);
    let steps = env_number("FUZZ_STEPS", 200) as usize;
    // A budget, not a timing assertion: CI must stay under a minute; the
    // sessions run so far are all checked, whatever the machine's speed.
    let budget = Duration::from_secs(env_number("FUZZ_SECONDS", 40));
    let started = Instant::now();
    let mut ran = 0;
    for seed in first..first + sessions {
        if ran >= 4 && started.elapsed() > budget {
            break;
        }
        session(seed, steps, &dir_text);
        ran += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "{ran} sessions of {steps} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
