//! The eleven functions of the `snapshot` module, each exercised with its
//! output checked: snapshot (whole VM and one table), incr, decr, copy,
//! free, print, print_json, print_jsonfmt, to_file, to_jsonfile,
//! to_jsonfilefmt.

use super::support;

use support::*;

/// The stdout of `snapshot_api.lua`, cut at its `== name` lines.
fn sections(stdout: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in stdout.split_inclusive('\n') {
        match line.strip_prefix("== ") {
            Some(name) => out.push((name.trim_end().to_string(), String::new())),
            None => out
                .last_mut()
                .expect("text before a section")
                .1
                .push_str(line),
        }
    }
    out
}

/// The text listing of `l`, as `print` and `to_file` write it.
fn text_of(l: &Listing, title: &str, bytes: usize) -> String {
    let mut text = format!("-- {title}: {} objects, {bytes} bytes --\n", l.count);
    for o in &l.objects {
        let tag = match o.kind.as_str() {
            "table" => "(T)",
            other => panic!("unexpected {other}"),
        };
        let amount = match o.growth {
            Some(g) => format!("({g:+})"),
            None => format!("size:{}", o.size),
        };
        text += &format!(
            "{}\t{tag}\trefs:{}\t{amount}\t{}\n",
            o.address, o.refs, o.paths[0]
        );
    }
    text
}

#[test]
fn every_function_of_the_snapshot_module() {
    every_function_of_the_snapshot_module_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn every_function_of_the_snapshot_module_on(host: Host) {
    let out = TempDir::new("snapshot-api");
    let r = run_api(host, "snapshot_api.lua", &out);
    let sections = sections(&r.stdout);
    let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "print",
            "print_json",
            "print_jsonfmt",
            "decr",
            "end",
            "after free"
        ]
    );
    let section = |name: &str| &sections.iter().find(|(n, _)| n == name).unwrap().1;

    // incr: the two new items and the inventory's growth by 2.
    let inventory = format!("{G}->(T)inventory");
    let incr = out.listing("incr.json");
    assert_eq!(incr.kind, "incr");
    let item = table_size(0, constructor_nodes(1)); // { name = ... }
                                                    // `{ "sword" }` and two more: 4 slots (LuaJIT: 0..4, and the 2 of the
                                                    // constructor's block).
    let inventory_size = grown_table(per_runtime(4, 5), 2);
    assert_objects(
        listing_objects(&incr.objects()),
        vec![
            expect("table", item, &[&format!("{inventory}->(T)[2]")]),
            expect("table", item, &[&format!("{inventory}->(T)[3]")]),
        ],
    );
    assert!(incr.objects().iter().all(|o| o.refs == 1));
    let growth = incr.growths();
    assert_eq!(growth.len(), 1);
    assert_eq!(
        (growth[0].growth, growth[0].paths.clone(), growth[0].size),
        (Some(2), vec![inventory.clone()], inventory_size)
    );
    assert_eq!((incr.count, incr.total_size), (3, 2 * item));

    // print: one line per item, growth as (+N); to_file writes the same.
    let text = text_of(&incr, "incr", 2 * item);
    assert_eq!(section("print"), &text);
    assert_eq!(out.read("incr.txt"), text);

    // print_json and to_jsonfile: one compact line.
    let compact = out.read("incr.json");
    assert_eq!(compact.lines().count(), 1);
    assert_eq!(section("print_json"), &compact);

    // print_jsonfmt and to_jsonfilefmt: indented, same document.
    let indented = out.read("incr_fmt.json");
    assert_eq!(section("print_jsonfmt"), &indented);
    assert!(
        indented.starts_with("{\n  \"kind\": \"incr\",\n  \"count\": 3,\n"),
        "{indented}"
    );
    assert_eq!(out.listing("incr_fmt.json"), incr);

    // decr: the item removed after the second snapshot (with the path it had)
    // and the inventory's shrinking by 1.
    let decr = section("decr");
    let masked = mask_addresses(decr);
    assert_eq!(
        masked,
        format!(
            "-- decr: 2 objects, {item} bytes --\n\
             0x…\t(T)\trefs:1\tsize:{item}\t{inventory}->(T)[3]\n\
             0x…\t(T)\trefs:1\t(-1)\t{inventory}\n"
        )
    );
    let potion = incr
        .objects
        .iter()
        .find(|o| o.paths[0].ends_with("[3]"))
        .unwrap();
    assert!(decr.starts_with(&format!(
        "-- decr: 2 objects, {item} bytes --\n{}\t",
        potion.address
    )));

    // snapshot(tbl, name): only what the table reaches, rooted at `[name]`.
    let one = out.listing("inventory.json");
    assert_eq!(one.kind, "snapshot");
    let root = "Root->(T)[inventory]";
    assert_objects(
        listing_objects(&one.objects()),
        vec![
            expect("table", inventory_size, &[root]),
            expect(
                "string",
                string_size("sword".len()),
                &[&format!("{root}->(A)[1]")],
            ),
            expect("table", item, &[&format!("{root}->(T)[2]")]),
            expect(
                "string",
                string_size("shield".len()),
                &[&format!("{root}->(T)[2]->(A)name")],
            ),
            expect(
                "string",
                string_size("name".len()),
                &[&format!("{root}->(T)[2]->(A)[key]")],
            ),
        ],
    );
    assert_eq!(
        one.total_size,
        one.objects.iter().map(|o| o.size).sum::<usize>()
    );

    // copy: the same listing, still usable after the original is freed.
    assert_eq!(out.read("copy.json"), compact);
    assert_eq!(out.read("copy_after_free.json"), compact);

    // free: the original is refused afterwards.
    assert!(
        section("after free")
            .starts_with("false\truntime error: bad argument to 'print' (snapshot was freed)\n"),
        "{}",
        section("after free")
    );
}

/// `free` releases a snapshot's memory at once, even while its handle is
/// still referenced (the fixture measures its own resident memory).
#[cfg(target_os = "linux")]
#[test]
fn free_releases_the_snapshot_memory() {
    free_releases_the_snapshot_memory_on(Host::Run);
}

/// Also run in the hosts that load the modules (`modules::scenarios`).
pub fn free_releases_the_snapshot_memory_on(host: Host) {
    let r = run_script(host, "snapshot_free.lua", &[]);
    r.assert_clean();
    let kb = |label: &str| -> usize {
        r.stdout
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .and_then(|v| v.strip_suffix(" kB"))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {label:?} in {}", r.stdout))
    };
    let one = kb("one kept: ");
    let twenty_freed = kb("twenty freed: ");
    // A snapshot of 200,000 objects is megabytes, so the measure can see it.
    assert!(one > 4 * 1024, "one snapshot: {one} kB");
    // Twenty freed snapshots together cost less than two kept: their
    // memory is reused at once. (Kept, twenty would cost twenty times one.
    // Whether freed pages also leave the resident set at once is the
    // allocator's choice: glibc unmaps big blocks at once, the binary's
    // mimalloc keeps them for reuse a little while.)
    assert!(
        twenty_freed < one * 2,
        "20 freed snapshots: {twenty_freed} kB, one kept: {one} kB"
    );
}
