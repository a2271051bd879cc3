// mldrills: typeset the formulas the Markdown renderer marked (.math, .math-display) with KaTeX.
// Each element holds its TeX as text, so nothing in the page is scanned for $ delimiters.
(function () {
  "use strict";

  function typeset(root) {
    if (!window.katex) return;
    (root || document).querySelectorAll(".math:not([data-typeset])").forEach((el) => {
      const tex = el.textContent;
      el.setAttribute("data-typeset", "");
      el.setAttribute("data-tex", tex);
      // throwOnError false: a bad formula shows KaTeX's red error text, not a blank page
      window.katex.render(tex, el, {
        displayMode: el.classList.contains("math-display"),
        throwOnError: false,
      });
    });
  }

  window.MLDrillsMath = { typeset };
  document.addEventListener("DOMContentLoaded", () => typeset(document));
  // htmx swaps in fragments (e.g. a card's answer); typeset what arrived
  document.addEventListener("htmx:afterSwap", (event) => typeset(event.target));
})();
