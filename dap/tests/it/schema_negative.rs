//! Deliberately wrong messages fail validation, each with an error naming the
//! JSON pointer of the problem: proof that the validator bites.

use super::common;

use common::{invalid, valid};
use dap::schema::DapSchema;
use serde_json::json;

fn mentions(errors: &[String], needle: &str) -> bool {
    errors.iter().any(|e| e.contains(needle))
}

#[test]
fn source_reference_as_a_string() {
    let message = json!({
        "seq": 3, "type": "response", "request_seq": 2, "success": true,
        "command": "stackTrace",
        "body": {"stackFrames": [{"id": 1, "name": "f", "line": 1, "column": 1,
                  "source": {"name": "x", "sourceReference": "7"}}]}
    });
    let errors = invalid(&message);
    assert!(
        mentions(&errors, "/body/stackFrames/0/source/sourceReference"),
        "{errors:?}"
    );
}

#[test]
fn stopped_event_without_reason() {
    let errors = invalid(&json!({
        "seq": 4, "type": "event", "event": "stopped", "body": {"threadId": 1}
    }));
    assert!(
        mentions(&errors, "/body") && mentions(&errors, "reason"),
        "{errors:?}"
    );
}

#[test]
fn misspelled_optional_field_is_caught() {
    // The bug of the crates.io `dap` crate: snake_case on the wire.
    let errors = invalid(&json!({
        "seq": 5, "type": "response", "request_seq": 2, "success": true,
        "command": "source", "body": {"content": "x", "mime_type": "text/x-lua"}
    }));
    assert!(mentions(&errors, "/body/mime_type"), "{errors:?}");
    let errors = invalid(&json!({
        "seq": 5, "type": "event", "event": "output",
        "body": {"output": "x", "source": {"source_reference": 3}}
    }));
    assert!(
        mentions(&errors, "/body/source/source_reference"),
        "{errors:?}"
    );
}

#[test]
fn wrong_capability_type() {
    let errors = invalid(&json!({
        "seq": 1, "type": "response", "request_seq": 1, "success": true,
        "command": "initialize", "body": {"supportsConfigurationDoneRequest": "yes"}
    }));
    assert!(
        mentions(&errors, "/body/supportsConfigurationDoneRequest"),
        "{errors:?}"
    );
}

#[test]
fn envelope_errors() {
    // Missing request_seq and success; seq below 1.
    let errors = invalid(&json!({"seq": 0, "type": "response", "command": "threads"}));
    assert!(mentions(&errors, "request_seq"), "{errors:?}");
    assert!(mentions(&errors, "success"), "{errors:?}");
    assert!(mentions(&errors, "/seq"), "{errors:?}");
    // Unknown message type.
    assert!(mentions(
        &invalid(&json!({"seq": 1, "type": "notice"})),
        "/type"
    ));
    // An error response needs a body.
    let errors = invalid(&json!({
        "seq": 2, "type": "response", "request_seq": 1, "success": false, "command": "launch"
    }));
    assert!(mentions(&errors, "ErrorResponse"), "{errors:?}");
}

#[test]
fn required_body_fields() {
    let errors = invalid(&json!({
        "seq": 6, "type": "response", "request_seq": 3, "success": true, "command": "threads"
    }));
    assert!(mentions(&errors, "body"), "{errors:?}");
    let errors = invalid(&json!({
        "seq": 7, "type": "response", "request_seq": 3, "success": true,
        "command": "variables", "body": {"variables": [{"name": "x", "value": "1"}]}
    }));
    assert!(
        mentions(&errors, "/body/variables/0") && mentions(&errors, "variablesReference"),
        "{errors:?}"
    );
}

#[test]
fn request_arguments_are_checked() {
    let errors = invalid(&json!({
        "seq": 1, "type": "request", "command": "stackTrace", "arguments": {"threadId": "1"}
    }));
    assert!(mentions(&errors, "/arguments/threadId"), "{errors:?}");
}

#[test]
fn definitions_are_chosen_by_name() {
    let schema = DapSchema::official().expect("schema");
    let pick = |v| schema.definition_for(&v).expect("definition");
    let ok = |command: &str| json!({"seq": 1, "type": "response", "request_seq": 1, "success": true, "command": command});
    assert_eq!(pick(ok("initialize")), "InitializeResponse");
    assert_eq!(pick(ok("stackTrace")), "StackTraceResponse");
    assert_eq!(pick(ok("takeSnapshot")), "Response");
    let mut failed = ok("stackTrace");
    failed["success"] = json!(false);
    assert_eq!(pick(failed), "ErrorResponse");
    assert_eq!(
        pick(json!({"seq": 1, "type": "event", "event": "progressStart"})),
        "ProgressStartEvent"
    );
    assert_eq!(
        pick(json!({"seq": 1, "type": "event", "event": "snapshotTaken"})),
        "Event"
    );
    assert_eq!(
        pick(json!({"seq": 1, "type": "request", "command": "setBreakpoints"})),
        "SetBreakpointsRequest"
    );
    assert_eq!(
        pick(json!({"seq": 1, "type": "request", "command": "diffSnapshots"})),
        "Request"
    );
}

#[test]
fn a_valid_message_stays_valid() {
    valid(&json!({"seq": 1, "type": "event", "event": "stopped", "body": {"reason": "pause"}}));
}

/// A clone of the repository alone must have everything its tests read: the
/// schema is vendored inside this crate, not read from beside the checkout.
#[test]
fn the_schema_is_part_of_the_repository() {
    let path = dap::schema::default_schema_path();
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("LUA_SNAPSHOT_DAP_SCHEMA").is_none() {
        assert!(
            path.starts_with(crate_dir),
            "{} lies outside the crate",
            path.display()
        );
    }
    assert!(path.is_file(), "{} is missing", path.display());
    assert!(
        crate_dir.join("schema").join("License.txt").is_file(),
        "the schema's license must sit next to it"
    );
}
