// Search quality and latency. Two labelled sets over two catalogs:
//
// - the original queries (`queries.jsonl`) over the national crawl, with motcua compared against
//   MiniSearch, Fuse.js and FlexSearch on the same catalog and queries;
// - the citizen queries (`citizen-queries.jsonl`) over the national crawl and the provincial
//   catalog (Gia Lai), each split into the tuned part and the part set aside, including needs a
//   catalog does not cover, where success is motcua's "not here" verdict.
//
//   node bench/search/report.mjs [--catalog PATH] [--provincial PATH] [--queries PATH]
//     [--citizen PATH] [--motcua BIN] [--out PATH] [--no-peers] [--misses]
//
// --catalog:    the national crawl (.jsonl) or a catalog artefact from `motcua import` (.json).
// --provincial: the provincial catalog artefact (default data/sample-catalog.json).
// --motcua:     the native CLI (default $CARGO_TARGET_DIR/native/motcua, then target/native/motcua).
// --no-peers:   skip the peer engines (Fuse.js alone takes ~15 minutes); the report says so.
// --misses:     also print the tuned part's misses (never the set-aside part's).
// Writes reports/search-report.md and prints the summary.
//
// Fairness: every peer indexes the same text motcua's compact index holds (code, name, field,
// agency, result names) with the same diacritic folding (NFD, marks stripped, đ → d, lower case), the
// last word as a prefix and typo tolerance where the library has it. Several configurations are
// tried per peer and the best (by success@5, then success@1, then MRR) is reported. The peers
// do not get motcua's citizen vocabulary or Telex/VNI decoding: those are what is measured.
// Latency is the in-process search time of each engine (motcua reports its own per query),
// measured after a warm-up.

import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import MiniSearch from "minisearch";
import Fuse from "fuse.js";
import { Document, Charset } from "flexsearch";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const catalogPath = arg("catalog", "/work/shared/data/tthc-national-6-ministries.jsonl");
const provincialPath = arg("provincial", resolve(root, "data/sample-catalog.json"));
const queriesPath = arg("queries", resolve(here, "queries.jsonl"));
const citizenPath = arg("citizen", resolve(here, "citizen-queries.jsonl"));
const withPeers = !process.argv.includes("--no-peers");
const printMisses = process.argv.includes("--misses");
const outPath = arg("out", resolve(root, "reports/search-report.md"));
const motcuaBin = arg(
  "motcua",
  [
    process.env.CARGO_TARGET_DIR && resolve(process.env.CARGO_TARGET_DIR, "native/motcua"),
    resolve(root, "target/native/motcua"),
  ].find((p) => p && existsSync(p)),
);
const LIMIT = 10;

// ---- catalog ------------------------------------------------------------------------------

/** Result names out of the crawl's glued "ket_qua_xu_ly" cell ("Giấy khai sinhMã: KQ...."). */
function crawlResults(text) {
  if (!text || text.startsWith("Không có thông tin")) return "";
  return text
    .split(/Mã:\s*KQ[.\w]*/)
    .map((part) => part.replace(/Từ khóa[\s\S]*$/, "").trim())
    .filter((part) => part && !part.startsWith("Không có thông tin"))
    .join("; ");
}

function loadCatalog(path) {
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".jsonl") || path.endsWith(".ndjson")) {
    return text
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
      .map((r) => ({
        id: r.ma_thu_tuc.trim(),
        name: (r.ten_thu_tuc || "").replace(/\s+/g, " ").trim(),
        field: r.linh_vuc || "",
        agency: r.co_quan_thuc_hien || r.co_quan_co_tham_quyen || "",
        results: crawlResults(r.ket_qua_xu_ly),
      }));
  }
  const artefact = JSON.parse(text);
  return artefact.procedures.map((p) => ({
    id: p.code,
    name: p.name,
    field: (p.fields || []).map((f) => f.name).join(", "),
    agency: (p.executing_agencies || [])[0] || (p.competent_agencies || [])[0] || "",
    results: (p.results || []).map((r) => r.name).join("; "),
  }));
}

/** The folding every peer gets: NFD, combining marks removed, đ → d, lower case. */
function fold(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

// ---- metrics ------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
}

function evaluate(queries, answers) {
  let at1 = 0, at5 = 0, rr = 0;
  const byKind = {};
  queries.forEach((q, i) => {
    const rank = rankOf(answers[i], q.relevant);
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 5) at5++;
    if (rank >= 0) rr += 1 / (rank + 1);
    byKind[q.kind] ??= { n: 0, at5: 0 };
    byKind[q.kind].n++;
    if (rank >= 0 && rank < 5) byKind[q.kind].at5++;
  });
  const n = queries.length;
  const times = answers.map((a) => a.micros).sort((a, b) => a - b);
  return {
    s1: at1 / n,
    s5: at5 / n,
    mrr: rr / n,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    byKind,
  };
}

/** Position of the first hit carrying a relevant code (a hit carries its merged duplicates'). */
function rankOf(answer, relevant) {
  const hits = answer.hits ?? answer.codes.map((c) => [c]);
  return hits.findIndex((codes) => codes.some((c) => relevant.includes(c)));
}

const better = (a, b) => a.s5 - b.s5 || a.s1 - b.s1 || a.mrr - b.mrr;

/** Runs `search(q) → codes` after a warm-up and times each query. */
function runPeer(search, queries) {
  // Warm-up on a slice keeps the slow peers' runs bearable; JIT settles within it.
  for (const q of queries.slice(0, 30)) search(q.query);
  return queries.map((q) => {
    const t = performance.now();
    const codes = search(q.query).slice(0, LIMIT);
    return { codes, micros: (performance.now() - t) * 1000 };
  });
}

// ---- motcua -------------------------------------------------------------------------------

function runMotcua(queries, catalog) {
  return new Promise((resolvePromise, reject) => {
    if (!motcuaBin) {
      reject(new Error("motcua binary not found: build it with `cargo build --profile native -p motcua-cli` or pass --motcua"));
      return;
    }
    const child = spawn(motcuaBin, ["search", "--catalog", catalog, "--jsonl", "--limit", String(LIMIT)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`motcua exited with ${code}`));
      const lines = out.trim().split("\n").map((l) => JSON.parse(l));
      // First pass warms up; the second pass is the one reported.
      const warm = lines.slice(queries.length);
      resolvePromise(
        warm.map((l) => ({
          codes: l.results.map((r) => r.code),
          hits: l.results.map((r) => [r.code, ...(r.also ?? [])]),
          // Older builds give no verdict: any hit then counts as "found".
          verdict: l.verdict ?? (l.results.length ? "found" : "nothing"),
          names: l.results.map((r) => r.name),
          micros: l.micros,
        })),
      );
    });
    const text = queries.map((q) => q.query.replace(/\n/g, " ")).join("\n") + "\n";
    child.stdin.end(text + text);
  });
}

// ---- peers --------------------------------------------------------------------------------

function miniSearchConfigs(docs) {
  const configs = [];
  for (const fuzzy of [0.1, 0.2, 0.3]) {
    for (const combineWith of ["OR", "AND"]) {
      for (const nameBoost of [3, 6]) {
        configs.push({
          label: `fuzzy ${fuzzy}, prefix, ${combineWith}, boost name ×${nameBoost}`,
          build() {
            const ms = new MiniSearch({
              fields: ["id", "name", "field", "agency", "results"],
              storeFields: [],
              processTerm: (term) => fold(term),
            });
            ms.addAll(docs);
            return (q) =>
              ms
                .search(q, {
                  prefix: true,
                  fuzzy,
                  combineWith,
                  boost: { id: 3, name: nameBoost, field: 1, agency: 0.5, results: 1 },
                })
                .map((r) => r.id);
          },
        });
      }
    }
  }
  return configs;
}

/** The documents with every text field folded, for peers that do not fold terms themselves. */
function foldedDocs(docs) {
  return docs.map((d) => ({
    id: d.id,
    code: d.id,
    name: fold(d.name),
    field: fold(d.field),
    agency: fold(d.agency),
    results: fold(d.results),
  }));
}

function fuseConfigs(folded) {
  const configs = [];
  for (const threshold of [0.3, 0.4]) {
    for (const useExtendedSearch of [false, true]) {
      configs.push({
        label: `threshold ${threshold}, ignoreLocation${useExtendedSearch ? ", per-word (extended) search" : ""}`,
        build() {
          const fuse = new Fuse(folded, {
            keys: [
              { name: "code", weight: 3 },
              { name: "name", weight: 3 },
              { name: "field", weight: 1 },
              { name: "agency", weight: 0.5 },
              { name: "results", weight: 1 },
            ],
            threshold,
            ignoreLocation: true,
            includeScore: true,
            useExtendedSearch,
          });
          return (q) => {
            const fq = fold(q).trim();
            // Extended search: each word fuzzy-matched on its own (space = AND).
            const pattern = useExtendedSearch ? fq.split(/\s+/).filter(Boolean).join(" ") : fq;
            return fuse.search(pattern, { limit: LIMIT }).map((r) => r.item.id);
          };
        },
      });
    }
  }
  return configs;
}

function flexConfigs(folded) {
  const configs = [];
  for (const tokenize of ["forward", "full"]) {
    for (const charset of ["LatinBalance", "LatinAdvanced"]) {
      for (const suggest of [true, false]) {
        configs.push({
          label: `tokenize ${tokenize}, ${charset}, ${suggest ? "suggest (partial matches)" : "all words"}`,
          build() {
            const index = new Document({
              document: {
                id: "id",
                index: [
                  { field: "code", tokenize: "strict" },
                  { field: "name", tokenize },
                  { field: "field", tokenize },
                  { field: "agency", tokenize },
                  { field: "results", tokenize },
                ],
              },
              encoder: Charset[charset],
            });
            for (const d of folded) index.add(d);
            // Field priority: code, name, then results, field, agency (FlexSearch ranks per field).
            const order = ["code", "name", "results", "field", "agency"];
            return (q) => {
              const perField = index.search(fold(q), { limit: LIMIT * 3, suggest });
              const seen = new Set();
              const out = [];
              for (const field of order) {
                const entry = perField.find((r) => r.field === field);
                for (const id of entry ? entry.result : []) {
                  if (!seen.has(id)) {
                    seen.add(id);
                    out.push(id);
                  }
                }
              }
              return out;
            };
          },
        });
      }
    }
  }
  return configs;
}

function bestOf(name, configs, queries) {
  let best = null;
  const all = [];
  for (const config of configs) {
    const search = config.build();
    const metrics = evaluate(queries, runPeer(search, queries));
    all.push({ label: config.label, ...metrics });
    if (!best || better(metrics, best) > 0) best = { label: config.label, ...metrics };
  }
  return { name, best, all };
}

// ---- citizen queries ---------------------------------------------------------------------

const CATALOGS = [
  { key: "national", label: "national crawl", path: catalogPath },
  { key: "gia-lai", label: "Gia Lai (provincial)", path: provincialPath },
];

/** The split rule of `citizen-queries.jsonl`: FNV-1a (32-bit) of the query's UTF-8 bytes. */
function partOf(query) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(query, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 10 < 3 ? "aside" : "tune";
}

const NOT_HERE = new Set(["partial", "nothing"]);

/**
 * Scores labelled queries on one catalog: an in-catalog query succeeds at k when a relevant
 * procedure is among the first k hits; an out-of-catalog one when motcua says "not here".
 */
function scoreCitizen(items) {
  const n = items.length;
  let at1 = 0, at5 = 0, rr = 0;
  let ooc = 0, oocNotHere = 0, notHere = 0, inFoundVerdict = 0, strict1 = 0;
  for (const { q, answer, relevant } of items) {
    const saysNotHere = NOT_HERE.has(answer.verdict);
    if (saysNotHere) notHere++;
    if (relevant.length === 0) {
      ooc++;
      if (saysNotHere) {
        oocNotHere++;
        at1++;
        at5++;
        rr++;
        strict1++;
      }
      continue;
    }
    if (!saysNotHere) inFoundVerdict++;
    const rank = rankOf(answer, relevant);
    if (rank === 0) at1++;
    if (rank === 0 && !saysNotHere) strict1++;
    if (rank >= 0 && rank < 5) at5++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  return {
    n,
    s1: n ? at1 / n : 0,
    strict1: n ? strict1 / n : 0,
    s5: n ? at5 / n : 0,
    mrr: n ? rr / n : 0,
    ooc,
    recall: ooc ? oocNotHere / ooc : 1,
    precision: notHere ? oocNotHere / notHere : 1,
    notHere,
    inCatalog: n - ooc,
    inFound: n - ooc ? inFoundVerdict / (n - ooc) : 1,
  };
}

function isMiss({ answer, relevant }) {
  if (relevant.length === 0) return !NOT_HERE.has(answer.verdict);
  const rank = rankOf(answer, relevant);
  return rank !== 0;
}

// ---- main ---------------------------------------------------------------------------------

const readJsonl = (path) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

const queries = readJsonl(queriesPath);
const citizen = readJsonl(citizenPath);
for (const q of citizen) {
  if (q.part !== partOf(q.query)) {
    throw new Error(`${citizenPath}: "${q.query}" is marked ${q.part}, the split rule says ${partOf(q.query)}`);
  }
}
const docs = loadCatalog(catalogPath);
const folded = foldedDocs(docs);

// The original set over the national crawl.
const originalAnswers = await runMotcua(queries, catalogPath);
const motcua = evaluate(queries, originalAnswers);

// The citizen set over both catalogs.
const citizenRuns = [];
for (const catalog of CATALOGS) {
  const labelled = citizen.filter((q) => q.relevant[catalog.key] !== undefined);
  const answers = await runMotcua(labelled, catalog.path);
  const items = labelled.map((q, i) => ({ q, answer: answers[i], relevant: q.relevant[catalog.key] }));
  const procedures = catalog.path.endsWith(".jsonl") ? docs.length : loadCatalog(catalog.path).length;
  citizenRuns.push({ catalog, items, procedures });
}

const f3 = (x) => x.toFixed(3);
const f1 = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);

const partRows = [];
for (const run of citizenRuns) {
  for (const part of ["tune", "aside", "all"]) {
    const items = run.items.filter((it) => part === "all" || it.q.part === part);
    partRows.push({ catalog: run.catalog.label, part, ...scoreCitizen(items) });
  }
}
const partLabel = { tune: "tuned", aside: "set aside", all: "both parts" };
const citizenTable = [
  "| catalog | part | queries (not in catalog) | success@1 | success@5 | MRR | right answer and verdict | not-here recall | not-here precision | in-catalog answered as found |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...partRows.map(
    (r) =>
      `| ${r.catalog} | ${partLabel[r.part]} | ${r.n} (${r.ooc}) | ${f3(r.s1)} | ${f3(r.s5)} | ${f3(r.mrr)} | ${f3(r.strict1)} | ${f3(r.recall)} | ${f3(r.precision)} | ${f3(r.inFound)} |`,
  ),
].join("\n");

function breakdown(key) {
  const values = [...new Set(citizen.map((q) => q[key]))];
  const header = `| ${key} | ${citizenRuns.map((r) => `${r.catalog.label}: n, s@1, s@5`).join(" | ")} |`;
  const rows = values.map((v) => {
    const cells = citizenRuns.map((r) => {
      const s = scoreCitizen(r.items.filter((it) => it.q[key] === v));
      return s.n ? `${s.n}, ${f3(s.s1)}, ${f3(s.s5)}` : "–";
    });
    return `| ${v} | ${cells.join(" | ")} |`;
  });
  return [header, `|---|${citizenRuns.map(() => "---").join("|")}|`, ...rows].join("\n");
}

const missLines = [];
for (const run of citizenRuns) {
  for (const it of run.items.filter((x) => x.q.part === "tune" && isMiss(x))) {
    const top = it.answer.hits
      .slice(0, 3)
      .map((h, i) => `${h[0]} ${(it.answer.names[i] || "").slice(0, 60)}`)
      .join(" | ");
    const want = it.relevant.length ? it.relevant.join(",") : "not here";
    missLines.push(`- ${run.catalog.key}: \`${it.q.query}\` (${it.q.kind}) wants ${want}; verdict ${it.answer.verdict}; got ${top || "nothing"}`);
  }
}

// Peers on the original set, national crawl.
const peers = withPeers
  ? [
      bestOf("MiniSearch 7.2.0", miniSearchConfigs(docs), queries),
      bestOf("Fuse.js 7.5.0", fuseConfigs(folded), queries),
      bestOf("FlexSearch 0.8.212", flexConfigs(folded), queries),
    ]
  : [];

const rows = [
  { name: "motcua (native CLI)", label: "default", ...motcua },
  ...peers.map((p) => ({ name: p.name, ...p.best })),
];
const table = [
  "| engine | best configuration | success@1 | success@5 | MRR | p50 latency | p95 latency |",
  "|---|---|---:|---:|---:|---:|---:|",
  ...rows.map((r) => `| ${r.name} | ${r.label} | ${f3(r.s1)} | ${f3(r.s5)} | ${f3(r.mrr)} | ${f1(r.p50)} | ${f1(r.p95)} |`),
].join("\n");

const kinds = [...new Set(queries.map((q) => q.kind))];
const kindTable = [
  `| kind (n) | ${rows.map((r) => r.name).join(" | ")} |`,
  `|---|${rows.map(() => "---:").join("|")}|`,
  ...kinds.map((k) => {
    const n = motcua.byKind[k].n;
    return `| ${k} (${n}) | ${rows.map((r) => f3(r.byKind[k].at5 / n)).join(" | ")} |`;
  }),
].join("\n");

const configTables = peers
  .map(
    (p) =>
      `### ${p.name}\n\n| configuration | success@1 | success@5 | MRR | p50 | p95 |\n|---|---:|---:|---:|---:|---:|\n` +
      p.all.map((c) => `| ${c.label} | ${f3(c.s1)} | ${f3(c.s5)} | ${f3(c.mrr)} | ${f1(c.p50)} | ${f1(c.p95)} |`).join("\n"),
  )
  .join("\n\n");

const rel = (p) => p.replace(root + "/", "");
const report = `# Search quality

Generated by \`node bench/search/report.mjs\`${withPeers ? "" : " --no-peers"} on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.

success@k: share of queries with a relevant procedure in the first k results; MRR over the first ${LIMIT}. A hit that
merges duplicate procedures (same name, other codes) counts with all its codes.

## Citizen queries, both catalogs

Queries: \`${rel(citizenPath)}\` (${citizen.length} citizen queries, ${citizen.filter((q) => q.part === "aside").length} set aside by the split rule in \`bench/search/README.md\`).
Catalogs: ${citizenRuns.map((r) => `${r.catalog.label} \`${rel(r.catalog.path)}\` (${r.procedures} procedures)`).join("; ")}.

A query whose need the catalog does not cover succeeds (at 1 and at 5) when motcua's verdict is "not here"
(\`partial\` or \`nothing\`). "Right answer and verdict": the first hit is relevant and the verdict says found, or
the need is not in the catalog and the verdict says so. Not-here recall: share of out-of-catalog queries answered "not
here"; precision: share of "not here" answers that were right; the last column: share of in-catalog queries answered
"found".

${citizenTable}

### By kind of query (both parts)

${breakdown("kind")}

### By focus (both parts)

${breakdown("focus")}

${missLines.length ? `### Misses at 1 in the tuned part (the set-aside part's are not listed)\n\n${missLines.join("\n")}\n` : ""}
## Original queries, national crawl${withPeers ? ", motcua against MiniSearch, Fuse.js and FlexSearch" : ""}

Catalog: \`${catalogPath}\` (${docs.length} procedures). Queries: \`${rel(queriesPath)}\` (${queries.length} labelled queries).
Latency: in-process search time per query after a warm-up (motcua reports its own; peers timed with performance.now()). The machine is shared (2 cores), so absolute figures vary between runs; engines are measured in the same run.
${withPeers ? "" : "\nPeers skipped (--no-peers).\n"}
${table}

### success@5 by kind of query

${kindTable}
${withPeers ? `\n## Every configuration tried\n\n${configTables}\n` : ""}`;

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, report);
console.log(citizenTable);
console.log();
console.log(table);
if (printMisses) console.log("\n" + missLines.join("\n"));
console.log(`\nwritten to ${outPath}`);
