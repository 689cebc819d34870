// The configurator (/configure): every option of the script tag, the widget live beside them
// (the real loader, re-inserted on each change), and the snippets to copy — the always-current
// /embed.js and the pinned, immutable loader with its SRI hash. PINNED is set at build time
// (scripts/build-widget.sh); built to public/configure.js.
import { palette } from "./theme.js";

const form = document.getElementById("options");
const preview = document.getElementById("preview");
const themeText = document.getElementById("theme");
const picker = document.getElementById("theme-picker");
const origin = location.origin;

/** The script tag's data attributes for the form's values (defaults left out). */
function attributes() {
  const value = (name) => (form.elements[name].value || "").trim();
  const out = [];
  const mode = form.elements.mode.value;
  if (mode !== "inline") out.push(["mode", mode]);
  if (mode === "launcher" && value("position") !== "bottom-right") out.push(["position", value("position")]);
  out.push(["lang", value("lang")]);
  if (value("view") !== "search") out.push(["view", value("view")]);
  const scope = [
    ["level", value("scope-level")], ["field", value("scope-field")], ["agency", value("scope-agency")],
  ].filter(([, v]) => v).map(([k, v]) => `${k}:${v}`);
  if (scope.length) out.push(["scope", scope.join(";")]);
  for (const name of ["theme", "portal-url", "height", "name", "target", "api"]) {
    if (value(name)) out.push([name, value(name)]);
  }
  return out;
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

function tag(src, extra, attrs) {
  const data = attrs.map(([k, v]) => ` data-${k}="${escape(v)}"`).join("");
  return `<script src="${src}"${extra} async${data}></script>`;
}

function render() {
  const attrs = attributes();
  document.getElementById("snippet-current").textContent = tag(`${origin}/embed.js`, "", attrs);
  document.getElementById("snippet-pinned").textContent = tag(
    `${origin}${PINNED.path}`, ` integrity="${PINNED.integrity}" crossorigin="anonymous"`, attrs);
  const name = attrs.find(([k]) => k === "name");
  const to = name ? `, {target: "${escape(name[1])}"}` : "";
  document.getElementById("snippet-api").textContent = [
    "<!-- Once, before the widget's tag: -->",
    "<script>window.motcua=window.motcua||function(){(motcua.q=motcua.q||[]).push(arguments)};</script>",
    "<!-- Then, from the page's own scripts, e.g.: -->",
    `motcua("search", "khai sinh"${to});`,
    `motcua("open", {view: "status", code: "000.00.06.H56-231027-0361"${name ? `, target: "${escape(name[1])}"` : ""}});`,
    `motcua("lang", "en"${to});`,
    `document.addEventListener("motcua:search", (e) => console.log(e.detail.query, e.detail.results));`,
  ].join("\n");
  explainTheme();
  restart(attrs);
}

function explainTheme() {
  const text = themeText.value.trim();
  const note = document.getElementById("theme-note");
  if (!text) {
    note.textContent = "";
    return;
  }
  const p = palette(text);
  if (!p) {
    note.textContent = "Không đọc được màu: dùng dạng #rgb hoặc #rrggbb.";
    return;
  }
  picker.value = p.primary;
  note.textContent = p.adjusted
    ? `Chữ và đường viền dùng ${p.accent} (đậm hơn màu đã chọn) để đủ độ tương phản AA; nút dùng đúng ${p.primary}.`
    : `Màu ${p.primary} đủ độ tương phản AA cho chữ trên nền trắng.`;
}

/** The live widget: the page's own loader with these options (launchers float on the page). */
function restart(attrs) {
  for (const host of document.querySelectorAll("[data-motcua]")) host.remove();
  const script = document.createElement("script");
  script.src = "/embed.js";
  script.async = true;
  for (const [key, value] of attrs) {
    if (key !== "target") script.setAttribute(`data-${key}`, value);
  }
  preview.replaceChildren(script);
}

let timer;
form.addEventListener("input", (event) => {
  if (event.target === picker) themeText.value = picker.value;
  clearTimeout(timer);
  timer = setTimeout(render, 300);
});
form.addEventListener("submit", (event) => event.preventDefault());

for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    const said = document.getElementById("copied");
    navigator.clipboard.writeText(text).then(
      () => { said.textContent = "Đã chép vào bộ nhớ tạm."; },
      () => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(button.dataset.copy));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        said.textContent = "Không chép được tự động: đoạn mã đã được chọn, hãy nhấn Ctrl+C.";
      },
    );
  });
}

render();
