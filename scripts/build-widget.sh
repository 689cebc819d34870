#!/usr/bin/env bash
# Builds the widget (app/) to wasm, optimises it, and publishes it with the modules that only some
# pages load (launcher, iframe fallback, theme, quick search) under a content-hashed path
# public/w/<hash>/, so portals can cache them forever. Then the files with fixed names that point
# there:
#   public/embed.js         the loader webmasters reference (always current, short cache)
#   public/embed/v/<h>.js   the same loader pinned: immutable, for `integrity` (SRI, sha384)
#   public/embed-frame.js   the script of the iframe fallback's page (/embed/frame, the edge's)
#   public/configure.js     the configurator (/configure), which offers the pinned URL and hash
# Texts shown before the wasm loads come from core's language tables (scripts/embed-texts.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
out=target/widget

echo "==> widget: cargo build (wasm32, release)"
cargo build -p motcua-app --release --target wasm32-unknown-unknown
rm -rf "$out" && mkdir -p "$out/split"
# The views behind `#[wasm_split]` points (app/src/views/on_demand.rs) go to chunks of their own:
# split_<name>.wasm, and chunk_<n>.wasm for what several share; __wasm_split.js loads them on
# demand, relative to itself, into the one instance of the main module. (The build links with
# --emit-relocs, app/build.rs, which the split needs.)
echo "==> widget: wasm-split"
wasm-split-cli --target web --out-name motcua \
  target/wasm32-unknown-unknown/release/motcua_app.wasm "$out/split"
# lld's exports kept: the chunks reach the main module through its table, memory and stack.
# (Its output stays in bindgen/: `make size` reads it again, with the names kept.)
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$out/bindgen" --out-name motcua "$out/split/motcua.wasm"
echo "==> widget: wasm-opt -Oz"
scripts/wasm-opt.sh "$out/bindgen/motcua_bg.wasm" "$out/motcua_bg.wasm"
chunks=()
for chunk in "$out"/split/*.wasm; do
  name=$(basename "$chunk")
  [ "$name" = motcua.wasm ] && continue
  scripts/wasm-opt.sh "$chunk" "$out/$name"
  chunks+=("$name")
done
# (wasm-bindgen names the link module once per import it takes from it: the same namespace.)
esbuild "$out/bindgen/motcua.js" --minify --format=esm --log-level=warning \
  --log-override:duplicate-object-key=silent --outfile="$out/motcua.js"
# The JS's calls give up as the wasm's do (app/src/api.rs TIMEOUT): the chunk fetches
# (app/loader/chunk-fetch.js declares the `fetch` they call) and the quick search's.
deadline=30000
cat app/loader/chunk-fetch.js "$out/split/__wasm_split.js" > "$out/split/chunk-loader.js"
esbuild "$out/split/chunk-loader.js" --minify --format=esm --log-level=warning --define:DEADLINE_MS=$deadline \
  --outfile="$out/__wasm_split.js"

texts() { node scripts/embed-texts.mjs "$@"; }
module() { # entry, output, esbuild options…
  local entry=$1 output=$2
  shift 2
  esbuild "$entry" --bundle --minify --format=esm --target=es2020 --log-level=warning \
    --outfile="$output" "$@"
}
echo "==> widget: launcher, iframe fallback, theme"
module app/loader/launcher.js "$out/launcher.js" \
  --define:TEXTS="$(texts open=ui.launcher_open close=ui.launcher_close title=ui.title)"
module app/loader/frame-host.js "$out/frame-host.js" --define:TEXTS="$(texts title=ui.title)"
module app/loader/theme.js "$out/theme.js"
echo "==> widget: quick search"
module app/loader/quick.js "$out/quick.js" --define:DEADLINE_MS=$deadline \
  --define:TEXTS="$(texts title=ui.title tabs=ui.tabs search=ui.tab_search status=ui.tab_status \
    label=ui.search_label hint=ui.search_hint results=ui.results code=ui.code \
    found=ui.results_found one=ui.results_found_one some=ui.results_found_some none=ui.no_results)" \
  --define:CSS="$(node scripts/quick-css.mjs ':host' '.motcua' '.motcua *, .motcua *::before, .motcua *::after' \
    '.card' 'h2' 'p' 'ul, ol' 'li' ':focus' ':focus-visible' '.tabs' '.tabs [role="tab"]' \
    '.tabs [role="tab"][aria-selected="true"]' '.tabs [role="tab"]:hover' '.field' 'label' '.hint' \
    'input[type="search"], input[type="text"]' 'button' '.answer.held' '.live' '.live:empty' '.live.reserve' \
    '.results' '.result' '.result:hover' '.result-name' '.meta' '.code' '.query-row' '.query-row input')"

modules=(motcua.js motcua_bg.wasm __wasm_split.js "${chunks[@]}" launcher.js frame-host.js theme.js quick.js)
hash=$(cd "$out" && cat "${modules[@]}" | sha256sum | cut -c1-12)
rm -rf public/w public/embed && mkdir -p "public/w/$hash" public/embed/v
for file in "${modules[@]}"; do cp "$out/$file" "public/w/$hash/$file"; done

echo "==> widget: loader"
esbuild app/loader/embed.js --minify --log-level=warning --target=es2018 \
  --define:WIDGET_PATH="\"/w/$hash/\"" \
  --define:TEXTS="$(texts loading=ui.embed_loading failed=ui.embed_failed)" --outfile=public/embed.js
pinned="embed/v/$(sha256sum public/embed.js | cut -c1-12).js"
cp public/embed.js "public/$pinned"
integrity="sha384-$(openssl dgst -sha384 -binary public/embed.js | base64 -w0)"
module app/loader/frame-page.js public/embed-frame.js --define:WIDGET_PATH="\"/w/$hash/\"" \
  --define:TEXTS="$(texts failed=ui.embed_failed)"
module app/loader/configure.js public/configure.js \
  --define:PINNED="{\"path\":\"/$pinned\",\"integrity\":\"$integrity\"}"
echo "==> widget: public/w/$hash/, public/embed.js (pinned: /$pinned $integrity)"
