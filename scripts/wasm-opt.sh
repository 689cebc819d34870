#!/usr/bin/env bash
# wasm-opt as the widget's build runs it, for the published modules (scripts/build-widget.sh) and
# for the named copy `make size` reads with twiggy (scripts/size.sh, with -g).
#   scripts/wasm-opt.sh IN OUT [more wasm-opt options…]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
in=$1 out=$2
shift 2
features=(--enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
# Chromium compiles a wasm function on the main thread the first time it is called, all of it.
# wasm-opt's default inlines every function with one caller whatever its size, so the search
# ended up inside the memo the widget first runs at mount (33 KB compiled before there is an
# index to search). Capped, code is compiled when its work first comes, in the task that does it
# (and the main module is about 0.7 KB smaller in brotli).
inlining=(--one-caller-inline-max-function-size 100)
wasm-opt -Oz "${features[@]}" "${inlining[@]}" "$@" "$in" -o "$out"
