// The quick search (app/loader/quick.js): on a portal page of another origin, against the real
// Worker, with the widget's wasm held back as a slow mobile link holds it. A search box answered
// by the API's search until the widget comes; then the widget takes over where the citizen is
// (text, focus, caret), or opens what they chose meanwhile. Screenshots go to test-results/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { axe, startWorker, startHostPage, proxiedContext, widgetOrigin, launchBrowser, ROOT } from "./harness.mjs";

const PHONE = { width: 390, height: 844 };
const SHOTS = join(ROOT, "test-results");

let worker, browser, portal;
const routes = {};

before(async () => {
  portal = await startHostPage(routes);
  worker = await startWorker({ vars: { ALLOWED_ORIGINS: portal.url } });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
  await worker?.stop();
});

/**
 * A portal page with the tag (its `attributes`), a page's worth of text around it. The widget
 * comes from the Worker, or from the proxy in front of it that the context's cookie names
 * (harness.mjs proxiedContext: requests are held there, not by `page.route`).
 */
function serve(path, attributes = "", { lang = "vi", head = "" } = {}) {
  const text = (n) => Array.from({ length: n }, (_, i) => `<p>Đoạn ${i + 1}: thông báo của cổng.</p>`).join("");
  routes[path] = {
    body: (req) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Cổng dịch vụ công (thử)</title>${head}</head><body><main><h1>Cổng dịch vụ công</h1>${text(1)}
<script src="${widgetOrigin(req, worker.url)}/embed.js" async ${attributes}></script>${text(8)}</main></body></html>`,
  };
  return path;
}

/**
 * Opens `path` at 390×844 with the widget's wasm held until `release()` (what a slow link does
 * to its biggest file); records errors, the requests made, and layout shifts.
 */
async function visitHeld(path) {
  const { context, proxy } = await proxiedContext(browser, worker, portal.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await context.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.shifts.push({ value: e.value, recent: e.hadRecentInput });
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  proxy.rule = (req) => (req.url.endsWith("/motcua_bg.wasm") ? held : undefined);
  await page.goto(portal.url + path);
  return { page, errors, requests, release, proxy, close: () => context.close() };
}

/** The widget's shadow root, as a page function sees it. */
const inRoot = (page, fn, arg) => page.evaluate(
  ([body, a]) => new Function("root", "arg", body)(document.querySelector("[data-motcua]").shadowRoot, a),
  [`return (${fn})(root, arg)`, arg],
);

/** The codes the API's search answers for `q` (what the quick rows must show, in order). */
async function apiCodes(q, extra = {}) {
  const params = new URLSearchParams({ q, limit: "15", ...extra });
  const body = await (await fetch(`${worker.url}/v1/procedures?${params}`)).json();
  return body.results.map((hit) => hit.code);
}

test("before the wasm comes: a search box answered by the API; the widget then takes over where the citizen is", async () => {
  const { page, errors, requests, release, close } = await visitHeld(serve("/quick.html"));
  const quick = page.getByRole("searchbox", { name: "Bạn cần làm thủ tục gì?" });
  await quick.click({ timeout: 30_000 });
  // The widget is not there yet: its wasm is held.
  assert.equal(await inRoot(page, (root) => root.querySelector("#motcua-q") === null), true);
  await quick.pressSequentially("khai sinh", { delay: 30 });
  const rows = page.locator("#motcua-quick-results button");
  await page.waitForFunction(() => document.querySelector("[data-motcua]").shadowRoot
    .querySelectorAll("#motcua-quick-results button").length === 15, null, { timeout: 20_000 });
  // The rows are the API's answer for what was typed, in its order (the same core search).
  const codes = await rows.evaluateAll((buttons) => buttons.map((b) => b.dataset.code));
  assert.deepEqual(codes, await apiCodes("khai sinh"));
  assert.match(await rows.first().textContent(), /khai sinh/i);
  // The count is said after a pause, in the live line, in the widget's words.
  await page.getByRole("status").filter({ hasText: /^Tìm thấy \d+ thủ tục, hiển thị 15 thủ tục phù hợp nhất\.$/ })
    .waitFor({ timeout: 5_000 });
  // Nothing the widget needs for its own search was fetched yet, and the quick search asked
  // the API only for what was typed (one request at a time: fewer than the keys).
  assert.equal(requests.filter((r) => r.startsWith("/v1/catalog/index")).length, 0);
  const asked = requests.filter((r) => r.startsWith("/v1/procedures?"));
  assert.ok(asked.length >= 1 && asked.length <= "khai sinh".length, asked.join(", "));
  await axe(page, "the quick search with its rows");
  await page.screenshot({ path: join(SHOTS, "quick-search-390.png") });

  // The widget comes: its box has the text, the focus and the caret; the quick search is gone.
  const caret = await inRoot(page, (root) => root.activeElement.selectionStart);
  release();
  await page.locator("#motcua-results [role=option]").first().waitFor({ timeout: 30_000 });
  const after = await inRoot(page, (root) => ({
    quick: root.querySelector("[data-motcua-quick]") !== null,
    focus: root.activeElement?.id,
    value: root.querySelector("#motcua-q").value,
    caret: root.querySelector("#motcua-q").selectionStart,
  }));
  assert.deepEqual(after, { quick: false, focus: "motcua-q", value: "khai sinh", caret });
  // Typing goes on in the widget's box, and the widget answers from its own index.
  await page.keyboard.type(" cho con");
  await page.getByRole("combobox", { name: "Bạn cần làm thủ tục gì?" }).waitFor();
  assert.equal(await page.locator("#motcua-q").inputValue(), "khai sinh cho con");
  assert.equal(requests.filter((r) => r.startsWith("/v1/catalog/index")).length, 1);
  // Nothing moved on the page that the citizen's typing did not excuse.
  assert.equal(await page.evaluate(() => shifts.filter((s) => !s.recent).reduce((a, s) => a + s.value, 0)), 0);
  await axe(page, "the widget after the hand-over");
  await page.screenshot({ path: join(SHOTS, "quick-search-handed-over-390.png") });
  assert.deepEqual(errors, []);
  await close();
});

test("a row opened before the widget comes: the widget opens that procedure when it does", async () => {
  const { page, errors, release, close } = await visitHeld(serve("/quick-open.html"));
  const quick = page.getByRole("searchbox", { name: "Bạn cần làm thủ tục gì?" });
  await quick.fill("1.001193");
  const row = page.locator('#motcua-quick-results button[data-code="1.001193"]');
  await row.click({ timeout: 20_000 });
  // Still waiting for the wasm: the quick search stays as it was.
  await page.waitForTimeout(300);
  assert.equal(await inRoot(page, (root) => root.querySelector("[data-motcua-quick]") !== null), true);
  release();
  // The detail opens (it needs no catalog) and its heading has the focus.
  const heading = page.getByRole("heading", { level: 3, name: /đăng ký khai sinh/i });
  await heading.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("[data-motcua]").shadowRoot.activeElement?.tagName === "H3",
    null, { timeout: 5_000 });
  assert.equal(await inRoot(page, (root) => root.querySelector("[data-motcua-quick]") === null), true);
  assert.deepEqual(errors, []);
  await close();
});

test("English, a scoped portal, and the status tab: the quick search follows the options", async () => {
  const { page, errors, requests, release, close } = await visitHeld(
    serve("/quick-en.html", 'data-lang="en" data-scope="field:Hộ tịch"', { lang: "en" }));
  const quick = page.getByRole("searchbox", { name: "What do you need to do?" });
  await quick.fill("dang ky");
  await page.waitForFunction(() => document.querySelector("[data-motcua]").shadowRoot
    .querySelectorAll("#motcua-quick-results button").length > 0, null, { timeout: 20_000 });
  // Only the scope's procedures, as the API answers within it.
  const codes = await page.locator("#motcua-quick-results button").evaluateAll((b) => b.map((x) => x.dataset.code));
  assert.deepEqual(codes, await apiCodes("dang ky", { field: "Hộ tịch" }));
  assert.notDeepEqual(codes, await apiCodes("dang ky"));
  assert.ok(requests.some((r) => r.includes("field=H%E1%BB%99+t%E1%BB%8Bch")), requests.join(", "));
  await page.getByRole("status").filter({ hasText: /^\d+ procedures found, showing the 15 best matches\.$/ })
    .waitFor({ timeout: 5_000 });
  await axe(page, "the quick search in English");
  await page.screenshot({ path: join(SHOTS, "quick-search-en-390.png") });
  // The status tab is the widget's: it takes over on it as soon as it comes. By keyboard, as
  // the widget's tabs are reached: the selected tab, then an arrow key, then Enter.
  await page.getByRole("tab", { name: "Find a procedure" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await inRoot(page, (root) => root.activeElement.textContent), "Track a dossier");
  await page.keyboard.press("Enter");
  release();
  await page.getByRole("textbox", { name: "Dossier code" }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole("tab", { name: "Track a dossier" }).getAttribute("aria-selected"), "true");
  // The focus is on the widget's own tab, where it was on the quick search's.
  assert.equal(await inRoot(page, (root) => root.activeElement?.id), "motcua-tab-status");
  assert.equal(await inRoot(page, (root) => root.querySelector("[data-motcua-quick]") === null), true);
  assert.deepEqual(errors, []);
  await close();
});

test("no quick search where it is not needed, and a widget that cannot load still says so", async () => {
  // A widget that opens on the dossier status never fetches it.
  {
    const { page, requests, release, close } = await visitHeld(serve("/quick-status.html", 'data-view="status"'));
    release();
    await page.getByRole("textbox", { name: "Mã hồ sơ" }).waitFor({ timeout: 30_000 });
    assert.equal(requests.filter((r) => r.endsWith("/quick.js")).length, 0);
    await close();
  }
  // The wasm refused: the "could not load" line replaces the quick search.
  {
    const { context, proxy } = await proxiedContext(browser, worker, portal.url, { viewport: PHONE });
    const page = await context.newPage();
    proxy.rule = (req) => (req.url.endsWith("/motcua_bg.wasm") ? { status: 404, body: "gone" } : undefined);
    await page.goto(portal.url + serve("/quick-broken.html"));
    await page.getByRole("alert").filter({ hasText: "Không tải được tiện ích tra cứu" }).waitFor({ timeout: 30_000 });
    assert.equal(await inRoot(page, (root) => root.querySelector("[data-motcua-quick]") === null), true);
    await context.close();
  }
});

test("a search the portal asked for before the widget came is shown and answered by the quick search", async () => {
  const stub = `<script>window.motcua=window.motcua||function(){(motcua.q=motcua.q||[]).push(arguments)};
motcua("search", "khai sinh");</script>`;
  const { page, errors, release, close } = await visitHeld(serve("/quick-queued.html", "", { head: stub }));
  const quick = page.getByRole("searchbox", { name: "Bạn cần làm thủ tục gì?" });
  await quick.waitFor({ timeout: 30_000 });
  assert.equal(await quick.inputValue(), "khai sinh");
  await page.waitForFunction(() => document.querySelector("[data-motcua]").shadowRoot
    .querySelectorAll("#motcua-quick-results button").length === 15, null, { timeout: 20_000 });
  const codes = await page.locator("#motcua-quick-results button").evaluateAll((b) => b.map((x) => x.dataset.code));
  assert.deepEqual(codes, await apiCodes("khai sinh"));
  // The widget, when it comes, has the same search.
  release();
  await page.getByRole("combobox", { name: "Bạn cần làm thủ tục gì?" }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#motcua-q").inputValue(), "khai sinh");
  await page.locator("#motcua-results [role=option]").first().waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await close();
});

test("nothing typed yet when the widget comes: it takes over at once, its catalog still on the way", async () => {
  const { page, errors, release, proxy, close } = await visitHeld(serve("/quick-idle.html"));
  // The catalog index is held too: the widget comes before its catalog is ready.
  let releaseIndex;
  const index = new Promise((resolve) => { releaseIndex = resolve; });
  const wasm = proxy.rule;
  proxy.rule = (req) => (req.url.startsWith("/v1/catalog/index") ? index : wasm(req));
  const quick = page.getByRole("searchbox", { name: "Bạn cần làm thủ tục gì?" });
  await quick.focus({ timeout: 30_000 });
  release();
  // The widget's box, with the focus, while the index is still held; the quick search gone.
  await page.getByRole("combobox", { name: "Bạn cần làm thủ tục gì?" }).waitFor({ timeout: 30_000 });
  const state = await inRoot(page, (root) => ({
    quick: root.querySelector("[data-motcua-quick]") !== null,
    focus: root.activeElement?.id,
    catalog: root.querySelector("[data-catalog]").getAttribute("data-catalog"),
  }));
  assert.deepEqual(state, { quick: false, focus: "motcua-q", catalog: "loading" });
  releaseIndex();
  await page.keyboard.type("khai sinh");
  await page.locator("#motcua-results [role=option]").first().waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);
  await close();
});
