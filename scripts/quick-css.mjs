// Prints, as a JSON string for esbuild's --define, the rules of app/src/widget.css that the quick
// search (app/loader/quick.js) needs to look like the widget's first screen, picked by selector:
//   node scripts/quick-css.mjs ':host' '.card' 'h2' …
// One stylesheet stays the source of the look; a selector given that is not there is an error,
// so renaming a rule in widget.css fails the build instead of quietly unstyling the quick search.
import { readFileSync } from "node:fs";

const css = readFileSync(new URL("../app/src/widget.css", import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
const rules = new Map();
let depth = 0;
let start = 0;
for (let i = 0; i < css.length; i++) {
  if (css[i] === "{") depth++;
  else if (css[i] === "}" && --depth === 0) {
    const rule = css.slice(start, i + 1).trim();
    const brace = rule.indexOf("{");
    const selector = rule.slice(0, brace).replace(/\s+/g, " ").trim();
    const body = rule.slice(brace + 1, -1).replace(/\s*\n\s*/g, " ").trim();
    rules.set(selector, `${selector}{${body}}`);
    start = i + 1;
  }
}
const wanted = process.argv.slice(2);
const missing = wanted.filter((selector) => !rules.has(selector));
if (missing.length) throw new Error(`not in app/src/widget.css: ${missing.join(" | ")}`);
process.stdout.write(JSON.stringify(wanted.map((selector) => rules.get(selector)).join("")));
