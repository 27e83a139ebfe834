//! A table of millions of entries in the Variables view: each page costs
//! the page (a page read by walking the table from its start would make the
//! many pages below take minutes and hit the client's timeout), and an
//! unpaged request returns a bounded first part and a child for the rest.

use serde_json::{json, Value};

use crate::dap::support::{fixture, line_of, Dap};

/// Children an unpaged `variables` request returns before the `…` child.
const UNPAGED_CHILDREN: usize = 1000;
const ARRAY: i64 = 1_000_000;
const HASH: i64 = 1_200_000;

fn stop_at_look() -> (Dap, Value) {
    let file = fixture("huge_table.lua");
    let mut dap = Dap::start();
    dap.launch(&file, json!({}), &[(&file, &[line_of(&file, "look")])]);
    dap.stopped("breakpoint");
    let big = dap.scope_var("Locals", "big");
    (dap, big)
}

fn page(dap: &mut Dap, reference: i64, extra: Value) -> Vec<Value> {
    let mut args = json!({"variablesReference": reference});
    for (k, v) in extra.as_object().unwrap() {
        args[k] = v.clone();
    }
    let body = dap.ok("variables", args);
    body["variables"].as_array().unwrap().clone()
}

#[test]
fn pages_of_a_huge_table_cost_the_page() {
    let (mut dap, big) = stop_at_look();
    assert_eq!(big["indexedVariables"], json!(ARRAY));
    // Named slots: at least the hash entries (an upper bound, the slots).
    assert!(big["namedVariables"].as_i64().unwrap() >= HASH, "{big}");
    let reference = big["variablesReference"].as_i64().unwrap();

    // VS Code: indexed chunks anywhere in the array.
    for start in (0..ARRAY).step_by(20_011).take(50) {
        let vars = page(
            &mut dap,
            reference,
            json!({"filter": "indexed", "start": start, "count": 100}),
        );
        assert_eq!(vars.len(), 100);
        assert_eq!(vars[0]["name"], format!("[{}]", start + 1));
        assert_eq!(vars[0]["value"], (start + 1).to_string());
        assert_eq!(vars[0]["evaluateName"], format!("big[{}]", start + 1));
    }
    // Named pages far into the hash part: slot positions, so a page may
    // hold fewer entries than asked, never more, and only string keys.
    let mut seen = 0;
    for start in (0..HASH).step_by(24_001).take(50) {
        let vars = page(
            &mut dap,
            reference,
            json!({"filter": "named", "start": start, "count": 100}),
        );
        assert!(vars.len() <= 100);
        for v in &vars {
            let name = v["name"].as_str().unwrap();
            assert!(name.starts_with('k'), "{v}");
            assert_eq!(v["evaluateName"], format!("big.{name}"));
            assert_eq!(v["value"], name[1..].to_string());
        }
        seen += vars.len();
    }
    assert!(seen > 50 * 30, "{seen}");
    dap.finish();
}

#[test]
fn an_unpaged_huge_table_answers_a_first_part_and_the_rest() {
    let (mut dap, big) = stop_at_look();
    let reference = big["variablesReference"].as_i64().unwrap();
    // nvim-dap: no paging.
    let vars = page(&mut dap, reference, json!({}));
    assert_eq!(vars.len(), UNPAGED_CHILDREN + 1);
    assert_eq!(vars[0]["name"], "[1]");
    let rest = vars.last().unwrap();
    assert_eq!(rest["name"], "…");
    let more = (ARRAY + HASH) as usize - UNPAGED_CHILDREN;
    assert_eq!(rest["value"], format!("{more} more entries"));
    let rest_ref = rest["variablesReference"].as_i64().unwrap();
    assert!(rest["indexedVariables"].as_u64().unwrap() as usize >= more);

    // The rest pages (VS Code's chunks) and expands (nvim-dap) in turn.
    let first = page(
        &mut dap,
        rest_ref,
        json!({"filter": "indexed", "start": 0, "count": 10}),
    );
    assert_eq!(first[0]["name"], format!("[{}]", UNPAGED_CHILDREN + 1));
    let far = page(
        &mut dap,
        rest_ref,
        json!({"filter": "indexed", "start": ARRAY as usize, "count": 200}),
    );
    assert!(far
        .iter()
        .all(|v| v["name"].as_str().unwrap().starts_with('k')));
    // A child of the rest can be set; the search for it holds a page at a
    // time.
    let set = dap.ok(
        "setVariable",
        json!({"variablesReference": rest_ref, "name": "k1200000", "value": "-1"}),
    );
    assert_eq!(set["value"], "-1");
    assert_eq!(dap.eval("big.k1200000"), "-1");
    let next = page(&mut dap, rest_ref, json!({}));
    assert_eq!(next.len(), UNPAGED_CHILDREN + 1);
    assert_eq!(next.last().unwrap()["name"], "…");

    // VS Code asks for the named children of a paged table unpaged.
    let named = page(&mut dap, reference, json!({"filter": "named"}));
    assert_eq!(named.len(), UNPAGED_CHILDREN + 1);
    assert_eq!(
        named.last().unwrap()["value"],
        format!("{} more entries", HASH as usize - UNPAGED_CHILDREN)
    );
    // A small table keeps its named children sorted, all of them.
    let small = dap.scope_var("Locals", "small");
    let small_ref = small["variablesReference"].as_i64().unwrap();
    let names: Vec<String> = dap.variables(small_ref).into_iter().map(|v| v.0).collect();
    assert_eq!(names, ["[1]", "[2]", "a", "b"]);
    dap.finish();
}
