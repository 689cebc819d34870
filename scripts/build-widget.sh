#!/usr/bin/env bash
# Builds the widget (app/) to wasm, optimises it, and publishes it under a content-hashed path
# public/w/<hash>/ so portals can cache it forever; then builds public/embed.js, the one file
# webmasters reference, with that path baked in.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
out=target/widget
wasm_opt_features=(--enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

echo "==> widget: cargo build (wasm32, release)"
cargo build -p motcua-app --release --target wasm32-unknown-unknown
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name motcua \
  target/wasm32-unknown-unknown/release/motcua_app.wasm
echo "==> widget: wasm-opt -Oz"
wasm-opt -Oz "${wasm_opt_features[@]}" "$out/motcua_bg.wasm" -o "$out/motcua_bg.wasm"
esbuild "$out/motcua.js" --minify --format=esm --log-level=warning --outfile="$out/motcua.min.js"

hash=$(cat "$out/motcua.min.js" "$out/motcua_bg.wasm" | sha256sum | cut -c1-12)
rm -rf public/w && mkdir -p "public/w/$hash"
cp "$out/motcua.min.js" "public/w/$hash/motcua.js"
cp "$out/motcua_bg.wasm" "public/w/$hash/motcua_bg.wasm"
esbuild app/loader/embed.js --minify --log-level=warning --target=es2018 \
  --define:WIDGET_PATH="\"w/$hash/\"" --outfile=public/embed.js
echo "==> widget: public/w/$hash/ and public/embed.js"
