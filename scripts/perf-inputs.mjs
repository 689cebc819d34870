// Writes the wrk Lua scripts of scripts/perf.sh into WORK: one per endpoint, each rotating over
// real inputs and stopping its thread after its share of MAX requests (the run's count bound).
//   node scripts/perf-inputs.mjs WORK CATALOG CODES_JSON QUERIES_JSONL MAX THREADS
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [work, catalogPath, codesPath, queriesPath, max, threads] = process.argv.slice(2);
const perThread = Math.ceil(Number(max) / Number(threads));

const dossiers = JSON.parse(readFileSync(codesPath, "utf8"))[0].results.map((r) => r.code);
if (dossiers.length === 0) throw new Error("perf: no seeded dossiers");
const procedures = JSON.parse(readFileSync(catalogPath, "utf8")).procedures.map((p) => p.code);
const spread = procedures.filter((_, i) => i % Math.max(1, Math.floor(procedures.length / 64)) === 0).slice(0, 64);
const queries = readFileSync(queriesPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l).query);

// Each thread numbers its requests from its own offset (wrk threads have separate Lua states).
const common = `
local counter = 0
function setup(thread) counter = counter + 1; thread:set("id", counter) end
local done = 0
function response(status, headers, body)
  done = done + 1
  if done >= ${perThread} then wrk.thread:stop() end
end
`;

/** `headers`: sent with every request, as a Lua table (e.g. `{["Accept-Encoding"] = "br"}`). */
function rotating(name, paths, headers = "nil") {
  const list = paths.map((p) => `  ${JSON.stringify(p)},`).join("\n");
  writeFileSync(join(work, `${name}.lua`), `local paths = {\n${list}\n}
local i = 0
${common}
function request()
  i = i + 1
  return wrk.format("GET", paths[((i + (id or 0) * 7) % #paths) + 1], ${headers})
end
`);
}

const q = (text) => encodeURIComponent(text);
rotating("health", ["/v1/health"]);
// As the widget asks for it: the Worker negotiates on the client's own Accept-Encoding, and a
// request without one gets the index uncompressed.
rotating("index", ["/v1/catalog/index"], '{["Accept-Encoding"] = "gzip, deflate, br, zstd"}');
rotating("lookup", dossiers.map((c) => `/v1/dossiers/${c}`));
rotating("detail", spread.map((c) => `/v1/procedures/${q(c)}`));
// Citizens' queries repeat: 64 labelled ones, as the API is asked (limit 10, facets).
rotating("search", queries.slice(0, 64).map((t) => `/v1/procedures?q=${q(t)}&limit=10`));
// Every request a query not asked before in the run: the same 172 texts with a page size and
// cursor that vary, so each is ranked, counted and serialised (no answer cache hit).
const list = queries.map((t) => `  ${JSON.stringify(`/v1/procedures?q=${q(t)}`)},`).join("\n");
writeFileSync(join(work, "search-distinct.lua"), `local texts = {\n${list}\n}
local i = 0
${common}
function request()
  i = i + 1
  local n = i + (id or 0) * 1000003
  local text = texts[(n % #texts) + 1]
  local limit = (math.floor(n / #texts) % 50) + 1
  local cursor = math.floor(n / (#texts * 50)) % 200
  return wrk.format("GET", text .. "&limit=" .. limit .. "&cursor=" .. cursor)
end
`);
