//! Debug Adapter Protocol server (see ARCHITECTURE.md).
