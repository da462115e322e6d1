#!/usr/bin/env bash
# `make test`: every check and test. Exits non-zero on any failure.
#  1. formatting and lints
#  2. unit and integration tests on SQLite
#  3. the same integration tests on PostgreSQL (skipped with a message when none is reachable,
#     except under CI=true, where a missing PostgreSQL is a failure)
#  4. end-to-end tests in Chromium against a running server with the demo municipality
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

PG_URL="${SKIFTET_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say "Formatting"
cargo fmt --all -- --check

say "Lints (server, app with ssr, tests)"
cargo clippy -p server -p app --features app/ssr --all-targets -- -D warnings

say "Unit tests (domain, app)"
cargo test -p app --features ssr

say "Integration tests on SQLite"
SKIFTET_TEST_DATABASE= cargo test -p server

pg_reachable() {
  command -v psql >/dev/null 2>&1 && psql "$PG_URL" -Atqc 'SELECT 1' >/dev/null 2>&1
}
if pg_reachable; then
  say "Integration tests on PostgreSQL ($PG_URL)"
  drop_test_databases() {
    psql "$PG_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'skiftet_t_%'" |
      while read -r db; do psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
  }
  drop_test_databases
  trap drop_test_databases EXIT
  SKIFTET_TEST_DATABASE="$PG_URL" cargo test -p server
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $PG_URL, and CI requires it." >&2
  exit 1
else
  say "SKIPPED: PostgreSQL tests — no PostgreSQL reachable at $PG_URL (set SKIFTET_TEST_PG_URL)"
fi

say "End-to-end tests (Chromium, phone viewport)"
if ! command -v chromium >/dev/null 2>&1; then
  say "Installing Chromium from Debian's packages"
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
cargo leptos build
( cd end2end && { [ -d node_modules/@playwright/test ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } )

e2e_dir=$(mktemp -d)
port=${SKIFTET_E2E_PORT:-3100}
DATABASE_URL="sqlite://$e2e_dir/skiftet.db" SKIFTET_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  "$CARGO_TARGET_DIR/debug/server" --demo >"$e2e_dir/server.log" 2>&1 &
server_pid=$!
cleanup_e2e() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$e2e_dir"; }
trap 'cleanup_e2e; drop_test_databases 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:$port/health" >/dev/null; then
  cat "$e2e_dir/server.log" >&2
  exit 1
fi
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" npx playwright test )
say "All tests passed"
