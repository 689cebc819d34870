// A catalog feed on loopback for the Cron refresh: serves one artefact body at /catalog.json
// with an ETag and Last-Modified, honouring If-None-Match (304) unless told not to, or fails in
// the mode the test chose. Records the conditional headers of each request.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { freePort } from "./harness.mjs";

/**
 * Modes: "ok" (200 with the body, 304 when If-None-Match matches), "ignore_validators" (always
 * 200 with the body), "error" (503), "reset" (drops the connection).
 */
export async function startFeed() {
  let body = "";
  let etag = "";
  let mode = "error";
  const lastModified = new Date(Date.UTC(2026, 4, 1)).toUTCString();
  const requests = [];
  const server = createServer((req, res) => {
    if (new URL(req.url, "http://x").pathname !== "/catalog.json") { res.writeHead(404).end(); return; }
    requests.push({ ifNoneMatch: req.headers["if-none-match"] ?? null, ifModifiedSince: req.headers["if-modified-since"] ?? null });
    switch (mode) {
      case "error":
        res.writeHead(503, { "Content-Type": "text/plain" }).end("maintenance");
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "ok":
        if (req.headers["if-none-match"] === etag) { res.writeHead(304, { ETag: etag }).end(); return; }
      // falls through
      default:
        res.writeHead(200, { "Content-Type": "application/json", ETag: etag, "Last-Modified": lastModified });
        res.end(body);
    }
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${port}/catalog.json`,
    /** What the feed serves next. */
    serve(text, nextMode = "ok") {
      body = text;
      etag = `"${createHash("sha256").update(text).digest("hex").slice(0, 16)}"`;
      mode = nextMode;
    },
    fail(nextMode) { mode = nextMode; },
    etag: () => etag,
    requests,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
