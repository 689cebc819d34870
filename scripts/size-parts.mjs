// What each part of the widget's first-load wasm costs, from twiggy's item list of a copy of the
// main module built exactly as the published one but with its function names kept
// (scripts/size.sh). Appends the tables to reports/size.md.
//   node scripts/size-parts.mjs NAMED_WASM TWIGGY_CSV PUBLISHED_WASM
// Code is grouped by the crate that defines each function (a generic function counts for the
// crate that defines it, whoever instantiates it); data segments are attributed by finding in
// them the files and texts the build embeds.
import { readFileSync, appendFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const [namedPath, csvPath, publishedPath] = process.argv.slice(2);
const named = readFileSync(namedPath);
const published = readFileSync(publishedPath);
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// twiggy's CSV: Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent (names may
// hold commas, so the four numeric columns are taken from the end).
const items = readFileSync(csvPath, "utf8").trim().split("\n").slice(1).map((line) => {
  const cells = line.split(",");
  const name = cells.slice(0, -4).join(",").replace(/^"|"$/g, "").replace(/""/g, '"');
  return { name, size: Number(cells[cells.length - 4]) };
});

const FRAMEWORK = /^(leptos\w*|tachys|reactive_graph|any_spawner|throw_error|or_poisoned|oco_ref|hydration_context|next_tuple|send_wrapper|slotmap|guardian|either_of|wasm_split_helpers|async_once_cell|futures\w*|pin_project\w*|indexmap|const_str_slice_concat|drain_filter_polyfill)$/;
const BINDINGS = /^(wasm_bindgen\w*|js_sys|web_sys|gloo\w*|wasm_streams|serde_wasm_bindgen)$/;
const STD = /^(core|alloc|std|dlmalloc|hashbrown|compiler_builtins|__rustc|libm)$/;
const PARTS = [
  ["framework", "Leptos and its crates (tachys, reactive_graph, …)"],
  ["app", "motcua-app: the widget's views, host and API calls"],
  ["core", "motcua-core: search, index decoding, texts"],
  ["sort", "Rust's slice sorting (one copy per element type and comparison)"],
  ["std", "the rest of Rust's standard library (alloc, fmt, drop glue, hash maps, allocator)"],
  ["bindings", "wasm-bindgen, js-sys, web-sys, gloo (calls into the browser)"],
  ["serde", "serde, serde_json"],
  ["data", "data segments (see below)"],
  ["wasm", "imports, exports, tables, types, other"],
];

function part({ name }) {
  if (/^data segment /.test(name)) return "data";
  if (/subsection$|^custom section/.test(name)) return null; // names: not in the published file
  if (/^import /.test(name)) return "bindings";
  if (/slice::sort::/.test(name)) return "sort";
  const crate = name.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/)?.[1];
  if (crate === "motcua_app") return "app";
  if (crate === "motcua_core") return "core";
  if (crate && FRAMEWORK.test(crate)) return "framework";
  if (crate && BINDINGS.test(crate)) return "bindings";
  if (crate && STD.test(crate)) return "std";
  if (crate && /^serde/.test(crate)) return "serde";
  if (/^<(str|char|\[|[iuf](8|16|32|64|128|size)\b)/.test(name)) return "std";
  if (/^(memcpy|memmove|memset|memcmp|__rust|__externref|__wbindgen|__wbg)/.test(name)) return "bindings";
  return crate ? "other" : "wasm";
}

const totals = {};
const own = {};
let counted = 0;
for (const item of items) {
  const p = part(item);
  if (!p) continue;
  totals[p] = (totals[p] || 0) + item.size;
  counted += item.size;
  const module = item.name.match(/(motcua_(?:core|app))(?:\[[0-9a-f]+\])?::([a-z_]+)(?:::([a-z_]+))?/);
  if (module && (p === "app" || p === "core")) {
    const key = `${module[1].replace("_", "-")} ${module[2]}${module[3] ? "::" + module[3] : ""}`;
    own[key] = (own[key] || 0) + item.size;
  }
}
const pct = (n) => ((100 * n) / counted).toFixed(1) + " %";

let out = "\n## What the first-load wasm holds (twiggy)\n\n";
out += `From \`twiggy top\` on a copy of the main module built as the published one but with its function names kept: ${kb(counted)} of code and data (the published file: ${kb(published.length)} raw, ${kb(brotli(published))} brotli). Raw bytes; brotli shrinks code and text unevenly, so the shares are a guide to where the bytes are, not to what each part costs on the wire. A generic function counts for the crate that defines it, whoever instantiates it.\n\n`;
out += "| part | raw | share |\n|---|---:|---:|\n";
const rows = PARTS.concat(totals.other ? [["other", "other crates"]] : []);
for (const [key, label] of rows.sort((a, b) => (totals[b[0]] || 0) - (totals[a[0]] || 0))) {
  if (totals[key]) out += `| ${label} | ${kb(totals[key])} | ${pct(totals[key])} |\n`;
}

out += "\nmotcua's own code, by module (the largest):\n\n| module | raw |\n|---|---:|\n";
for (const [key, size] of Object.entries(own).sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  out += `| ${key} | ${kb(size)} |\n`;
}

// Data: what the build embeds, found verbatim in the module: the stylesheet and the search's
// data files as the build scripts wrote them into OUT_DIR (without their comments; the newest
// copy, should older builds have left others), and the message texts, matched by their literal
// parts (between `{placeholders}`), which is how the generated code holds them.
const BUILD = "target/wasm32-unknown-unknown/release/build";
const built = (crate, file) => readdirSync(BUILD)
  .filter((dir) => dir.startsWith(`${crate}-`) && existsSync(`${BUILD}/${dir}/out/${file}`))
  .map((dir) => `${BUILD}/${dir}/out/${file}`)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const embedded = [
  ["the widget's stylesheet (app/src/widget.css)", [built("motcua-app", "widget.css")]],
  ["search vocabulary, variants, phrases, common words (core/src/search/*.tsv)",
    ["vocabulary", "variants", "phrases", "common"].map((n) => built("motcua-core", `data/search/${n}.tsv`))],
];
const found = (path) => path && named.indexOf(readFileSync(path)) >= 0;
const dataRows = [];
for (const [label, paths] of embedded) {
  const present = paths.filter(found);
  if (!present.length) continue;
  const bytes = Buffer.concat(present.map((p) => readFileSync(p)));
  dataRows.push([label, bytes.length, brotli(bytes)]);
}
for (const lang of ["vi", "en"]) {
  const parts = [];
  for (const line of readFileSync(`core/src/messages/${lang}.tsv`, "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    for (const piece of line.split("\t").slice(1).join("\t").split(/\{\w+\}/)) {
      if (piece.length > 3 && named.indexOf(Buffer.from(piece)) >= 0) parts.push(piece);
    }
  }
  const bytes = Buffer.from(parts.join(""));
  dataRows.push([`texts in ${lang === "vi" ? "Vietnamese" : "English"} (core/src/messages/${lang}.tsv)`, bytes.length, brotli(bytes)]);
}
const attributed = dataRows.reduce((a, r) => a + r[1], 0);
out += `\nData segments (${kb(totals.data || 0)} raw), what is in them:\n\n| data | raw | brotli alone |\n|---|---:|---:|\n`;
for (const [label, raw, br] of dataRows) out += `| ${label} | ${kb(raw)} | ${kb(br)} |\n`;
out += `| the rest: Unicode case tables, panic messages and source paths, other string literals and static tables | ${kb((totals.data || 0) - attributed)} | |\n`;

out += "\nLargest functions:\n\n| item | raw |\n|---|---:|\n";
for (const item of items.filter((i) => part(i) && part(i) !== "data").sort((a, b) => b.size - a.size).slice(0, 10)) {
  out += `| \`${item.name.replace(/::h[0-9a-f]{16}$/, "").replace(/\|/g, "\\|").slice(0, 110)}\` | ${kb(item.size)} |\n`;
}
console.log(out);
appendFileSync("reports/size.md", out);
