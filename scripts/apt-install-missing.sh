#!/usr/bin/env bash
# apt-install-missing.sh PACKAGE...: installs the Debian packages among
# PACKAGE... that are not installed yet (apt-get, through sudo when not
# root); does nothing when all are there. Used for what tests need on a
# fresh machine: the Lua hosts of the module tests (scripts/test-fast.sh),
# chromium for the end-to-end test (vscode-extension/scripts/e2e.sh).
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  echo "== apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
