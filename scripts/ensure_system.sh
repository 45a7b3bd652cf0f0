#!/usr/bin/env bash
# Install, from Debian's packages, what antq needs from the system and is missing:
# gettext (msgfmt compiles the translations), venv support for Python, Node's npm (front-end
# assets), Pango and a Times-compatible serif (WeasyPrint lays out the reports' PDF with them)
# and, with --browser (the tests), Chromium, nginx, PostgreSQL's client tools and poppler's
# pdftoppm. Says plainly what it does and fails with a clear message when it cannot.
set -euo pipefail
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1
PY="${PY:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
"$PY" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=("$("$PY" -c 'import sys; print(f"python3.{sys.version_info[1]}-venv")')")
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# the reports' PDF: WeasyPrint needs Pango (libpangoft2) and draws Times New Roman with its
# metric twin Liberation Serif (Arabic falls back to DejaVu, which Debian installs with fontconfig)
have_lib() { /sbin/ldconfig -p 2>/dev/null | grep -q "$1" || ls /usr/lib/*/"$1"* >/dev/null 2>&1; }
have_lib libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || missing+=(fonts-liberation)
if [ "$want_browser" = 1 ]; then
  # and the tools the deployment tests drive: nginx (deploy/nginx/antq.conf parses) and
  # pg_dump/pg_restore (`antq backup` on PostgreSQL, restored into a fresh database)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  { command -v pg_dump && command -v pg_restore; } >/dev/null 2>&1 || missing+=(postgresql-client)
  # pdftoppm: the tests look at page 1 of a report's PDF as an image
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "antq: installing missing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "antq: cannot install ${missing[*]}: not root and no password-less sudo." >&2
    echo "      Run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "antq: no apt-get here; install these yourself: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "antq: installed ${missing[*]}"
