// data-theme's palette (app/loader/theme.js), a pure function: whatever colour a portal gives,
// every pair the widget draws reads at WCAG AA (4.5:1), checked over all 4,096 #rgb colours.
import { test } from "node:test";
import assert from "node:assert/strict";
import { palette, parse, contrast, luminance, rule, AA } from "../../app/loader/theme.js";

const WHITE = [255, 255, 255];

test("colours parse as #rgb or #rrggbb, with or without #, in any case; nothing else", () => {
  assert.deepEqual(parse("#0b3d91"), [11, 61, 145]);
  assert.deepEqual(parse("0B3D91"), [11, 61, 145]);
  assert.deepEqual(parse(" #fc0 "), [255, 204, 0]);
  for (const bad of ["", "red", "#12", "#1234", "#gggggg", "rgb(1,2,3)", "#0b3d91;}*{color:red", "url(x)"]) {
    assert.equal(parse(bad), null, bad);
    assert.equal(palette(bad), null, bad);
  }
});

test("contrast follows WCAG's definition", () => {
  assert.equal(contrast(WHITE, [0, 0, 0]), 21);
  assert.equal(contrast([0, 0, 0], WHITE), 21);
  assert.equal(contrast([10, 20, 30], [10, 20, 30]), 1);
  assert.equal(luminance(WHITE), 1);
  // The default navy, and the mid grey that just passes on white.
  assert.ok(contrast([11, 61, 145], WHITE) > 10);
  assert.ok(Math.abs(contrast([0x76, 0x76, 0x76], WHITE) - 4.54) < 0.01);
});

test("every palette reads at AA: text on the filled colour, accent on white and on the tint", () => {
  let adjusted = 0;
  for (let n = 0; n < 4096; n++) {
    const given = "#" + n.toString(16).padStart(3, "0");
    const p = palette(given);
    const rgb = (hex) => parse(hex);
    const checks = {
      "text on primary": contrast(rgb(p.onPrimary), rgb(p.primary)),
      "text on primary (hover)": contrast(rgb(p.onPrimary), rgb(p.primaryHover)),
      "accent on white": contrast(rgb(p.accent), WHITE),
      "accent on tint": contrast(rgb(p.accent), rgb(p.tint)),
      "accent hover on white": contrast(rgb(p.accentHover), WHITE),
    };
    for (const [pair, ratio] of Object.entries(checks)) {
      assert.ok(ratio >= AA, `${given}: ${pair} ${ratio.toFixed(2)} < ${AA}`);
    }
    // The filled colour is the portal's own, exactly.
    assert.equal(p.primary, "#" + given.slice(1).replace(/./g, "$&$&"));
    if (p.adjusted) adjusted++;
  }
  // Light colours needed a darker accent; dark ones kept theirs.
  assert.ok(adjusted > 1000 && adjusted < 4096, `${adjusted} adjusted`);
});

test("a colour that reads is kept; a light one is darkened for text, kept for buttons", () => {
  const navy = palette("#0b3d91");
  assert.equal(navy.accent, "#0b3d91");
  assert.equal(navy.onPrimary, "#ffffff");
  assert.equal(navy.adjusted, false);
  const yellow = palette("#ffd200");
  assert.equal(yellow.primary, "#ffd200");
  assert.equal(yellow.onPrimary, "#000000");
  assert.equal(yellow.adjusted, true);
  assert.ok(contrast(parse(yellow.accent), WHITE) >= AA);
  // Hue kept: the darkened accent is still a yellow (red ≥ green > blue).
  const [r, g, b] = parse(yellow.accent);
  assert.ok(r >= g && g > b, yellow.accent);
});

test("the shadow root's rule sets every property with !important, or nothing (with a warning)", () => {
  const css = rule("#c00");
  for (const name of ["primary", "on-primary", "primary-hover", "accent", "accent-hover", "tint"]) {
    assert.match(css, new RegExp(`--motcua-${name}:#[0-9a-f]{6}!important;`));
  }
  assert.match(css, /^:host\{.*\}$/);
  const warnings = [];
  const warn = console.warn;
  console.warn = (text) => warnings.push(text);
  try {
    assert.equal(rule("tomato"), "");
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, ['motcua: data-theme="tomato" ignored; accepted: a colour as #rgb or #rrggbb']);
});
