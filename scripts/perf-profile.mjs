// Where a Worker's time goes under load: a CPU profile of the isolate (V8's sampling profiler
// through wrangler dev's inspector) while wrk drives one endpoint, its samples put in buckets —
// idle (the isolate waits on I/O: D1, KV, the rate limiter), our Rust (wasm), console.log (the
// request log line), the JS shim and runtime APIs, and GC/program. Prints a markdown section.
//   node --experimental-websocket scripts/perf-profile.mjs INSPECTOR_PORT URL SECONDS NAME=LUA...
import { execFileSync } from "node:child_process";

const [port, url, seconds, ...runs] = process.argv.slice(2);
const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Origin: `http://127.0.0.1:${port}` } });
let next = 0;
const pending = new Map();
/** The inspector has this long to answer a command (it can stop answering under load). */
const ANSWER_MS = 30_000;
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const id = ++next;
  const timer = setTimeout(() => {
    pending.delete(id);
    reject(new Error(`the inspector did not answer ${method} within ${ANSWER_MS / 1000} s`));
  }, ANSWER_MS);
  pending.set(id, {
    resolve: (v) => { clearTimeout(timer); resolve(v); },
    reject: (e) => { clearTimeout(timer); reject(e); },
  });
  ws.send(JSON.stringify({ id, method, params }));
});

ws.onmessage = (m) => {
  const d = JSON.parse(m.data);
  const p = d.id && pending.get(d.id);
  if (!p) return;
  pending.delete(d.id);
  if (d.error) p.reject(new Error(JSON.stringify(d.error)));
  else p.resolve(d.result);
};
await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error(`no inspector on port ${port}`)); });
// Only the profiler: `Debugger.enable` (which the old classification needed to read the shim's
// source) makes workerd describe every script, and once stopped answering within 30 s.
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 250 });

const profiles = [];
for (const run of runs) {
  const [name, lua] = run.split("=");
  await send("Profiler.start");
  const out = execFileSync("wrk", ["-t1", "-c8", `-d${seconds}s`, "-s", lua, url], { encoding: "utf8" });
  const { profile } = await send("Profiler.stop");
  profiles.push({ name, out, profile });
}

// The request line: the Rust side calls console.log through a wasm-bindgen import
// (`…__wbg_log_<hash>…`, a wasm frame), whose JS shim calls the runtime's console.log; the time
// is in the frames just below that import.
const LOG_IMPORT = /__wbg_(log|warn|error)_[0-9a-f]+/;

const rows = [];
for (const { name, out, profile } of profiles) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const inLog = (id) => {
    for (let at = parent.get(id), depth = 0; at && depth < 3; at = parent.get(at), depth++) {
      if (LOG_IMPORT.test(byId.get(at).callFrame.functionName)) return true;
    }
    return false;
  };
  const time = { idle: 0, wasm: 0, log: 0, js: 0, gc: 0 };
  const wasmSelf = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const frame = byId.get(id).callFrame;
    const dt = profile.timeDeltas[i] || 0;
    let b = "js";
    if (frame.functionName === "(idle)") b = "idle";
    else if (frame.functionName === "(program)" || frame.functionName === "(garbage collector)") b = "gc";
    else if (frame.url.includes(".wasm")) b = "wasm";
    else if (inLog(id)) b = "log";
    time[b] += dt;
    total += dt;
    if (b === "wasm") {
      const fn = frame.functionName.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]+\]/g, "");
      wasmSelf.set(fn, (wasmSelf.get(fn) || 0) + dt);
    }
  }
  const rps = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1] || 0);
  const top = [...wasmSelf.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([fn, t]) => `\`${fn.slice(0, 60)}\` ${(100 * t / total).toFixed(1)} %`).join("; ");
  rows.push({ name, rps, total, time, top });
}
ws.close();

const pct = (x, t) => `${(100 * x / t).toFixed(0)} %`;
const lines = [
  "## Where the time goes",
  "",
  `A CPU profile of the Worker's isolate (V8 sampling profiler through wrangler dev's inspector) while`,
  `\`wrk -t1 -c8 -d${seconds}s\` drives each endpoint; each sample in one bucket by the function it was in.`,
  "*Idle* is the isolate waiting on I/O (D1, KV, the rate limiter); local D1 is SQLite in a Durable Object",
  "of a second workerd process, one query at a time, on the same two cores.",
  "",
  "| endpoint | req/s (profiled) | idle: waiting on I/O | our Rust (wasm) | console.log (request line) | JS shim & runtime APIs | GC & program | heaviest wasm functions |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
  ...rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${pct(r.time.idle, r.total)} | ${pct(r.time.wasm, r.total)} | ${pct(r.time.log, r.total)} | ${pct(r.time.js, r.total)} | ${pct(r.time.gc, r.total)} | ${r.top} |`),
];
console.log(lines.join("\n"));
// The inspector's socket can hold the process open after close.
process.exit(0);
