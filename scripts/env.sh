# Sourced by the scripts so each runs on its own too: the pinned tools where the Makefile puts
# them, and wrangler without telemetry or network lookups (as the Makefile sets them).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
