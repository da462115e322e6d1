#!/usr/bin/env bash
# `make run`: builds Skiftet in release mode and starts it on an embedded SQLite database under
# ./data, loading the demo municipality on first start. Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building Skiftet (release)"
release_build

export DATABASE_URL="${DATABASE_URL:-sqlite://data/skiftet.db}"
export SKIFTET_LISTEN="${SKIFTET_LISTEN:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec "$CARGO_TARGET_DIR/release/server" --demo "$@"
