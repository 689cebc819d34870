// The widget's colours from one primary colour (`data-theme`), kept at WCAG 2.2 AA contrast
// whatever colour is given. Loaded only when a page sets data-theme (and by the iframe page and
// the configurator); its pure functions are tested by tests/e2e/theme.test.mjs.
//
// What each custom property colours (README, "Embedding"):
//   --motcua-primary        filled buttons and the launcher: the colour given, exactly
//   --motcua-on-primary     text on them: white or black, whichever reads at ≥ 4.5:1
//   --motcua-primary-hover  filled buttons under the pointer (still ≥ 4.5:1 with their text)
//   --motcua-accent         headings, links, tabs, outlines, text-like buttons: the colour
//                           darkened until it reads at ≥ 4.5:1 on white and on the tint
//   --motcua-accent-hover   links and text-like buttons under the pointer
//   --motcua-tint           light backgrounds (selected tab, notices)

export const AA = 4.5;
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

/** `#rgb` or `#rrggbb` (the `#` may be left out) as [r, g, b], or null. */
export function parse(text) {
  const hex = String(text).trim().replace(/^#/, "").toLowerCase();
  if (!/^([0-9a-f]{3}|[0-9a-f]{6})$/.test(hex)) return null;
  const full = hex.length === 3 ? hex.replace(/./g, "$&$&") : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
}

export function hex(rgb) {
  return "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

/** WCAG relative luminance. */
export function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` moved towards `b` by `t` (0 to 1), rounded to whole channels. */
function mix(a, b, t) {
  return a.map((c, i) => Math.round(c + (b[i] - c) * t));
}

/** `colour` moved towards `towards` in small steps until `ok` holds (black or white always do). */
function until(colour, towards, ok) {
  for (let t = 0; t <= 1; t += 0.02) {
    const candidate = mix(colour, towards, t);
    if (ok(candidate)) return candidate;
  }
  return towards;
}

/**
 * The palette for a primary colour, or null when `text` is not a colour. `adjusted` says the
 * accent had to be darkened from the colour given.
 */
export function palette(text) {
  const primary = parse(text);
  if (!primary) return null;
  const onPrimary = contrast(primary, WHITE) >= contrast(primary, BLACK) ? WHITE : BLACK;
  // Hovering goes further from the text colour, so the pair keeps its contrast.
  const hover = mix(primary, onPrimary === WHITE ? BLACK : WHITE, 0.15);
  const readable = (c) => contrast(c, WHITE) >= AA && contrast(c, tintOf(c)) >= AA;
  const accent = until(primary, BLACK, readable);
  const accentHover = mix(accent, BLACK, 0.25);
  return {
    primary: hex(primary),
    onPrimary: hex(onPrimary),
    primaryHover: hex(hover),
    accent: hex(accent),
    accentHover: hex(accentHover),
    tint: hex(tintOf(accent)),
    adjusted: hex(accent) !== hex(primary),
  };
}

function tintOf(colour) {
  return mix(colour, WHITE, 0.92);
}

/**
 * The shadow root's rule setting the palette's custom properties (`!important`, so a host
 * page's rules cannot replace checked colours with unchecked ones), or "" with a console
 * warning when `text` is not a colour.
 */
export function rule(text) {
  const p = palette(text);
  if (!p) {
    console.warn(`motcua: data-theme="${text}" ignored; accepted: a colour as #rgb or #rrggbb`);
    return "";
  }
  const set = (name, value) => `--motcua-${name}:${value}!important;`;
  return (
    ":host{" +
    set("primary", p.primary) +
    set("on-primary", p.onPrimary) +
    set("primary-hover", p.primaryHover) +
    set("accent", p.accent) +
    set("accent-hover", p.accentHover) +
    set("tint", p.tint) +
    "}"
  );
}
