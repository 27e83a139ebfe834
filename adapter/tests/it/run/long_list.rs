//! The leak report of a 200,000-node list: every node is listed with its
//! shortest path, whose middle is elided past 36 steps (first 12 and last 24
//! steps kept). Each path costs its shown steps only; the time is measured
//! by `cargo bench -p lua-snapshot-engine -- paths` (docs/PERFORMANCE.md).

use super::support;

use support::*;

const N: usize = 200_000;

/// The path of the `k`-th node (1 is `list` itself): `Root`, `[registry]`,
/// `_G`, `list`, then `k - 1` times `next`.
fn node_path(k: usize) -> String {
    let steps: Vec<&str> = ["(T)[registry]", "(T)_G", "(T)list"]
        .into_iter()
        .chain(std::iter::repeat_n("(T)next", k - 1))
        .collect();
    let join = |s: &[&str]| s.iter().map(|s| format!("->{s}")).collect::<String>();
    if steps.len() <= 36 {
        return format!("Root{}", join(&steps));
    }
    format!(
        "Root{}->...({} more steps)...{}",
        join(&steps[..12]),
        steps.len() - 36,
        join(&steps[steps.len() - 24..])
    )
}

#[test]
fn every_node_of_a_long_list_has_its_elided_path() {
    let (r, script_output) = leaks("long_list.lua", &[]);
    assert_eq!(script_output, "");
    let node = table_size(0, constructor_nodes(1));
    assert_eq!(r.count, N);
    assert_eq!(r.total_size, N * node);
    assert_eq!(r.objects.len(), N);
    // Equal sizes are listed in walk order: from the head down.
    for (i, o) in r.objects.iter().enumerate() {
        assert_eq!(o.paths, [node_path(i + 1)], "node {}", i + 1);
    }
    assert_eq!(
        r.objects[33].paths[0],
        format!("{G}->(T)list{}", "->(T)next".repeat(33))
    );
    assert!(r.objects[N - 1].paths[0].contains("->...(199966 more steps)..."));
    assert_globals_grew(&r, 1);
}
