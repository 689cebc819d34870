// Lighthouse's performance audit of the demo page, through its Node API, against Debian's
// Chromium (headless, the project's flags, a remote-debugging port): the default config, i.e. the
// mobile form factor (moto g power screen) with simulated throttling ("Slow 4G" and a 4× CPU,
// Lantern's model applied to an unthrottled load). Chromium runs in its own process group and is
// stopped however the audit ends.
import lighthouse from "lighthouse";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS, freePort } from "../../tests/e2e/harness.mjs";

async function launchChromium() {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), "motcua-lighthouse-"));
  const child = spawn("/usr/bin/chromium", [
    "--headless=new", `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, ...CHROMIUM_ARGS, "about:blank",
  ], { detached: true, stdio: "ignore" });
  const stop = () => {
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
    rmSync(profile, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) return { port, stop, version: (await res.json()).Browser };
    } catch { /* not up yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error("Chromium did not open its debugging port");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `runs` audits of `url` in one browser (Lighthouse resets the origin's storage each time). */
export async function audit(url, runs) {
  const chromium = await launchChromium();
  try {
    const results = [];
    for (let run = 0; run < runs; run++) {
      const { lhr } = await lighthouse(url, {
        port: chromium.port, output: "json", logLevel: "error", onlyCategories: ["performance"],
      });
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const value = (id) => lhr.audits[id]?.numericValue ?? NaN;
      results.push({
        score: Math.round(lhr.categories.performance.score * 100),
        fcp: value("first-contentful-paint"),
        lcp: value("largest-contentful-paint"),
        tbt: value("total-blocking-time"),
        cls: value("cumulative-layout-shift"),
        si: value("speed-index"),
        // The longest tasks Lighthouse saw (observed, before simulation), with their script.
        longTasks: (lhr.audits["long-tasks"]?.details?.items ?? []).slice(0, 3)
          .map((t) => ({ url: t.url, duration: t.duration, start: t.startTime })),
        settings: {
          formFactor: lhr.configSettings.formFactor,
          method: lhr.configSettings.throttlingMethod,
          throttling: lhr.configSettings.throttling,
          screen: lhr.configSettings.screenEmulation,
        },
        benchmarkIndex: lhr.environment.benchmarkIndex,
        version: lhr.lighthouseVersion,
      });
    }
    return { browser: chromium.version, results };
  } finally {
    chromium.stop();
  }
}
