// API contract: schemathesis generates requests from public/openapi.yaml (valid and invalid)
// and checks every answer of the real Worker in workerd against the spec: no 5xx, documented
// status codes, content types, headers and schemas, and rejection of invalid input.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startWorker, ROOT } from "../e2e/harness.mjs";

let worker;
before(async () => { worker = await startWorker(); });
after(async () => { await worker?.stop(); });

test("every operation conforms to public/openapi.yaml under generated input", () => {
  const st = join(ROOT, ".venv/bin/schemathesis");
  assert.ok(existsSync(st), "schemathesis is installed by `make tools-test` into .venv");
  const result = spawnSync(st, [
    "run", "public/openapi.yaml",
    "--url", worker.url,
    "--checks", "all",
    // Generated "valid" ingest batches are unsigned (401) and random dossier codes are not
    // real ones (400/404): positive acceptance cannot hold for this API by design.
    "--exclude-checks", "positive_data_acceptance",
    "--phases", "examples,coverage,fuzzing",
    "--max-examples", process.env.CONTRACT_EXAMPLES || "40",
    "--seed", "20261122",
    // One worker: with two, hypothesis's lambda-source cache races under CPython 3.11 and
    // schemathesis reports an internal error (not an API failure).
    "--workers", "1",
    "--request-timeout", "20",
    "--generation-deterministic",
    "--warnings", "off",
  ], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", SCHEMATHESIS_TELEMETRY: "false" }, maxBuffer: 64 << 20 });
  const out = `${result.stdout}\n${result.stderr}`;
  // Keep the runner's own summary in the test log.
  console.log(out.split("\n").slice(-40).join("\n"));
  assert.equal(result.status, 0, "schemathesis found failures (see its report above)");
});
