#!/usr/bin/env bash
# The widget's size on the wire: what a citizen's phone downloads on first visit.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
node --input-type=module - "$@" <<'JS'
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const dir = readdirSync("public/w")[0];
const files = [["loader", "public/embed.js"], ["js glue", `public/w/${dir}/motcua.js`], ["wasm", `public/w/${dir}/motcua_bg.wasm`]];
const rows = files.map(([name, path]) => {
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { name, path, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, brotli: br };
});
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, brotli: a.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1) + " KB";
let out = "| file | raw | gzip -9 | brotli -11 |\n|---|---:|---:|---:|\n";
for (const r of rows) out += `| ${r.name} (${r.path}) | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |\n`;
out += `| **total** | ${kb(total.raw)} | ${kb(total.gzip)} | **${kb(total.brotli)}** |\n`;
console.log(out);
mkdirSync("reports", { recursive: true });
writeFileSync("reports/size.md", `# Widget size\n\n${out}`);
JS
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
