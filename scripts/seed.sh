#!/usr/bin/env bash
# Seeds local state for wrangler dev: D1 migrations, the sample catalog into KV, and synthetic
# dossiers into D1.   scripts/seed.sh STATE_DIR CATALOG
set -euo pipefail
state=${1:-.wrangler/state} catalog=${2:-data/sample-catalog.json}
cd "$(dirname "$0")/.."
. scripts/env.sh
motcua=target/native/motcua
[ -f .dev.vars ] || cp .dev.vars.example .dev.vars
set -a; . ./.dev.vars; set +a
mkdir -p "$state" tmp

# Skip when this state dir was already seeded from the same inputs (a second `make dev`).
stamp="$state/.motcua-seeded"
inputs=$(cat "$catalog" migrations/*.sql "$motcua" | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  echo "==> seed: $state already holds this catalog and these dossiers (delete it to reseed)"
  exit 0
fi
# Seeded before from other inputs (a regenerated sample catalog keeps its version name, which
# publish rightly refuses to reuse for other content): start that state afresh.
if [ -f "$stamp" ]; then
  echo "==> seed: $state was seeded from other inputs; starting it afresh"
  rm -rf "$state"
  mkdir -p "$state"
fi

echo "==> seed: D1 migrations (local, $state)"
npx wrangler d1 migrations apply motcua --local --persist-to "$state" > tmp/seed-migrations.log 2>&1 \
  || { cat tmp/seed-migrations.log; exit 1; }

echo "==> seed: catalog $catalog → local KV"
"$motcua" publish "$catalog" --local --persist-to "$state"

echo "==> seed: synthetic dossiers → local D1"
"$motcua" dossiers generate --catalog "$catalog" --count "${SEED_DOSSIERS:-400}" --seed 20261122 \
  --sql-out tmp/seed-dossiers.sql
npx wrangler d1 execute motcua --local --persist-to "$state" --file tmp/seed-dossiers.sql --yes \
  > tmp/seed-d1.log 2>&1 || { cat tmp/seed-d1.log; exit 1; }
echo "$inputs" > "$stamp"
echo "==> seed: done"
