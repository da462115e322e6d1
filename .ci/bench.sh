#!/usr/bin/env bash
# `make bench`: the speed figures. Not part of `make test` — timings are measured, not asserted.
#  1. criterion: the working-time rules engine (one candidate vs 8 weeks; a unit's 6 weeks) and the
#     pool allocation engine (100 workers/400 slots and 500 workers/2,000 slots over 14 days), with
#     its gap to the LP-relaxation bound
#  2. a load run of "Mina pass" on an emulated slow phone (release build, demo municipality), with
#     the brotli size of the code a first visit loads
#     and Chromium's own largest-paint entries on that phone (perf/paint-probe.mjs)
#  3. Lighthouse (mobile) on the login page and "Mina pass", with the system Chromium (simulated
#     throttling, and for Mina pass also the throttling applied to the real load)
#  4. the server's own speed: "Mina pass" for a signed-in care worker under wrk, as a ratio to a
#     bare axum "hello" in the same run (server/examples/bare_axum.rs), and one connection's median
#  5. the coordinator's situation picture for 300 units (`--demo --scale 10`), rendered on the server
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [ "${1:-}" != "--phone-only" ]; then
  say "Criterion: working-time rules"
  cargo bench -p app --bench worktime
  say "Criterion: pool allocation"
  cargo bench -p app --features ssr,lp --bench allocation
fi

say "Slow phone: release build"
release_build
python3 .ci/split_data.py target/site/pkg
ensure_browser_tools
port=${SKIFTET_BENCH_PORT:-3200}
trap stop_demo_server EXIT
start_demo_server "$CARGO_TARGET_DIR/release/server" "$port"
# Measure what a phone gets once the server has compressed the wasm at the best level.
for _ in $(seq 1 240); do compgen -G 'target/site/pkg/skiftet.*.wasm.br' >/dev/null && break; sleep 0.5; done
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" node perf/slow-phone.mjs "${SKIFTET_BENCH_RUNS:-5}" )
say "Slow phone: when the largest paint really happens, and what hydration changes"
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" node perf/paint-probe.mjs )

say "Lighthouse (mobile, simulated slow 4G) on the login page and Mina pass"
( cd end2end && SKIFTET_URL="http://127.0.0.1:$port" node perf/lighthouse.mjs )

say "Server: Mina pass under wrk against a bare axum hello, same run"
ensure_wrk
cargo build --release -p server --features ssr --example bare_axum
SKIFTET_SERVER_PID=$SERVER_PID bash end2end/perf/server-load.sh "http://127.0.0.1:$port" "$CARGO_TARGET_DIR/release/examples/bare_axum" "${SKIFTET_BENCH_SECONDS:-10}"

say "Server: the situation picture for 300 units"
bash end2end/perf/situation-scale.sh "$CARGO_TARGET_DIR/release/server" "$((port + 1))" "${SKIFTET_BENCH_SECONDS:-10}"
