//! Every event the adapter sends validates against its `<Name>Event`
//! definition; custom events against the base `Event`.

use super::common;

use common::{event, valid};
use dap::types::*;
use dap::Event;
use serde_json::json;

#[test]
fn initialized() {
    let value = event(Event::new("initialized"));
    assert!(value.get("body").is_none());
    valid(&value);
}

#[test]
fn stopped() {
    let value = event(Event::of(&StoppedEventBody {
        reason: "breakpoint".into(),
        description: Some("Paused on breakpoint".into()),
        thread_id: Some(1),
        preserve_focus_hint: Some(false),
        text: Some("bus.lua:16".into()),
        all_threads_stopped: Some(true),
        hit_breakpoint_ids: Some(vec![1, 4]),
    }));
    assert_eq!(value["event"], "stopped");
    valid(&value);
    valid(&event(Event::of(&StoppedEventBody {
        reason: "entry".into(),
        thread_id: Some(1),
        ..StoppedEventBody::default()
    })));
}

#[test]
fn continued() {
    valid(&event(Event::of(&ContinuedEventBody {
        thread_id: 1,
        all_threads_continued: Some(true),
    })));
}

#[test]
fn output() {
    valid(&event(Event::of(&OutputEventBody {
        category: Some("stdout".into()),
        output: "hello from print\n".into(),
        group: Some(OutputGroup::StartCollapsed),
        variables_reference: Some(0),
        source: Some(Source {
            path: Some("/work/game/main.lua".into()),
            ..Source::default()
        }),
        line: Some(3),
        column: Some(1),
        data: Some(json!({"snapshot": 2})),
        location_reference: Some(0),
    })));
    valid(&event(Event::of(&OutputEventBody {
        output: "plain\n".into(),
        ..OutputEventBody::default()
    })));
}

#[test]
fn exited() {
    valid(&event(Event::of(&ExitedEventBody { exit_code: 3 })));
}

#[test]
fn terminated() {
    valid(&event(Event::new("terminated")));
    valid(&event(Event::of(&TerminatedEventBody {
        restart: Some(json!({"reason": "hot reload"})),
    })));
}

#[test]
fn thread() {
    valid(&event(Event::of(&ThreadEventBody {
        reason: "started".into(),
        thread_id: 1,
    })));
}

#[test]
fn breakpoint_changed() {
    valid(&event(Event::of(&BreakpointEventBody {
        reason: "changed".into(),
        breakpoint: Breakpoint {
            id: Some(2),
            verified: true,
            line: Some(17),
            ..Breakpoint::default()
        },
    })));
}

#[test]
fn progress() {
    valid(&event(Event::of(&ProgressStartEventBody {
        progress_id: "snap-1".into(),
        title: "Taking heap snapshot".into(),
        request_id: Some(7),
        cancellable: Some(false),
        message: Some("walking the registry".into()),
        percentage: Some(0.0),
    })));
    valid(&event(Event::of(&ProgressUpdateEventBody {
        progress_id: "snap-1".into(),
        message: Some("12 034 objects".into()),
        percentage: Some(57.5),
    })));
    valid(&event(Event::of(&ProgressEndEventBody {
        progress_id: "snap-1".into(),
        message: Some("done".into()),
    })));
}

#[test]
fn custom_events_use_any_name() {
    let value = event(Event::with_value(
        "snapshotTaken",
        json!({"id": 3, "label": "after tick"}),
    ));
    assert_eq!(value["event"], "snapshotTaken");
    valid(&value);
    let typed = Event::try_with("memoryUsage", &json!({"heapBytes": 123})).expect("json");
    valid(&event(typed));
}
