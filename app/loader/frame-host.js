// The iframe fallback, host side. When the host page's CSP does not let WebAssembly run (or the
// API be reached), the loader shows the widget in an iframe of the edge's /embed/frame page,
// which has a CSP of its own (edge/src/embed.rs; the frame side is frame-page.js). This module
// sizes the frame to its content and relays by postMessage the portal's commands in and the
// widget's events out, so the page sees the same JS API and DOM events as on the inline path.
//
// Protocol: every message is an object `{motcua: 1, type, …}`.
//   frame → host  {type: "height", value}         the content's height in CSS px
//                 {type: "event", name, detail}    a widget event: ready, search, procedure, status
//                 {type: "escape"}                 Escape pressed inside (closes a launcher)
//   host → frame  {type: "command", name, arg}     a portal command (after "ready")
//                 {type: "focus", edge}            focus the widget's "first" or "last" control
// The host takes messages only from this iframe's window with the API's origin, and posts only
// to that origin; the frame takes messages only from its parent's origin, and posts only to it.

const EVENTS = ["ready", "search", "procedure", "status"];
const OPTIONS = ["view", "scope", "theme", "portalUrl"];
const CSS = "iframe{display:block;width:100%;border:0;margin:0;padding:0;background:transparent}";

/**
 * Puts the frame in `root`, `height` px high (the space reserved; 0 in a launcher's dialog)
 * until it says its own; returns the handle the loader relays commands to. In a launcher's
 * dialog, focus at the dialog's edges goes into the frame.
 */
export function frame(root, options, height, launcher) {
  const origin = new URL(options.api).origin;
  const query = new URLSearchParams({ lang: options.lang, origin: location.origin });
  for (const key of OPTIONS) if (options[key]) query.set(key, options[key]);
  if (height) query.set("height", height);
  if (launcher) query.set("panel", "1");

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
  const iframe = document.createElement("iframe");
  iframe.title = TEXTS[options.lang].title;
  iframe.src = `${origin}/embed/frame?${query}`;
  iframe.style.height = `${height || 480}px`;
  root.replaceChildren(iframe);

  let ready = false;
  const waiting = [];
  function post(message) {
    try {
      iframe.contentWindow.postMessage({ motcua: 1, ...message }, origin);
    } catch (error) {
      console.warn("motcua: this command cannot be sent to the widget's frame:", message, error);
    }
  }
  window.addEventListener("message", (event) => {
    const message = event.data;
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    if (!message || message.motcua !== 1) return;
    if (message.type === "height") {
      const value = Number(message.value);
      if (value > 0 && value < 100000) iframe.style.height = `${Math.ceil(value)}px`;
    } else if (message.type === "event" && EVENTS.indexOf(message.name) >= 0) {
      root.host.dispatchEvent(new CustomEvent(`motcua:${message.name}`, {
        bubbles: true, composed: true, detail: message.detail,
      }));
      if (message.name === "ready" && !ready) {
        ready = true;
        waiting.splice(0).forEach(post);
      }
    } else if (message.type === "escape" && launcher) {
      launcher.close();
    }
  });
  if (launcher) {
    const edge = (which) => () => {
      iframe.focus();
      post({ type: "focus", edge: which });
    };
    launcher.edges = { first: edge("first"), last: edge("last") };
  }
  return {
    command(name, arg) {
      const message = { type: "command", name, arg };
      if (ready) post(message);
      else waiting.push(message);
    },
  };
}
