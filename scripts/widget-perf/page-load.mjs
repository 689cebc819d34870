// A citizen's first visit to the demo page: from navigation to the first results painted for a
// query typed as soon as the search box takes input, in a fresh browser context (empty caches)
// at 390×844, with the CPU and optionally the network throttled through the Chrome DevTools
// Protocol. The first results may be the quick search's (app/loader/quick.js); the visit goes on
// until the widget's own are painted. Records the main thread's long tasks up to the later of the
// two, the layout shifts, and when each step happened (page-probe.mjs does the observing).
import { probe } from "./page-probe.mjs";

/** The query a citizen types on the first visit, key by key. */
export const FIRST_QUERY = "đăng ký khai sinh";

/** A fresh phone-sized context (empty caches) with the probe installed and the CPU slowed. */
async function phonePage(browser, cpu) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  return { context, page, cdp };
}

/**
 * `network`: null (loopback as is) or { latency ms, down and up bits/s } for
 * Network.emulateNetworkConditions, which adds the latency to each request and caps throughput.
 */
export async function firstVisit(browser, url, { cpu, network }) {
  const { context, page, cdp } = await phonePage(browser, cpu);
  try {
    if (network) {
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: network.latency,
        downloadThroughput: network.down / 8,
        uploadThroughput: network.up / 8,
      });
    }
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      await page.goto(`${url}/`, { waitUntil: "commit" });
      // As a citizen does: a tap on the box as soon as it takes input (Playwright waits until it
      // is visible, enabled and editable), then the query key by key (trusted input events, so
      // a layout shift within half a second of one is the browser's to excuse, as for a person).
      // The box shown first: the quick search's while the wasm comes (the widget's, once mounted,
      // is hidden until it takes over), or the widget's when it came first. Looked for in the
      // page every frame, as a citizen's eyes would: Playwright's own wait polls with back-off
      // (up to a second between looks), which measured its polling more than the page.
      await page.waitForFunction(() => [...(document.querySelector("[data-motcua]")?.shadowRoot
        ?.querySelectorAll("#motcua-quick-q, #motcua-q") ?? [])].some((box) => box.checkVisibility()),
      null, { timeout: 60_000, polling: "raf" });
      const box = page.locator("#motcua-quick-q, #motcua-q").filter({ visible: true });
      await box.click({ timeout: 60_000 });
      await box.pressSequentially(FIRST_QUERY);
      await page.waitForFunction(() => window.__motcuaPerf.firstResults !== null, null, { timeout: 60_000, polling: 100 });
      // And the widget's own, once it has taken over from the quick search.
      await page.waitForFunction(() => window.__motcuaPerf.widgetResults !== null, null, { timeout: 60_000, polling: 100 });
    } catch (error) {
      // A run that never answered is reported as such (with what the widget showed), not timed.
      const shown = await page.evaluate(() => document.querySelector("[data-motcua]")?.shadowRoot?.textContent?.trim().slice(0, 120) ?? "no widget")
        .catch(() => "page gone");
      return { failed: `${error.message.split("\n")[0]}; the widget showed "${shown}"${errors.length ? `; console: ${errors[0].slice(0, 160)}` : ""}` };
    }
    // Shifts and long tasks that the answers themselves caused are seen a moment later.
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const perf = window.__motcuaPerf;
      const mark = (name) => {
        const e = performance.getEntriesByName(name)[0];
        return e ? e.startTime + e.duration : null;
      };
      const resource = (part) => performance.getEntriesByType("resource").find((r) => r.name.includes(part));
      const loaded = (part) => resource(part)?.responseEnd ?? null;
      const answer = perf.firstResults;
      // Long tasks up to the widget's own answer: its start, the hand-over and its first rows
      // count even when the quick search answered before them.
      const until = Math.max(answer, perf.widgetResults);
      const tasks = perf.longTasks.filter((t) => t.start < until);
      const longestOf = (list) => list.reduce((a, t) => (!a || t.duration > a.duration ? t : a), null);
      const longest = longestOf(tasks);
      // The demo page runs no script of its own: a long task in a frame where scripts ran (the
      // loader's, the widget's) is the widget's; one in a frame without any is the browser
      // styling, laying out or parsing — the page's first layout is one (see pageAlone). The
      // harness's own animation-frame callbacks (this probe's, and Playwright's polling for the
      // box) come from no file: alone in a frame, they do not make it the widget's. (The widget's
      // come from its files; its one sourceless entry point, the loader's timer before mounting,
      // is a timer, not a frame callback.)
      //
      // Except the page's first rendering: a task that starts before the first paint and runs
      // none of the widget's scripts is the browser parsing the page and laying all of it out for
      // the first time, which the page alone has too (pageAlone). It counts as the widget's only
      // if the loader's script ran in that same task; when the loader ran in an earlier task of
      // the same frame, that task is measured on its own.
      const own = (s) => !(s.invoker === "FrameRequestCallback" && !s.source);
      const scripted = perf.frames.filter((f) => f.scripts.some(own));
      const overlaps = (a, b) => a.start < b.start + b.duration && b.start < a.start + a.duration;
      const ranIn = (t) => scripted.some((f) => f.scripts.some((s) => own(s) && overlaps(t, s)));
      const firstRendering = (t) => perf.firstPaint !== null && t.start < perf.firstPaint && !ranIn(t);
      const widgetTasks = tasks.filter((t) => !firstRendering(t) && scripted.some((f) => overlaps(t, f)));
      // How often the page's first rendering fell in a frame where the loader ran (and so was
      // left out here, where the rule before counted it as the widget's).
      const firstRenderingShared = tasks.some((t) => firstRendering(t) && scripted.some((f) => overlaps(t, f)));
      // The long animation frame around the longest task names the scripts that ran in it.
      const frameOf = (task) => task && perf.frames.find((f) => f.start <= task.start + 1 && task.start < f.start + f.duration);
      const frame = frameOf(longest);
      const widgetLongest = longestOf(widgetTasks);
      const widgetFrame = frameOf(widgetLongest);
      return {
        answer,
        widgetAnswer: perf.widgetResults,
        boxInput: perf.boxInput,
        loader: loaded("/embed.js"),
        glue: loaded("/motcua.js"),
        wasm: loaded("/motcua_bg.wasm"),
        index: loaded("/v1/catalog/index"),
        indexBuilt: mark("motcua:index-build"),
        indexBuild: performance.getEntriesByName("motcua:index-build")[0]?.duration ?? null,
        longest,
        longestScripts: frame ? frame.scripts : [],
        widgetLongest,
        widgetScripts: widgetFrame ? widgetFrame.scripts : [],
        firstRenderingShared,
        widgetBlocking: widgetTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
        tasksOver50: tasks.length,
        blocking: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
        cls: perf.shifts.filter((s) => !s.input).reduce((sum, s) => sum + s.value, 0),
      };
    });
  } finally {
    await context.close();
  }
}

/**
 * The same first visit without the widget (the loader answered empty): the long tasks the demo
 * page has on its own, from navigation to the load event and a second after.
 */
export async function pageAlone(browser, url, { cpu }) {
  const { context, page } = await phonePage(browser, cpu);
  try {
    await page.route("**/embed.js", (route) => route.fulfill({ body: "", contentType: "text/javascript" }));
    await page.goto(`${url}/`, { waitUntil: "load" });
    await page.waitForTimeout(1000);
    return await page.evaluate(() => window.__motcuaPerf.longTasks.reduce((m, t) => Math.max(m, t.duration), 0));
  } finally {
    await context.close();
  }
}
