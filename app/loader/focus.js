// What can take keyboard focus inside a root, in order: the launcher's dialog and the iframe
// page use it to send focus round (Tab from the last control to the first, and back).

/** The visible, enabled controls inside `root` (iframes included), in document order. */
export function focusables(root) {
  const all = root.querySelectorAll('button, input, select, textarea, summary, a[href], iframe, [tabindex]:not([tabindex="-1"])');
  // (A control in a closed <details> keeps its boxes in Chromium, which hides the content by
  // `content-visibility`, yet cannot take focus: checkVisibility() says so where it exists.)
  return Array.prototype.filter.call(all, (node) => !node.disabled && node.getClientRects().length > 0
    && (!node.checkVisibility || node.checkVisibility()));
}

/** Focuses the first text field (else the first control) or the last control; says whether any. */
export function focusEdge(root, edge) {
  const all = focusables(root);
  const target = edge === "last" ? all[all.length - 1] : all.find((node) => node.tagName === "INPUT") || all[0];
  if (target) target.focus();
  return Boolean(target);
}
