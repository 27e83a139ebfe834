//! Closing a state the modules were loaded in: `lua_close` finalizes the
//! tool (which puts the host's allocator back) and unloads the C
//! libraries (this one stays pinned); the host goes on and can load the
//! modules again in a new state.

use std::process::Command;

use super::built::{modules, root};
use super::game::{build, GameLua};

#[test]
fn a_closed_state_lets_go_of_the_modules() {
    let script = root().join("adapter/tests/it/modules/lua/close.lua");
    for lua in [GameLua::Debian, GameLua::Vendored] {
        let out = Command::new(build(lua))
            .args(["--twice", "--frame-ms", "1"])
            .arg(modules())
            .arg(&script)
            .output()
            .expect("cannot start the host");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            (out.status.code(), stderr.as_ref()),
            (Some(0), ""),
            "{lua:?}"
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "host: ready\nhost: closed\nhost: ready\nhost: closed\n",
            "{lua:?}"
        );
    }
}
