// The widget from one script tag: mounts in an open shadow root, keeps its look on a hostile
// host page under a strict CSP, and talks to the real Worker.
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
        // A strict portal CSP: our origin for scripts and the API, wasm compilation allowed, no inline anything.
        "Content-Security-Policy":
          `default-src 'self'; script-src ${api} 'wasm-unsafe-eval'; connect-src ${api}; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
      },
      body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Hostile portal</title>
<style>* { color: red !important; font-size: 40px !important; font-family: "Comic Sans MS", cursive !important; }
div { display: inline !important; border: 5px dashed lime !important; } h2 { text-transform: uppercase !important; }</style>
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
  await page.getByRole("searchbox").fill("khai sinh");
  await page.getByRole("button", { name: /Thủ tục đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("on a hostile page of another origin with a strict CSP the widget keeps its own look", async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${host.url}/hostile.html`);
  const heading = page.getByRole("heading", { name: "Tra cứu dịch vụ công" });
  await heading.waitFor({ timeout: 20_000 });
  // The index download passes the portal's connect-src, and search works under its CSP.
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole("searchbox").fill("khai sinh");
  await page.getByRole("button", { name: /Thủ tục đăng ký khai sinh/ }).first().waitFor({ timeout: 10_000 });
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
