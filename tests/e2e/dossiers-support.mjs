// Helpers for the dossier suites: signing like a one-stop system (node:crypto, independent of
// the Rust core), unique dossier codes, event builders, and typed request helpers.
import { createHmac, randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

/** INGEST_SECRET as the Worker sees it (.dev.vars, created from .dev.vars.example). */
export function devVar(name) {
  for (const file of [".dev.vars", ".dev.vars.example"]) {
    try {
      const line = readFileSync(join(ROOT, file), "utf8").split("\n").find((l) => l.startsWith(`${name}=`));
      if (line) return line.slice(name.length + 1).trim();
    } catch { /* next */ }
  }
  throw new Error(`${name} not found in .dev.vars`);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function signature(secret, timestamp, body) {
  return "v1=" + createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

export function signedHeaders(body, { secret = devVar("INGEST_SECRET"), timestamp = nowSeconds() } = {}) {
  return {
    "Content-Type": "application/json",
    "X-Motcua-Timestamp": String(timestamp),
    "X-Motcua-Signature": signature(secret, timestamp, body),
  };
}

/** RFC 3339 in Vietnam time for a Unix time in seconds. */
export function vnTime(seconds) {
  const d = new Date((seconds + 7 * 3600) * 1000);
  return d.toISOString().replace(/\.\d{3}Z$/, "+07:00");
}

// Codes of a province no seeded dossier uses (the seed uses H21), with random sequences so
// suites and re-runs never collide.
const usedCodes = new Set();
export function newCode(daysAgo = 10) {
  const t = new Date((nowSeconds() - daysAgo * 86400 + 7 * 3600) * 1000);
  const yymmdd = t.toISOString().slice(2, 10).replaceAll("-", "");
  for (;;) {
    const code = `000.00.06.H56-${yymmdd}-${String(randomInt(1, 1_000_000)).padStart(6, "0")}`;
    if (!usedCodes.has(code)) { usedCodes.add(code); return code; }
  }
}

let idCounter = 0;
/** One event of `code`, `hoursAgo` hours before now; extra fields merged in. */
export function event(code, status, hoursAgo, extra = {}) {
  idCounter += 1;
  return {
    id: `e2e:${code}:${idCounter}:${randomInt(1e9)}`,
    dossier: code,
    status,
    at: vnTime(nowSeconds() - Math.round(hoursAgo * 3600)),
    ...extra,
  };
}

/** A received (status 2) event with everything a first event carries. */
export function receivedEvent(code, hoursAgo, { name = "Nguyễn Văn An", phoneLast4 = "4321" } = {}) {
  const at = vnTime(nowSeconds() - Math.round(hoursAgo * 3600));
  return event(code, 2, hoursAgo, {
    procedure: "1.001193",
    procedure_name: "Đăng ký khai sinh",
    agency: "000.00.06.H56",
    agency_name: "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa",
    received_at: at,
    processing_time: { amount: 3, unit: "WORKING_DAY" },
    applicant: { name, phone_last4: phoneLast4 },
  });
}

let ipCounter = 0;
/** A client address of its own, so one test's lookups never count against another's limit. */
export function clientIp() {
  ipCounter += 1;
  return `10.${randomInt(1, 250)}.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

export function api(worker) {
  return {
    async post(events, opts = {}) {
      const body = typeof events === "string" ? events : JSON.stringify({ events });
      const headers = { ...signedHeaders(body, opts), ...(opts.headers || {}) };
      const res = await fetch(`${worker.url}/v1/dossiers/events`, { method: "POST", headers, body });
      return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
    },
    async lookup(code, { verify, ip = clientIp() } = {}) {
      const q = verify === undefined ? "" : `?verify=${encodeURIComponent(verify)}`;
      const url = `${worker.url}/v1/dossiers/${encodeURIComponent(code)}${q}`;
      const get = () => fetch(url, { headers: { "CF-Connecting-IP": ip } });
      // A GET may be retried once when a pooled keep-alive connection was closed by the dev
      // proxy while idle (after a pause of ~5 s the client can pick a socket being closed).
      const res = await get().catch((e) => {
        if (e instanceof TypeError && e.message === "fetch failed") return get();
        throw e;
      });
      return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
    },
  };
}

/**
 * POSTs on a connection of its own (closed afterwards), in chunks, with or without
 * Content-Length. For bodies the Worker refuses before reading them all: the refused upload
 * must not leave a half-used connection in fetch's shared pool.
 */
export function rawPost(url, headers, body, { chunked = false, chunkSize = 64 * 1024, waitAfter = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = httpRequest(url, {
      method: "POST",
      agent: false,
      headers: {
        ...headers,
        Connection: "close",
        ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(bytes.length) }),
      },
    });
    let answered = false;
    let onAnswer = () => {};
    req.on("response", (res) => {
      answered = true;
      onAnswer();
      const parts = [];
      res.on("data", (d) => parts.push(d));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: new Headers(res.headers), body: json });
        req.destroy();
      });
    });
    req.on("error", (e) => { if (!answered) reject(e); });
    // Uploads `waitAfter` bytes, then gives the server up to 3 s to answer before sending the
    // rest: a server that refuses early answers while we wait, so the refusal is read before
    // the connection is torn down (otherwise the client may only see a reset).
    const pause = () => new Promise((r) => { onAnswer = r; setTimeout(r, 3000); });
    (async () => {
      req.flushHeaders();
      if (waitAfter === 0) await pause();
      let sent = 0;
      for (let i = 0; i < bytes.length && !answered; i += chunkSize) {
        const part = bytes.subarray(i, i + chunkSize);
        if (!req.write(part)) await new Promise((r) => req.once("drain", r));
        sent += part.length;
        if (waitAfter > 0 && sent >= waitAfter && sent - part.length < waitAfter) await pause();
      }
      if (!answered) req.end();
    })().catch(() => { /* reported through the request's error */ });
  });
}
