#!/usr/bin/env bash
# Builds everything the project ships, in release mode:
# - one binary per runtime into target/release/: lua-snapshot (Lua 5.4, the
#   workspace's default features), lua-snapshot-luajit (LuaJIT 2.1),
#   lua-snapshot-5.3 and lua-snapshot-5.1 (cargo's bins lua-snapshot-53 and
#   -51, copied under the names with a dot, which a crate name cannot have);
# - every loadable module into target/lua-modules/<runtime>/: lsnapshot.so
#   and snapshot.so for Lua 5.4 hosts (lua5.4/), LuaJIT hosts (luajit/),
#   Lua 5.3 hosts (lua5.3/) and Lua 5.1 hosts (lua5.1/).
# The modules are one library (host-module/, built on its own: it links the
# host's Lua, not the vendored one) installed under both names, built once
# per runtime. Cargo keys what it builds by features, so the two builds of
# each kind share target/ without rebuilding each other.
# `scripts/build-all.sh lua54` (or `luajit`, `lua53`, `lua51`) builds the
# runtimes named only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then runtimes=("$@"); else runtimes=(lua54 luajit lua53 lua51); fi

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

# classic VERSION (5.3 or 5.1): the binary and the modules of Lua VERSION.
classic() {
  local v=$1 f=lua${1/./}
  echo "== Lua $v binary -> target/release/lua-snapshot-$v"
  cargo build --release -p lua-snapshot --no-default-features \
    --features "cli,$f,vendored" --bin "lua-snapshot-${v/./}"
  cp "target/release/lua-snapshot-${v/./}" "target/release/.lua-snapshot-$v.tmp"
  mv -f "target/release/.lua-snapshot-$v.tmp" "target/release/lua-snapshot-$v"
  echo "== Lua $v modules -> target/lua-modules/lua$v/"
  cargo build --release --manifest-path host-module/Cargo.toml --target-dir target \
    --no-default-features --features "$f"
  install_modules "target/lua-modules/lua$v"
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
    lua53) classic 5.3 ;;
    lua51) classic 5.1 ;;
    *)
      echo "build-all.sh: unknown runtime '$runtime' (lua54, luajit, lua53, lua51)" >&2
      exit 2
      ;;
  esac
done
