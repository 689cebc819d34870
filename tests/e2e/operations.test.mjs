// Operations against the real Worker (workerd via wrangler dev, local KV and D1): the Cron
// refresh from a loopback feed (down, garbage, changed, unchanged, shrunk, withdrawn), health,
// the search index's encodings (the brotli `motcua publish` stored, sent as it is; torn or
// missing, the runtime's), a Worker whose KV holds no catalog, D1 failing (a table renamed away
// under the running Worker, then back), and the request log holding no personal data.
// Each fault ends in a right answer or a clear 503 problem+json, and nothing published or
// stored is lost.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWorker, ROOT, WRANGLER_ENV } from "./harness.mjs";
import { startFeed } from "./feed-server.mjs";
import { api, event, newCode, receivedEvent } from "./dossiers-support.mjs";

const MOTCUA = join(ROOT, "target/native/motcua");
const CRAWL = join(ROOT, process.env.SHARED_DATA || "../shared/data", "tthc-national-6-ministries.jsonl");
const SAMPLE = join(ROOT, "data/sample-catalog.json");
const PROBLEM = /^application\/problem\+json/;
const RETIRED_SECRET = "retired-ingest-secret-during-rotation";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

const work = mkdtempSync(join(tmpdir(), "motcua-ops-"));
/** An artefact imported by our CLI from the first `lines` lines of the national crawl. */
function importCrawl(name, lines) {
  const input = join(work, `${name}.jsonl`);
  const text = readFileSync(CRAWL, "utf8").split("\n").filter(Boolean);
  writeFileSync(input, text.slice(0, lines).join("\n") + "\n");
  const out = join(work, `${name}.json`);
  run(MOTCUA, ["import", "--from", "crawl", input, "-o", out, "--catalog-version", name,
    "--generated-at", "2026-11-01T00:00:00Z"]);
  return readFileSync(out, "utf8");
}

/**
 * A GET, retried once when a pooled keep-alive connection was closed by the dev proxy while
 * idle (as after a CLI run of many seconds).
 */
function get(url) {
  return fetch(url).catch((e) => {
    if (e instanceof TypeError && e.message === "fetch failed") return fetch(url);
    throw e;
  });
}

/** Runs the Cron handler once (wrangler dev --test-scheduled) and returns the health after. */
async function refresh(worker) {
  const res = await get(`${worker.url}/__scheduled?cron=${encodeURIComponent("23 */6 * * *")}`);
  assert.equal(res.status, 200, await res.text());
  return health(worker);
}

async function health(worker) {
  const res = await get(`${worker.url}/v1/health`);
  const body = await res.json();
  return { status: res.status, type: res.headers.get("content-type"), body, health: res.status === 200 ? body : body.health };
}

async function getJson(worker, path) {
  const res = await get(`${worker.url}${path}`);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json().catch(() => null) };
}

/** The catalog's local KV under a running Worker, through wrangler. */
function kv(worker, args) {
  return run("npx", ["wrangler", "kv", ...args, "--binding", "CATALOG", "--local", "--persist-to", worker.state]);
}

/** A binary value as published (base64 text in KV). */
function kvBytes(worker, key) {
  return Buffer.from(kv(worker, ["key", "get", key, "--text"]).trim(), "base64");
}

function kvPutBytes(worker, key, bytes) {
  const file = join(work, "value.txt");
  writeFileSync(file, bytes.toString("base64"));
  kv(worker, ["key", "put", key, "--path", file]);
}

/**
 * `GET /v1/catalog/index` from a client sending `accept` as its Accept-Encoding (none when
 * undefined), with the body as sent: node:http decodes nothing. A connection of its own each
 * time (a pooled one may have been closed by the dev proxy while a CLI ran).
 */
function indexAnswer(worker, accept, extra = {}) {
  const headers = { ...extra, ...(accept === undefined ? {} : { "Accept-Encoding": accept }) };
  return new Promise((resolve, reject) => {
    request(`${worker.url}/v1/catalog/index`, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    }).on("error", reject).end();
  });
}

/** The index an answer carries, decoded as its Content-Encoding says. */
function decoded(answer) {
  const coding = answer.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(answer.body);
  if (coding === "gzip") return gunzipSync(answer.body);
  assert.equal(coding, undefined, "an encoding the client accepted");
  return answer.body;
}

/** Waits (up to 5 s: the dev server's output arrives after the answer) for the Worker to log `pattern`. */
async function logged(worker, pattern) {
  for (const deadline = Date.now() + 5000; !pattern.test(worker.logs()) && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(worker.logs(), pattern);
}

/** The headers every 200 of the index route has, whatever its encoding. */
function assertIndexHeaders(answer, version) {
  assert.equal(answer.status, 200);
  assert.equal(answer.headers["content-type"], "application/vnd.motcua.search-index");
  assert.equal(answer.headers.etag, `"${version}"`);
  assert.match(answer.headers.vary, /Accept-Encoding/);
  assert.equal(answer.headers["cache-control"], "public, max-age=300, stale-while-revalidate=86400");
}

after(() => rmSync(work, { recursive: true, force: true }));

describe("Cron refresh of a live catalog", () => {
  let worker, feed, national, shrunk;

  before(async () => {
    national = importCrawl("feed-national", 1e9);
    shrunk = importCrawl("feed-shrunk", 1000);
    feed = await startFeed();
    worker = await startWorker({
      vars: { CATALOG_FEED_URL: feed.url, INGEST_SECRET_PREVIOUS: RETIRED_SECRET },
      args: ["--test-scheduled"],
    });
  });
  after(async () => { await worker?.stop(); await feed?.stop(); });

  test("INGEST_SECRET rotation: the current and the previous secret are both accepted, no other", async () => {
    const client = api(worker);
    const code = newCode();
    assert.equal((await client.post([receivedEvent(code, 30)])).status, 200);
    const byRetired = await client.post([event(code, 4, 5)], { secret: RETIRED_SECRET });
    assert.equal(byRetired.status, 200, JSON.stringify(byRetired.body));
    assert.deepEqual(byRetired.body, { accepted: 1, duplicates: 0, stale: 0 });
    const forged = await client.post([event(code, 5, 1)], { secret: "not-a-secret-we-know" });
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get("content-type"), PROBLEM);
    assert.equal((await client.lookup(code)).body.status.code, 4, "the forged batch stored nothing");
    assert.ok(worker.logs().includes('{"event":"ingest_previous_secret"}'));
  });

  test("health reports the seeded catalog and no refresh yet", async () => {
    const h = await health(worker);
    assert.equal(h.status, 200);
    assert.equal(h.body.status, "ok");
    assert.equal(h.body.catalog.version, "sample-gia-lai");
    assert.equal(h.body.catalog.layout, "sharded");
    assert.ok(h.body.catalog.age_seconds >= 0);
    assert.equal(h.body.last_refresh, null);
  });

  test("the index: the brotli `motcua publish` stored to clients accepting br, as it is; gzip or none to others", async () => {
    const identity = await indexAnswer(worker, "identity");
    assertIndexHeaders(identity, "sample-gia-lai");
    assert.equal(identity.headers["content-encoding"], undefined);
    assert.ok(identity.body.equals(kvBytes(worker, "catalog/sample-gia-lai/index")), "the index as published");
    const published = kvBytes(worker, "catalog/sample-gia-lai/index.br");
    for (const accept of ["br", "gzip, deflate, br, zstd"]) {
      const br = await indexAnswer(worker, accept);
      assertIndexHeaders(br, "sample-gia-lai");
      assert.equal(br.headers["content-encoding"], "br", accept);
      assert.equal(Number(br.headers["content-length"]), published.length);
      assert.ok(br.body.equals(published), "the published bytes, not compressed again");
      assert.ok(brotliDecompressSync(br.body).equals(identity.body), "decodes to the index");
    }
    for (const accept of ["gzip", "br;q=0, gzip"]) {
      const gzip = await indexAnswer(worker, accept);
      assertIndexHeaders(gzip, "sample-gia-lai");
      assert.equal(gzip.headers["content-encoding"], "gzip", accept);
      assert.ok(gunzipSync(gzip.body).equals(identity.body));
    }
    const plain = await indexAnswer(worker);
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.ok(plain.body.equals(identity.body));
    const notModified = await indexAnswer(worker, "br", { "If-None-Match": '"sample-gia-lai"' });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);
    const gzipped = await indexAnswer(worker, "gzip");
    console.log(`sample index: ${identity.body.length} bytes, gzip (runtime) ${gzipped.body.length}, brotli 11 (published) ${published.length}`);
  });

  test("feed down (HTTP 503, then a reset connection): the live catalog keeps being served", async () => {
    for (const mode of ["error", "reset"]) {
      feed.fail(mode);
      const h = await refresh(worker);
      assert.equal(h.status, 200);
      assert.equal(h.health.last_refresh.outcome, "feed_error", JSON.stringify(h.health.last_refresh));
      assert.equal(h.health.last_refresh.ok, false);
      assert.equal(h.health.catalog.version, "sample-gia-lai");
    }
    assert.equal((await getJson(worker, "/v1/procedures/1.001193")).status, 200);
  });

  test("feed garbage (not JSON; JSON with a wrong hash): refused, nothing switched", async () => {
    for (const body of ["<html>maintenance</html>", national.replace(/"content_hash":"[0-9a-f]/, '"content_hash":"x')]) {
      feed.serve(body);
      const h = await refresh(worker);
      assert.equal(h.health.last_refresh.outcome, "refused", JSON.stringify(h.health.last_refresh));
      assert.equal(h.health.catalog.version, "sample-gia-lai");
    }
    assert.match((await health(worker)).health.last_refresh.detail, /hash mismatch/);
  });

  test("feed changed: the new catalog is written, read back and goes live", async () => {
    feed.serve(national);
    const h = await refresh(worker);
    const r = h.health.last_refresh;
    assert.equal(r.outcome, "published", JSON.stringify(r));
    assert.equal(r.live_version, "feed-national");
    assert.equal(h.health.catalog.version, "feed-national");
    assert.equal(h.health.catalog.procedures, 2642);
    const meta = await getJson(worker, "/v1/catalog");
    assert.equal(meta.body.version, "feed-national");
    assert.ok(meta.body.layout.shards.length > 1);
    const search = await getJson(worker, "/v1/procedures?q=khai%20sinh&limit=3");
    assert.equal(search.body.catalog_version, "feed-national");
    const code = search.body.results[0].code;
    const detail = await getJson(worker, `/v1/procedures/${encodeURIComponent(code)}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.code, code);
    // The Cron has no brotli encoder: its version has no precompressed index, and br is the
    // runtime's, as before.
    assert.equal(meta.body.layout.index_br, undefined);
    const br = await indexAnswer(worker, "br");
    assertIndexHeaders(br, "feed-national");
    assert.equal(br.headers["content-encoding"], "br");
    assert.ok(decoded(br).equals((await indexAnswer(worker)).body));
    // The run's own log line: its KV operations and the Worker's memory.
    const line = worker.logs().split("\n").filter((l) => l.includes('"event":"catalog_refresh"')).pop();
    const logged = JSON.parse(line.slice(line.indexOf("{")));
    assert.equal(logged.outcome, "published");
    assert.ok(logged.kv_ops < 1000, line);
    console.log(`published run: ${logged.kv_ops} KV operations, ${logged.duration_ms} ms, wasm memory ${logged.wasm_memory_start_bytes} → ${logged.wasm_memory_bytes} bytes`);
  });

  test("feed unchanged: 304 to the conditional request, or the same content again", async () => {
    const before = feed.requests.length;
    let h = await refresh(worker);
    assert.equal(h.health.last_refresh.outcome, "not_modified");
    assert.equal(feed.requests[before].ifNoneMatch, feed.etag());
    assert.ok(feed.requests[before].ifModifiedSince);
    feed.serve(national, "ignore_validators");
    h = await refresh(worker);
    assert.equal(h.health.last_refresh.outcome, "unchanged");
    assert.equal(h.health.catalog.version, "feed-national");
  });

  test("feed shrunk by more than 10 %: refused without --force", async () => {
    feed.serve(shrunk);
    const h = await refresh(worker);
    assert.equal(h.health.last_refresh.outcome, "refused");
    assert.match(h.health.last_refresh.detail, /shrunk.*1000 procedures against 2642/);
    assert.equal(h.health.catalog.version, "feed-national");
  });

  test("rollback with the CLI; the Cron does not bring the withdrawn content back", async () => {
    const listed = run(MOTCUA, ["versions", "--local", "--persist-to", worker.state]);
    assert.match(listed, /\* feed-national .* cron .* 2642/);
    assert.match(listed, /sample-gia-lai .* cli .* 2169/);
    run(MOTCUA, ["rollback", "--local", "--persist-to", worker.state]);
    // The feed serves the last accepted content (national) again: 304, and the rollback stands.
    feed.serve(national);
    let h = await refresh(worker);
    assert.equal(h.health.last_refresh.outcome, "not_modified");
    assert.equal(h.health.catalog.version, "sample-gia-lai");
    // The feed sends the withdrawn content again in full: refused.
    feed.serve(national, "ignore_validators");
    h = await refresh(worker);
    assert.equal(h.health.last_refresh.outcome, "refused");
    assert.match(h.health.last_refresh.detail, /withdrawn/);
    assert.equal(h.health.catalog.version, "sample-gia-lai");
    assert.equal((await getJson(worker, "/v1/procedures?q=khai%20sinh")).body.catalog_version, "sample-gia-lai");
    // Back on the CLI's version: its precompressed index again (read back whole by the rollback).
    const br = await indexAnswer(worker, "br");
    assertIndexHeaders(br, "sample-gia-lai");
    assert.ok(br.body.equals(kvBytes(worker, "catalog/sample-gia-lai/index.br")));
  });
});

describe("a precompressed index that is torn or missing", () => {
  let worker, feed;
  const key = "catalog/sample-gia-lai/index.br";

  before(async () => {
    // The feed stays down: each Cron run only makes this isolate load the version afresh.
    feed = await startFeed();
    worker = await startWorker({ vars: { CATALOG_FEED_URL: feed.url }, args: ["--test-scheduled"] });
  });
  after(async () => { await worker?.stop(); await feed?.stop(); });

  test("the route answers with the runtime's brotli and logs why; restored, the value is sent again", async () => {
    const published = kvBytes(worker, key);
    const index = (await indexAnswer(worker)).body;
    // Torn (half of it) before the route first read it.
    kvPutBytes(worker, key, published.subarray(0, published.length >> 1));
    let br = await indexAnswer(worker, "br");
    assertIndexHeaders(br, "sample-gia-lai");
    assert.ok(decoded(br).equals(index));
    assert.ok(!br.body.equals(published));
    await logged(worker, /catalog\/sample-gia-lai\/index\.br does not match its digest/);

    kv(worker, ["key", "delete", key]);
    await refresh(worker);
    br = await indexAnswer(worker, "br");
    assertIndexHeaders(br, "sample-gia-lai");
    assert.ok(decoded(br).equals(index));
    await logged(worker, /catalog\/sample-gia-lai\/index\.br is missing/);

    kvPutBytes(worker, key, published);
    await refresh(worker);
    br = await indexAnswer(worker, "br");
    assert.equal(br.headers["content-encoding"], "br");
    assert.ok(br.body.equals(published));
  });
});

describe("a Worker whose KV holds no catalog", () => {
  let worker, feed;
  before(async () => {
    feed = await startFeed();
    worker = await startWorker({ seed: false, vars: { CATALOG_FEED_URL: feed.url }, args: ["--test-scheduled"] });
  });
  after(async () => { await worker?.stop(); await feed?.stop(); });

  test("health is degraded (503 problem+json) and catalog routes are clear 503s", async () => {
    const h = await health(worker);
    assert.equal(h.status, 503);
    assert.match(h.type, PROBLEM);
    assert.equal(h.body.status, 503);
    assert.ok(h.body.detail && h.body.detail_en);
    assert.equal(h.health.status, "degraded");
    assert.deepEqual(h.health.reasons, ["no_catalog"]);
    for (const path of ["/v1/procedures?q=khai%20sinh", "/v1/procedures/1.001193", "/v1/facets", "/v1/catalog", "/v1/catalog/index"]) {
      const res = await getJson(worker, path);
      assert.equal(res.status, 503, path);
      assert.match(res.type, PROBLEM, path);
      assert.ok(res.body.detail && res.body.detail_en, path);
    }
  });

  test("the first Cron refresh publishes and the Worker becomes healthy", async () => {
    feed.serve(readFileSync(SAMPLE, "utf8"));
    const h = await refresh(worker);
    assert.equal(h.status, 200);
    assert.equal(h.body.status, "ok");
    assert.equal(h.body.catalog.version, "sample-gia-lai");
    assert.equal(h.body.last_refresh.outcome, "published");
    const detail = await getJson(worker, "/v1/procedures/1.001193");
    assert.equal(detail.status, 200, JSON.stringify(detail.body));
    assert.equal((await getJson(worker, "/v1/procedures?q=khai%20sinh")).status, 200);
  });

  test("a version in the legacy layout (one key per procedure) is served, listed and rolled back to", async () => {
    // What a publish before the sharded layout left: meta without `layout`, the index, a key
    // per procedure. Written with wrangler, as the old `motcua publish` did.
    const artefact = JSON.parse(readFileSync(SAMPLE, "utf8"));
    const index = kv(worker, ["key", "get", "catalog/sample-gia-lai/index", "--text"]).trim();
    const meta = { format_version: 1, version: "sample-legacy", hash: "0".repeat(64), generated_at: artefact.generated_at, counts: artefact.counts };
    const entries = [
      { key: "catalog/sample-legacy/meta", value: JSON.stringify(meta) },
      { key: "catalog/sample-legacy/index", value: index },
      ...artefact.procedures.map((p) => ({ key: `catalog/sample-legacy/procedures/${p.code}`, value: JSON.stringify(p) })),
    ];
    writeFileSync(join(work, "legacy.json"), JSON.stringify(entries));
    kv(worker, ["bulk", "put", join(work, "legacy.json")]);
    kv(worker, ["key", "put", "catalog/current", "sample-legacy"]);
    // A Cron run (the feed unchanged: 304) makes this isolate read the pointer again.
    let h = await refresh(worker);
    assert.equal(h.body.catalog.version, "sample-legacy");
    assert.equal(h.body.catalog.layout, "legacy");
    const detail = await getJson(worker, "/v1/procedures/1.001193");
    assert.equal(detail.status, 200);
    assert.deepEqual(detail.body, artefact.procedures.find((p) => p.code === "1.001193"));
    assert.equal((await getJson(worker, "/v1/procedures?q=khai%20sinh")).body.catalog_version, "sample-legacy");
    assert.match(run(MOTCUA, ["versions", "--local", "--persist-to", worker.state]), /\* sample-legacy .* adopted .* legacy/);
    // Adopted without a publication time, it counts as the oldest: nothing is "earlier".
    assert.throws(() => run(MOTCUA, ["rollback", "--local", "--persist-to", worker.state]), /no earlier version/);
    // By name to the sharded version (read back against its digests), then back to the legacy
    // one (read back by its meta, its index and its number of procedure keys).
    run(MOTCUA, ["rollback", "sample-gia-lai", "--local", "--persist-to", worker.state]);
    h = await refresh(worker);
    assert.equal(h.body.catalog.version, "sample-gia-lai");
    run(MOTCUA, ["rollback", "sample-legacy", "--local", "--persist-to", worker.state]);
    h = await refresh(worker);
    assert.equal(h.body.catalog.version, "sample-legacy");

    // A version whose index this build cannot read (format 2 wrote it as JSON): once live (the
    // CLI adopts it), then left. Rolling back to it is refused: switched live, every catalog
    // route would answer 503.
    writeFileSync(join(work, "format2.json"), JSON.stringify([
      { key: "catalog/sample-format2/meta", value: JSON.stringify({ ...meta, version: "sample-format2" }) },
      { key: "catalog/sample-format2/index", value: JSON.stringify({ format: 2, version: "sample-format2", procedures: [] }) },
    ]));
    kv(worker, ["bulk", "put", join(work, "format2.json")]);
    kv(worker, ["key", "put", "catalog/current", "sample-format2"]);
    run(MOTCUA, ["rollback", "sample-legacy", "--local", "--persist-to", worker.state]);
    assert.match(run(MOTCUA, ["versions", "--local", "--persist-to", worker.state]), /sample-format2/);
    assert.throws(() => run(MOTCUA, ["rollback", "sample-format2", "--local", "--persist-to", worker.state]),
      /cannot be served by this build/);
    h = await refresh(worker);
    assert.equal(h.body.catalog.version, "sample-legacy");
    assert.equal((await getJson(worker, "/v1/procedures?q=khai%20sinh")).status, 200);
  });
});

describe("D1 failing under a running Worker, and the request log", () => {
  let worker, client;
  const d1 = (sql) => run("npx", ["wrangler", "d1", "execute", "motcua", "--local", "--persist-to", worker.state, "--command", sql]);

  before(async () => {
    worker = await startWorker();
    client = api(worker);
  });
  after(async () => { await worker?.stop(); });

  test("lookups and ingestion answer 503 problem+json while the table is gone; nothing is lost", async () => {
    const code = newCode();
    assert.equal((await client.post([receivedEvent(code, 30), event(code, 4, 5)])).status, 200);
    const before = await client.lookup(code);
    assert.equal(before.status, 200);
    d1("ALTER TABLE dossiers RENAME TO dossiers_offline");
    try {
      const lookup = await client.lookup(code);
      assert.equal(lookup.status, 503, JSON.stringify(lookup.body));
      assert.match(lookup.headers.get("content-type"), PROBLEM);
      const ingest = await client.post([event(code, 5, 1)]);
      assert.equal(ingest.status, 503, JSON.stringify(ingest.body));
      // The catalog does not depend on D1.
      assert.equal((await getJson(worker, "/v1/procedures?q=khai%20sinh")).status, 200);
      assert.equal((await health(worker)).status, 200);
    } finally {
      d1("ALTER TABLE dossiers_offline RENAME TO dossiers");
    }
    const after = await client.lookup(code);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.timeline, before.body.timeline, "the refused batch stored nothing");
  });

  test("one JSON line per request, with the route pattern and no personal data", async () => {
    const code = newCode();
    const name = "Trần Thị Bích Ngọc";
    const note = "Giao tại số 17 ngõ 93 phố Hàng Bạc";
    const digits = "7319";
    const query = "làm căn cước cho con gái";
    assert.equal((await client.post([receivedEvent(code, 30, { name, phoneLast4: digits }), event(code, 4, 2, { note })])).status, 200);
    assert.equal((await client.lookup(code, { verify: digits })).body.verification, "verified");
    await client.lookup(code, { verify: "0000" });
    await getJson(worker, `/v1/procedures?q=${encodeURIComponent(query)}`);
    await getJson(worker, `/v1/dossiers/${encodeURIComponent(code)}x`);
    await new Promise((r) => setTimeout(r, 500));
    // What the Worker printed (console.*), not the dev server's own access lines.
    const lines = worker.logs().split("\n").filter((l) => l.trim() && !l.startsWith("[wrangler:"));
    const requests = lines.filter((l) => l.includes('"event":"request"')).map((l) => JSON.parse(l.slice(l.indexOf("{"))));
    assert.ok(requests.length >= 5, lines.join("\n"));
    const keys = ["event", "request_id", "method", "route", "status", "duration_ms", "catalog_version"];
    for (const r of requests) assert.deepEqual(Object.keys(r), keys);
    const routes = new Set(requests.map((r) => r.route));
    assert.ok(routes.has("v1/dossiers/{code}") && routes.has("v1/procedures") && routes.has("v1/dossiers/events"), [...routes].join(" "));
    const text = lines.join("\n");
    const sequence = code.split("-").slice(1).join("-");
    const secrets = [code, sequence, name, "Bích Ngọc", "Bich Ngoc", note, "Hàng Bạc", query, encodeURIComponent(query),
      "căn cước", `verify=${digits}`, `"${digits}"`];
    for (const s of secrets) assert.ok(!text.includes(s), `the Worker's log holds ${JSON.stringify(s)}`);
  });
});
