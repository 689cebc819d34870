// The widget as a guest on portal pages of another origin, against the real Worker: each mode
// and option, bad option values, two widgets on one page, the JS API before and after the
// loader runs, the DOM events, the launcher by keyboard, the iframe fallback under a strict CSP,
// the reserved space (no layout shift), the configurator and the pinned SRI loader.
// Screenshots of each mode at 390×844 and 1280×800 go to test-results/ (look at them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { axe, startWorker, startHostPage, launchBrowser, ROOT } from "./harness.mjs";
import { api as dossierApi, newCode, receivedEvent, event } from "./dossiers-support.mjs";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = join(ROOT, "test-results");

let worker, browser, portal, stranger;
const routes = {};
const strangerRoutes = {};

before(async () => {
  // The portal is listed in ALLOWED_ORIGINS (it may read dossiers and frame /embed/frame);
  // the stranger is another site that is not.
  portal = await startHostPage(routes);
  stranger = await startHostPage(strangerRoutes);
  worker = await startWorker({ vars: { ALLOWED_ORIGINS: portal.url } });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
  await stranger?.stop();
  await worker?.stop();
});

// ---------------------------------------------------------------------------------------------
// Pages and helpers

const STUB = "window.motcua=window.motcua||function(){(motcua.q=motcua.q||[]).push(arguments)};";
// Records every widget event the page hears (they bubble to the document).
const RECORD = `window.heard=[];for(const n of ["ready","search","procedure","status"])
document.addEventListener("motcua:"+n,(e)=>heard.push({type:e.type,detail:e.detail,host:e.target.id||e.target.getAttribute("data-motcua")}));`;

/** Serves a portal page at `path`: `body` inside a plain page (`csp`: its policy). */
function serve(path, body, { csp, lang = "vi", on = routes } = {}) {
  on[path] = {
    headers: csp ? { "Content-Security-Policy": csp } : {},
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Cổng dịch vụ công (thử)</title></head><body>${body}</body></html>`,
  };
  return path;
}

const tag = (attributes = "") => `<script src="${worker.url}/embed.js" async ${attributes}></script>`;
const article = (n) => Array.from({ length: n }, (_, i) =>
  `<p>Đoạn ${i + 1}: thông báo của cổng, để trang có nội dung như một cổng thật.</p>`).join("");

/** Opens a portal page in a fresh context; records requests, errors and warnings. */
async function visit(path, { viewport = DESKTOP, origin = portal.url } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const warnings = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
    if (m.type() === "warning") warnings.push(m.text());
  });
  await page.goto(origin + path);
  return { page, requests, errors, warnings, close: () => context.close() };
}

const count = (requests, ending) => requests.filter((u) => new URL(u).pathname.endsWith(ending)).length;

/** The element that has keyboard focus, through shadow roots (and what it is). */
function deepFocus(page) {
  return page.evaluate(() => {
    let node = document.activeElement;
    while (node && node.shadowRoot && node.shadowRoot.activeElement) node = node.shadowRoot.activeElement;
    if (!node) return null;
    let inDialog = false;
    for (let n = node; n; n = n.parentNode || n.host) if (n.tagName === "DIALOG") inDialog = true;
    return { tag: node.tagName, id: node.id, cls: node.className, text: (node.textContent || "").trim().slice(0, 40), inDialog };
  });
}

/** The URLs the page fetched from the network (not from its cache), from Chromium's own log. */
async function network(page) {
  const fetched = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Network.responseReceived", ({ response }) => {
    if (!response.fromDiskCache && !response.fromPrefetchCache && !response.fromServiceWorker) fetched.push(response.url);
  });
  await cdp.send("Network.enable");
  return fetched;
}

async function shot(page, name) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `embed-${name}.png`) });
}

/** A dossier of our own, through the real signed ingest: its code, status 4, name and digits. */
async function dossier() {
  const code = newCode(1);
  const posted = await dossierApi(worker).post([
    receivedEvent(code, 2, { name: "Trần Thị Bình", phoneLast4: "8642" }),
    event(code, 4, 1),
  ]);
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  return { code, name: "Trần Thị Bình", digits: "8642" };
}

const searchBox = (scope, lang = "vi") =>
  scope.getByRole("combobox", { name: lang === "vi" ? "Bạn cần làm thủ tục gì?" : "What do you need to do?" });
const title = (scope, lang = "vi") =>
  scope.getByRole("heading", { name: lang === "vi" ? "Tra cứu dịch vụ công" : "Public service lookup" });

// ---------------------------------------------------------------------------------------------
// Inline: lazy start, reserved space, options

test("inline: space reserved at once, nothing heavy fetched until the widget nears the viewport", async () => {
  serve("/lazy.html", `<main><h1>Cổng</h1>${article(60)}${tag()}${article(5)}</main>`);
  for (const [viewport, reserved] of [[PHONE, 480], [DESKTOP, 480]]) {
    const { page, requests, errors, close } = await visit("/lazy.html", { viewport });
    const host = page.locator("[data-motcua]");
    await host.waitFor({ state: "attached" });
    assert.equal(await host.evaluate((el) => el.getBoundingClientRect().height), reserved, `reserved at ${viewport.width}`);
    await page.waitForTimeout(1500);
    for (const file of ["motcua.js", "motcua_bg.wasm", "/v1/catalog/index", "/v1/health"]) {
      assert.equal(count(requests, file), 0, `${file} fetched before it was needed`);
    }
    await host.scrollIntoViewIfNeeded();
    await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(count(requests, "motcua_bg.wasm"), 1);
    assert.equal(count(requests, "/v1/catalog/index"), 1);
    // Nothing of the launcher or the fallback: they are for the pages that need them.
    for (const file of ["launcher.js", "frame-host.js", "theme.js"]) assert.equal(count(requests, file), 0, file);
    assert.equal(await host.evaluate((el) => el.getBoundingClientRect().height), reserved, "the widget fills its space");
    assert.deepEqual(errors, []);
    await close();
  }
});

test("no layout shift from the widget at 390×844, on the search and the status view", async () => {
  // Records layout shifts from the very start of the page.
  const observe = `<script>window.shifts=[];new PerformanceObserver((l)=>{for(const e of l.getEntries())
shifts.push({value:e.value,recent:e.hadRecentInput,nodes:e.sources.map((s)=>s.node)})}).observe({type:"layout-shift",buffered:true});</script>`;
  // As README's "Embedding" suggests for pages that want no shift at all: the tag's container
  // keeps the widget's space from the first paint. `plain`: the tag alone.
  const slot = (view, plain) => (plain ? tag(`data-view="${view}"`)
    : `<div style="min-height:${view === "status" ? 640 : 480}px">${tag(`data-view="${view}"`)}</div>`);
  for (const view of ["search", "status"]) {
    for (const plain of [false, true]) {
      const path = serve(`/cls-${view}-${plain ? "plain" : "slot"}.html`, `${observe}<main><h1>Cổng dịch vụ công</h1>
${article(2)}${slot(view, plain)}${article(8)}</main>`);
      const { page, errors, close } = await visit(path, { viewport: PHONE });
      await title(page).waitFor({ timeout: 30_000 });
      if (view === "search") await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      const { ours, total, height } = await page.evaluate(() => {
        const host = document.querySelector("[data-motcua]");
        const inside = (node) => {
          for (let n = node; n; n = n.parentNode || n.host) if (n === host) return true;
          return false;
        };
        return {
          ours: shifts.filter((s) => s.nodes.some(inside)).reduce((a, s) => a + s.value, 0),
          total: shifts.reduce((a, s) => a + s.value, 0),
          height: host.getBoundingClientRect().height,
        };
      });
      assert.equal(ours, 0, `${view}: layout shift of the widget's own elements`);
      assert.equal(height, view === "status" ? 640 : 480, `${view}: the widget stays in its space`);
      // With its space kept by the page, nothing on the page moved either. (The tag alone
      // inserts the space when it runs: the content below moves once, if it had been painted.)
      if (!plain) assert.equal(total, 0, `${view}: layout shift on the page`);
      else console.log(`# CLS of the page with the tag alone (${view}): ${total.toFixed(3)}`);
      assert.deepEqual(errors, []);
      if (!plain) await shot(page, `inline-${view}-390`);
      await close();
    }
  }
});

test("options: data-view, data-lang, data-height, data-target, data-scope, data-theme", async () => {
  serve("/options.html", `<main><h1>Portal</h1><div id="slot"></div>
${tag('data-lang="en" data-view="status" data-height="700" data-target="#slot" data-theme="#ffd200"')}</main>`);
  const { page, errors, warnings, close } = await visit("/options.html");
  await title(page, "en").waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole("tab", { name: "Track a dossier" }).getAttribute("aria-selected"), "true");
  const host = page.locator("#slot");
  assert.equal(await host.getAttribute("data-motcua"), "inline");
  assert.equal(await host.evaluate((el) => el.getBoundingClientRect().height), 700);
  // The status view comes in its own chunk, after the frame.
  await page.getByRole("textbox", { name: "Dossier code" }).waitFor({ timeout: 15_000 });
  // A light yellow: buttons keep it exactly with black text, text uses a darker shade of it.
  const colours = await page.evaluate(() => {
    const root = document.querySelector("#slot").shadowRoot;
    const style = (sel) => getComputedStyle(root.querySelector(sel));
    return { button: style("button.primary").backgroundColor, text: style("button.primary").color, heading: style("h2").color };
  });
  assert.equal(colours.button, "rgb(255, 210, 0)");
  assert.equal(colours.text, "rgb(0, 0, 0)");
  const [r, g, b] = colours.heading.match(/\d+/g).map(Number);
  assert.ok(r > b && g > b && r < 140, `darkened yellow heading: ${colours.heading}`);
  assert.deepEqual(warnings, []);
  assert.deepEqual(errors, []);
  await close();
});

test("data-scope limits search to a field; data-portal-url and data-api accepted", async () => {
  const field = "Hộ tịch";
  const listed = await (await fetch(`${worker.url}/v1/procedures?field=${encodeURIComponent(field)}&limit=100`)).json();
  const inField = new Set(listed.results.map((p) => p.code));
  assert.ok(listed.total > 10 && listed.total === inField.size, `${listed.total} procedures in ${field}`);
  serve("/scope.html", `<main>${tag(`data-scope="field:${field}" data-portal-url="https://dichvucong.gialai.gov.vn/" data-api="${worker.url}"`)}</main>`);
  const { page, errors, warnings, close } = await visit("/scope.html");
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await searchBox(page).fill("đăng ký");
  const results = page.getByRole("listbox", { name: "Kết quả tìm kiếm" });
  await results.waitFor({ timeout: 10_000 });
  // (A keystroke shows its first rows; the rest come once typing pauses.)
  await results.locator("[role=option]").nth(3).waitFor({ timeout: 10_000 });
  const codes = await results.locator("[role=option][data-code]").evaluateAll((all) => all.map((b) => b.dataset.code));
  assert.ok(codes.length > 3, "procedures of the field match");
  for (const code of codes) assert.ok(inField.has(code), `${code} is not in ${field}`);
  // Unscoped, the same words find procedures of other fields too.
  const all = await (await fetch(`${worker.url}/v1/procedures?q=${encodeURIComponent("đăng ký")}&limit=15`)).json();
  assert.ok(all.results.some((p) => !inField.has(p.code)), "the scope is what limits it");
  assert.deepEqual(warnings, []);
  assert.deepEqual(errors, []);
  await close();
});

test("bad option values are ignored with a warning naming the attribute and what it accepts", async () => {
  serve("/bad.html", `<main><h1>Portal</h1>${tag('data-mode="popup" data-lang="fr" data-view="map" data-scope="level:galaxy;colour:red" data-theme="tomato" data-portal-url="javascript:alert(1)" data-height="tall" data-api="ftp://example.org"')}
<p id="after">Nội dung sau tiện ích</p></main>`);
  serve("/bad-launcher.html", `<main><h1>Portal</h1>${tag('data-mode="launcher" data-position="middle"')}</main>`);
  const { page, errors, warnings, close } = await visit("/bad.html");
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await searchBox(page).fill("khai sinh");
  await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator("#after").isVisible(), true);
  const expected = [
    'data-mode="popup" ignored; accepted: inline, launcher',
    'data-lang="fr" ignored; accepted: vi, en',
    'data-height="tall" ignored; accepted: a height in px, at least 120',
    'data-api="ftp://example.org" ignored; accepted: an http(s) origin',
    'data-view="map" ignored; accepted: search, status',
    'data-scope="level:galaxy" ignored; accepted: level:<ministry|province|district|commune|other>',
    'data-scope="colour:red" ignored',
    'data-theme="tomato" ignored; accepted: a colour as #rgb or #rrggbb',
    'data-portal-url="javascript:alert(1)" ignored; accepted: an absolute http(s) URL',
  ];
  for (const text of expected) {
    assert.ok(warnings.some((w) => w.startsWith("motcua: ") && w.includes(text)), `no warning "${text}" in:\n${warnings.join("\n")}`);
  }
  assert.deepEqual(errors, []);
  await close();

  const launcher = await visit("/bad-launcher.html");
  await launcher.page.getByRole("button", { name: "Tra cứu thủ tục, hồ sơ" }).waitFor();
  assert.ok(launcher.warnings.some((w) => w.includes('data-position="middle" ignored; accepted: bottom-right, bottom-left')));
  await launcher.close();
});

// ---------------------------------------------------------------------------------------------
// Several widgets, the JS API, the events

test("two widgets on one page: one module, one wasm, one index; each answers on its own", async () => {
  serve("/two.html", `<script>${STUB}${RECORD}</script><aside id="side"></aside><main id="body"></main>
${tag('data-name="side" data-view="status" data-target="#side"')}${tag('data-name="body" data-target="#body"')}`);
  const { page, requests, errors, close } = await visit("/two.html");
  const side = page.locator("#side");
  const body = page.locator("#body");
  await body.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await side.getByRole("textbox", { name: "Mã hồ sơ" }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(count(requests, "/motcua.js"), 1, "the widget module");
  assert.equal(count(requests, "motcua_bg.wasm"), 1, "the wasm");
  assert.equal(count(requests, "/v1/catalog/index"), 1, "the index");
  assert.equal(await page.evaluate(() => performance.getEntriesByName("motcua:index-build").length), 1, "one index build");
  assert.deepEqual(await page.evaluate(() => heard.filter((e) => e.type === "motcua:ready").map((e) => e.host).sort()), ["body", "side"]);

  // Commands go to the widget they name; each keeps its own state.
  await page.evaluate(() => motcua("search", "khai sinh", { target: "body" }));
  await body.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
  const queries = await page.evaluate(() => ["side", "body"].map((id) =>
    document.getElementById(id).shadowRoot.querySelector("#motcua-q").value));
  assert.deepEqual(queries, ["", "khai sinh"]);
  assert.equal(await side.getByRole("tab", { name: "Tra cứu hồ sơ" }).getAttribute("aria-selected"), "true");
  await body.getByRole("tab", { name: "Tra cứu hồ sơ" }).click();
  assert.equal(await side.getByRole("tab", { name: "Tìm thủ tục" }).getAttribute("aria-selected"), "false");
  assert.deepEqual(errors, []);
  await close();
});

test("JS API: commands queued before the loader, commands after; events say nothing personal", async () => {
  const { code, name, digits } = await dossier();
  serve("/api.html", `<script>${STUB}motcua("search", "khai sinh");</script><script>${RECORD}</script>
<main><h1>Cổng</h1><div id="tra-cuu"></div>${tag('data-target="#tra-cuu"')}</main>`);
  const { page, errors, warnings, close } = await visit("/api.html");
  // Queued before the loader existed: searched as soon as the widget was up.
  await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 30_000 });
  assert.equal(await searchBox(page).inputValue(), "khai sinh");
  await page.waitForFunction(() => heard.some((e) => e.type === "motcua:search"), null, { timeout: 5_000 });
  const searched = await page.evaluate(() => heard.filter((e) => e.type === "motcua:search"));
  assert.equal(searched.length, 1, "debounced: one event for the query");
  assert.equal(searched[0].detail.query, "khai sinh");
  assert.ok(searched[0].detail.results > 0);
  assert.equal(searched[0].host, "tra-cuu", "events come from the host element");

  // A procedure opened.
  await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().click();
  await page.waitForFunction(() => heard.some((e) => e.type === "motcua:procedure"));
  assert.deepEqual(await page.evaluate(() => heard.find((e) => e.type === "motcua:procedure").detail), { code: "1.001193" });

  // After load: a dossier by code, then with the phone digits typed by the citizen.
  await page.evaluate((c) => motcua("open", { view: "status", code: c }), code);
  await page.getByRole("heading", { name: `Hồ sơ ${code}` }).waitFor({ timeout: 15_000 });
  await page.getByRole("textbox", { name: "4 số cuối điện thoại (không bắt buộc)" }).fill(digits);
  await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
  await page.getByText("Đã xác minh 4 số cuối điện thoại.").waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => heard.filter((e) => e.type === "motcua:status").length >= 2);
  const statuses = await page.evaluate(() => heard.filter((e) => e.type === "motcua:status").map((e) => e.detail));
  for (const detail of statuses) assert.deepEqual(detail, { status: 4 });
  const everything = JSON.stringify(await page.evaluate(() => heard));
  for (const secret of [code, code.split(".").pop(), name, digits]) {
    assert.ok(!everything.includes(secret), `an event carried ${secret}`);
  }

  // Language switch: the widget comes back in English where the citizen was.
  await page.evaluate(() => motcua("lang", "en"));
  await title(page, "en").waitFor();
  assert.equal(await page.getByRole("tab", { name: "Track a dossier" }).getAttribute("aria-selected"), "true");
  assert.equal(await page.getByRole("textbox", { name: "Dossier code" }).inputValue(), code);
  await page.evaluate(() => motcua("open", { view: "search" }));
  await page.getByRole("button", { name: "Back to results" }).click();
  assert.equal(await searchBox(page, "en").inputValue(), "khai sinh");
  // Unknown commands and values: a warning, nothing broken.
  await page.evaluate(() => { motcua("fly"); motcua("lang", "fr"); });
  assert.ok(warnings.some((w) => w.includes('motcua(command)="fly" ignored')));
  assert.ok(warnings.some((w) => w.includes("motcua('lang')=\"fr\" ignored; accepted: vi, en")));
  assert.deepEqual(errors, []);
  await close();
});

// ---------------------------------------------------------------------------------------------
// Launcher

test("launcher: a button that prefetches when idle, opens a dialog on demand, by keyboard", async () => {
  serve("/launcher.html", `<script>${STUB}${RECORD}</script><main><h1>Cổng dịch vụ công</h1>
<a href="#top" id="first-link">Liên kết của trang</a>${article(20)}</main>${tag('data-mode="launcher"')}`);
  for (const viewport of [PHONE, DESKTOP]) {
    const { page, requests, errors, close } = await visit("/launcher.html", { viewport });
    const fetched = await network(page);
    const button = page.getByRole("button", { name: "Tra cứu thủ tục, hồ sơ" });
    await button.waitFor();
    const box = await button.boundingBox();
    assert.ok(box.x + box.width > viewport.width - 40 && box.y + box.height > viewport.height - 40, "bottom-right");
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    // Idle: the module and the wasm come in at low priority; the widget does not start.
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("motcua_bg.wasm")), null, { timeout: 15_000 });
    assert.equal(count(requests, "/v1/catalog/index"), 0, "no index before opening");
    fetched.length = 0;
    await shot(page, `launcher-closed-${viewport.width}`);

    // Keyboard: to the button, Enter opens; once up, focus is in the search box.
    await page.locator("#first-link").focus();
    let focus;
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      focus = await deepFocus(page);
      if (focus.cls.includes("launcher")) break;
    }
    assert.ok(focus.cls.includes("launcher"), `Tab reaches the launcher: ${JSON.stringify(focus)}`);
    await page.keyboard.press("Enter");
    await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    await page.waitForFunction(() => {
      let n = document.activeElement;
      while (n && n.shadowRoot && n.shadowRoot.activeElement) n = n.shadowRoot.activeElement;
      return n && n.id === "motcua-q";
    }, null, { timeout: 5_000 });
    assert.equal(fetched.filter((u) => u.endsWith("motcua_bg.wasm")).length, 0, "the prefetched wasm came from the cache");
    await page.keyboard.type("khai sinh");
    await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
    await shot(page, `launcher-open-${viewport.width}`);
    if (viewport === DESKTOP) await axe(page, "the launcher's dialog");

    // Tab never leaves the dialog, and comes round to the close button.
    const seen = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      focus = await deepFocus(page);
      assert.ok(focus.inDialog, `Tab ${i + 1} left the dialog: ${JSON.stringify(focus)}`);
      assert.ok(!focus.cls.includes("edge"), "focus rests on a control, not on an edge");
      seen.add(focus.cls.includes("close") ? "close" : focus.id || focus.tag);
    }
    assert.ok(seen.has("close") && seen.has("motcua-q"), [...seen].join(", "));
    // Shift+Tab from the close button goes round to the last control.
    while (!(await deepFocus(page)).cls.includes("close")) await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    focus = await deepFocus(page);
    assert.ok(focus.inDialog && !focus.cls.includes("close") && !focus.cls.includes("edge"), JSON.stringify(focus));

    // Escape closes — from the search box too, text and all — and focus returns to the button.
    await searchBox(page).focus();
    await page.keyboard.press("Escape");
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    focus = await deepFocus(page);
    assert.ok(focus.cls.includes("launcher"), `focus returned: ${JSON.stringify(focus)}`);

    // The JS API opens and closes it too.
    await page.evaluate(() => motcua("open", { view: "status" }));
    await page.getByRole("textbox", { name: "Mã hồ sơ" }).waitFor();
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    await page.evaluate(() => motcua("close"));
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    assert.equal(await page.evaluate(() => heard.filter((e) => e.type === "motcua:ready").length), 1);
    assert.deepEqual(errors, []);
    await close();
  }
});

test("launcher: data-position bottom-left, English, themed; language switched by the API", async () => {
  serve("/launcher-left.html", `<main><h1>Portal</h1></main>${tag('data-mode="launcher" data-position="bottom-left" data-lang="en" data-theme="#b4121b"')}`);
  const { page, errors, close } = await visit("/launcher-left.html", { viewport: PHONE });
  const button = page.getByRole("button", { name: "Look up procedures, dossiers" });
  await button.waitFor();
  const box = await button.boundingBox();
  assert.ok(box.x < 40, "bottom-left");
  assert.equal(await button.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(180, 18, 27)");
  await page.evaluate(() => motcua("lang", "vi"));
  await page.getByRole("button", { name: "Tra cứu thủ tục, hồ sơ" }).click();
  await title(page).waitFor({ timeout: 30_000 });
  await shot(page, "launcher-left-themed-390");
  assert.deepEqual(errors, []);
  await close();
});

// ---------------------------------------------------------------------------------------------
// The iframe fallback

/** A portal whose CSP refuses WebAssembly compilation (no 'wasm-unsafe-eval'). */
const STRICT = (api) => `default-src 'self'; script-src ${api} 'nonce-portal'; connect-src ${api}; frame-src ${api}; style-src 'self'; img-src 'self' data:`;

test("strict CSP (no 'wasm-unsafe-eval'), another origin: the widget runs in the edge's iframe, same API", async () => {
  const { code } = await dossier();
  serve("/strict.html", `<script nonce="portal">${STUB}${RECORD}motcua("search", "khai sinh");</script>
<main><h1>Cổng có chính sách nghiêm ngặt</h1><div id="tra-cuu"></div>${tag('data-target="#tra-cuu"')}${article(6)}</main>`, { csp: STRICT(worker.url) });
  for (const viewport of [PHONE, DESKTOP]) {
    const { page, requests, errors, close } = await visit("/strict.html", { viewport });
    const frame = page.frameLocator("#tra-cuu iframe");
    await title(frame).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#tra-cuu iframe").getAttribute("title"), "Tra cứu dịch vụ công");
    // The queued command reached the frame; the events came back out to the host page.
    await frame.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 15_000 });
    assert.equal(await searchBox(frame).inputValue(), "khai sinh");
    await page.waitForFunction(() => heard.some((e) => e.type === "motcua:search"), null, { timeout: 5_000 });
    const events = await page.evaluate(() => heard.map((e) => [e.type, e.host]));
    assert.deepEqual(events.slice(0, 2), [["motcua:ready", "tra-cuu"], ["motcua:search", "tra-cuu"]]);
    // Sized to its content.
    const fits = async () => page.evaluate(() => {
      const iframe = document.querySelector("#tra-cuu").shadowRoot.querySelector("iframe");
      return iframe.getBoundingClientRect().height;
    });
    const inner = async () => frame.locator("[data-motcua]").evaluate((el) => el.getBoundingClientRect().height);
    await page.waitForTimeout(500);
    assert.ok(Math.abs((await fits()) - (await inner())) <= 1, `frame ${await fits()} vs content ${await inner()}`);
    // Only this page's own script and the frame's: nothing compiled on the host page.
    assert.ok(requests.some((u) => u.startsWith(`${worker.url}/embed/frame?`)));
    assert.equal(count(requests, "frame-host.js"), 1);
    await shot(page, `iframe-${viewport.width}`);

    await page.evaluate((c) => motcua("open", { view: "status", code: c }), code);
    await frame.getByRole("heading", { name: `Hồ sơ ${code}` }).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => heard.some((e) => e.type === "motcua:status"));
    assert.deepEqual(await page.evaluate(() => heard.find((e) => e.type === "motcua:status").detail), { status: 4 });
    await page.waitForTimeout(300);
    assert.ok(Math.abs((await fits()) - (await inner())) <= 1, "resized to the status card");
    await page.evaluate(() => motcua("lang", "en"));
    await title(frame, "en").waitFor();
    if (viewport === DESKTOP) await axe(page, "the portal page with the iframe", "#tra-cuu");
    // The only errors are the host's CSP refusing our wasm check.
    assert.deepEqual(errors.filter((e) => !/WebAssembly|wasm-unsafe-eval|unsafe-eval/.test(e)), []);
    await close();
  }
});

test("a CSP that blocks our origin or the API in connect-src also gets the iframe; a launcher too", async () => {
  const csp = `default-src 'self'; script-src ${worker.url} 'wasm-unsafe-eval' 'nonce-portal'; connect-src 'self'; frame-src ${worker.url}; style-src 'self'`;
  serve("/no-connect.html", `<main><h1>Cổng</h1>${tag()}</main>`, { csp });
  const inline = await visit("/no-connect.html");
  await title(inline.page.frameLocator("[data-motcua] iframe")).waitFor({ timeout: 30_000 });
  await inline.close();
  // The API on another origin than the script (here the same Worker as "localhost"): refused
  // by connect-src, asked first with HEAD /v1/health, and the iframe comes from there.
  const elsewhere = worker.url.replace("127.0.0.1", "localhost");
  serve("/api-elsewhere.html", `<main><h1>Cổng</h1>${tag(`data-api="${elsewhere}"`)}</main>`, {
    csp: `default-src 'self'; script-src ${worker.url} 'wasm-unsafe-eval'; connect-src ${worker.url}; frame-src ${elsewhere}; style-src 'self'`,
  });
  const other = await visit("/api-elsewhere.html");
  await title(other.page.frameLocator("[data-motcua] iframe")).waitFor({ timeout: 30_000 });
  assert.ok(other.errors.some((e) => e.includes(`${elsewhere}/v1/health`) && e.includes("connect-src")), other.errors.join("\n"));
  assert.ok(other.requests.some((u) => u.startsWith(`${elsewhere}/embed/frame?`)));
  await other.close();

  serve("/strict-launcher.html", `<script nonce="portal">${STUB}</script><main><h1>Cổng</h1></main>${tag('data-mode="launcher"')}`, { csp: STRICT(worker.url) });
  const { page, close } = await visit("/strict-launcher.html", { viewport: PHONE });
  await page.getByRole("button", { name: "Tra cứu thủ tục, hồ sơ" }).click();
  const frame = page.frameLocator("[data-motcua] iframe");
  await title(frame).waitFor({ timeout: 30_000 });
  await searchBox(frame).waitFor();
  await page.waitForTimeout(300);
  await shot(page, "iframe-launcher-390");
  // Escape inside the frame closes the dialog; focus returns to the button.
  await searchBox(frame).focus();
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("[data-motcua]").shadowRoot.querySelector("dialog").open);
  const focus = await deepFocus(page);
  assert.ok(focus.cls.includes("launcher"), JSON.stringify(focus));
  await close();
});

test("an API that does not answer is the widget's to say, not a reason for the iframe", async () => {
  serve("/offline.html", `<main><h1>Cổng</h1>${tag('data-api="http://127.0.0.1:9"')}</main>`);
  const { page, requests, close } = await visit("/offline.html");
  await page.getByRole("button", { name: "Thử lại" }).waitFor({ timeout: 30_000 });
  await page.getByText("Chưa kết nối được máy chủ tra cứu. Vui lòng thử lại sau.").first().waitFor();
  assert.equal(await page.locator("[data-motcua] iframe").count(), 0);
  assert.equal(count(requests, "frame-host.js"), 0);
  await close();
});

test("the frame page: its own strict CSP, framed only by the listed portals, accessible", async () => {
  const res = await fetch(`${worker.url}/embed/frame?lang=en&view=<script>alert(1)</script>`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /text\/html/);
  const csp = res.headers.get("content-security-policy");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, new RegExp(`frame-ancestors 'self' ${portal.url}$`));
  const html = await res.text();
  assert.match(html, /<html lang="en">/);
  assert.doesNotMatch(html, /alert/, "nothing from the query is written into the page");
  assert.equal(res.headers.get("access-control-allow-origin"), null);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");

  // Another site cannot frame it: its frame stays empty.
  serve("/stranger.html", `<main>${tag()}</main>`, { csp: STRICT(worker.url), on: strangerRoutes });
  const { page, close } = await visit("/stranger.html", { origin: stranger.url });
  await page.locator("[data-motcua] iframe").waitFor({ state: "attached", timeout: 30_000 });
  await page.waitForTimeout(3000);
  const framed = page.frames().find((f) => f.url().startsWith(`${worker.url}/embed/frame`));
  assert.ok(!framed || (await framed.locator("[data-motcua]").count()) === 0, "the frame did not load for a stranger");
  await close();

  // Opened on its own, the page is the widget (and passes axe).
  const direct = await browser.newContext({ viewport: PHONE });
  const own = await direct.newPage();
  await own.goto(`${worker.url}/embed/frame?lang=vi`);
  await own.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await axe(own, "the frame page", "html");
  await direct.close();
});

// ---------------------------------------------------------------------------------------------
// Configurator and pinned loader

test("/configure: every option, a live preview, snippets with the pinned SRI loader", async () => {
  const { page, errors, close } = await visit("/configure", { origin: worker.url, viewport: DESKTOP });
  const csp = (await fetch(`${worker.url}/configure`)).headers.get("content-security-policy");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  for (const option of ["data-mode", "data-position", "data-lang", "data-view", "data-scope", "data-theme",
    "data-portal-url", "data-height", "data-name", "data-target", "data-api"]) {
    assert.ok(await page.getByText(option, { exact: true }).count() > 0, option);
  }
  await title(page.locator("#preview")).waitFor({ timeout: 30_000 });
  await page.getByLabel("Ngôn ngữ data-lang").selectOption("en");
  await page.getByLabel("Mở ở data-view").selectOption("status");
  await page.locator("#theme").fill("#ffd200");
  await title(page.locator("#preview"), "en").waitFor({ timeout: 30_000 });
  await page.getByRole("tab", { name: "Track a dossier", selected: true }).waitFor();
  const current = await page.locator("#snippet-current").innerText();
  assert.equal(current, `<script src="${worker.url}/embed.js" async data-lang="en" data-view="status" data-theme="#ffd200"></script>`);
  assert.match(await page.locator("#theme-note").innerText(), /#ffd200/);
  const pinned = await page.locator("#snippet-pinned").innerText();
  const [, path, integrity] = pinned.match(/src="[^"]*(\/embed\/v\/[0-9a-f]{12}\.js)" integrity="(sha384-[^"]+)" crossorigin="anonymous"/);
  await shot(page, "configure-1280");
  await page.locator("input[name=mode][value=launcher]").check();
  await page.getByRole("button", { name: "Look up procedures, dossiers" }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await close();

  // The pinned loader: the current one, immutable, and its hash is the one offered.
  const loader = Buffer.from(await (await fetch(`${worker.url}/embed.js`)).arrayBuffer());
  const pinnedRes = await fetch(`${worker.url}${path}`);
  assert.equal(pinnedRes.status, 200);
  assert.match(pinnedRes.headers.get("cache-control"), /immutable/);
  assert.equal(pinnedRes.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(Buffer.from(await pinnedRes.arrayBuffer()), loader);
  assert.equal(integrity, `sha384-${createHash("sha384").update(loader).digest("base64")}`);

  // On a portal: with the right hash it runs; with another, the browser refuses it.
  const sri = (hash) => `<main><script src="${worker.url}${path}" integrity="${hash}" crossorigin="anonymous" async></script></main>`;
  serve("/sri.html", sri(integrity));
  serve("/sri-bad.html", sri(`sha384-${createHash("sha384").update("other").digest("base64")}`));
  const good = await visit("/sri.html");
  await title(good.page).waitFor({ timeout: 30_000 });
  await good.close();
  const bad = await visit("/sri-bad.html");
  await bad.page.waitForTimeout(1500);
  assert.equal(await bad.page.locator("[data-motcua]").count(), 0);
  assert.ok(bad.errors.some((e) => /integrity/i.test(e)), bad.errors.join("\n"));
  await bad.close();
});

test("/configure at 390×844", async () => {
  const { page, errors, close } = await visit("/configure", { origin: worker.url, viewport: PHONE });
  await page.locator("#preview").scrollIntoViewIfNeeded();
  await title(page.locator("#preview")).waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "configure-390");
  assert.deepEqual(errors, []);
  await close();
});
