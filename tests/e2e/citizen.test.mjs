// The citizen's two questions, in the real widget against the real Worker (workerd, seeded
// local KV and D1): find a procedure (search runs in the browser over the index downloaded
// once) and open it; track a dossier by its code, with and without the phone digits. Plus an
// axe-core WCAG 2.2 AA scan of every view, in Vietnamese and English, at 320 px too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { axe, startWorker, startHostPage, proxiedContext, widgetOrigin, launchBrowser, ROOT, WRANGLER_ENV } from "./harness.mjs";
import { api as dossierApi, newCode, receivedEvent, event } from "./dossiers-support.mjs";

let worker, browser, host;

before(async () => {
  worker = await startWorker();
  browser = await launchBrowser();
  host = await startHostPage({ "/vi.html": portal("vi"), "/en.html": portal("en") });
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await worker?.stop();
});

/**
 * The portal's page, its widget served from the Worker, or from the proxy in front of it that
 * the browser context's cookie names (harness.mjs proxiedContext).
 */
function portal(lang) {
  return {
    body: (req) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Portal (${lang})</title></head><body><main><h1>Portal</h1>
<script src="${widgetOrigin(req, worker.url)}/embed.js" async data-lang="${lang}"></script></main></body></html>`,
  };
}

/**
 * The Vietnamese page with its widget and API behind a proxy that never answers the first
 * request `picks` (the proxy's URL path) picks, as a connection lost without a word never
 * does; the others go through. Returns the page and how many requests were picked.
 */
async function openHolding(picks) {
  let picked = 0;
  const { page } = await open("vi", undefined, {
    rule: (req) => (picks(req.url) && picked++ === 0 ? "hold" : undefined),
  });
  return { page, picked: () => picked };
}

/**
 * A page on the portal with the widget mounted; counts API requests and collects errors. With a
 * `rule`, the widget comes through a proxy that applies it to each request (harness.mjs
 * startProxy; no `page.route` in this file).
 */
async function open(lang = "vi", viewport = { width: 1024, height: 900 }, { rule } = {}) {
  // (axe-core/playwright needs a page of its own context.)
  let context;
  if (rule) {
    const proxied = await proxiedContext(browser, worker, host.url, { viewport });
    proxied.proxy.rule = rule;
    context = proxied.context;
  } else {
    context = await browser.newContext({ viewport });
  }
  const page = await context.newPage();
  const apiRequests = [];
  const errors = [];
  // For `until`'s account of a stall: requests still open, and everything the console said.
  const pending = new Map();
  const said = [];
  stalls.set(page, { pending, said });
  page.on("request", (r) => {
    pending.set(r, Date.now());
    if (r.url().startsWith(`${worker.url}/v1/`)) apiRequests.push(r.url());
  });
  page.on("requestfinished", (r) => pending.delete(r));
  page.on("requestfailed", (r) => { pending.delete(r); said.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    said.push(`${m.type()}: ${m.text()}`);
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${host.url}/${lang}.html`);
  return { page, apiRequests, errors };
}

const stalls = new WeakMap();

/**
 * `locator.waitFor`, and on a timeout an error that also says what the widget showed, which
 * requests were still open and what the console said: a rare stall under load (a view that
 * never comes, nothing logged) has been seen in this file and not yet reproduced at will.
 */
async function until(page, locator, timeout) {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const { pending, said } = stalls.get(page) ?? { pending: new Map(), said: [] };
    const shown = await page.evaluate(() => {
      const root = document.querySelector("[data-motcua]")?.shadowRoot;
      if (!root) return "no widget";
      // Which of the loader's line, the quick search and the widget were there, and the catalog's state.
      const parts = [...root.children].map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"${e.hasAttribute("data-motcua-quick") ? " quick" : ""}>`);
      const catalog = root.querySelector("[data-catalog]")?.getAttribute("data-catalog") ?? "none";
      return `${parts.join(" ")} catalog=${catalog}: ${root.textContent.trim().slice(0, 300)}`;
    })
      .catch((e) => `page not readable: ${e.message}`);
    const open = [...pending].map(([r, since]) => `${r.url()} (${Date.now() - since} ms)`);
    throw new Error(`${error.message.split("\n")[0]}\n  the widget showed: ${shown}\n  requests still open: ${open.join(", ") || "none"}\n  console: ${said.slice(-10).join(" | ") || "nothing"}`);
  }
}

const searchBox = (page, lang = "vi") =>
  page.getByRole("combobox", { name: lang === "vi" ? "Bạn cần làm thủ tục gì?" : "What do you need to do?" });

/** Types like a person (one key at a time) and returns the first result's text. */
async function search(page, text, lang = "vi") {
  const box = searchBox(page, lang);
  // (The widget's box, once it has taken over from the quick search's: the wait says why not.)
  await until(page, box, 30_000);
  await box.fill("");
  await box.pressSequentially(text, { delay: 15 });
  const results = page.getByRole("listbox", { name: lang === "vi" ? "Kết quả tìm kiếm" : "Search results" });
  await until(page, results, 10_000);
  return results.getByRole("option").first().innerText();
}

/** A seeded dossier code straight from the Worker's D1 (as `make dev` seeds it). */
function seededCodes(limit = 3) {
  const out = spawnSync("npx", ["wrangler", "d1", "execute", "motcua", "--local", "--persist-to", worker.state,
    "--command", `SELECT code, status FROM dossiers WHERE code LIKE '%.H21-%' ORDER BY code LIMIT ${limit}`, "--json"],
  { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout)[0].results;
}

test("search: results appear as the citizen types, from one index download, and open a detail", async () => {
  const { page, apiRequests, errors } = await open("vi");
  await searchBox(page).waitFor({ timeout: 30_000 });
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  assert.deepEqual(apiRequests.map((u) => new URL(u).pathname), ["/v1/catalog/index"]);

  // Without diacritics, with Telex residue, and in everyday words.
  // Rows show the short name (no leading "Thủ tục").
  assert.match(await search(page, "dang ky khai sinh"), /^Đăng ký khai sinh\s/);
  assert.match(await search(page, "ddawng kys khai sinh"), /đăng ký khai sinh/i);
  assert.match(await search(page, "so do"), /Giấy chứng nhận quyền sử dụng đất/);
  await page.getByText(/Tìm thấy \d+ thủ tục/).waitFor();
  // A keystroke renders its first 3 rows in its own frame; the rest (up to 15) wait for a pause
  // in typing (200 ms), then are appended: the first 3 stay the same elements.
  const rowsPerFrame = await page.evaluate(() => new Promise((resolve) => {
    const root = document.querySelector("[data-motcua]").shadowRoot;
    const box = root.getElementById("motcua-q");
    const rows = () => [...root.querySelectorAll("#motcua-results [role=option]")];
    box.addEventListener("input", () => {
      const typed = performance.now();
      requestAnimationFrame(() => {
        const first = rows();
        requestAnimationFrame(() => requestAnimationFrame(() => {
          // (Not counted when these frames came too late to be within the pause.)
          const typing = performance.now() - typed < 150 ? rows().length : null;
          setTimeout(() => requestAnimationFrame(() => {
            const all = rows();
            resolve([first.length, typing, all.length, first.every((row, i) => all[i] === row)]);
          }), 400);
        }));
      });
    }, { once: true });
    box.value = "dang ky";
    box.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText", data: "y" }));
  }));
  const [first, typing, all, kept] = rowsPerFrame;
  assert.deepEqual([first, all, kept], [3, 15, true]);
  assert.ok(typing === 3 || typing === null, `${typing} rows two frames after the keystroke`);
  // The Gia Lai sample catalog has no citizen ID procedure (Bộ Công an's), so "lam can cuoc"
  // can only show that nothing better exists; it must still answer without the network.
  await searchBox(page).fill("");
  await searchBox(page).pressSequentially("lam can cuoc", { delay: 15 });
  await page.waitForTimeout(700);
  assert.deepEqual(apiRequests.map((u) => new URL(u).pathname), ["/v1/catalog/index"], "no request per keystroke");

  // Keyboard: arrow down onto the first result (the box's active descendant), Enter opens.
  const activeCode = () => page.evaluate(() => {
    const root = document.querySelector("[data-motcua]").shadowRoot;
    const id = root.activeElement?.getAttribute("aria-activedescendant");
    return id ? root.getElementById(id)?.getAttribute("data-code") : undefined;
  });
  await search(page, "dang ky khai sinh");
  await searchBox(page).press("ArrowDown");
  assert.equal(await activeCode(), "1.001193");
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { level: 3, name: "Thủ tục đăng ký khai sinh" });
  await heading.waitFor();
  await page.getByRole("heading", { level: 4, name: "Giấy tờ cần chuẩn bị" }).waitFor({ timeout: 15_000 });
  // The sections after the checklist are folded: open them to read the whole detail.
  for (const summary of await page.locator("[data-motcua] details.part > summary").all()) await summary.click();
  assert.equal(apiRequests.at(-1), `${worker.url}/v1/procedures/1.001193`);
  const detail = await page.locator("[data-motcua] article.detail").innerText();
  for (const expected of ["Cách thức thực hiện", "Trực tiếp", "Thời gian giải quyết", "Phí, lệ phí", "bản chính", "Cấp xã"]) {
    assert.ok(detail.includes(expected), `detail lacks ${expected}:\n${detail.slice(0, 1500)}`);
  }
  assert.match(detail, /\d+ (ngày làm việc|ngày|giờ)|Chưa có thông tin/);
  assert.equal(await page.locator("[data-motcua] .checklist-items > li").count() > 0, true);
  await axe(page, "detail (vi)");

  // Back returns focus to the result that opened it.
  await page.getByRole("button", { name: "Quay lại kết quả" }).click();
  await page.waitForFunction(() => document.querySelector("[data-motcua]").shadowRoot.activeElement?.id === "motcua-q");
  assert.equal(await activeCode(), "1.001193");
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a procedure whose answer never comes is given up after 30 s, said, and fetched again on Thử lại", async () => {
  // The first request for the procedure is held; the next one goes through to the Worker.
  const { page, picked } = await openHolding((path) => path.startsWith("/v1/procedures/"));
  await search(page, "dang ky khai sinh");
  const asked = Date.now();
  await page.getByRole("listbox", { name: "Kết quả tìm kiếm" }).getByRole("option").first().click();
  await page.getByRole("heading", { level: 3, name: "Thủ tục đăng ký khai sinh" }).waitFor();
  const said = page.getByText("Chưa kết nối được máy chủ tra cứu. Vui lòng thử lại sau.");
  await until(page, said, 45_000);
  const waited = Date.now() - asked;
  assert.ok(waited >= 29_000, `given up after ${waited} ms, before the 30 s deadline`);
  await page.getByRole("button", { name: "Thử lại" }).click();
  await until(page, page.getByRole("heading", { level: 4, name: "Giấy tờ cần chuẩn bị" }), 15_000);
  assert.equal(picked(), 2);
  await page.context().close();
});

test("a view's chunk that never comes is given up after 30 s and fetched anew for the view that waits", async () => {
  // The detail's chunk: its first fetch (the prefetch, as the first results show) is held. The
  // detail opened meanwhile waits for that load; once it is given up, the loader (which keeps
  // only successful loads) fetches anew for it. (A chunk that fails outright says so and offers
  // Thử lại: journeys.test.mjs, "chunks".)
  const { page, picked } = await openHolding((path) => /\/split_detail\.wasm$/.test(path));
  const asked = Date.now();
  await search(page, "dang ky khai sinh");
  await page.getByRole("listbox", { name: "Kết quả tìm kiếm" }).getByRole("option").first().click();
  await until(page, page.getByRole("heading", { level: 4, name: "Giấy tờ cần chuẩn bị" }), 45_000);
  const waited = Date.now() - asked;
  assert.ok(waited >= 29_000, `shown after ${waited} ms: the held fetch was not what it waited for`);
  assert.equal(picked(), 2);
  await page.context().close();
});

test("status: a seeded dossier without verification, an ingested one with it, a malformed code", async () => {
  const [seeded] = seededCodes(1);
  // One dossier of our own with known phone digits, through the real signed ingest.
  const code = newCode(1);
  const client = dossierApi(worker);
  const posted = await client.post([
    receivedEvent(code, 2, { name: "Lê Thị Hoa", phoneLast4: "2468" }),
    event(code, 4, 1),
  ]);
  assert.equal(posted.status, 200, JSON.stringify(posted.body));

  const { page, apiRequests, errors } = await open("vi");
  await page.getByRole("tab", { name: "Tra cứu hồ sơ" }).click();
  const codeBox = page.getByRole("textbox", { name: "Mã hồ sơ" });
  const digits = page.getByRole("textbox", { name: "4 số cuối điện thoại (không bắt buộc)" });
  const submit = page.getByRole("button", { name: "Tra cứu", exact: true });

  // A malformed code: core's explanation and the expected form, and no request.
  await codeBox.fill("000.00.06.H56-231327-0361");
  await submit.click();
  await page.getByText("Ngày trong mã không tồn tại").waitFor();
  await page.getByText(/ví dụ 000\.00\.06\.H21-250612-0012/).first().waitFor();
  assert.equal(await codeBox.getAttribute("aria-invalid"), "true");
  assert.equal(apiRequests.filter((u) => u.includes("/v1/dossiers/")).length, 0);
  await axe(page, "status with a code error (vi)");

  // Seeded, pasted sloppily (lower case, spaces around the dashes): status and dates; no
  // timeline without the phone digits (issue 10).
  const truth = (await client.lookup(seeded.code)).body;
  await codeBox.fill(` ${seeded.code.toLowerCase().replaceAll("-", " - ")} `);
  await submit.click();
  const card = page.locator("[data-motcua] article.dossier");
  await page.getByRole("heading", { level: 3, name: `Hồ sơ ${seeded.code}` }).waitFor({ timeout: 15_000 });
  assert.equal(await codeBox.inputValue(), seeded.code);
  const text = await card.innerText();
  assert.ok(text.includes(truth.status.label), `status ${truth.status.label} in ${text}`);
  assert.ok(text.includes(truth.status.next_step), "what to do next");
  assert.equal(truth.timeline, undefined);
  assert.equal(await card.locator("ol.timeline > li").count(), 0);
  assert.match(text, /\d{2}\/\d{2}\/\d{4}/, "dates as dd/mm/yyyy");
  assert.ok(!text.includes("Người nộp"), "no applicant without verification");
  await axe(page, "status with a dossier (vi)");

  // Ours, with the phone digits: the masked name.
  await codeBox.fill(code);
  await digits.fill("2468");
  await submit.click();
  await page.getByRole("heading", { level: 3, name: `Hồ sơ ${code}` }).waitFor({ timeout: 15_000 });
  const verified = await card.innerText();
  assert.ok(verified.includes("Lê T. H."), verified);
  assert.ok(verified.includes("Đã xác minh"), verified);
  // Received two hours ago with three working days: on time, said in words.
  assert.ok(verified.includes("Đúng hạn"), `a badge in words: ${verified}`);
  assert.equal(await card.locator("ol.timeline > li").count(), 2);

  // Wrong digits: the status still, the name not.
  await digits.fill("1357");
  await submit.click();
  await page.getByText("4 số cuối điện thoại không khớp").waitFor({ timeout: 15_000 });
  assert.ok(!(await card.innerText()).includes("Lê T. H."));

  // An unknown code.
  await digits.fill("");
  await codeBox.fill(newCode(2));
  await submit.click();
  await page.getByText("Không tìm thấy hồ sơ với mã này.").waitFor({ timeout: 15_000 });
  await axe(page, "status not found (vi)");
  // Chromium logs the (expected) 404 of the unknown code; nothing else may go wrong.
  assert.deepEqual(errors.filter((e) => !/status of 404 \(Not Found\)/.test(e)), []);
  await page.context().close();
});

test("axe: every view has no WCAG 2.2 AA violation, in English and at 320 px", async () => {
  const [seeded] = seededCodes(1);
  for (const [lang, viewport] of [["en", { width: 1024, height: 900 }], ["vi", { width: 320, height: 640 }], ["en", { width: 320, height: 640 }]]) {
    const label = `${lang} @ ${viewport.width}px`;
    const { page, errors } = await open(lang, viewport);
    await until(page, searchBox(page, lang), 30_000);
    await until(page, page.getByText(lang === "vi" ? "Ví dụ:" : "For example:", { exact: true }), 30_000);
    await axe(page, `search, empty (${label})`);
    await search(page, "dang ky khai sinh", lang);
    await axe(page, `search results (${label})`);
    // Nothing scrolls sideways at 320 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px (${label})`);
    await page.getByRole("listbox", { name: lang === "vi" ? "Kết quả tìm kiếm" : "Search results" }).getByRole("option").first().click();
    await until(page, page.getByRole("heading", { level: 4, name: lang === "vi" ? "Giấy tờ cần chuẩn bị" : "What to bring" }), 15_000);
    await axe(page, `detail (${label})`);
    await page.getByRole("tab", { name: lang === "vi" ? "Tra cứu hồ sơ" : "Track a dossier" }).click();
    await axe(page, `status form (${label})`);
    await page.getByRole("textbox", { name: lang === "vi" ? "Mã hồ sơ" : "Dossier code" }).fill(seeded.code);
    await page.getByRole("button", { name: lang === "vi" ? "Tra cứu" : "Look up", exact: true }).click();
    await until(page, page.getByRole("heading", { level: 3, name: lang === "vi" ? `Hồ sơ ${seeded.code}` : `Dossier ${seeded.code}` }), 15_000);
    await axe(page, `status card (${label})`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 0, `horizontal overflow ${wide}px on the status card (${label})`);
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

test("targets are at least 24×24 px and focus is visible", async () => {
  const { page } = await open("vi", { width: 320, height: 640 });
  await searchBox(page).waitFor({ timeout: 30_000 });
  await page.getByText("Ví dụ:", { exact: true }).waitFor({ timeout: 30_000 });
  await search(page, "khai sinh");
  const small = await page.evaluate(() => {
    const root = document.querySelector("[data-motcua]").shadowRoot;
    return [...root.querySelectorAll("button, input")]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ el, r }) => `${el} ${r.width}×${r.height}`);
  });
  assert.deepEqual(small, []);
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => {
    const root = document.querySelector("[data-motcua]").shadowRoot;
    const el = root.activeElement;
    const s = el && getComputedStyle(el);
    return s ? { width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor } : null;
  });
  assert.ok(outline && outline.width >= 2 && outline.style !== "none", JSON.stringify(outline));
  await page.context().close();
});
