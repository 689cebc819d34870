// Prints, as JSON for esbuild's --define, the texts that the loader, the launcher and the iframe
// page show before the widget's wasm (which holds core's language tables) has loaded:
//   node scripts/embed-texts.mjs loading=ui.embed_loading failed=ui.embed_failed
// → {"vi":{"loading":"…","failed":"…"},"en":{…}}, read from core/src/messages/{vi,en}.tsv.
import { readFileSync } from "node:fs";

const out = {};
for (const lang of ["vi", "en"]) {
  const table = new Map(
    readFileSync(new URL(`../core/src/messages/${lang}.tsv`, import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.split("\t")),
  );
  out[lang] = {};
  for (const pair of process.argv.slice(2)) {
    const [name, key] = pair.split("=");
    if (!table.has(key)) throw new Error(`${key}: not in core/src/messages/${lang}.tsv`);
    out[lang][name] = table.get(key);
  }
}
process.stdout.write(JSON.stringify(out));
