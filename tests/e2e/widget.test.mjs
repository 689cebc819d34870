// The widget from one script tag: mounts in an open shadow root, keeps its look and works on a
// hostile host page under a strict CSP, and talks to the real Worker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, startHostPage, launchBrowser } from "./harness.mjs";

let worker, browser, host;

before(async () => {
  worker = await startWorker();
  browser = await launchBrowser();
  const api = worker.url;
  host = await startHostPage({
    "/hostile.html": {
      headers: {
        // A strict portal CSP: our origin for scripts and the API, wasm compilation allowed, no
        // inline script but its own (nonce).
        "Content-Security-Policy":
          `default-src 'self'; script-src ${api} 'wasm-unsafe-eval' 'nonce-hostile'; connect-src ${api}; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
      },
      body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Hostile portal</title>
<style>* { all: unset !important; }
* { color: red !important; font-size: 40px !important; font-family: "Comic Sans MS", cursive !important; }
div { display: inline !important; border: 5px dashed lime !important; min-height: 0 !important; }
h2 { text-transform: uppercase !important; } :host { display: none !important; }
[data-motcua] { --motcua-accent: red !important; --motcua-primary: yellow !important; }</style>
<script nonce="hostile">
// An AMD loader, CommonJS-looking globals, and globals named like the widget's glue.
window.define = function () { throw new Error("hostile define called"); };
define.amd = { jQuery: true };
window.require = function () { throw new Error("hostile require called"); };
window.module = { exports: {} };
window.exports = {};
window.wasm_bindgen = window.__wbg_init = window.motcua_bg = window.wasm = window.mount = { hostile: true };
// Old libraries' patches: enumerable extras on every object and array, a bind that drops bound
// arguments, JSON replaced, Array methods replaced by (working) polyfills.
Object.prototype.hostile = function () {};
Array.prototype.hostile = function () {};
Array.prototype.indexOf = function (x) { for (var i = 0; i < this.length; i++) if (this[i] === x) return i; return -1; };
Function.prototype.bind = function (self) { var f = this; return function () { return f.apply(self, arguments); }; };
JSON.stringify = function () { return '"hostile"'; };
JSON.parse = function () { throw new Error("hostile JSON.parse"); };
// The portal's own command queue, before the loader.
window.motcua = window.motcua || function () { (motcua.q = motcua.q || []).push(arguments); };
motcua("search", "khai sinh");
document.addEventListener("motcua:search", function (e) { document.title = "heard " + e.detail.query + " " + e.detail.results; });
</script>
</head><body><h1>Cổng thông tin cũ</h1><div id="slot">
<script src="${api}/embed.js" async data-lang="vi"></script></div></body></html>`,
    },
  });
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await worker?.stop();
});

function collectErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  return errors;
}

test("demo page embeds the widget with exactly one script tag and it answers from the Worker", async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${worker.url}/`);
  assert.equal(await page.locator('script[src="/embed.js"]').count(), 1);
  const host = page.locator("[data-motcua]");
  await host.waitFor();
  assert.equal(await host.evaluate((el) => el.shadowRoot !== null && el.shadowRoot.mode === "open"), true);
  // Playwright's locators pierce open shadow roots.
  await page.getByRole("heading", { name: "Tra cứu dịch vụ công" }).waitFor({ timeout: 20_000 });
  // A real round trip: the search index comes from the Worker, then a search answers.
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole("combobox", { name: /Bạn cần làm thủ tục gì|What do you need to do/ }).fill("khai sinh");
  await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("on a hostile page of another origin with a strict CSP the widget keeps its own look and works", async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${host.url}/hostile.html`);
  const heading = page.getByRole("heading", { name: "Tra cứu dịch vụ công" });
  await heading.waitFor({ timeout: 20_000 });
  // The index download passes the portal's connect-src, and search works under its CSP: the
  // portal's queued command searched, and the page heard it despite its patched JSON.
  await page.getByRole("option", { name: /Đăng ký khai sinh/ }).first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByRole("combobox", { name: /Bạn cần làm thủ tục gì|What do you need to do/ }).inputValue(), "khai sinh");
  await page.waitForFunction(() => /^heard khai sinh \d+$/.test(document.title), null, { timeout: 5_000 });
  await page.getByRole("combobox", { name: /Bạn cần làm thủ tục gì|What do you need to do/ }).fill("đăng ký kết hôn");
  await page.getByRole("option", { name: /kết hôn/ }).first().waitFor({ timeout: 10_000 });
  // Its space and colours are its own: `all: unset`, `:host` and custom properties from the
  // page do not reach them.
  const widget = page.locator("[data-motcua]");
  assert.deepEqual(await widget.evaluate((el) => [getComputedStyle(el).display, getComputedStyle(el).minHeight]), ["block", "480px"]);
  assert.equal(await heading.evaluate((el) => getComputedStyle(el).color), "rgb(11, 61, 145)");
  const style = await heading.evaluate((el) => {
    const s = getComputedStyle(el);
    return { color: s.color, fontSize: s.fontSize, transform: s.textTransform, family: s.fontFamily };
  });
  assert.notEqual(style.color, "rgb(255, 0, 0)");
  assert.equal(style.fontSize, "20px");
  assert.equal(style.transform, "none");
  assert.doesNotMatch(style.family, /Comic Sans/);
  // The host page itself is still hostile: the widget did not "fix" it (no leak outwards).
  const hostColor = await page.locator("h1").evaluate((el) => getComputedStyle(el).color);
  assert.equal(hostColor, "rgb(255, 0, 0)");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the module script and wasm are served cross-origin with the right types", async () => {
  const embed = await fetch(`${worker.url}/embed.js`);
  assert.equal(embed.status, 200);
  assert.equal(embed.headers.get("access-control-allow-origin"), "*");
  const path = (await embed.text()).match(/w\/[0-9a-f]{12}\//)?.[0];
  assert.ok(path, "embed.js names the content-hashed widget path");
  const wasm = await fetch(`${worker.url}/${path}motcua_bg.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  assert.equal(wasm.headers.get("access-control-allow-origin"), "*");
  assert.match(wasm.headers.get("cache-control") ?? "", /immutable/);
  const health = await fetch(`${worker.url}/v1/health`, { headers: { Origin: "https://portal.example" } });
  assert.equal(health.status, 200);
  assert.equal(health.headers.get("access-control-allow-origin"), "*");
  assert.equal((await health.json()).status, "ok");
});

test("unknown API paths answer problem+json, not a page or a 5xx", async () => {
  const res = await fetch(`${worker.url}/v1/nope`);
  assert.equal(res.status, 404);
  assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.status, 404);
  assert.ok(body.title);
});
