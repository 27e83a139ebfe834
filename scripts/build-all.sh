#!/usr/bin/env bash
# Builds everything the project ships, in release mode:
# - every binary of the workspace into target/release/ (lua-snapshot);
# - every loadable module into target/lua-modules/<runtime>/: for Lua 5.4
#   hosts, lsnapshot.so and snapshot.so in target/lua-modules/lua5.4/.
# The modules are one library (host-module/, built on its own: it links the
# host's Lua, not the vendored one) installed under both names.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== binaries -> target/release/"
cargo build --release --workspace --bins

echo "== Lua 5.4 modules -> target/lua-modules/lua5.4/"
cargo build --release --manifest-path host-module/Cargo.toml --target-dir target
out=target/lua-modules/lua5.4
mkdir -p "$out"
for name in lsnapshot snapshot; do
  # Copied whole, then renamed: a host loading the module never sees half
  # a file.
  cp target/release/liblsnapshot.so "$out/.$name.so.tmp"
  mv -f "$out/.$name.so.tmp" "$out/$name.so"
done
ls -l "$out"
