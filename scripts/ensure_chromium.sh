#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded one). Install it when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "antq: /usr/bin/chromium is missing; installing Debian's chromium package …"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "antq: cannot install chromium: not root and no sudo. Run: apt-get install -y chromium" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium || { echo "antq: chromium did not install" >&2; exit 1; }
