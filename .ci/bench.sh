#!/usr/bin/env bash
# `make bench`: the speed figures. Not part of `make test` — timings are measured, not asserted.
#  1. criterion: the working-time rules engine (one candidate vs 8 weeks; a unit's 6 weeks)
#  2. a load run of "Mina pass" on an emulated slow phone (release build, demo municipality)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [ "${1:-}" != "--phone-only" ]; then
  say "Criterion: working-time rules"
  cargo bench -p app --bench worktime
fi

say "Slow phone: release build"
cargo leptos build --release
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
( cd end2end && { [ -d node_modules/@playwright/test ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } )
dir=$(mktemp -d)
port=${SKIFTET_BENCH_PORT:-3200}
DATABASE_URL="sqlite://$dir/skiftet.db" SKIFTET_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  "$CARGO_TARGET_DIR/release/server" --demo >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
# Measure what a phone gets once the server has compressed the wasm at the best level.
for _ in $(seq 1 120); do [ -f target/site/pkg/skiftet.wasm.br ] && break; sleep 0.5; done
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" node perf/slow-phone.mjs "${SKIFTET_BENCH_RUNS:-5}" )
