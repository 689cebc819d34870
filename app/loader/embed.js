// motcua loader: the one file a portal's webmaster references (options: README, "Embedding").
//
//   <script src="https://motcua.example.gov.vn/embed.js" async data-lang="vi"></script>
//
// Kept small (≤ 2 KB brotli, `make size`): it reads the options, reserves the widget's space,
// runs the portal's command queue (`motcua(…)`), and starts the widget only when it is needed —
// an inline widget when it comes near the viewport, a launcher when opened (its button, the
// iframe fallback and the theme are separate modules, loaded only by the pages that need them).
// Starting, it checks that WebAssembly may run and the API may be reached under the host page's
// CSP: then the widget mounts in an open shadow root; if not, it runs in an iframe of the
// edge's /embed/frame page. WIDGET_PATH and TEXTS are set at build time (scripts/build-widget.sh).
(function () {
  "use strict";
  var d = document;
  var w = window;
  var script = d.currentScript;
  if (!script) {
    var all = d.querySelectorAll('script[src*="/embed"]');
    script = all[all.length - 1];
  }
  if (!script || script.hasAttribute("data-motcua-loaded")) return;
  script.setAttribute("data-motcua-loaded", "");

  var data = script.dataset;
  var base = new URL(WIDGET_PATH, script.src).href;
  var glue = base + "motcua.js";

  function warn(name, value, accepted) {
    console.warn("motcua: data-" + name + '="' + value + '" ignored; accepted: ' + accepted);
  }
  // An option of a fixed set: the value given, or the default (with a warning when not accepted).
  function choose(name, accepted, fallback) {
    var value = data[name];
    if (!value) return fallback;
    var v = value.trim().toLowerCase();
    if (name == "lang") v = v.split("-")[0];
    if (accepted.indexOf(v) >= 0) return v;
    warn(name, value, accepted.join(", "));
    return fallback;
  }

  var lang = choose("lang", ["vi", "en"], /^en/i.test(d.documentElement.lang) ? "en" : "vi");
  var mode = choose("mode", ["inline", "launcher"], "inline");
  var origin = new URL(script.src).origin;
  var api = origin;
  if (data.api) {
    try {
      var given = new URL(data.api);
      if (!/^https?:$/.test(given.protocol)) throw 0;
      api = given.origin;
    } catch (e) {
      warn("api", data.api, "an http(s) origin");
    }
  }
  var height = 0;
  if (data.height) {
    if (/^\d+(px)?$/.test(data.height.trim()) && parseInt(data.height, 10) >= 120) height = parseInt(data.height, 10);
    else warn("height", data.height, "a height in px, at least 120");
  }
  // What the widget module reads itself (and warns about): view, scope, portal URL; and the
  // options the separate modules read (theme, position).
  var options = {
    api: api,
    lang: lang,
    view: data.view,
    scope: data.scope,
    portalUrl: data.portalUrl,
    theme: data.theme,
    position: data.position,
  };
  var text = TEXTS[lang];

  // The portal's commands: `motcua(command, argument, {target: name})`. Every command is kept,
  // so a widget that starts later still hears what was said to it (or to every widget).
  var queue = w.motcua;
  if (!queue || !queue.i) {
    var early = (queue && queue.q) || [];
    queue = w.motcua = function () {
      var args = arguments;
      var last = args[args.length - 1];
      var target = last && typeof last == "object" && Object.prototype.hasOwnProperty.call(last, "target") ? String(last.target) : "";
      queue.p.push([target, args]);
      for (var i = 0; i < queue.i.length; i++) queue.i[i](target, args);
    };
    queue.i = [];
    queue.p = [];
    queue.m = {};
    // What the page's policy refused (origins of the blocked URLs).
    queue.v = [];
    d.addEventListener("securitypolicyviolation", function (event) {
      queue.v.push(event.blockedURI.split("/").slice(0, 3).join("/"));
    });
    for (var e = 0; e < early.length; e++) queue.apply(w, early[e]);
  }

  var host;
  var widget;
  var waiting = [];
  var started;
  var launcher;
  // Our stylesheets in the shadow root: the space reserved, and the theme's colours
  // (`data-theme`, checked for contrast by theme.js).
  var sheets = [new CSSStyleSheet(), new CSSStyleSheet()];
  var theme = options.theme
    ? load("theme.js").then(function (module) {
        sheets[1].replaceSync(module.rule(options.theme));
      })
    : 0;

  function css(reserve) {
    sheets[0].replaceSync(
      ":host{display:block!important" + (reserve ? ";min-height:" + reserve + "px!important;--motcua-height:" + reserve + "px" : "") + "}" +
      ".motcua-loading{all:initial;display:block;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;padding:12px 0}"
    );
  }
  function load(file) {
    return import(base + file);
  }
  function deliver(args) {
    var name = args[0];
    if (launcher) {
      if (name == "close") return launcher.close();
      if (name == "open" || name == "search") launcher.open();
      if (name == "lang") launcher.lang(args[1]);
    }
    if (name == "close") return;
    if (widget) widget.command(name, args[1]);
    else {
      waiting.push(args);
      if (!launcher) start(host.shadowRoot);
    }
  }
  function listen(target, args) {
    if (!target || target == data.name) deliver(args);
  }

  // Starts the widget in `root`, in the page if its CSP lets WebAssembly run (a tiny module is
  // compiled first) and lets it fetch from us (the wasm itself is fetched from this file's origin;
  // an API elsewhere is asked `HEAD /v1/health`); else in the iframe. Only a refusal by the policy,
  // which the browser reports as a `securitypolicyviolation`, sends it there: a network failure is
  // the widget's to say (it offers to retry).
  function start(root) {
    if (started) return;
    started = 1;
    var line = d.createElement("p");
    line.className = "motcua-loading";
    line.setAttribute("role", "status");
    line.textContent = text.loading;
    root.replaceChildren(line);
    var wasm = new Promise(function (resolve) {
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(function () {
        resolve(1);
      }, function () {
        resolve(0);
      });
    }).catch(function () {
      return 0;
    });
    var reach = api == origin || fetch(api + "/v1/health", { method: "HEAD" }).then(function () {
      return 1;
    }, function () {
      return allowed(api);
    });
    Promise.all([wasm, reach, theme])
      .then(function (checks) {
        if (!checks[0] || !checks[1]) return framed(root);
        // A search box answered by the API while the wasm comes (quick.js; it hands over).
        if (mode == "inline" && data.view != "status") load("quick.js").then(function (module) {
          module.quick(root, options, deliver, waiting);
        });
        // The glue and the wasm asked for at once, rather than the wasm once the glue has run
        // (the wasm is still compiled as it streams in). Fetching the catalog index ahead too was
        // measured and dropped: on a slow link it only took bandwidth from the wasm.
        var shared = queue.m[glue] || (queue.m[glue] = Promise.all([import(glue), fetch(base + "motcua_bg.wasm")]).then(function (loaded) {
          return loaded[0].default({ module_or_path: loaded[1] }).then(function () {
            return loaded[0];
          });
        }));
        // Mounted in a task of its own, not in the one that instantiated the wasm: on a slow
        // phone each stays under 50 ms, and the page's input is served between them.
        return shared.then(function (module) {
          return new Promise(function (resolve) {
            setTimeout(resolve, 0);
          }).then(function () {
            return module.mount(root, options);
          });
        }, function (error) {
          return allowed(origin).then(function (yes) {
            if (yes) throw error;
            return framed(root);
          });
        });
      })
      .then(function (mounted) {
        widget = mounted;
        for (var i = 0; i < waiting.length; i++) widget.command(waiting[i][0], waiting[i][1]);
        waiting = [];
      })
      .catch(function (error) {
        line.setAttribute("role", "alert");
        line.textContent = text.failed;
        root.replaceChildren(line);
        console.error("motcua:", error);
      });
  }
  function framed(root) {
    return load("frame-host.js").then(function (module) {
      return module.frame(root, options, launcher ? 0 : reserved(), launcher);
    });
  }
  // Whether the page's policy let us fetch from `from` (its refusal is reported in a task of
  // its own, after the fetch failed).
  function allowed(from) {
    return new Promise(function (resolve) {
      setTimeout(function () {
        resolve(queue.v.indexOf(from) < 0);
      }, 50);
    });
  }

  // The space an inline widget takes when it starts (README: "Embedding"): what its first view
  // needs on a phone, unless data-height says. The widget's card fills it.
  function reserved() {
    return height || (data.view == "status" ? 640 : 480);
  }

  function place() {
    host = mode == "inline" && data.target ? d.querySelector(data.target) : null;
    if (!host) {
      host = d.createElement("div");
      var parent = script.parentNode;
      if (mode == "inline" && parent && parent != d.head) parent.insertBefore(host, script);
      else d.body.appendChild(host);
    }
    host.setAttribute("data-motcua", mode);
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = sheets;
    if (mode == "launcher") {
      css(0);
      Promise.all([load("launcher.js"), theme]).then(function (loaded) {
        launcher = loaded[0].launcher(root, sheets, options, glue, start);
        catchUp();
      });
      return;
    }
    css(reserved());
    catchUp();
    if (w.IntersectionObserver) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries[0].isIntersecting) {
          seen.disconnect();
          start(root);
        }
      }, { rootMargin: "400px" });
      seen.observe(host);
    } else start(root);
  }
  // Listens to the portal from now on, and hears what it said before.
  function catchUp() {
    queue.i.push(listen);
    for (var i = 0; i < queue.p.length; i++) listen(queue.p[i][0], queue.p[i][1]);
  }

  if (d.body) place();
  else d.addEventListener("DOMContentLoaded", place);
})();
