#!/usr/bin/env bash
# Search rankings as a regression check for changes that must not change them (refactors).
#
# For every labelled query of bench/search/queries.jsonl and every prefix of it as a citizen
# types it (1 character up to the whole query, cut at character boundaries), it records the
# top 10 codes, names and scores of `motcua search --jsonl` over two catalogs: the national
# crawl and the sample Gia Lai catalog (data/sample-catalog.json). It also records what the
# rankings are built from: the imported artefacts (with fixed version and time), the
# importers' issue lists and the compact indexes the widget downloads.
#
#   scripts/ranking-compare.sh --record DIR    write the outputs of the current build to DIR
#   scripts/ranking-compare.sh BASELINE_DIR    write them to a temporary directory and diff
#                                              against BASELINE_DIR (exit 1 on any difference)
#
# MOTCUA_BIN: use this binary instead of building target/native/motcua.
# SHARED_DATA: the real data directory (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

usage() {
  echo "usage: $0 --record DIR | $0 BASELINE_DIR" >&2
  exit 2
}
[ $# -ge 1 ] || usage
if [ "$1" = --record ]; then
  [ $# -eq 2 ] || usage
  out=$2 baseline=
  mkdir -p "$out"
else
  [ $# -eq 1 ] && [ -d "$1" ] || usage
  baseline=$1 out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

data=${SHARED_DATA:-../shared/data}
crawl=$data/tthc-national-6-ministries.jsonl
if [ -n "${MOTCUA_BIN:-}" ]; then
  bin=$MOTCUA_BIN
else
  cargo build --quiet --profile native -p motcua-cli
  bin=target/native/motcua
fi

# Import logs without their timings and the output directory, so runs compare byte for byte.
strip_timings() { sed -E "s/ \[[0-9]+ ms\]\$//; s/ in [0-9]+ ms\$//; s#$out/#OUT/#g"; }

# The queries: each labelled query's prefixes at character boundaries, first occurrence only.
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  const seen = new Set();
  for (const line of lines) {
    const chars = Array.from(JSON.parse(line).query);
    for (let i = 1; i <= chars.length; i++) {
      const prefix = chars.slice(0, i).join("");
      if (!seen.has(prefix)) { seen.add(prefix); console.log(prefix); }
    }
  }' bench/search/queries.jsonl > "$out/queries.txt"

fixed=(--generated-at 2026-05-01T00:00:00Z --verbose)
"$bin" import --from crawl "$crawl" -o "$out/national.artefact.json" \
  --catalog-version national "${fixed[@]}" 2>&1 | strip_timings > "$out/national.import.log"
"$bin" import "$data/dvcqg/gia-lai-index.json" "$data/dvcqg/details" --enrich "$crawl" \
  -o "$out/gia-lai.artefact.json" --catalog-version sample-gia-lai "${fixed[@]}" 2>&1 \
  | strip_timings > "$out/gia-lai.import.log"

# Search output without the per-query timing.
search() {
  local catalog=$1 name=$2
  "$bin" search --catalog "$catalog" --limit 10 --jsonl --write-index "$out/$name.index.json" \
    < "$out/queries.txt" \
    | node -e '
        const rl = require("readline").createInterface({ input: process.stdin });
        rl.on("line", (l) => { const v = JSON.parse(l); delete v.micros; console.log(JSON.stringify(v)); });' \
    > "$out/$name.search.jsonl"
}
search "$out/national.artefact.json" national
search data/sample-catalog.json gia-lai

queries=$(wc -l < "$out/queries.txt")
if [ -z "$baseline" ]; then
  echo "ranking-compare: recorded $queries queries over 2 catalogs in $out"
  exit 0
fi
if diff -r "$baseline" "$out" > "$out.diff" 2>&1; then
  echo "ranking-compare: $queries queries over 2 catalogs, artefacts and indexes identical to $baseline"
  rm -f "$out.diff"
else
  echo "ranking-compare: differences from $baseline (first 40 lines of $out.diff):" >&2
  head -40 "$out.diff" >&2
  trap - EXIT
  exit 1
fi
