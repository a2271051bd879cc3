// mldrills: a box that scrolls (a wide formula, table or code block on a narrow screen) can
// be scrolled from the keyboard. While it overflows and holds nothing focusable of its own,
// it joins the tab order (arrow keys then scroll it); once it fits again, it leaves it.
(function () {
  "use strict";

  const BOXES = [
    ".math-display",
    ".prose table",
    "pre",
    ".table-scroll",
    ".table-wrap",
    ".matrix-wrap",
    ".design-diagram-view",
  ].join(", ");
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex], [contenteditable]";
  const SCROLLS = new Set(["auto", "scroll"]);

  function overflows(el) {
    const style = getComputedStyle(el);
    return (
      (SCROLLS.has(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
      (SCROLLS.has(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
    );
  }

  function update() {
    document.querySelectorAll(BOXES).forEach((el) => {
      const ours = el.hasAttribute("data-scroll-focus");
      if (!ours && (el.hasAttribute("tabindex") || el.querySelector(FOCUSABLE))) return;
      const needed = overflows(el);
      if (needed && !ours) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
      } else if (!needed && ours) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }

  let queued = false;
  function soon() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      update();
    });
  }

  window.MLDrillsScrollFocus = { update };
  document.addEventListener("DOMContentLoaded", () => {
    soon();
    // Formulas are typeset, answers revealed and fragments swapped in after load; fonts
    // arriving late change widths too.
    new MutationObserver(soon).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["hidden", "open"],
    });
    new ResizeObserver(soon).observe(document.body);
    if (document.fonts) document.fonts.ready.then(soon);
  });
  window.addEventListener("load", soon);
})();
