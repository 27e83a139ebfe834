//! The runtime this test program is built for, and what belongs to it. One
//! program per runtime, by the package's features: `cargo test -p
//! lua-snapshot` for Lua 5.4, `cargo test -p lua-snapshot
//! --no-default-features --features cli,luajit,vendored` for LuaJIT 2.1
//! (scripts/test-fast.sh runs both). A test of a feature one runtime lacks
//! is `#[cfg(feature = ...)]`.

/// The binary under test.
#[cfg(feature = "lua54")]
pub const BINARY: &str = env!("CARGO_BIN_EXE_lua-snapshot");
/// The binary under test.
#[cfg(feature = "luajit")]
pub const BINARY: &str = env!("CARGO_BIN_EXE_lua-snapshot-luajit");

/// The folder of `target/lua-modules/` with this runtime's modules.
pub const MODULES: &str = if cfg!(feature = "luajit") {
    "luajit"
} else {
    "lua5.4"
};

/// Debian's stand-alone interpreter of this runtime.
pub const INTERPRETER: &str = if cfg!(feature = "luajit") {
    "luajit"
} else {
    "lua5.4"
};
