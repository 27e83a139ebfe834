#!/usr/bin/env bash
# Installs the Lua hosts the module tests run (Debian's lua5.4 interpreter
# and liblua5.4-dev for tests/host, lua5.3 for the refusal of another Lua),
# with apt-get, only when one is missing.
set -euo pipefail
missing=()
for pkg in lua5.4 liblua5.4-dev lua5.3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  echo "== apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
