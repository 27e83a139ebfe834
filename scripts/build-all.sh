#!/usr/bin/env bash
# Builds everything the project ships, in release mode:
# - one binary per runtime into target/release/: lua-snapshot (Lua 5.4, the
#   workspace's default features) and lua-snapshot-luajit (LuaJIT 2.1);
# - every loadable module into target/lua-modules/<runtime>/: lsnapshot.so
#   and snapshot.so for Lua 5.4 hosts (lua5.4/) and LuaJIT hosts (luajit/).
# The modules are one library (host-module/, built on its own: it links the
# host's Lua, not the vendored one) installed under both names, built once
# per runtime. Cargo keys what it builds by features, so the two builds of
# each kind share target/ without rebuilding each other.
# `scripts/build-all.sh lua54` (or `luajit`) builds one runtime only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then runtimes=("$@"); else runtimes=(lua54 luajit); fi

# install_modules DIR: copies the module just built into DIR under both
# names, whole, then renamed: a host loading the module never sees half a
# file.
install_modules() {
  local out=$1
  mkdir -p "$out"
  for name in lsnapshot snapshot; do
    cp target/release/liblsnapshot.so "$out/.$name.so.tmp"
    mv -f "$out/.$name.so.tmp" "$out/$name.so"
  done
  ls -l "$out"
}

for runtime in "${runtimes[@]}"; do
  case "$runtime" in
    lua54)
      echo "== Lua 5.4 binary -> target/release/lua-snapshot"
      cargo build --release --workspace --bins
      echo "== Lua 5.4 modules -> target/lua-modules/lua5.4/"
      cargo build --release --manifest-path host-module/Cargo.toml --target-dir target
      install_modules target/lua-modules/lua5.4
      ;;
    luajit)
      echo "== LuaJIT binary -> target/release/lua-snapshot-luajit"
      cargo build --release -p lua-snapshot --no-default-features \
        --features cli,luajit,vendored --bin lua-snapshot-luajit
      echo "== LuaJIT modules -> target/lua-modules/luajit/"
      cargo build --release --manifest-path host-module/Cargo.toml --target-dir target \
        --no-default-features --features luajit
      install_modules target/lua-modules/luajit
      ;;
    *)
      echo "build-all.sh: unknown runtime '$runtime' (lua54, luajit)" >&2
      exit 2
      ;;
  esac
done
