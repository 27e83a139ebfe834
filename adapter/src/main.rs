//! `lua-snapshot`: run Lua scripts and report what they leave behind, or
//! serve the Debug Adapter Protocol.

mod cli;

/// mimalloc for everything the binary allocates, the Lua VM included (mlua
/// allocates through Rust's global allocator): each thread has its own
/// heap, so the VM thread takes no lock while the DAP server's threads
/// exist. With glibc's malloc, a second thread alone made allocation-heavy
/// scripts 1.28x slower (docs/PERFORMANCE.md, P5).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
