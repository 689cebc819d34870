#!/usr/bin/env bash
# The widget's size on the wire: what a citizen's phone downloads on first visit (the loader, the
# JS glue with the chunk loader it imports, the main wasm: the widget without its search engine and
# views, and the quick search shown while it comes), then what each part loaded on demand adds
# (its chunk, and the chunks it shares): the search engine, fetched with the catalog index, and
# the views.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
node --input-type=module - "$@" <<'JS'
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const FIRST_LOAD_BUDGET = 120 * 1024;
const dir = `public/w/${readdirSync("public/w")[0]}`;
const measure = (name, path) => {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { name, path, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, brotli: br };
};
const sum = (rows) => rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const line = (name, r, bold) => `| ${name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${bold ? `**${kb(r.brotli)}**` : kb(r.brotli)} |\n`;
const head = "| file | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|\n";

const first = [
  measure("loader", "public/embed.js"),
  measure("js glue", `${dir}/motcua.js`),
  measure("chunk loader", `${dir}/__wasm_split.js`),
  measure("wasm (main module)", `${dir}/motcua_bg.wasm`),
  // Fetched beside the wasm by an inline widget that opens on search (app/loader/quick.js).
  measure("quick search", `${dir}/quick.js`),
];
const firstTotal = sum(first);
let out = "## First load (what shows the widget)\n\n" + head;
for (const r of first) out += line(`${r.name} (${r.path})`, r);
out += line("**first load**", firstTotal, true);
const within = firstTotal.brotli <= FIRST_LOAD_BUDGET;
out += `\nBudget: first load ≤ ${kb(FIRST_LOAD_BUDGET)} brotli — ${within ? "within" : `over by ${kb(firstTotal.brotli - FIRST_LOAD_BUDGET)}`}.\n`;

// Which chunks each view fetches, from the link module wasm-split wrote (the published one is
// minified): `/* detail, status */` names the split points a shared chunk serves.
const link = readFileSync("target/widget/split/__wasm_split.js", "utf8");
const chunks = readdirSync(dir).filter((f) => f.endsWith(".wasm") && f !== "motcua_bg.wasm").sort();
const views = {};
for (const m of link.matchAll(/\/\* ([\w, ]+) \*\/\s*const \w+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.]+)"/g)) {
  for (const view of m[1].split(", ")) (views[view] ||= []).push(m[2]);
}
for (const file of chunks) {
  const own = file.match(/^split_(\w+)\.wasm$/);
  if (own) (views[own[1]] ||= []).unshift(file);
}
out += "\n## Loaded on demand\n\nEach chunk:\n\n" + head;
const sizes = Object.fromEntries(chunks.map((f) => [f, measure(f, `${dir}/${f}`)]));
for (const f of chunks) out += line(f, sizes[f]);
out += "\nWhat each part adds when first needed (search: the engine, fetched with the index; the others: views, when first shown):\n\n| part | chunks | raw | gzip -9 | brotli -11 |\n|---|---|---:|---:|---:|\n";
for (const [view, files] of Object.entries(views).sort()) {
  const t = sum(files.map((f) => sizes[f]));
  out += `| ${view} | ${files.join(" + ")} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} |\n`;
}
if (views.search) {
  const answer = sum([...first, ...views.search.map((f) => sizes[f])]);
  out += `\nBefore the first answer: the first load and the search engine, ${kb(answer.brotli)} brotli (${kb(answer.raw)} raw), and the catalog index (below).\n`;
}
const all = sum([...first, ...chunks.map((f) => sizes[f])]);
out += `\nEverything (first load and every chunk): ${kb(all.brotli)} brotli, ${kb(all.raw)} raw.\n`;
console.log(out);
mkdirSync("reports", { recursive: true });
writeFileSync("reports/size.md", `# Widget size\n\n${out}`);
JS
# What each part of the main module costs: twiggy on a copy optimised from the build's own
# wasm-bindgen output (scripts/build-widget.sh) the same way, with the function names kept (-g);
# the published file has none. The copy's code and data are the published file's.
named=tmp/size-named
rm -rf "$named" && mkdir -p "$named"
scripts/wasm-opt.sh target/widget/bindgen/motcua_bg.wasm "$named/named.wasm" -g
twiggy top -n 1000000 --format csv "$named/named.wasm" > "$named/top.csv"
node scripts/size-parts.mjs "$named/named.wasm" "$named/top.csv" "public/w/$(ls public/w)/motcua_bg.wasm"
# The search index the widget downloads once (GET /v1/catalog/index, the binary index of
# core/src/search/compact_bytes.rs), for the national crawl and the Gia Lai demo catalog.
data=${SHARED_DATA:-../shared/data}
mkdir -p tmp
for catalog in "national:$data/tthc-national-6-ministries.jsonl" "Gia Lai demo:data/sample-catalog.json"; do
  target/native/motcua search --catalog "${catalog#*:}" --limit 1 --write-index "tmp/size-index-${catalog%%:*}.bin" khai sinh > /dev/null
done
node --input-type=module - <<'JS'
import { readFileSync, appendFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const kb = (n) => (n / 1024).toFixed(1) + " KB";
let out = "\n## Search index (`GET /v1/catalog/index`, binary format 3)\n\n| catalog | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|\n";
for (const name of ["national", "Gia Lai demo"]) {
  const raw = readFileSync(`tmp/size-index-${name}.bin`);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  out += `| ${name} | ${kb(raw.length)} | ${kb(gzipSync(raw, { level: 9 }).length)} | **${kb(br)}** |\n`;
}
console.log(out);
appendFileSync("reports/size.md", out);
JS
