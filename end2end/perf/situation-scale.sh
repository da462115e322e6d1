#!/usr/bin/env bash
# The coordinator's situation picture for a municipality ten times the demo (300 units, 14 days
# of reports each): the server's time to render the whole page, one request at a time.
# Usage: situation-scale.sh SERVER_BINARY PORT [SECONDS]
set -euo pipefail
bin=$1 port=$2 secs=${3:-10}
dir=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
DATABASE_URL="sqlite://$dir/skiftet.db" SKIFTET_LISTEN="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  "$bin" --demo --scale 10 >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
url="http://127.0.0.1:$port"
jar="$dir/cookies"
curl -fsS -o /dev/null -c "$jar" -H "Origin: $url" -H 'Accept: application/json' \
  --data-urlencode 'email=samordnare@demo.skiftet.se' --data-urlencode 'password=skiftet-demo' "$url/api/login"
cookie=$(awk '$6 ~ /skiftet_session/ { print $6 "=" $7 }' "$jar")
units=$(curl -fsS -H "Cookie: $cookie" -H 'Accept: application/json' -X POST -H "Origin: $url" "$url/api/overview" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["units"]))')
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url/lagesbild")
[ "$status" = 200 ] || { echo "Lägesbild answered $status" >&2; exit 1; }
median=$(wrk -t1 -c1 -d"${secs}s" --latency -H "Cookie: $cookie" "$url/lagesbild" \
  | awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }')
echo "Lägesbild for $units units, one request at a time, median: $median ms (budget < 100 ms)"
