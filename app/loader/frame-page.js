// The iframe fallback, frame side: the script of /embed/frame (a page the edge serves with its
// own strict CSP, framed only by the portals of ALLOWED_ORIGINS). It mounts the widget as the
// loader does, with the options the host put in the URL, and bridges it to the portal's page
// (protocol: frame-host.js). Built to public/embed-frame.js; WIDGET_PATH is set at build time.
import { rule } from "./theme.js";
import { focusEdge } from "./focus.js";

const EVENTS = ["ready", "search", "procedure", "status"];
const params = new URLSearchParams(location.search);
// The page that frames this one: the browser says (ancestorOrigins), or the host page did.
const ancestors = location.ancestorOrigins;
const parentOrigin = (ancestors && ancestors.length ? ancestors[0] : params.get("origin")) || "";
const framed = window.parent !== window && /^https?:\/\//.test(parentOrigin);

function post(message) {
  if (framed) window.parent.postMessage({ motcua: 1, ...message }, parentOrigin);
}

const host = document.createElement("div");
host.setAttribute("data-motcua", "frame");
// In a launcher's dialog, the dialog is the card (as on the inline path: widget.css).
if (params.get("panel")) host.setAttribute("data-panel", "");
const root = host.attachShadow({ mode: "open" });
// The theme's colours, and the space the host reserved (the widget's card fills it).
const theme = new CSSStyleSheet();
if (params.get("theme")) theme.replaceSync(rule(params.get("theme")));
const height = parseInt(params.get("height"), 10);
if (height > 0) theme.insertRule(`:host{--motcua-height:${height}px}`);
root.adoptedStyleSheets = [theme];
document.body.style.margin = "0";

for (const name of EVENTS) {
  host.addEventListener(`motcua:${name}`, (event) => post({ type: "event", name, detail: event.detail }));
}
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") post({ type: "escape" });
});

const loading = document.getElementById("motcua-loading");
// The glue and the wasm asked for at once (as the loader does), not the wasm once the glue ran.
const glue = new URL(`${WIDGET_PATH}motcua.js`, location.href);
Promise.all([import(glue.href), fetch(new URL("motcua_bg.wasm", glue))])
  .then(([widget, wasm]) => widget.default({ module_or_path: wasm }).then(() => widget))
  .then((widget) => {
    loading.replaceWith(host);
    new ResizeObserver(() => {
      post({ type: "height", value: host.getBoundingClientRect().height });
    }).observe(host);
    const mounted = widget.mount(root, {
      api: location.origin,
      lang: params.get("lang") === "en" ? "en" : "vi",
      view: params.get("view") || undefined,
      scope: params.get("scope") || undefined,
      portalUrl: params.get("portalUrl") || undefined,
    });
    window.addEventListener("message", (event) => {
      const message = event.data;
      if (!framed || event.source !== window.parent || event.origin !== parentOrigin) return;
      if (!message || message.motcua !== 1) return;
      if (message.type === "command" && typeof message.name === "string") {
        mounted.command(message.name, message.arg);
      } else if (message.type === "focus") {
        focusEdge(root, message.edge === "last" ? "last" : "first");
      }
    });
  })
  .catch((error) => {
    loading.setAttribute("role", "alert");
    loading.textContent = TEXTS[params.get("lang") === "en" ? "en" : "vi"].failed;
    console.error("motcua:", error);
  });
