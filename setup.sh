#!/usr/bin/env bash
# Installs what jifen needs (GSL, SQLite headers, pkg-config) when they are missing, then
# builds the release binary. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

if ! pkg-config --exists gsl 2>/dev/null || ! pkg-config --exists sqlite3 2>/dev/null; then
    echo "setup: installing libgsl-dev libsqlite3-dev pkg-config" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq libgsl-dev libsqlite3-dev pkg-config >/dev/null
fi

echo "setup: building jifen (release)" >&2
swift build -c release --product jifen >&2
echo "setup: done — .build/release/jifen is ready" >&2
