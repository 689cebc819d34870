// The launcher (`data-mode="launcher"`): a floating button that opens the widget in a modal
// dialog. Loaded by the loader only on pages that ask for it. The widget itself starts on the
// first opening; before that, when the page is idle, its module and wasm are fetched at low
// priority so opening is quick.
//
// Keyboard: the dialog is modal (the page behind is inert), Tab and Shift+Tab cycle inside it
// (two focusable edges send focus round), Escape closes it, and closing returns focus to the
// button. TEXTS is set at build time from core's language tables (scripts/build-widget.sh).

import { focusEdge } from "./focus.js";

// Named once: esbuild writes a defined object out at each place it is used.
const TEXT = TEXTS;
const POSITIONS = ["bottom-right", "bottom-left"];
const FONT = 'var(--motcua-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif)';
const CSS = `
:host{all:initial!important;display:block!important;
--motcua-primary:#0b3d91!important;--motcua-on-primary:#fff!important;--motcua-primary-hover:#062a66!important;
--motcua-accent:#0b3d91!important;--motcua-accent-hover:#062a66!important;--motcua-tint:#eef3fb!important}
.launcher{position:fixed;bottom:16px;right:16px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;
margin:0;min-height:48px;max-width:calc(100vw - 32px);padding:10px 20px;border:2px solid var(--motcua-on-primary);
border-radius:999px;background:var(--motcua-primary);color:var(--motcua-on-primary);font:600 16px/1.25 ${FONT};
text-align:left;box-shadow:0 2px 4px rgba(0,0,0,.2),0 6px 16px rgba(0,0,0,.25);cursor:pointer}
.launcher:hover{background:var(--motcua-primary-hover)}
.launcher:focus-visible{outline:3px solid var(--motcua-accent);outline-offset:3px}
.left.launcher{right:auto;left:16px}
.launcher svg{width:20px;height:20px;flex:none}
dialog{position:fixed;inset:auto 16px 16px auto;margin:0;padding:0;width:min(480px,calc(100vw - 32px));
max-width:none;max-height:calc(100vh - 32px);overflow:auto;border:1px solid #c9d3df;border-radius:12px;
background:#fff;color:#1a1a1a;box-shadow:0 8px 32px rgba(0,0,0,.3)}
.left{inset:auto auto 16px 16px}
dialog::backdrop{background:rgba(0,0,0,.45)}
.close{position:absolute;top:12px;right:12px;z-index:1;display:inline-flex;align-items:center;gap:6px;margin:0;
min-height:44px;min-width:44px;padding:8px 12px;border:2px solid var(--motcua-accent);border-radius:6px;
background:#fff;color:var(--motcua-accent);font:600 16px/1.25 ${FONT};cursor:pointer}
.close:hover{background:var(--motcua-tint)}
.close:focus-visible{outline:3px solid var(--motcua-accent);outline-offset:2px}
.edge{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
@media (max-width:600px){dialog[class]{inset:0;width:100%;height:100%;max-height:none;border:0;border-radius:0}}
@media (forced-colors:active){.launcher,.close{border:2px solid ButtonText}}
@media (prefers-reduced-motion:no-preference){dialog[open]{animation:motcua-in .15s ease-out}}
@keyframes motcua-in{from{opacity:0;transform:translateY(8px)}}
`;

function element(name, attributes, children) {
  const node = document.createElement(name);
  for (const key in attributes) {
    if (Object.prototype.hasOwnProperty.call(attributes, key)) node.setAttribute(key, attributes[key]);
  }
  if (children) node.append(...children);
  return node;
}

/** A magnifying glass, drawn (no image request, nothing for the host's CSP to refuse). */
function icon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "2.5");
  path.setAttribute("stroke-linecap", "round");
  path.setAttribute("d", "M10.5 3a7.5 7.5 0 1 1 0 15 7.5 7.5 0 0 1 0-15zM16 16l5 5");
  svg.append(path);
  return svg;
}

/**
 * Draws the launcher into the loader's shadow `root` (with the loader's `sheets`: reservation
 * and theme); `start(panelRoot)` starts the widget in the dialog. Returns the handle the loader
 * relays the portal's commands to: `open()`, `close()`, `lang(tag)`, and `edges` (how focus
 * reaches the widget's first and last control; the iframe fallback replaces them).
 */
export function launcher(root, sheets, options, glue, start) {
  let position = (options.position || "bottom-right").trim().toLowerCase();
  if (POSITIONS.indexOf(position) < 0) {
    console.warn(`motcua: data-position="${options.position}" ignored; accepted: ${POSITIONS.join(", ")}`);
    position = "bottom-right";
  }
  const side = position === "bottom-left" ? "left" : "right";
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet, ...sheets];

  const label = element("span");
  const button = element("button", {
    type: "button", class: `launcher ${side}`, "aria-haspopup": "dialog", "aria-expanded": "false",
    "aria-controls": "motcua-dialog",
  }, [icon(), label]);
  const closeLabel = element("span");
  const close = element("button", { type: "button", class: "close", autofocus: "" }, [
    closeLabel, element("span", { "aria-hidden": "true" }, ["×"]),
  ]);
  const slot = element("div", { "data-panel": "" });
  // Focus that reaches an edge goes round to the other end.
  const first = element("span", { tabindex: "0", class: "edge" });
  const last = element("span", { tabindex: "0", class: "edge" });
  const dialog = element("dialog", { id: "motcua-dialog", class: side }, [first, close, slot, last]);
  root.replaceChildren(button, dialog);
  const panel = slot.attachShadow({ mode: "open" });

  const handle = {
    edges: {
      first: () => focusEdge(panel, "first") || close.focus(),
      last: () => focusEdge(panel, "last") || close.focus(),
    },
    open() {
      if (dialog.open) return;
      dialog.showModal();
      button.setAttribute("aria-expanded", "true");
      if (!started) {
        started = true;
        panel.adoptedStyleSheets = sheets;
        start(panel);
      }
    },
    close() {
      if (!dialog.open) return;
      dialog.close();
      closed();
    },
    lang(tag) {
      if (tag === "vi" || tag === "en") say(TEXT[tag]);
    },
  };
  let started = false;

  function say(text) {
    label.textContent = text.open;
    closeLabel.textContent = text.close;
    dialog.setAttribute("aria-label", text.title);
  }
  say(TEXT[options.lang] || TEXT.vi);

  button.addEventListener("click", handle.open);
  close.addEventListener("click", handle.close);
  // (Also on the browser's own ways to close it; the `close` event comes a task later.)
  function closed() {
    if (button.getAttribute("aria-expanded") === "false") return;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  // A `close` event from an earlier close can arrive after the dialog was opened again (the JS
  // API may reopen it within the same task): only a dialog that is still closed is closed.
  dialog.addEventListener("close", () => {
    if (!dialog.open) closed();
  });
  // Escape closes from anywhere in it (a search field would otherwise take the first Escape to
  // clear itself).
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      handle.close();
    }
  });
  // A click on the backdrop (the dialog box itself has no padding to click on) closes.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) handle.close();
  });
  first.addEventListener("focus", () => handle.edges.last());
  last.addEventListener("focus", () => close.focus());
  // Once the widget is up, a citizen who has not moved yet starts in its first field.
  slot.addEventListener("motcua:ready", () => {
    if (dialog.open && root.activeElement === close) handle.edges.first();
  });

  // Fetched when the page is idle: the widget's module and its wasm (into the HTTP cache).
  const idle = window.requestIdleCallback || ((run) => setTimeout(run, 3000));
  idle(() => {
    if (started) return;
    document.head.append(element("link", { rel: "modulepreload", href: glue }));
    fetch(new URL("motcua_bg.wasm", glue), { priority: "low" })
      .then((response) => response.arrayBuffer())
      .catch(() => {});
  }, { timeout: 10000 });

  return handle;
}
