// Dossier status at the edge, end to end: signed ingestion and citizen lookups against the real
// Worker in workerd with local D1 (seeded like `make dev`). Each test owns its dossiers (created
// through the signed endpoint) and its client address (its own rate-limit bucket).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWorker, ROOT, WRANGLER_ENV } from "./harness.mjs";
import {
  api, clientIp, devVar, event, newCode, nowSeconds, rawPost, receivedEvent, signature, signedHeaders, vnTime,
} from "./dossiers-support.mjs";

let worker, client;

before(async () => {
  worker = await startWorker();
  client = api(worker);
});

after(async () => {
  await worker?.stop();
});

function assertProblem(res, status) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.ok(res.body.detail?.length > 0, "detail (vi)");
  assert.ok(res.body.detail_en?.length > 0, "detail_en");
}

// wrangler dev's local proxy (not the Worker) answers the first POST after a client abandoned
// an upload with a bare 503 "Your worker restarted mid-request" (it retries only GET/HEAD).
// This sends that one throwaway POST; the real Cloudflare front end has no such proxy.
async function settleAfterAbortedUpload() {
  for (let i = 0; i < 3; i += 1) {
    const res = await fetch(`${worker.url}/v1/dossiers/events`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" });
    const text = await res.text();
    if (res.status === 415) return;
    assert.match(text, /restarted mid-request/, `unexpected ${res.status}: ${text}`);
  }
  assert.fail("the dev proxy did not settle");
}

const timelineIds = (view) => view.timeline.map((e) => `${e.status}@${e.at}`);
// The timeline is shown only with the phone digits (receivedEvent's default "4321").
const verified = async (code) => (await client.lookup(code, { verify: "4321" })).body;

test("a signed batch is accepted; the code alone shows the agency's side, the phone digits the rest", async () => {
  const code = newCode();
  const events = [receivedEvent(code, 240), event(code, 4, 200), event(code, 5, 20, { note: "Bổ sung tờ khai" })];
  const res = await client.post(events);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { accepted: 3, duplicates: 0, stale: 0 });

  const view = await client.lookup(code);
  assert.equal(view.status, 200);
  assert.equal(view.headers.get("cache-control"), "no-store");
  assert.match(view.headers.get("content-type"), /^application\/json/);
  const v = view.body;
  assert.equal(v.code, code);
  assert.equal(v.status.code, 5);
  assert.equal(v.status.label, "Yêu cầu bổ sung hồ sơ");
  assert.ok(v.status.next_step.length > 0 && v.status.next_step_en.length > 0);
  assert.deepEqual(v.procedure, { code: "1.001193", name: "Đăng ký khai sinh" });
  assert.equal(v.agency.id, "000.00.06.H56");
  assert.ok(v.appointment_at, "appointment computed from 3 working days");
  assert.equal(v.appointment_computed, true);
  assert.ok(["on_time", "early", "due_today", "late", "not_applicable"].includes(v.on_time.state), JSON.stringify(v.on_time));
  assert.deepEqual(v.stale, { stale: false, age_seconds: 0 });
  assert.equal(v.verification, "not_requested");
  // Without the phone digits (issue 10): no name, no timeline (notes), no receipt time.
  assert.equal(v.applicant, undefined);
  assert.equal(v.timeline, undefined);
  assert.equal(v.received_at, undefined);
  const text = JSON.stringify(v);
  assert.ok(!text.includes("Nguyễn") && !text.includes("4321") && !text.includes("Bổ sung tờ khai"), text);

  // With them: the rest.
  const full = (await client.lookup(code, { verify: "4321" })).body;
  assert.equal(full.verification, "verified");
  assert.equal(full.received_at, events[0].at);
  assert.ok(full.appointment_at > full.received_at);
  assert.deepEqual(full.timeline.map((e) => e.status), [2, 4, 5]);
  assert.equal(full.timeline[2].note, "Bổ sung tờ khai");
  // The agency's side is the same either way.
  const agencySide = ({ timeline, received_at, applicant, verification, ...rest }) => rest;
  assert.deepEqual(agencySide(full), agencySide(v));
});

test("an appointment already past with no result is late; a result before it is on time or early", async () => {
  const late = newCode();
  const past = vnTime(nowSeconds() - 3 * 86400);
  await client.post([{ ...receivedEvent(late, 400), appointment_at: past }, event(late, 4, 300)]);
  const v = (await client.lookup(late)).body;
  assert.equal(v.appointment_at, past);
  assert.equal(v.appointment_computed, false);
  assert.equal(v.on_time.state, "late");
  assert.equal(v.completed_at, null);

  const done = newCode();
  const future = vnTime(nowSeconds() + 5 * 86400);
  await client.post([{ ...receivedEvent(done, 48), appointment_at: future }, event(done, 10, 1)]);
  const d = (await client.lookup(done)).body;
  assert.ok(["on_time", "early"].includes(d.on_time.state), JSON.stringify(d.on_time));
  assert.ok(d.completed_at);
  assert.equal(d.status.final, true);
});

test("the JS signature matches `motcua dossiers sign` and the CLI's headers are accepted", async () => {
  const code = newCode();
  const body = JSON.stringify({ events: [receivedEvent(code, 30)] });
  const dir = mkdtempSync(join(tmpdir(), "motcua-sign-"));
  try {
    const file = join(dir, "body.json");
    writeFileSync(file, body);
    const ts = nowSeconds();
    const out = spawnSync(join(ROOT, "target/native/motcua"), ["dossiers", "sign", "--timestamp", String(ts), file], {
      env: { ...WRANGLER_ENV, INGEST_SECRET: devVar("INGEST_SECRET") }, encoding: "utf8",
    });
    assert.equal(out.status, 0, out.stderr);
    const headers = Object.fromEntries(out.stdout.trim().split("\n").map((l) => l.split(/:\s*/, 2)));
    assert.equal(headers["X-Motcua-Timestamp"], String(ts));
    assert.equal(headers["X-Motcua-Signature"], signature(devVar("INGEST_SECRET"), ts, body));
    const res = await fetch(`${worker.url}/v1/dossiers/events`, {
      method: "POST", body, headers: { "Content-Type": "application/json", ...headers },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { accepted: 1, duplicates: 0, stale: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("forged, tampered, expired, future, malformed and missing signatures are 401 and store nothing", async () => {
  const code = newCode();
  const body = JSON.stringify({ events: [receivedEvent(code, 30)] });
  const now = nowSeconds();
  const cases = {
    "wrong secret": signedHeaders(body, { secret: "not-the-secret" }),
    // Signed over another body than the one sent (as if altered in transit).
    "tampered body": signedHeaders(body.replace("Đăng ký khai sinh", "Đăng ký kết hôn")),
    "expired (6 min old)": signedHeaders(body, { timestamp: now - 360 }),
    "from the future (6 min ahead)": signedHeaders(body, { timestamp: now + 360 }),
    "malformed signature": { ...signedHeaders(body), "X-Motcua-Signature": "v1=zz" },
    "malformed timestamp": { ...signedHeaders(body), "X-Motcua-Timestamp": "yesterday" },
    "no signature": { "Content-Type": "application/json", "X-Motcua-Timestamp": String(now) },
    "no timestamp": { "Content-Type": "application/json", "X-Motcua-Signature": signature(devVar("INGEST_SECRET"), now, body) },
  };
  for (const [name, headers] of Object.entries(cases)) {
    const res = await fetch(`${worker.url}/v1/dossiers/events`, { method: "POST", headers, body });
    const problem = { status: res.status, headers: res.headers, body: await res.json() };
    assertProblem(problem, 401);
    assert.equal(problem.body.type, "https://motcua.invalid/problems/unauthorized", name);
  }
  // None of them stored anything.
  assertProblem(await client.lookup(code), 404);
});

test("a replayed request inside the window is a harmless duplicate", async () => {
  const code = newCode();
  const body = JSON.stringify({ events: [receivedEvent(code, 50), event(code, 4, 40)] });
  const headers = signedHeaders(body);
  const send = () => fetch(`${worker.url}/v1/dossiers/events`, { method: "POST", headers, body }).then((r) => r.json());
  assert.deepEqual(await send(), { accepted: 2, duplicates: 0, stale: 0 });
  assert.deepEqual(await send(), { accepted: 0, duplicates: 2, stale: 0 });
  const view = await verified(code);
  assert.deepEqual(view.timeline.map((e) => e.status), [2, 4]);
});

test("late events are counted stale: the state never moves backwards and the history keeps them", async () => {
  const code = newCode();
  const received = receivedEvent(code, 100);
  const processing = event(code, 4, 80);
  const done = event(code, 9, 10);
  assert.deepEqual((await client.post([received, done])).body, { accepted: 2, duplicates: 0, stale: 0 });
  const before = (await client.lookup(code)).body;
  assert.equal(before.status.code, 9);
  // Processing arrives last but happened before "done".
  assert.deepEqual((await client.post([processing])).body, { accepted: 0, duplicates: 0, stale: 1 });
  const afterView = await verified(code);
  assert.equal(afterView.status.code, 9);
  assert.equal(afterView.status_at, before.status_at);
  assert.deepEqual(afterView.timeline.map((e) => e.status), [2, 4, 9]);
  // In one batch, out of order: the newer of the two wins, the older is stale.
  const code2 = newCode();
  const r = await client.post([event(code2, 10, 1), receivedEvent(code2, 50), event(code2, 4, 30)]);
  assert.deepEqual(r.body, { accepted: 1, duplicates: 0, stale: 2 });
  const v2 = await verified(code2);
  assert.equal(v2.status.code, 10);
  assert.deepEqual(v2.timeline.map((e) => e.status), [2, 4, 10]);
});

test("duplicates inside and across batches never duplicate the timeline", async () => {
  const code = newCode();
  const a = receivedEvent(code, 70);
  const b = event(code, 4, 60);
  assert.deepEqual((await client.post([a, b, a])).body, { accepted: 2, duplicates: 0, stale: 0 });
  assert.deepEqual((await client.post([b, a, event(code, 9, 5)])).body, { accepted: 1, duplicates: 2, stale: 0 });
  const v = await verified(code);
  assert.deepEqual(v.timeline.map((e) => e.status), [2, 4, 9]);
  assert.equal(new Set(timelineIds(v)).size, v.timeline.length);
  // An id re-used with different content in another batch cannot change anything.
  const forgedReuse = { ...b, status: 10, at: event(code, 10, 1).at };
  const r = await client.post([forgedReuse]);
  assert.equal(r.status, 200);
  assert.equal(r.body.duplicates, 1);
  const after2 = await verified(code);
  assert.equal(after2.status.code, 9);
  assert.deepEqual(after2.timeline, v.timeline);
});

test("concurrent deliveries of the same batches leave one consistent state", async () => {
  const code = newCode();
  const reference = newCode();
  const e = [
    receivedEvent(code, 300), event(code, 4, 280), event(code, 5, 200, { note: "Thiếu bản sao" }),
    event(code, 4, 150), event(code, 9, 20), event(code, 10, 2),
  ];
  const batches = [[e[0], e[1], e[2]], [e[2], e[3], e[4]], [e[5], e[0], e[3]], [e[4], e[1]]];
  // Every batch four times, all at once.
  const deliveries = batches.flatMap((b) => Array.from({ length: 4 }, () => b)).sort(() => Math.random() - 0.5);
  const results = await Promise.all(deliveries.map((b) => client.post(b)));
  for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
  const total = results.reduce((s, r) => ({
    accepted: s.accepted + r.body.accepted, duplicates: s.duplicates + r.body.duplicates, stale: s.stale + r.body.stale,
  }), { accepted: 0, duplicates: 0, stale: 0 });
  const delivered = deliveries.reduce((n, b) => n + b.length, 0);
  // Each of the 6 events is new exactly once; every other delivery of it is a duplicate.
  assert.equal(total.accepted + total.stale, e.length, JSON.stringify(total));
  assert.equal(total.duplicates, delivered - e.length);

  const v = await verified(code);
  assert.equal(v.status.code, 10);
  assert.equal(v.timeline.length, e.length);
  assert.equal(new Set(timelineIds(v)).size, e.length);

  // The same events delivered once, in order, to another code give the same view.
  const sequential = e.map((x) => ({ ...x, id: `${x.id}:ref`, dossier: reference }));
  for (const x of sequential) assert.equal((await client.post([x])).status, 200);
  const ref = await verified(reference);
  const strip = (view) => ({ ...view, code: undefined, updated_at: undefined });
  assert.deepEqual(strip(v), strip(ref));
});

test("an invalid batch is 400 with per-event errors and changes nothing", async () => {
  const code = newCode();
  await client.post([receivedEvent(code, 90)]);
  const before = await verified(code);
  const bad = [event(code, 9, 1), event(code, 42, 1), { ...event(code, 4, 1), dossier: "not-a-code" }, { ...event(code, 4, 1), at: "tomorrow" }];
  const res = await client.post(bad);
  assertProblem(res, 400);
  assert.equal(res.body.type, "https://motcua.invalid/problems/invalid-events");
  const fields = res.body.errors.map((x) => `${x.index}.${x.field}`);
  assert.deepEqual(fields, ["1.status", "2.dossier", "3.at"]);
  for (const x of res.body.errors) assert.ok(x.problem.length > 0);
  const afterView = await verified(code);
  assert.deepEqual(afterView, before);
});

test("malformed bodies are 400, a wrong content type 415, and nothing is stored", async () => {
  const code = newCode();
  await client.post([receivedEvent(code, 90)]);
  const before = await verified(code);
  for (const [body, kind] of [
    ["{not json", "invalid-json"],
    [JSON.stringify({ items: [event(code, 9, 1)] }), "invalid-batch"],
    [JSON.stringify({ events: [] }), "invalid-batch"],
    [JSON.stringify([event(code, 9, 1)]), "invalid-batch"],
    [JSON.stringify({ events: [42] }), "invalid-events"],
  ]) {
    const res = await client.post(body);
    assertProblem(res, 400);
    assert.equal(res.body.type, `https://motcua.invalid/problems/${kind}`, body);
  }
  const body = JSON.stringify({ events: [event(code, 9, 1)] });
  for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
    const res = await client.post(body, { headers: { "Content-Type": type } });
    assertProblem(res, 415);
  }
  assert.deepEqual(await verified(code), before);
});

test("oversized bodies are 413, by Content-Length and by the bytes that actually arrive", async () => {
  const code = newCode();
  // A valid, signed batch just over 1 MiB (long notes).
  const note = "x".repeat(1900);
  const events = Array.from({ length: 560 }, (_, i) => event(code, 4, 100 - i / 10, { note }));
  const body = JSON.stringify({ events });
  assert.ok(body.length > 1024 * 1024);
  const url = `${worker.url}/v1/dossiers/events`;
  // Declared too large: answered before a single body byte is sent.
  const declared = await rawPost(url, signedHeaders(body), body);
  assertProblem(declared, 413);
  // The same bytes streamed without Content-Length (chunked): refused by counting.
  const streamed = await rawPost(url, signedHeaders(body), body, { chunked: true, waitAfter: 1024 * 1024 + 65536 });
  assertProblem(streamed, 413);
  await settleAfterAbortedUpload();
  // Just under the limit, the same kind of batch is fine (the limit is the body, not the events).
  // (With a first event carrying the phone digits: the timeline is shown only with them.)
  const fits = [receivedEvent(code, 200), ...events.slice(0, 100)];
  assert.equal((await client.post(fits)).status, 200);
  assert.equal((await verified(code)).timeline.length, 101);
  const other = newCode();
  const big = JSON.stringify({ events: events.map((x) => ({ ...x, dossier: other })) });
  assert.equal((await rawPost(url, signedHeaders(big), big, { chunked: true, waitAfter: 1024 * 1024 + 65536 })).status, 413);
  await settleAfterAbortedUpload();
  assertProblem(await client.lookup(other), 404);
});

test("verification: the right last four digits add the masked name, wrong ones do not", async () => {
  const code = newCode();
  await client.post([receivedEvent(code, 40, { name: "Trần Thị Bích Ngọc", phoneLast4: "0912" })]);
  const ok = await client.lookup(code, { verify: "0912" });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.verification, "verified");
  assert.deepEqual(ok.body.applicant, { name: "Trần T. B. N." });
  assert.equal(ok.headers.get("cache-control"), "no-store");
  const wrong = await client.lookup(code, { verify: "0913" });
  assert.equal(wrong.status, 200);
  assert.equal(wrong.body.verification, "failed");
  assert.equal(wrong.body.applicant, undefined);
  for (const v of [ok.body, wrong.body]) assert.ok(!JSON.stringify(v).includes("Bích Ngọc") && !JSON.stringify(v).includes("0912"));
  const malformed = await client.lookup(code, { verify: "12a4" });
  assertProblem(malformed, 400);
  assert.equal(malformed.body.parameter, "verify");
  // An empty parameter is "not asked" (a form submitted with the field blank).
  assert.equal((await client.lookup(code, { verify: "" })).body.verification, "not_requested");
});

test("verification locks after five failures: 429 with Retry-After, even for the right digits", async () => {
  const code = newCode();
  await client.post([receivedEvent(code, 40, { phoneLast4: "5555" })]);
  const ip = clientIp();
  for (let i = 0; i < 5; i += 1) {
    const r = await client.lookup(code, { verify: String(1000 + i), ip });
    assert.equal(r.status, 200);
    assert.equal(r.body.verification, "failed");
  }
  for (const digits of ["1234", "5555"]) {
    const locked = await client.lookup(code, { verify: digits, ip });
    assertProblem(locked, 429);
    const retry = Number(locked.headers.get("retry-after"));
    assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
  }
  // The status itself stays available; other dossiers are not locked.
  assert.equal((await client.lookup(code, { ip })).status, 200);
  const other = newCode();
  await client.post([receivedEvent(other, 40, { phoneLast4: "5555" })]);
  assert.equal((await client.lookup(other, { verify: "5555", ip })).body.verification, "verified");
  // A success before the lock clears the counter.
  const third = newCode();
  await client.post([receivedEvent(third, 40, { phoneLast4: "7777" })]);
  for (let i = 0; i < 4; i += 1) await client.lookup(third, { verify: "0000", ip });
  assert.equal((await client.lookup(third, { verify: "7777", ip })).body.verification, "verified");
  for (let i = 0; i < 4; i += 1) assert.equal((await client.lookup(third, { verify: "0000", ip })).status, 200);
});

test("malformed codes are 400 saying what is wrong, unknown codes 404, in the same time shape as a hit", async () => {
  for (const bad of ["abc", "000.00.06.H56-231327-0361", "000.00.06.H56-231027-03a1", "000.00.06-231027-0361"]) {
    const res = await client.lookup(bad);
    assertProblem(res, 400);
    assert.equal(res.body.type, "https://motcua.invalid/problems/invalid-dossier-code");
    assert.notEqual(res.body.detail, res.body.detail_en);
  }
  const unknown = await client.lookup(newCode());
  assertProblem(unknown, 404);
  assert.match(unknown.body.detail, /Không tìm thấy hồ sơ/);
  // A code typed with spaces, lower case and an en dash is the same dossier.
  const code = newCode();
  await client.post([receivedEvent(code, 40)]);
  const typed = ` ${code.toLowerCase().replaceAll("-", " – ")} `;
  assert.equal((await client.lookup(typed)).body.code, code);

  // Timing: medians of hit, miss and malformed stay within the same order of magnitude (the
  // same D1 reads run in all three); a loose bound, this machine is shared.
  const median = async (c) => {
    const times = [];
    for (let i = 0; i < 9; i += 1) {
      const t0 = performance.now();
      await client.lookup(c);
      times.push(performance.now() - t0);
    }
    return times.sort((x, y) => x - y)[4];
  };
  const hit = await median(code);
  const miss = await median(newCode());
  const malformed = await median("000.00.06.H56-231027-03a1");
  console.log(`# lookup medians: hit ${hit.toFixed(1)} ms, miss ${miss.toFixed(1)} ms, malformed ${malformed.toFixed(1)} ms`);
  for (const t of [miss, malformed]) assert.ok(t < hit * 4 && hit < t * 4, `${hit} vs ${t}`);
});

test("a seeded dossier reads back as D1 holds it", async () => {
  const out = spawnSync("npx", ["wrangler", "d1", "execute", "motcua", "--local", "--persist-to", worker.state,
    "--command", "SELECT code, status FROM dossiers WHERE code LIKE '%.H21-%' ORDER BY code LIMIT 3", "--json"],
  { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  const rows = JSON.parse(out.stdout)[0].results;
  assert.equal(rows.length, 3);
  for (const row of rows) {
    const v = await client.lookup(row.code);
    assert.equal(v.status, 200);
    assert.equal(v.body.status.code, row.status);
    // Without the phone digits, no timeline (issue 10).
    assert.equal(v.body.timeline, undefined);
  }
});

test("one client hammering lookups gets 429 with Retry-After; other clients are unaffected", async () => {
  const code = newCode();
  await client.post([receivedEvent(code, 40)]);
  const ip = clientIp();
  const statuses = [];
  let limited;
  for (let i = 0; i < 90 && !limited; i += 1) {
    const r = await client.lookup(code, { ip });
    statuses.push(r.status);
    if (r.status === 429) limited = r;
  }
  assert.ok(limited, `no 429 after ${statuses.length} lookups`);
  // 30 per minute; the local limiter counts in fixed one-minute windows, so a run that
  // straddles a window boundary may get up to two windows' worth.
  const allowed = statuses.filter((s) => s === 200).length;
  assert.ok(allowed >= 30 && allowed <= 60, `${allowed} lookups allowed before the 429`);
  assertProblem(limited, 429);
  // What is left of the limiter's one-minute window (issue 10: it was always 60).
  const left = 60 - (nowSeconds() % 60);
  const retry = Number(limited.headers.get("retry-after"));
  assert.ok(retry >= 1 && retry <= 60 && Math.abs(retry - left) <= 2, `Retry-After ${retry}, ${left} s left`);
  // Malformed codes count too (no free probing).
  assert.equal((await client.lookup("abc", { ip })).status, 429);
  assert.equal((await client.lookup(code)).status, 200);
});
