// The quick search: what a citizen can use while the widget's wasm is still on its way (on a
// phone on mobile data, over a second). The loader (embed.js) fetches it beside the wasm for an
// inline widget that opens on search, and it takes the place of the loading line:
//
// - the widget's card, title, tabs and search box, in the widget's own look (CSS: widget.css's
//   rules, picked at build by scripts/quick-css.mjs), so nothing moves when the widget comes;
// - what is typed is answered by the edge (`GET /v1/procedures`: the same core search the widget
//   runs on its index), one request at a time, each for the latest text, so the rows follow the
//   typing about one round trip behind;
// - meanwhile the widget mounts beside it, hidden, and hears each keystroke (`search`, through
//   the loader's commands). Once its catalog is ready (its search panel's `data-catalog`), the
//   quick search removes itself and the widget's box takes the focus and the caret: the citizen
//   keeps typing where they were. With nothing typed yet, or a row or the status tab opened,
//   it hands over as soon as the widget is there (a procedure's detail needs no catalog).
//
// It is a stopgap, not a second widget: no filters, no keyboard listbox (rows are buttons), no
// error of its own (the widget says what went wrong once it comes). CSS and TEXTS are set at
// build time (scripts/build-widget.sh).
export function quick(root, options, deliver, queued) {
  var loading = root.querySelector(".motcua-loading[role=status]");
  // The widget (or the iframe, or the "could not load" line) came first: nothing to bridge.
  if (!loading) return;
  var text = TEXTS[options.lang];
  var sheet = new CSSStyleSheet();
  // The widget's container stays hidden until the hand-over: out of the flow, unseen and
  // clipped, but laid out at its width as it renders, so that showing it at the hand-over does
  // not lay all of it out (and shape all its text) in one task.
  sheet.replaceSync(CSS + ":host{position:relative!important}" +
    ".motcua:not([data-motcua-quick]){visibility:hidden!important;position:absolute!important;" +
    "top:0!important;left:0!important;right:0!important;height:0!important;overflow:hidden!important;contain:strict!important}" +
    "button.result{width:100%;text-align:left;font:inherit;border-width:0 0 1px 3px}");
  root.adoptedStyleSheets = [sheet].concat(root.adoptedStyleSheets);

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    // (Own keys only: a host page may have added enumerable extras to Object.prototype.)
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    node.append.apply(node, children || []);
    return node;
  }
  // The widget's two tabs (WAI-ARIA tabs: one in the Tab order, arrow keys move between them).
  function tab(label, selected) {
    var attributes = { type: "button", role: "tab", "aria-selected": selected, tabindex: selected ? 0 : -1 };
    if (selected) {
      attributes.id = "motcua-quick-tab";
      attributes["aria-controls"] = "motcua-quick-panel";
    }
    return el("button", attributes, [label]);
  }
  var input = el("input", {
    id: "motcua-quick-q", type: "search", autocomplete: "off", spellcheck: "false",
    enterkeyhint: "search", "aria-describedby": "motcua-quick-hint",
  });
  var live = el("p", { class: "live", role: "status" });
  var list = el("ul", { id: "motcua-quick-results", class: "results", "aria-label": text.results });
  var answer = el("div", { class: "answer" }, [list]);
  var search = tab(text.search, true);
  var status = tab(text.status, false);
  var tabs = el("div", { class: "tabs", role: "tablist", "aria-label": text.tabs }, [search, status]);
  var form = el("form", { role: "search", class: "field" }, [
    el("label", { for: "motcua-quick-q" }, [text.label]),
    el("p", { id: "motcua-quick-hint", class: "hint" }, [text.hint]),
    el("div", { class: "query-row" }, [input]),
  ]);
  var shell = el("div", { class: "motcua", "data-motcua-quick": "", lang: options.lang }, [
    el("section", { class: "card", "aria-labelledby": "motcua-quick-title" }, [
      el("h2", { id: "motcua-quick-title" }, [text.title]),
      tabs,
      el("div", { role: "tabpanel", id: "motcua-quick-panel", class: "panel", "aria-labelledby": "motcua-quick-tab" },
        [form, live, answer]),
    ]),
  ]);
  loading.replaceWith(shell);

  var asked = "";
  var busy = 0;
  var announce = 0;
  // Set by a citizen's action the quick search cannot do itself (open a row, the status tab):
  // the widget takes over as soon as it is mounted, catalog or not.
  var now = 0;
  var handed = 0;
  var handing = 0;

  form.onsubmit = function (event) {
    event.preventDefault();
  };
  input.oninput = function () {
    deliver(["search", input.value]);
    typed();
  };
  function typed() {
    // The answer's space, held from the keystroke as the widget holds it: the late rows (and
    // the widget's, after the hand-over) then move nothing on the host page. The live line's
    // space too: the count it says after a pause moves nothing.
    if (input.value.trim()) {
      answer.className = "answer held";
      live.className = "live reserve";
    }
    ask();
  }
  tabs.onkeydown = function (event) {
    if (event.key != "ArrowLeft" && event.key != "ArrowRight") return;
    event.preventDefault();
    (root.activeElement == search ? status : search).focus();
  };
  // The status view is the widget's: it opens it as soon as it comes.
  status.onclick = function () {
    act(["open", { view: "status" }]);
  };
  function act(command) {
    now = 1;
    deliver(command);
    check();
  }

  // One request at a time, for the latest text: a keystroke made while one is out waits for it.
  function ask() {
    var query = input.value.trim();
    if (busy || query == asked || handed) return;
    asked = query;
    if (!query) return show(query, []);
    busy = 1;
    // (No facet counts: most of the answer's bytes, and the quick search has no filters.)
    var params = new URLSearchParams({ q: query, limit: 15, facets: false });
    // data-scope ("level:commune; field: Hộ tịch"): the same limits as the widget's search.
    (options.scope || "").split(";").forEach(function (part) {
      var at = part.indexOf(":");
      var name = part.slice(0, at).trim().toLowerCase();
      if (at > 0 && /^(level|field|agency)$/.test(name)) params.set(name, part.slice(at + 1).trim());
    });
    // The same deadline as the widget's own calls (app/src/api.rs TIMEOUT; DEADLINE_MS is set
    // at build).
    var abort = new AbortController();
    var timer = setTimeout(function () {
      abort.abort();
    }, DEADLINE_MS);
    fetch(options.api + "/v1/procedures?" + params, { signal: abort.signal })
      .then(function (response) {
        if (!response.ok) throw response.status;
        return response.json();
      })
      .then(function (body) {
        show(query, body.results, body.total);
      }, function () {})
      .then(function () {
        clearTimeout(timer);
        busy = 0;
        ask();
      });
  }

  function show(query, results, total) {
    if (handed) return;
    list.replaceChildren.apply(list, results.map(function (hit) {
      var row = el("button", { type: "button", class: "result", "data-code": hit.code }, [
        el("span", { class: "result-name", lang: "vi" }, [hit.name]),
        el("span", { class: "meta" }, [el("span", { class: "code" }, [text.code + ": " + hit.code])]),
      ]);
      row.onclick = function () {
        act(["open", { code: hit.code }]);
      };
      return el("li", {}, [row]);
    }));
    // The count is said after a pause in typing, as the widget says it.
    clearTimeout(announce);
    live.textContent = "";
    // (In the widget's words: app/src/i18n.rs results_found.)
    var said = !total ? text.none : total == 1 ? text.one : total > results.length ? text.some : text.found;
    if (query) announce = setTimeout(function () {
      live.textContent = said.replace("{total}", total).replace("{shown}", results.length).replace("{query}", query);
    }, 500);
  }

  // What the portal said before the widget came (its commands wait for the widget in `queued`):
  // a search is shown and answered here too; anything else (open, lang) is the widget's to do,
  // which then takes over as soon as it is there.
  (queued || []).forEach(function (command) {
    if (command[0] == "search") input.value = String(command[1] || "");
    else now = 1;
  });
  if (input.value) typed();

  var watch = new MutationObserver(check);
  watch.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-catalog"] });
  // The widget says it is ready once the view it starts in is on the page: one that starts
  // elsewhere than search (a data-view the loader did not recognise) takes over at once.
  var mounted = 0;
  root.host.addEventListener("motcua:ready", function () {
    mounted = 1;
    check();
  }, { once: true });
  function check() {
    // Replaced by someone else (the iframe fallback, or the loader's "could not load" line).
    if (!shell.isConnected) return done();
    if (handed) return;
    // Until something is typed there is nothing to bridge: the widget takes over as soon as it
    // is there (on a fast link, before the citizen has typed; its box then waits for the
    // catalog as it always did), and the quick search costs no more work.
    var panel = root.querySelector(".motcua:not([data-motcua-quick]) [data-catalog]");
    if (handing || !(panel ? now || !input.value || panel.getAttribute("data-catalog") != "loading" : mounted)) return;
    // In a task after the widget's render: showing the widget and focusing its box makes the
    // browser style and lay it out at once, and together with the render that was one long
    // task on a slow phone. Keys typed meanwhile still reach the widget (`deliver`).
    handing = 1;
    setTimeout(handOver, 0);
  }
  // The focus goes where it was in the widget: its box (with the caret), or its status tab. (A
  // row opened moves it to the procedure's heading, as the widget does for its own rows.)
  function handOver() {
    if (!shell.isConnected) return done();
    var focused = root.activeElement;
    var from = input.selectionStart;
    var to = input.selectionEnd;
    shell.remove();
    done();
    var target = root.getElementById(focused == input ? "motcua-q" : focused == status ? "motcua-tab-status" : "");
    if (target) target.focus({ preventScroll: true });
    if (focused == input && target) target.setSelectionRange(from, to);
  }
  function done() {
    handed = 1;
    watch.disconnect();
    clearTimeout(announce);
    root.adoptedStyleSheets = root.adoptedStyleSheets.filter(function (s) {
      return s != sheet;
    });
  }
}
