#!/usr/bin/env bash
# Prepare a working antq in this checkout: translations, static files, database, areas,
# demo data and the administrator. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
"$BIN/antq" compilemessages -v0 --ignore=.venv --ignore=node_modules
"$BIN/antq" collectstatic --noinput -v0
"$BIN/antq" migrate --noinput -v0
"$BIN/antq" load-areas
"$BIN/antq" createadmin
"$BIN/antq" demo
