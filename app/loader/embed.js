// motcua loader: the one file a portal's webmaster references.
//
//   <script src="https://motcua.example.gov.vn/embed.js" async data-lang="vi"></script>
//
// Options (data attributes on the script tag):
//   data-lang    "vi" (default) or "en"
//   data-api     API origin; defaults to the origin this file was loaded from
//   data-target  CSS selector of an element to mount into; defaults to right where the tag is
//
// It attaches an open shadow root (the host page's CSS stays out, ours stays in), shows a
// loading line, then imports the content-hashed widget and mounts it. WIDGET_PATH is replaced
// at build time (scripts/build-widget.sh).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="embed.js"]');
    script = all[all.length - 1];
  }
  if (!script || script.getAttribute("data-motcua-loaded")) return;
  script.setAttribute("data-motcua-loaded", "");

  var src = script.src;
  var data = script.dataset || {};
  var lang = (data.lang || document.documentElement.lang || "vi").toLowerCase().indexOf("en") === 0 ? "en" : "vi";
  var api = (data.api || new URL(src).origin).replace(/\/+$/, "");
  var moduleUrl = new URL(WIDGET_PATH + "motcua.js", src).href;
  // The only citizen-facing texts outside core's language tables (core/src/messages): these
  // two lines show before the wasm (which holds the tables) has loaded, or when it cannot.
  var text = lang === "en"
    ? { loading: "Loading the public service lookup…", failed: "The lookup could not be loaded. Please reload the page or try again later." }
    : { loading: "Đang tải tiện ích tra cứu dịch vụ công…", failed: "Không tải được tiện ích tra cứu. Vui lòng tải lại trang hoặc thử lại sau." };

  function place() {
    var host = data.target ? document.querySelector(data.target) : null;
    if (!host) {
      host = document.createElement("div");
      if (script.parentNode && script.parentNode !== document.head) {
        script.parentNode.insertBefore(host, script);
      } else {
        document.body.appendChild(host);
      }
    }
    host.setAttribute("data-motcua", "");
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.innerHTML = "";
    var line = document.createElement("p");
    line.setAttribute("role", "status");
    line.style.cssText = "all:initial;display:block;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;padding:12px 0";
    line.textContent = text.loading;
    root.appendChild(line);
    import(moduleUrl)
      .then(function (widget) {
        return widget.default().then(function () {
          widget.mount(root, { api: api, lang: lang });
        });
      })
      .catch(function (err) {
        line.setAttribute("role", "alert");
        line.textContent = text.failed;
        if (window.console) console.error("motcua:", err);
      });
  }

  if (document.body) place();
  else document.addEventListener("DOMContentLoaded", place);
})();
