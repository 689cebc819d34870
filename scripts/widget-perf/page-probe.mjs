// What the widget-perf runs observe inside the page. `probe` is installed with
// `context.addInitScript` (it runs before the page's own scripts) and records into
// `window.__motcuaPerf`; nothing here changes what the widget does.
//
// - long tasks (`longtask`) and long animation frames (`long-animation-frame`, which name the
//   script that ran: the attribution a long task lacks), from navigation on;
// - layout shifts (CLS: the sum of shifts without recent input);
// - the first paint (which task was the page's first rendering);
// - the first results painted: a requestAnimationFrame loop (one querySelector a frame, stopped
//   once found) sees the first result row of the widget's listbox, or of the quick search's list;
//   the time taken is that of a task posted from that frame's callback, i.e. after the frame that
//   shows the rows was rendered (rAF callbacks run just before style, layout and paint of their
//   frame); and the same for the widget's own first rows, once the quick search has handed over;
// - each keystroke: from its `keydown` (the event's own timestamp; its `input` event's for text
//   committed without a key, as letters with diacritics are) to the same "after the next frame"
//   point, scheduled from the `input` event, and whether the widget's DOM changed between the key
//   and that frame (a MutationObserver on the widget's shadow root);
// - Event Timing entries (`event`, 16 ms threshold: the smallest the API allows) as a cross-check.
export function probe() {
  const perf = (window.__motcuaPerf = {
    longTasks: [], frames: [], shifts: [], events: [], keys: [], firstResults: null, widgetResults: null, boxInput: null,
    firstPaint: null,
  });
  const observe = (type, options, push) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(push)).observe({ type, buffered: true, ...options });
    } catch { /* entry type not supported: its list stays empty */ }
  };
  observe("longtask", {}, (e) => perf.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe("long-animation-frame", {}, (e) => perf.frames.push({
    start: e.startTime,
    duration: e.duration,
    blocking: e.blockingDuration,
    // From the start of rendering (rAF callbacks, then style and layout) to the frame's end.
    render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
    styleLayout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
    scripts: e.scripts.map((s) => ({
      invoker: s.invoker, source: s.sourceURL, fn: s.sourceFunctionName, start: s.startTime, duration: s.duration,
    })),
  }));
  observe("paint", {}, (e) => { if (e.name === "first-paint") perf.firstPaint = e.startTime; });
  observe("layout-shift", {}, (e) => perf.shifts.push({ start: e.startTime, value: e.value, input: e.hadRecentInput }));
  observe("event", { durationThreshold: 16 }, (e) => perf.events.push({
    name: e.name, start: e.startTime, duration: e.duration, interaction: e.interactionId,
  }));

  const root = () => document.querySelector("[data-motcua]")?.shadowRoot;
  const afterFrame = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(0);
  });
  // Two answers: the first rows painted (the quick search's or the widget's), and the widget's
  // own, once it has taken over (the quick search gone): the long tasks are counted up to the later.
  let first = false;
  let own = false;
  const watch = () => {
    const shadow = root();
    if (!first && shadow?.querySelector("#motcua-results [role=option], #motcua-quick-results button")) {
      first = true;
      afterFrame((t) => { perf.firstResults = t; });
    }
    if (!own && shadow?.querySelector("#motcua-results [role=option]") && !shadow.querySelector("[data-motcua-quick]")) {
      own = true;
      afterFrame((t) => { perf.widgetResults = t; });
    }
    if (!own) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);

  let key = null;
  let mutated = 0;
  let observed = null;
  addEventListener("keydown", (e) => { key = { start: e.timeStamp }; }, true);
  addEventListener("input", (e) => {
    if (perf.boxInput === null) perf.boxInput = e.timeStamp;
    const shadow = root();
    if (shadow && observed !== shadow) {
      observed = shadow;
      new MutationObserver(() => { mutated = performance.now(); })
        .observe(shadow, { childList: true, subtree: true, characterData: true, attributes: true });
    }
    // Letters with diacritics come as text without a keydown (Playwright's insertText, as an
    // IME commits them): those are timed from their input event.
    const k = key || (e.inputType === "insertText" && e.data ? { start: e.timeStamp } : null);
    key = null;
    if (!k) return;
    afterFrame((t) => {
      k.end = t;
      k.changed = mutated >= k.start;
      perf.keys.push(k);
    });
  }, true);
}
