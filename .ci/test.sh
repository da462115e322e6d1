#!/usr/bin/env bash
# `make test`: every check and test. Exits non-zero on any failure.
#  1. formatting and lints
#  2. unit and integration tests on SQLite, today and as of a past day, a DST eve and a year ahead
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

# Leptos' prop:value / prop:checked are neither rendered by the server nor safe on hydration (they
# overwrite what was typed before the page's code came): components/form.rs has the directives.
if grep -rn 'prop:value\|prop:checked' app/src --include='*.rs' | grep -v '^\S*:[0-9]*:\s*//'; then
  echo "Use value=/checked= with use:follow_value / use:follow_checked instead (app/src/components/form.rs)." >&2
  exit 1
fi

# Every page's resource reads its JSON with the reader server functions use
# (components/resource.rs); Leptos' own `Resource::new` would compile each type's reader again.
if grep -rn 'Resource::new' app/src --include='*.rs' | grep -v '^\S*:[0-9]*:\s*//' | grep -v 'components/resource.rs'; then
  echo "Use crate::components::resource(…) instead of Resource::new (app/src/components/resource.rs)." >&2
  exit 1
fi

say "Unit tests (domain, app)"
cargo test -p app --features ssr

say "Integration tests on SQLite"
SKIFTET_TEST_DATABASE= cargo test -p server

# The suite must pass on any day: run it again with the server's clock on a day in the past, on
# the eve of the next daylight-saving change and a year ahead (dates relative to today).
for day in $(python3 .ci/sweep_days.py); do
  say "Integration tests on SQLite as of $day"
  SKIFTET_TEST_TODAY="$day" SKIFTET_TEST_DATABASE= cargo test -p server --test integration
done

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
ensure_browser_tools
cargo leptos build --split
python3 .ci/split_data.py target/site/pkg
port=${SKIFTET_E2E_PORT:-3100}
trap 'stop_demo_server; drop_test_databases 2>/dev/null || true' EXIT
start_demo_server "$CARGO_TARGET_DIR/debug/server" "$port"
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" npx playwright test )
say "All tests passed"
