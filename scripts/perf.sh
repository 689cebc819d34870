#!/usr/bin/env bash
# Edge load run, one Worker: wrk on loopback against GET /v1/health (the baseline), search
# (repeated citizen queries, then distinct ones), a procedure's detail, the catalog index and a
# dossier lookup, each rotating over real inputs; every endpoint bounded in time and in count.
# Reports req/s, p50/p99, errors and each endpoint as a ratio of health, against the targets
# (search and detail >= 0.9x health, lookup >= 0.7x, 0 errors).
#   scripts/perf.sh [--append] [REPORT]   (default reports/perf.md; --append adds a section)
#   env: PERF_THREADS=2 PERF_CONNECTIONS=16 PERF_DURATION=10s PERF_MAX_REQUESTS=30000
# Builds nothing: needs `make build` (edge/build and the motcua CLI). Seeds a fresh state dir,
# runs `wrangler dev --env loadtest` (a lookup limit that does not cap the run) in its own
# process group, and stops that group however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
append=false
[ "${1:-}" = --append ] && { append=true; shift; }
report=${1:-reports/perf.md}
threads=${PERF_THREADS:-2} connections=${PERF_CONNECTIONS:-16} duration=${PERF_DURATION:-10s}
max_requests=${PERF_MAX_REQUESTS:-30000}
catalog=${CATALOG:-data/sample-catalog.json}

for need in edge/build/index.js target/native/motcua; do
  [ -e "$need" ] || { echo "perf: $need is missing; run 'make build' first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "perf: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

state=$(mktemp -d "${TMPDIR:-/tmp}/motcua-perf-XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/motcua-perf-work-XXXXXX")
group=
cleanup() {
  if [ -n "$group" ]; then
    kill -TERM -- "-$group" 2>/dev/null || true
    sleep 0.5
    kill -KILL -- "-$group" 2>/dev/null || true
  fi
  rm -rf "$state" "$work"
}
trap cleanup EXIT INT TERM

echo "==> perf: seeding a fresh state ($state)"
scripts/seed.sh "$state" "$catalog" > "$work/seed.log" 2>&1 || { cat "$work/seed.log"; exit 1; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port) inspector=$(free_port)
url="http://127.0.0.1:$port"
echo "==> perf: wrangler dev --env loadtest on $url (inspector on $inspector, for the profile)"
setsid npx wrangler dev --env loadtest --ip 127.0.0.1 --port "$port" --persist-to "$state" \
  --inspector-port "$inspector" --show-interactive-dev-session=false --log-level warn \
  > "$work/wrangler.log" 2>&1 &
group=$!
for _ in $(seq 1 360); do
  curl -sf "$url/v1/health" > /dev/null 2>&1 && break
  kill -0 "$group" 2>/dev/null || { cat "$work/wrangler.log"; exit 1; }
  sleep 0.5
done
curl -sf "$url/v1/health" > /dev/null || { echo "perf: the Worker did not start"; cat "$work/wrangler.log"; exit 1; }

# Inputs: seeded dossier codes, procedure codes spread over the catalog, labelled queries.
npx wrangler d1 execute motcua --local --persist-to "$state" --json \
  --command "SELECT code FROM dossiers ORDER BY code LIMIT 64" > "$work/codes.json" 2> "$work/d1.log" \
  || { cat "$work/d1.log"; exit 1; }
node scripts/perf-inputs.mjs "$work" "$catalog" "$work/codes.json" bench/search/queries.jsonl "$max_requests" "$threads"

for name in lookup detail search; do
  first=$(awk -F'"' '/^  "\/v1\// { print $2; exit }' "$work/$name.lua")
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url$first")
  [ "$status" = 200 ] || { echo "perf: $name $first answered $status"; exit 1; }
done

echo "==> perf: CPU profile of the isolate per endpoint"
# Before the measured runs, on a fresh isolate's inspector (after them it once did not answer a
# command within 30 s). A profile that cannot be taken is said in the report; the runs still run.
node --experimental-websocket scripts/perf-profile.mjs "$inspector" "$url" 3 \
  health="$work/health.lua" search="$work/search.lua" search-distinct="$work/search-distinct.lua" detail="$work/detail.lua" lookup="$work/lookup.lua" \
  > "$work/profile.md" 2> "$work/profile.err" \
  || printf '## Where the time goes\n\nNo CPU profile this run: %s\n' "$(grep -m1 '^Error' "$work/profile.err")" > "$work/profile.md"
run() { # name, lua script
  local name=$1 script=$2
  # Warm-up (isolate, caches, D1 pages), not measured.
  wrk -t1 -c4 -d3s -s "$script" "$url" > /dev/null 2>&1 || true
  echo "==> perf: wrk -t$threads -c$connections -d$duration (at most $max_requests requests) $name"
  wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency -s "$script" "$url" > "$work/$name.txt"
  # A run that got no answers measured nothing: say so instead of writing zeros.
  if awk '/^Requests\/sec:/ { exit !($2 == 0) }' "$work/$name.txt"; then
    echo "perf: the $name run got no answers; wrk said:" >&2
    cat "$work/$name.txt" >&2
    tail -30 "$work/wrangler.log" >&2
    exit 1
  fi
}
for name in health search search-distinct detail index lookup; do
  run "$name" "$work/$name.lua"
done

node scripts/perf-report.mjs "$work" "$threads" "$connections" "$duration" "$max_requests" \
  "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  > "$work/report.md"
mkdir -p "$(dirname "$report")"
if $append; then
  { echo; cat "$work/report.md"; } >> "$report"
else
  cat "$work/report.md" > "$report"
fi
sed -n '1,/^<details>/p' "$work/report.md" | sed '$d'
echo "==> perf: wrote $report"
