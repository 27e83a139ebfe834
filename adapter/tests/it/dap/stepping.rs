//! Stepping: entry, stepIn, next, stepOut, and steps across coroutines.

use super::support;

use serde_json::json;
use support::{fixture, line_of, Dap};

fn at(dap: &mut Dap) -> (String, i64) {
    let top = dap.frames()[0].clone();
    (
        top["name"].as_str().unwrap().to_owned(),
        top["line"].as_i64().unwrap(),
    )
}

fn step(dap: &mut Dap, command: &str) -> (String, i64) {
    dap.ok(command, json!({"threadId": 1}));
    dap.stopped("step");
    at(dap)
}

#[test]
fn stop_on_entry() {
    let mut dap = Dap::start();
    dap.launch(&fixture("stepping.lua"), json!({"stopOnEntry": true}), &[]);
    let body = dap.stopped("entry");
    assert_eq!(body["threadId"], 1);
    let (name, line) = at(&mut dap);
    assert_eq!(name, "main chunk");
    assert!(line >= 2, "{line}");
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn into_over_and_out_of_functions() {
    let mut dap = Dap::start();
    let p = fixture("stepping.lua");
    let l = |m: &str| line_of(&p, m);
    dap.launch(&p, json!({}), &[(&p, &[l("maincall")])]);
    dap.stopped("breakpoint");
    assert_eq!(step(&mut dap, "stepIn"), ("outer".into(), l("outercall")));
    assert_eq!(step(&mut dap, "stepIn"), ("inner".into(), l("inner")));
    assert_eq!(step(&mut dap, "next"), ("inner".into(), l("innerret")));
    // Out of inner: the rest of the call line runs, then the next line.
    assert_eq!(step(&mut dap, "stepOut"), ("outer".into(), l("outernext")));
    assert_eq!(step(&mut dap, "next"), ("outer".into(), l("outerret")));
    assert_eq!(step(&mut dap, "next"), ("main chunk".into(), l("mainnext")));
    // Over a call: inner and outer run without stopping.
    dap.set_breakpoints(&p, &[l("maincall")]);
    assert_eq!(
        step(&mut dap, "next"),
        ("main chunk".into(), l("mainnext") + 2)
    );
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn next_over_a_call_does_not_stop_inside() {
    let mut dap = Dap::start();
    let p = fixture("stepping.lua");
    dap.launch(&p, json!({}), &[(&p, &[line_of(&p, "outercall")])]);
    dap.stopped("breakpoint");
    assert_eq!(
        step(&mut dap, "next"),
        ("outer".into(), line_of(&p, "outernext"))
    );
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}

#[test]
fn steps_across_coroutines() {
    let mut dap = Dap::start();
    let p = fixture("stepping.lua");
    let l = |m: &str| line_of(&p, m);
    dap.launch(&p, json!({}), &[(&p, &[l("cobody")])]);
    dap.stopped("breakpoint");
    let frames = dap.frames();
    assert!(
        frames.iter().any(|f| f["presentationHint"] == "label"),
        "{frames:?}"
    );
    let main = frames
        .iter()
        .find(|f| f["name"] == "main chunk")
        .expect("main frame");
    assert_eq!(main["line"], l("resume1"));
    assert!(frames
        .iter()
        .any(|f| f["name"].as_str().unwrap().starts_with("[C]")));
    assert_eq!(step(&mut dap, "next").1, l("coyield"));
    // Over the yield: the coroutine is suspended, so the step ends in the
    // resumer, on its next line.
    assert_eq!(step(&mut dap, "next"), ("main chunk".into(), l("resume2")));
    // Into the resume: the coroutine's next line.
    assert_eq!(step(&mut dap, "stepIn").1, l("coreturn"));
    // Out of the coroutine's function: back in the resumer.
    assert_eq!(step(&mut dap, "stepOut"), ("main chunk".into(), l("done")));
    dap.ok("continue", json!({"threadId": 1}));
    assert_eq!(dap.exit_code(), 0);
    dap.finish();
}
