#!/usr/bin/env bash
# Server speed of "Mina pass" for a signed-in care worker, as a ratio to a bare axum "hello" on
# the same machine in the same run (the machines are too noisy for absolute figures to compare):
#   - throughput under `wrk -t2 -c64` for both, and their ratio;
#   - one connection's median latency for Mina pass;
#   - with SKIFTET_SERVER_PID set and `perf` installed: the server's CPU time and context
#     switches per Mina pass request, which vary far less between runs than requests per second.
# Usage: [SKIFTET_SERVER_PID=pid] server-load.sh SKIFTET_URL BARE_AXUM_BINARY [SECONDS]
set -euo pipefail
url=$1 bare_bin=$2 secs=${3:-10}
bare_port=${SKIFTET_BARE_PORT:-3299}

jar=$(mktemp)
trap 'rm -f "$jar"; kill "${bare_pid:-}" 2>/dev/null || true' EXIT
curl -fsS -o /dev/null -c "$jar" -H "Origin: $url" -H 'Accept: application/json' \
  --data-urlencode 'email=underskoterska@demo.skiftet.se' --data-urlencode 'password=skiftet-demo' "$url/api/login"
cookie=$(awk '$6 ~ /skiftet_session/ { print $6 "=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "could not sign in the demo care worker" >&2; exit 1; }
# The page must really be the signed-in page, not a redirect to the login.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/mina-pass")
[ "$status" = 200 ] || { echo "Mina pass answered $status" >&2; exit 1; }

"$bare_bin" "127.0.0.1:$bare_port" & bare_pid=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$bare_port/" >/dev/null 2>&1 && break; sleep 0.1; done

rps() { awk '/^Requests\/sec/ { print $2 }'; }
# wrk prints the median as e.g. "50%  812.00us" or "50%    1.17ms".
median_ms() { awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }

wrk -t2 -c64 -d2s -H "Cookie: $cookie" "$url/mina-pass" >/dev/null   # warm-up
page=$(wrk -t2 -c64 -d"${secs}s" -H "Cookie: $cookie" "$url/mina-pass" | rps)
bare=$(wrk -t2 -c64 -d"${secs}s" "http://127.0.0.1:$bare_port/" | rps)
one=$(wrk -t1 -c1 -d"${secs}s" --latency -H "Cookie: $cookie" "$url/mina-pass" | median_ms)

per_request=
if [ -n "${SKIFTET_SERVER_PID:-}" ] && command -v perf >/dev/null 2>&1; then
  stat=$(mktemp)
  requests=$(perf stat -e context-switches,task-clock -p "$SKIFTET_SERVER_PID" -o "$stat" -- \
    wrk -t2 -c64 -d"${secs}s" -H "Cookie: $cookie" "$url/mina-pass" | awk '/requests in/ { print $1 }')
  per_request=$(awk -v n="$requests" '/context-switches/ { gsub(",", "", $1); cs = $1 }
    /task-clock/ { gsub(",", "", $1); ms = $1 }
    END { printf "%.2f ms of CPU, %.1f context switches", ms / n, cs / n }' "$stat")
  rm -f "$stat"
fi

printf 'Mina pass (signed-in care worker), wrk -t2 -c64: %.0f req/s\n' "$page"
printf 'bare axum "hello", same run:                    %.0f req/s\n' "$bare"
awk -v p="$page" -v b="$bare" 'BEGIN { printf "ratio Mina pass / bare axum:                    %.3f (budget >= 0.050)\n", p / b }'
printf 'Mina pass, one connection, median:              %s ms (budget <= 1 ms)\n' "$one"
[ -z "$per_request" ] || printf 'Mina pass, server per request (perf stat):     %s\n' "$per_request"
