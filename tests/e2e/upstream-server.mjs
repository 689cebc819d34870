// A stand-in for a one-stop system's status API on loopback: GET /status/{code} answers
// {"events": [...]} for the dossiers the test registered, in the mode the test chose.
import { createServer } from "node:http";
import { freePort } from "./harness.mjs";

/**
 * Modes per code: "ok" (200 with its events), "not_found" (404), "error" (503), "hang" (never
 * answers until the server stops), "reset" (drops the connection). Unregistered codes: 404.
 */
export async function startUpstream() {
  const dossiers = new Map();
  const hits = new Map();
  const hanging = new Set();
  const server = createServer((req, res) => {
    const match = /^\/status\/([^/?]+)$/.exec(new URL(req.url, "http://x").pathname);
    if (!match || req.method !== "GET") { res.writeHead(404).end(); return; }
    const code = decodeURIComponent(match[1]);
    hits.set(code, (hits.get(code) || 0) + 1);
    const entry = dossiers.get(code);
    switch (entry?.mode ?? "not_found") {
      case "ok":
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ events: entry.events }));
        return;
      case "error":
        res.writeHead(503, { "Content-Type": "text/plain" }).end("maintenance");
        return;
      case "hang":
        hanging.add(res);
        return;
      case "reset":
        req.socket.destroy();
        return;
      default:
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ events: [] }));
    }
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    template: `${url}/status/{code}`,
    /** Registers or replaces what the upstream says about `code`. */
    set(code, { events = [], mode = "ok" } = {}) { dossiers.set(code, { events, mode }); },
    hits: (code) => hits.get(code) || 0,
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}
