// Pull-through from the one-stop system: a Worker whose UPSTREAM_STATUS_URL points at a real
// HTTP server on loopback (tests/e2e/upstream-server.mjs). Freshness is 2 s here, so "an old
// record" is one left alone for 3 s.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker } from "./harness.mjs";
import { startUpstream } from "./upstream-server.mjs";
import { api, event, newCode, receivedEvent } from "./dossiers-support.mjs";

const FRESH_SECONDS = 2;
let worker, upstream, client;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  upstream = await startUpstream();
  worker = await startWorker({
    vars: { UPSTREAM_STATUS_URL: upstream.template, UPSTREAM_FRESH_SECONDS: String(FRESH_SECONDS) },
  });
  client = api(worker);
});

after(async () => {
  await worker?.stop();
  await upstream?.stop();
});

test("a miss is pulled from upstream, stored, served, and then served from D1 while fresh", async () => {
  const code = newCode();
  const pulled = [receivedEvent(code, 50), event(code, 4, 30)];
  upstream.set(code, { events: pulled });
  // Verifying on the pulled miss: the attempt counted before the pull is checked after it.
  const first = await client.lookup(code, { verify: "4321" });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.status.code, 4);
  assert.equal(first.body.verification, "verified");
  assert.deepEqual(first.body.timeline.map((e) => e.status), [2, 4]);
  assert.deepEqual(first.body.stale, { stale: false, age_seconds: 0 });
  assert.equal(upstream.hits(code), 1);
  // Stored: a fresh record is not fetched again, and the phone verifier came along.
  const second = await client.lookup(code, { verify: "4321" });
  assert.equal(second.body.verification, "verified");
  assert.equal(upstream.hits(code), 1);
  // Pulled events are ordinary events: a signed delivery of the same events is a duplicate.
  const res = await client.post(pulled);
  assert.deepEqual(res.body, { accepted: 0, duplicates: 2, stale: 0 });
});

test("an old record is refreshed from upstream: a newer status arrives, history kept", async () => {
  const code = newCode();
  const events = [receivedEvent(code, 50), event(code, 4, 30)];
  assert.equal((await client.post(events)).status, 200);
  assert.equal((await client.lookup(code)).body.status.code, 4);
  assert.equal(upstream.hits(code), 0, "fresh: not asked");
  await sleep((FRESH_SECONDS + 1) * 1000);
  upstream.set(code, { events: [...events, event(code, 9, 1)] });
  const refreshed = await client.lookup(code, { verify: "4321" });
  assert.equal(refreshed.status, 200);
  assert.equal(upstream.hits(code), 1);
  assert.equal(refreshed.body.status.code, 9);
  assert.equal(refreshed.body.verification, "verified");
  assert.deepEqual(refreshed.body.timeline.map((e) => e.status), [2, 4, 9]);
  assert.equal(refreshed.body.stale.stale, false);
});

for (const mode of ["error", "reset"]) {
  test(`upstream down (${mode}): the last known state is served marked stale`, async () => {
    const code = newCode();
    assert.equal((await client.post([receivedEvent(code, 50), event(code, 4, 30)])).status, 200);
    upstream.set(code, { mode });
    await sleep((FRESH_SECONDS + 1) * 1000);
    const res = await client.lookup(code);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(upstream.hits(code), 1);
    assert.equal(res.body.status.code, 4);
    assert.equal(res.body.stale.stale, true);
    assert.ok(res.body.stale.age_seconds >= FRESH_SECONDS, JSON.stringify(res.body.stale));
  });
}

test("upstream timeout: the lookup answers stale within about 2 s instead of waiting", async () => {
  const code = newCode();
  assert.equal((await client.post([receivedEvent(code, 50)])).status, 200);
  upstream.set(code, { mode: "hang" });
  await sleep((FRESH_SECONDS + 1) * 1000);
  const t0 = performance.now();
  const res = await client.lookup(code);
  const elapsed = performance.now() - t0;
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.stale.stale, true);
  assert.ok(elapsed >= 1900 && elapsed < 4500, `answered after ${elapsed.toFixed(0)} ms`);
});

test("a miss with upstream down is 503 (existence unknown); a miss upstream does not know is 404", async () => {
  for (const mode of ["error", "reset", "hang"]) {
    const code = newCode();
    upstream.set(code, { mode });
    const res = await client.lookup(code);
    assert.equal(res.status, 503, `${mode}: ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
    assert.ok(res.body.detail && res.body.detail_en);
  }
  const unknown = newCode();
  const res = await client.lookup(unknown);
  assert.equal(res.status, 404);
  assert.equal(upstream.hits(unknown), 1);
  // Upstream answers with events of other dossiers only: ignored, still 404, nothing stored.
  const asked = newCode();
  const other = newCode();
  upstream.set(asked, { events: [receivedEvent(other, 5)] });
  assert.equal((await client.lookup(asked)).status, 404);
  upstream.set(other, { mode: "not_found" });
  assert.equal((await client.lookup(other)).status, 404);
});

test("an invalid upstream answer is treated as upstream down, never stored", async () => {
  const code = newCode();
  assert.equal((await client.post([receivedEvent(code, 50)])).status, 200);
  await sleep((FRESH_SECONDS + 1) * 1000);
  upstream.set(code, { events: [event(code, 42, 1)] });
  const res = await client.lookup(code);
  assert.equal(res.status, 200);
  assert.equal(res.body.status.code, 2);
  assert.equal(res.body.stale.stale, true);
});
