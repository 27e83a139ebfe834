//! The lsnapshot seed's own example, `tests/lua/dump.lua` (copied unchanged
//! from the seed), lists the same 11 objects with the same sizes as the seed
//! README, and the upvalue cells its functions made, which the C library
//! cannot see (it reads upvalues with `lua_getupvalue`): see docs/REPORTS.md,
//! sizes. The listing is folded (issue 19): the 6 cells that one function
//! alone holds are listed under it ("retains 2 objects"), the 2 shared ones
//! as entries of their own, largest retained size first.

use std::path::Path;

use super::support;

use support::*;

#[test]
fn seed_dump_example_lists_the_eleven_objects_of_the_readme() {
    seed_dump_example_lists_the_eleven_objects_of_the_readme_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn seed_dump_example_lists_the_eleven_objects_of_the_readme_on(host: Host) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lua")
        .canonicalize()
        .expect("tests/lua");
    let r = run_script_in(host, &dir, "dump.lua", &[]);
    r.assert_clean();

    // Sizes as the listing writes them (KB); on Lua 5.4 those of the seed
    // README.
    let kb = |bytes: usize| (bytes as f64 / 1024.0).to_string();
    let fun = lua_function_size;
    let cell_size = upvalue_cell();
    // Empty tables that got items one by one: `k` 3, in 4 array slots
    // (LuaJIT: 0..4), `sss` 1 (LuaJIT: 0..2); `tmp` none.
    let (k, sss, tmp) = (
        table_size(per_runtime(4, 5), 0),
        table_size(per_runtime(1, 3), 0),
        table_size(0, 0),
    );
    // 11 objects: the three tables, `test` and `aa` (two upvalues each),
    // six functions of one upvalue; and 8 cells.
    let all = k + sss + tmp + 2 * fun(2) + 6 * fun(1) + 8 * cell_size;

    let out = mask_addresses(&r.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"------------------ diff snapshot ------------------")
    );
    assert_eq!(
        lines.last().copied(),
        // Lua 5.4: the seed README's 0.5703125 KB, plus 8 cells of 40 bytes.
        Some(format!("--------------- all size:{}Kb ---------------", kb(all)).as_str())
    );

    // Split the body into `[i] type:... addr:... size:...KB` entries, each
    // with its tab-indented paths.
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for line in &lines[1..lines.len() - 1] {
        match line.strip_prefix('\t') {
            Some(path) => entries.last_mut().expect("path first").1.push(path.into()),
            None => entries.push((line.to_string(), Vec::new())),
        }
    }
    assert_eq!(entries.len(), 13, "{out}");

    // The seed's thread tag differs (it shows its own lsnapshot.lua frame);
    // ours shows the main chunk at the dstop_snapshot call, line 49.
    let main = main_thread_path(&host.main_thread("dump.lua:49")) + "->";
    let local = |tag: &str, name: &str| format!("{main}{tag}{name}{{#dump.lua:0}}");
    let f = |line: u32| format!("(L@dump.lua:{line})");
    let via = |line: u32, fname: &str, tag: &str, name: &str| {
        format!("{}->{tag}{name}", local(&f(line), fname))
    };
    // (type tag, KB, paths) as in the seed README.
    let mut expected: Vec<(String, String, Vec<String>)> = vec![
        (
            "(T)".into(),
            kb(k),
            vec![
                local("(T)", "k"),
                via(19, "ff", "(T)", "k"),
                via(27, "ee", "(T)", "k"),
            ],
        ),
        (
            "(T)".into(),
            kb(sss),
            vec![
                local("(T)", "sss"),
                via(8, "foo", "(T)", "sss"),
                via(14, "test", "(T)", "sss"),
            ],
        ),
        ("(T)".into(), kb(tmp), vec![local("(T)", "tmp")]),
        (f(39), kb(fun(2)), vec![local(&f(39), "aa")]),
        (f(14), kb(fun(2)), vec![local(&f(14), "test")]),
        (
            f(19),
            kb(fun(1)),
            vec![local(&f(19), "ff"), via(23, "dd", &f(19), "ff")],
        ),
        (
            f(31),
            kb(fun(1)),
            vec![local(&f(31), "bb"), via(39, "aa", &f(31), "bb")],
        ),
        (
            f(35),
            kb(fun(1)),
            vec![local(&f(35), "cc"), via(39, "aa", &f(35), "cc")],
        ),
        (
            f(8),
            kb(fun(1)),
            vec![local(&f(8), "foo"), via(14, "test", &f(8), "foo")],
        ),
        (
            f(27),
            kb(fun(1)),
            vec![local(&f(27), "ee"), via(35, "cc", &f(27), "ee")],
        ),
        (
            f(23),
            kb(fun(1)),
            vec![local(&f(23), "dd"), via(31, "bb", &f(23), "dd")],
        ),
    ];
    // The cells, one per captured local, each listed with every function
    // that shares it (`sss` and `k` are captured twice).
    let cell = |holders: &[(u32, &str)], name: &str| {
        let paths = holders
            .iter()
            .map(|&(line, fname)| via(line, fname, "(V)", name))
            .collect();
        ("(V)".to_string(), kb(cell_size), paths)
    };
    // Shared cells are entries; a cell one function holds folds under it.
    expected.extend([
        cell(&[(8, "foo"), (14, "test")], "sss"),
        cell(&[(19, "ff"), (27, "ee")], "k"),
    ]);
    // What the functions that hold cells alone retain: themselves and
    // their cells (`aa` two, the others one).
    let retains_one = format!("retains 2 objects, {} bytes", fun(1) + cell_size);
    let mut expected_retains = vec![
        (
            f(14),
            format!("retains 2 objects, {} bytes", fun(2) + cell_size),
        ),
        (f(23), retains_one.clone()),
        (f(31), retains_one.clone()),
        (f(35), retains_one),
        (
            f(39),
            format!("retains 3 objects, {} bytes", fun(2) + 2 * cell_size),
        ),
    ];

    let mut actual = Vec::new();
    let mut retained = Vec::new();
    let mut retains = Vec::new();
    for (i, (header, paths)) in entries.into_iter().enumerate() {
        let prefix = format!("[{}] type:", i + 1);
        let rest = header
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{header}"));
        let (tag, rest) = rest
            .split_once(" addr:0x… size:")
            .unwrap_or_else(|| panic!("{header}"));
        let (kb, folded) = match rest.split_once("KB ") {
            Some((kb, folded)) => (kb, Some(folded)),
            None => (
                rest.strip_suffix("KB")
                    .unwrap_or_else(|| panic!("{header}")),
                None,
            ),
        };
        let own = (kb.parse::<f64>().unwrap() * 1024.0) as usize;
        retained.push(match folded {
            Some(text) => {
                retains.push((tag.to_string(), text.to_string()));
                let bytes = text.rsplit_once(", ").unwrap().1;
                bytes.strip_suffix(" bytes").unwrap().parse().unwrap()
            }
            None => own,
        });
        actual.push((tag.to_string(), kb.to_string(), paths));
    }
    assert_largest_first(retained.into_iter());
    retains.sort();
    expected_retains.sort();
    assert_eq!(retains, expected_retains);
    let mut actual: Vec<(String, String, Vec<String>)> = actual;
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected);
}
