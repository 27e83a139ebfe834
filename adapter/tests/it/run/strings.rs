//! A 20 KB string in a global is one string object of 24 + length + 1 bytes.

use super::support;

use support::*;

#[test]
fn long_string_in_a_global() {
    let (r, script_output) = leaks("string_global.lua", &[]);
    assert_eq!(script_output, "");
    assert_objects(
        report_objects(&r),
        vec![expect(
            "string",
            string_size(20 * 1024),
            &["Root->(T)[registry]->(T)_G->(A)payload"],
        )],
    );
    assert_eq!(r.objects[0].size, 20505);
    assert_eq!((r.count, r.total_size), (1, 20505));
    assert_globals_grew(&r, 1);
}
