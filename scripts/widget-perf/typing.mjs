// The widget's own CPU work once the page is up: the index build (first and return visits) and
// every labelled query of bench/search/queries.jsonl typed key by key, each keystroke timed twice:
// the search alone (the widget's "motcua:search" User Timing measure) and from the key to the
// frame that shows its results (page-probe.mjs). Loopback network; the CPU throttled as asked.
//
// Keys go either as fast as Playwright sends them (each as soon as the page has handled the one
// before, so a key also waits for the frames still owed to earlier ones) or at a citizen's pace
// (`pace` ms from one key to the next). `plainTyping` types the same keys into a plain <input> on
// the same page without the widget: the floor that the browser and the harness alone give.
import { probe } from "./page-probe.mjs";
import { median, percentile } from "./stats.mjs";

/** Loads the demo page and returns the widget's index build time once the index is ready. */
async function indexBuild(page, url) {
  await page.goto(`${url}/`);
  await page.waitForFunction(
    () => performance.getEntriesByName("motcua:index-build").length > 0,
    null, { timeout: 60_000 },
  );
  return page.evaluate(() => performance.getEntriesByName("motcua:index-build")[0].duration);
}

async function throttledPage(browser, cpu) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  return { context, page };
}

/**
 * Clears `box` and types each query into it, `pace` ms a key (0: as fast as they are taken).
 * Returns the characters typed and when each query was typed (the page's clock: from just before
 * its clearing to just before the next query's).
 */
async function typeAll(box, queries, pace) {
  const page = box.page();
  let keystrokes = 0;
  const spans = [];
  for (const q of queries) {
    const from = await page.evaluate(() => performance.now());
    await box.fill("");
    // Playwright's `delay` waits between a key's down and up, and again before the next key.
    await box.pressSequentially(q, pace ? { delay: pace / 2 } : {});
    keystrokes += [...q].length;
    spans.push({ query: q, from });
  }
  // The last keystroke's frame.
  await page.waitForTimeout(100);
  const end = await page.evaluate(() => performance.now());
  spans.forEach((span, i) => { span.to = spans[i + 1]?.from ?? end; });
  return { keystrokes, spans };
}

/**
 * A long task while typing is the widget's when typing the same query again brings it back, and
 * the machine's (another process, a collection, the throttler's own timing) when it does not. So
 * the queries during which a task went over 50 ms are typed `tries` times more, the same way, and
 * their long tasks counted again.
 */
async function retype(box, spans, tasks, pace, tries) {
  const page = box.page();
  const queries = [...new Set(tasks.map((t) => spans.find((s) => s.from <= t.start && t.start < s.to)?.query)
    .filter((q) => q !== undefined))];
  const from = await page.evaluate(() => performance.now());
  for (let i = 0; i < tries; i++) await typeAll(box, queries, pace);
  const again = await page.evaluate((from) => window.__motcuaPerf.longTasks.filter((t) => t.start >= from), from);
  const longest = again.reduce((m, t) => Math.max(m, t.duration), 0);
  return { queries: queries.length, tries, tasks: again.length, longest };
}

function keystrokeToPaint(keys) {
  const paint = keys.map((k) => k.end - k.start).sort((a, b) => a - b);
  return { count: paint.length, p50: percentile(paint, 0.5), p95: percentile(paint, 0.95), max: paint[paint.length - 1] };
}

/** The same keys into a plain <input> on the demo page with the loader answered empty. */
export async function plainTyping(browser, url, queries, { cpu, pace = 0 }) {
  const { context, page } = await throttledPage(browser, cpu);
  try {
    await page.route("**/embed.js", (route) => route.fulfill({ body: "", contentType: "text/javascript" }));
    await page.goto(`${url}/`, { waitUntil: "load" });
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.id = "plain";
      document.querySelector("[data-motcua]")?.before(input) ?? document.body.prepend(input);
    });
    const { keystrokes } = await typeAll(page.locator("#plain"), queries, pace);
    const { keys, tasks } = await page.evaluate(() => {
      const perf = window.__motcuaPerf;
      const from = perf.keys[0]?.start ?? Infinity;
      return { keys: perf.keys, tasks: perf.longTasks.filter((t) => t.start >= from) };
    });
    // The long tasks that typing brings with no widget on the page: the machine's, and the
    // browser's own, against which the widget's while typing are read.
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    return { cpu, pace, keystrokes, paint: keystrokeToPaint(keys), typingTasks: tasks.length, longest };
  } finally {
    await context.close();
  }
}

export async function typing(browser, url, queries, { cpu, loads, pace = 0, tries = 3 }) {
  // First visits: each in a fresh browser context (empty caches), so the wasm runs as first
  // compiled. Return visits: reloads in one context, running the optimised code Chromium caches.
  const firsts = [];
  for (let load = 0; load < loads; load++) {
    const { context, page } = await throttledPage(browser, cpu);
    firsts.push(await indexBuild(page, url));
    await context.close();
  }
  const { context, page } = await throttledPage(browser, cpu);
  try {
    await indexBuild(page, url);
    const builds = [];
    for (let load = 0; load < loads; load++) builds.push(await indexBuild(page, url));
    const box = page.locator("#motcua-q");
    const { keystrokes, spans } = await typeAll(box, queries, pace);
    const seen = await page.evaluate(() => ({
      search: performance.getEntriesByName("motcua:search").map((e) => e.duration),
      keys: window.__motcuaPerf.keys,
      events: window.__motcuaPerf.events.filter((e) => ["keydown", "keypress", "input", "keyup"].includes(e.name)),
      longTasks: window.__motcuaPerf.longTasks,
      frames: window.__motcuaPerf.frames,
      typingFrom: window.__motcuaPerf.keys[0]?.start ?? Infinity,
    }));
    const search = seen.search.sort((a, b) => a - b);
    const typingTasks = seen.longTasks.filter((t) => t.start >= seen.typingFrom);
    const longest = typingTasks.reduce((a, t) => (!a || t.duration > a.duration ? t : a), null);
    const frame = longest && seen.frames.find((f) => f.start <= longest.start + 1 && longest.start < f.start + f.duration);
    const retyped = typingTasks.length ? await retype(box, spans, typingTasks, pace, tries) : null;
    return {
      cpu,
      pace,
      keystrokes,
      first: median(firsts),
      build: median(builds),
      searches: search.length,
      search: { p50: percentile(search, 0.5), p95: percentile(search, 0.95), max: search[search.length - 1] },
      paint: keystrokeToPaint(seen.keys),
      changed: seen.keys.filter((k) => k.changed).length,
      eventsOver16: seen.events.length,
      eventMax: seen.events.reduce((m, e) => Math.max(m, e.duration), 0),
      typingTasks: typingTasks.length,
      longest,
      longestScripts: frame ? frame.scripts : [],
      retyped,
    };
  } finally {
    await context.close();
  }
}
