#!/usr/bin/env bash
# Serves the last build with wrangler dev (workerd, local KV and D1) on 127.0.0.1:PORT.
#   scripts/serve.sh PORT STATE_DIR
# wrangler runs in its own process group so that stopping this script stops workerd too.
set -euo pipefail
port=${1:-8787} state=${2:-.wrangler/state}
cd "$(dirname "$0")/.."
. scripts/env.sh
[ -f .dev.vars ] || { [ -f .dev.vars.example ] && cp .dev.vars.example .dev.vars; } || true
setsid npx wrangler dev --ip 127.0.0.1 --port "$port" --persist-to "$state" \
  --show-interactive-dev-session=false --log-level warn &
group=$!
trap 'kill -TERM -- -$group 2>/dev/null || true; wait $group 2>/dev/null || true' EXIT INT TERM
wait $group
