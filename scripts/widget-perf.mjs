// The widget on the host page, measured in a real browser (issue #8's budgets), written to
// reports/widget-perf.md with each budget met or missed:
//   - Lighthouse's mobile performance audit (score, Total Blocking Time, CLS);
//   - a citizen's first visit: navigation → first results painted for a query typed as soon as
//     the search box takes input (the quick search's, or the widget's), at 1× and 4× CPU and on a
//     throttled mobile network, with the main thread's long tasks up to the widget's own answer
//     and the layout shifts;
//   - typing: every labelled query of bench/search/queries.jsonl key by key, keystroke → painted
//     results and the widget's own search time, at 1× and 4× CPU; the index build time.
//
//   node scripts/widget-perf.mjs      (needs `make build`; `make perf` runs it after the load run)
//   env: WIDGET_PERF_RUNS=5 (page loads per figure), WIDGET_PERF_AUDITS=3 (Lighthouse runs)
//
// Starts the Worker under wrangler dev with the seeded demo catalog; Debian's Chromium, driven by
// playwright-core (throttling through the DevTools protocol) and by Lighthouse. A report, not a
// test: nothing here fails on a missed budget. Medians of several runs: one run is at the mercy
// of the machine.
import { readFileSync, writeFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { cpus, loadavg } from "node:os";
import { ROOT, startWorker, launchBrowser } from "../tests/e2e/harness.mjs";
import { audit } from "./widget-perf/lighthouse-audit.mjs";
import { FIRST_QUERY, firstVisit, pageAlone } from "./widget-perf/page-load.mjs";
import { plainTyping, typing } from "./widget-perf/typing.mjs";
import { median } from "./widget-perf/stats.mjs";

const RUNS = Number(process.env.WIDGET_PERF_RUNS || 5);
const AUDITS = Number(process.env.WIDGET_PERF_AUDITS || 3);
/** A mid-range phone on mobile data (issue #8): 150 ms RTT, 1.6 Mbps down, 750 Kbps up. */
const MOBILE = { latency: 150, down: 1_600_000, up: 750_000 };
const VISITS = [
  { label: "1× CPU, loopback", cpu: 1, network: null },
  { label: "4× CPU, loopback", cpu: 4, network: null },
  { label: "4× CPU, 150 ms RTT, 1.6 Mbps ↓ / 750 Kbps ↑", cpu: 4, network: MOBILE, citizen: true },
];

/** A citizen's pace on a phone keyboard, brisk: a key every 150 ms. */
const PACE = 150;

const queries = readFileSync(join(ROOT, "bench/search/queries.jsonl"), "utf8")
  .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).query);
/** Typed at a citizen's pace: every fourth query (at 150 ms a key, all of them take 8 minutes). */
const pacedQueries = queries.filter((_, i) => i % 4 === 0);

const ms = (v, digits = 0) => (v === null || Number.isNaN(v) ? "—" : `${v.toFixed(digits)} ms`);
const sec = (v) => (Number.isNaN(v) ? "—" : `${(v / 1000).toFixed(2)} s`);
const verdict = (ok) => (ok ? "met" : "**missed**");
const script = (scripts) => {
  const top = [...scripts].sort((a, b) => b.duration - a.duration)[0];
  if (!top) return "no script named (style, layout or parsing)";
  const file = (top.source || "").replace(/^https?:\/\/[^/]+/, "") || "(no URL)";
  return `${top.invoker} in ${file} (${top.duration.toFixed(0)} ms)`;
};
const commit = () => {
  try { return execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim(); } catch { return "unknown"; }
};

const loadBefore = loadavg();
const started = Date.now();
const worker = await startWorker();
let browser;
try {
  const indexBytes = (await (await fetch(`${worker.url}/v1/catalog/index`)).arrayBuffer()).byteLength;
  const catalog = await (await fetch(`${worker.url}/v1/catalog`)).json();

  console.log(`==> widget-perf: Lighthouse (mobile, ${AUDITS} runs)`);
  const lighthouse = await audit(`${worker.url}/`, AUDITS);
  const lh = lighthouse.results;
  for (const r of lh) console.log(`  score ${r.score}, TBT ${ms(r.tbt)}, LCP ${ms(r.lcp)}, CLS ${r.cls.toFixed(3)}`);

  browser = await launchBrowser();
  const visits = [];
  for (const visit of VISITS) {
    console.log(`==> widget-perf: first visits, ${visit.label} (${RUNS} runs)`);
    const runs = [];
    const failures = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await firstVisit(browser, worker.url, visit);
      if (result.failed) {
        failures.push(result.failed);
        console.log(`  run ${run + 1} failed: ${result.failed}`);
      } else runs.push(result);
    }
    if (runs.length === 0) throw new Error(`every first visit failed (${visit.label}): ${failures[0]}`);
    const pick = (f) => median(runs.map(f));
    const longestRun = runs.reduce((a, r) => ((r.longest?.duration ?? 0) > (a.longest?.duration ?? 0) ? r : a));
    const widgetRun = runs.reduce((a, r) => ((r.widgetLongest?.duration ?? 0) > (a.widgetLongest?.duration ?? 0) ? r : a));
    const row = {
      ...visit,
      answer: pick((r) => r.answer),
      widgetAnswer: pick((r) => r.widgetAnswer),
      boxInput: pick((r) => r.boxInput),
      loader: pick((r) => r.loader),
      wasm: pick((r) => r.wasm),
      index: pick((r) => r.index),
      indexBuilt: pick((r) => r.indexBuilt),
      indexBuild: pick((r) => r.indexBuild),
      longest: pick((r) => r.longest?.duration ?? 0),
      longestEver: longestRun.longest?.duration ?? 0,
      longestScripts: longestRun.longestScripts,
      widgetLongest: pick((r) => r.widgetLongest?.duration ?? 0),
      widgetLongestEver: widgetRun.widgetLongest?.duration ?? 0,
      widgetScripts: widgetRun.widgetScripts,
      widgetBlocking: pick((r) => r.widgetBlocking),
      tasksOver50: pick((r) => r.tasksOver50),
      blocking: pick((r) => r.blocking),
      cls: Math.max(...runs.map((r) => r.cls)),
      firstRenderingShared: runs.filter((r) => r.firstRenderingShared).length,
      runs: runs.length,
      failures,
    };
    // The demo page on its own, at the same CPU: the long tasks that are not the widget's.
    const alone = [];
    for (let run = 0; run < RUNS; run++) alone.push(await pageAlone(browser, worker.url, visit));
    row.pageAlone = median(alone);
    visits.push(row);
    console.log(`  first answer ${ms(row.answer)}, index ready ${ms(row.indexBuilt)}, longest task ${ms(row.longest)} (the widget's ${ms(row.widgetLongest)}; the page alone ${ms(row.pageAlone)}), CLS ${row.cls.toFixed(3)}`);
  }

  const typed = [];
  for (const cpu of [1, 4]) {
    console.log(`==> widget-perf: typing, ${cpu}× CPU (${queries.length} queries)`);
    const row = await typing(browser, worker.url, queries, { cpu, loads: RUNS });
    typed.push(row);
    console.log(`  keystroke → paint p50 ${ms(row.paint.p50, 1)}, p95 ${ms(row.paint.p95, 1)}; search p95 ${ms(row.search.p95, 1)}; longest task ${ms(row.longest?.duration ?? 0)}`);
  }
  console.log(`==> widget-perf: typing at a citizen's pace (a key every ${PACE} ms), 4× CPU (${pacedQueries.length} queries)`);
  const paced = await typing(browser, worker.url, pacedQueries, { cpu: 4, loads: 0, pace: PACE });
  console.log(`  keystroke → paint p50 ${ms(paced.paint.p50, 1)}, p95 ${ms(paced.paint.p95, 1)}; longest task ${ms(paced.longest?.duration ?? 0)}`);
  // The same keys into a plain <input> on the same page, without the widget.
  const floors = [];
  for (const [list, pace] of [[queries, 0], [pacedQueries, PACE]]) {
    console.log(`==> widget-perf: the same keys into a plain input without the widget, 4× CPU, ${pace ? `a key every ${pace} ms` : "as fast as taken"}`);
    const floor = await plainTyping(browser, worker.url, list, { cpu: 4, pace });
    floors.push(floor);
    console.log(`  keystroke → paint p50 ${ms(floor.paint.p50, 1)}, p95 ${ms(floor.paint.p95, 1)}`);
  }
  const [floorFast, floorPaced] = floors;
  // And at a citizen's pace in a browser that draws a frame as soon as one is asked for (no frame
  // rate limit, no vsync): what is left is the browser's own work for a key, with no frame to wait for.
  console.log(`==> widget-perf: the same keys into a plain input, a key every ${PACE} ms, 4× CPU, no frame rate limit`);
  const unlimited = await launchBrowser(["--disable-frame-rate-limit", "--disable-gpu-vsync"]);
  const floorUnlimited = await plainTyping(unlimited, worker.url, pacedQueries, { cpu: 4, pace: PACE }).finally(() => unlimited.close());
  console.log(`  keystroke → paint p50 ${ms(floorUnlimited.paint.p50, 1)}, p95 ${ms(floorUnlimited.paint.p95, 1)}`);

  const citizen = visits.find((v) => v.citizen);
  const fast = visits.find((v) => v.cpu === 1 && !v.network);
  const slow = visits.find((v) => v.cpu === 4 && !v.network);
  const typed4 = typed.find((t) => t.cpu === 4);
  const score = median(lh.map((r) => r.score));
  const tbt = median(lh.map((r) => r.tbt));
  const lhCls = Math.max(...lh.map((r) => r.cls));
  const widgetTask = Math.max(citizen.widgetLongest, slow.widgetLongest, typed4.longest?.duration ?? 0, paced.longest?.duration ?? 0);
  // The typing runs' long tasks, and what typing their queries again brought back.
  const retypedText = [["typed fast", typed4], ["at a citizen's pace", paced]].filter(([, r]) => r.retyped)
    .map(([how, r]) => `the ${r.retyped.queries} quer${r.retyped.queries === 1 ? "y" : "ies"} ${how} with a task over 50 ms typed ${r.retyped.tries} times again: ` +
      `${r.retyped.tasks} such task${r.retyped.tasks === 1 ? "" : "s"}${r.retyped.tasks ? ` (longest ${ms(r.retyped.longest)})` : ""}`)
    .join("; ");
  // The same keys into the plain input: how many tasks over 50 ms typing alone brought.
  const floorTasks = [["typed fast", floorFast], ["at a citizen's pace", floorPaced]]
    .map(([how, f]) => `${how} ${f.typingTasks}${f.typingTasks ? ` (longest ${ms(f.longest)})` : ""}`).join(", ");
  const settings = lh[0].settings;
  const t = settings.throttling;
  const version = await browser.version();
  const loadAfter = loadavg();
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const lines = [
    "# The widget on the host page (issue #8)",
    "",
    `Generated by \`scripts/widget-perf.mjs\` (\`make perf\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit()}, ` +
      `Chromium ${version} headless on a ${cpus().length}-core machine; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ` +
      `${loadAfter.map((l) => l.toFixed(2)).join(" ")} after (${minutes} min). A busy machine slows every figure: compare runs on a quiet one.`,
    "",
    `The demo portal (\`public/index.html\`, served by the Worker under \`wrangler dev\`) with its catalog (${catalog.counts?.procedures ?? "?"} procedures, ` +
      `version ${catalog.version ?? "?"}; binary search index ${indexBytes.toLocaleString("en")} bytes before compression).`,
    "",
    "## Budgets",
    "",
    "| figure | budget | measured | |",
    "|---|---:|---:|---|",
    `| Lighthouse mobile performance score (median of ${lh.length}) | ≥ 95 | ${score} | ${verdict(score >= 95)} |`,
    `| Lighthouse Total Blocking Time (median of ${lh.length}) | ≤ 100 ms | ${ms(tbt)} | ${verdict(tbt <= 100)} |`,
    `| first answer: navigation → first results painted, 4× CPU, 150 ms RTT, 1.6 Mbps (median of ${RUNS}) | ≤ 1.5 s | ${sec(citizen.answer)} | ${verdict(citizen.answer <= 1500)} |`,
    `| keystroke → painted results, p95, 4× CPU: typed at a citizen's pace (a key every ${PACE} ms, ${paced.paint.count} key inputs; a plain input on the same page without the widget: ${ms(floorPaced.paint.p95, 1)}), and as fast as Playwright sends keys (${typed4.paint.count} key inputs; the plain input: ${ms(floorFast.paint.p95, 1)}) | ≤ 16 ms | ${ms(paced.paint.p95, 1)}; ${ms(typed4.paint.p95, 1)} | ${verdict(paced.paint.p95 <= 16 && typed4.paint.p95 <= 16)} |`,
    `| longest main-thread task caused by the widget, 4× CPU (navigation → the widget's own first results, median of ${RUNS}; and while typing${retypedText ? `; ${retypedText}` : ""}; the same keys into a plain input without the widget, tasks over 50 ms: ${floorTasks}) | ≤ 50 ms | ${ms(widgetTask)} | ${verdict(widgetTask <= 50)} |`,
    `| layout shift (CLS): Lighthouse, and the first visits (largest of all runs) | 0 | ${lhCls.toFixed(3)}, ${Math.max(...visits.map((v) => v.cls)).toFixed(3)} | ${verdict(lhCls === 0 && visits.every((v) => v.cls === 0))} |`,
    `| index ready (built) after navigation, 1× / 4× CPU, loopback (median of ${RUNS}) | (reported) | ${ms(fast.indexBuilt)} / ${ms(slow.indexBuilt)} | |`,
    "",
    "## First visit",
    "",
    `A fresh browser context each run (empty caches), 390×844, the search box tapped as soon as it takes input (the quick search's, shown while the wasm comes, ` +
      "or the widget's if it came first; Playwright waits until it is visible, " +
      `enabled and editable), then the query "${FIRST_QUERY}" typed key by key (\`pressSequentially\`: trusted input events, as a citizen's). ` +
      "The first results painted are those of what was typed by then. Times from navigation start (the page's time origin); " +
      `medians of ${RUNS} runs (of those that answered). The network is throttled with \`Network.emulateNetworkConditions\` (the latency is added to each request; ` +
      "connection set-up is not modelled and loopback has no TLS, so this is kinder than a real 150 ms link), the CPU with `Emulation.setCPUThrottlingRate`.",
    "",
    "| run | search box takes input | loader loaded | wasm loaded | index loaded | index built (its build) | **first results painted** | the widget's own first results | longest task (longest of all runs) | **the widget's longest task** | the page alone: longest task | tasks > 50 ms | blocking (Σ task − 50 ms; the widget's) | CLS |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...visits.map((v) => `| ${v.label} | ${ms(v.boxInput)} | ${ms(v.loader)} | ${ms(v.wasm)} | ${ms(v.index)} | ${ms(v.indexBuilt)} (${ms(v.indexBuild)}) | **${ms(v.answer)}** | ${ms(v.widgetAnswer)} | ${ms(v.longest)} (${ms(v.longestEver)}) | **${ms(v.widgetLongest)}** | ${ms(v.pageAlone)} | ${v.tasksOver50} | ${ms(v.blocking)}; ${ms(v.widgetBlocking)} | ${v.cls.toFixed(3)} |`),
    "",
    "Longest task of each kind of run, as the Long Animation Frames API attributes it (the script entry point that ran longest in that frame; the wasm runs inside such a JS entry point):",
    "",
    ...visits.map((v) => `- ${v.label}: ${ms(v.longestEver)} — ${script(v.longestScripts)}; the widget's longest of all runs: ${v.widgetLongestEver ? `${ms(v.widgetLongestEver)} — ${script(v.widgetScripts)}` : "none over 50 ms"}; ` +
      `the page's first rendering was a long task in a frame where the loader ran in ${v.firstRenderingShared} of ${v.runs} runs (the page's, not counted as the widget's)`),
    "",
    ...visits.flatMap((v) => v.failures.map((f) => `Run failed (${v.label}; left out of the medians): ${f}`)),
    ...(visits.some((v) => v.failures.length) ? [""] : []),
    "How \"first results painted\" is taken: from the page's start, a `requestAnimationFrame` loop looks for the first row of the widget's results listbox, " +
      "or of the quick search's list (`app/loader/quick.js`: the API's answer, shown until the widget's catalog is ready) " +
      "(one `querySelector` a frame, stopped once found); the time is that of a task posted from the frame callback that found it, i.e. just after the frame " +
      "that first shows the rows was rendered. Long tasks: `PerformanceObserver` `longtask` (buffered, installed before the page's scripts), from navigation to the widget's own first results (after the quick search's, when it answered first). " +
      "The demo page runs no script of its own, so *the widget's* long tasks are those in a long animation frame where scripts ran (the loader's and the widget's; " +
      "the rendering of that frame included), except the page's first rendering: a task before the first paint in which none of the widget's scripts ran is the browser parsing " +
      "and laying out the whole page for the first time, which the page alone has too, even when the loader ran in an earlier task of that frame (its own task then counts); " +
      "a long task in a frame without scripts is the browser styling, laying out or parsing the page, and so is one in a frame " +
      "where only the harness's own animation-frame callbacks ran (they come from no file: the probe's, and Playwright's polling for the box, whose visibility check " +
      "makes the browser lay the page out then). *The page alone* is " +
      "the same visit with the loader answered empty (median of the longest task of each run): Chromium's first layout of the page, with the fonts it loads, is a " +
      "long task at 4× with or without the widget.",
    "CLS here counts every shift until half a second after the widget's own answer that the browser does not excuse (`hadRecentInput`: within 500 ms of a tap or a key). " +
      "A citizen who types while the index loads gets the answer later than that, so the widget takes the answer's space at the keystroke and keeps it until the next one " +
      "(`.answer.held`): the late answer moves nothing. Lighthouse types nothing, so it sees only the load.",
    "",
    "## Lighthouse",
    "",
    `Lighthouse ${lh[0].version} through its Node API, default config: form factor ${settings.formFactor} (${settings.screen.width}×${settings.screen.height} at ${settings.screen.deviceScaleFactor}×), ` +
      `throttling method \`${settings.method}\` (Lantern simulates the page on ${t.rttMs} ms RTT, ${(t.throughputKbps / 1024).toFixed(1)} Mbps down and ${t.cpuSlowdownMultiplier}× CPU from an unthrottled load). ` +
      `Chromium headless (\`${lighthouse.browser}\`) launched with the project's flags and a remote-debugging port; one browser, the origin's storage reset before each run. ` +
      `Host benchmark index ${median(lh.map((r) => r.benchmarkIndex))} (Lighthouse scales nothing by it; a busy machine inflates the observed tasks it simulates from).`,
    "",
    "| run | score | FCP | LCP | Speed Index | TBT | CLS | longest observed tasks (unthrottled) |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...lh.map((r, i) => `| ${i + 1} | ${r.score} | ${ms(r.fcp)} | ${ms(r.lcp)} | ${ms(r.si)} | ${ms(r.tbt)} | ${r.cls.toFixed(3)} | ${r.longTasks.map((x) => `${x.duration.toFixed(0)} ms ${String(x.url).replace(/^https?:\/\/[^/]+/, "")}`).join("; ") || "—"} |`),
    "",
    "## Typing",
    "",
    `Every labelled query of \`bench/search/queries.jsonl\` typed key by key (Playwright \`pressSequentially\`) once the index is ready, loopback network. ` +
      "Keystroke → paint: from the `keydown` event's timestamp (the `input` event's for letters with diacritics, which Playwright commits as text without a key) to just after the next frame that follows the `input` event (`requestAnimationFrame`, then a posted task), " +
      "so it holds the event handlers, the search, the DOM update (Leptos runs its effects in microtasks, before that frame) and the wait for the frame itself " +
      "(up to one 16.7 ms vsync interval: the budget is \"results in the next frame\"). The check column counts the keystrokes whose frame came after the widget's " +
      "DOM changed (a MutationObserver on its shadow root). Cross-check: the Event Timing API's entries over its 16 ms floor (8 ms granularity) for key and input events. " +
      "Search: the widget's own \"motcua:search\" User Timing measure (ranking, up to 15 hits), one per keystroke. Index build (\`motcua:index-build\`): reading the downloaded binary index into the search's structures, then the warm-up: four searches (an everyday query, a word still being typed without its marks, the same in Telex, and words nothing matches), the rendering of the first answer's rows (into the widget, unseen and taking no space, for the next frame to style and lay out, then replaced by the second answer's rows and removed), and the \"no results\" and \"not here\" views built once and dropped, each in a task of its own (so the first keystrokes do not compile the search's code or the rows', nor style and lay out rows for the first time), " +
      `median of ${RUNS} first visits (fresh contexts) and of ${RUNS} return visits (reloads, cached compiled wasm). Timers are coarsened to 0.1 ms (the page is not cross-origin isolated).`,
    "",
    "| CPU | index build, first visit | index build, return visit | characters typed | key inputs timed (with the Delete clearing the box between queries) | keystroke → paint p50 | p95 | max | DOM changed before the frame | Event Timing entries ≥ 16 ms (max) | search p50 | search p95 | search max | tasks > 50 ms while typing (longest) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...[...typed, paced].map((r) => `| ${r.cpu}×${r.pace ? `, a key every ${r.pace} ms (every fourth query)` : ""} | ${ms(r.first, 1)} | ${ms(r.build, 1)} | ${r.keystrokes} | ${r.paint.count} | ${ms(r.paint.p50, 1)} | ${ms(r.paint.p95, 1)} | ${ms(r.paint.max, 1)} | ${r.changed} of ${r.paint.count} | ${r.eventsOver16} (${ms(r.eventMax)}) | ${ms(r.search.p50, 1)} | ${ms(r.search.p95, 1)} | ${ms(r.search.max, 1)} | ${r.typingTasks} (${ms(r.longest?.duration ?? 0)}${r.longest ? `: ${script(r.longestScripts)}` : ""}) |`),
    "",
    `**The floor.** The same keys typed into a plain \`<input>\` placed where the widget goes, on the same page with the loader answered empty, at 4× CPU: ` +
      `as fast as Playwright sends them, p50 ${ms(floorFast.paint.p50, 1)} and p95 ${ms(floorFast.paint.p95, 1)} over ${floorFast.paint.count} key inputs; ` +
      `at a key every ${PACE} ms, p50 ${ms(floorPaced.paint.p50, 1)} and p95 ${ms(floorPaced.paint.p95, 1)} over ${floorPaced.paint.count}. ` +
      "A key sent as soon as the page has taken the one before waits for the frames still owed to the keys before it: typed that way, a box that does nothing " +
      `measures p95 ${ms(floorFast.paint.p95, 1)} against the widget's ${ms(typed4.paint.p95, 1)}, so that figure is the harness's queue more than the page's work. ` +
      "At a citizen's pace each key meets a page at rest, and the difference from the floor is the widget's own cost. " +
      `Nor is the floor the wait for vsync: in a browser that draws each frame as soon as it is asked for (\`--disable-frame-rate-limit --disable-gpu-vsync\`), ` +
      `the plain input at a citizen's pace measures p50 ${ms(floorUnlimited.paint.p50, 1)} and p95 ${ms(floorUnlimited.paint.p95, 1)}: ` +
      "at 4× CPU, Chromium's own handling of a key (its events, the edit, the frame's style, layout, paint and commit) takes about as long as the budget allows.",
    "",
    "**Long tasks while typing.** A task over 50 ms during a typing run is counted in the table above; the queries during which one came are then typed again, " +
      "the same way, three times each, and their long tasks counted again: a task the widget's work makes comes back when the same keys are typed again, " +
      "one that the machine made (another process, a garbage collection, the throttler's timing) does not. " +
      (retypedText ? `This run: ${retypedText}.` : "This run had none to type again.") +
      ` The same keys typed into the plain input of the floor above, with no widget on the page, tasks over 50 ms: ${floorTasks}.`,
    "",
  ];
  writeFileSync(join(ROOT, "reports/widget-perf.md"), lines.join("\n"));
  console.log(`==> widget-perf: wrote reports/widget-perf.md (${minutes} min)`);
} finally {
  await browser?.close();
  await worker.stop();
}
