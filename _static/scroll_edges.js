/* On a narrow screen (a phone, say) a wide table, a long line of code or a wide display
   equation scrolls sideways inside its own box, and nothing else says so: the box just
   ends mid-number or mid-symbol.  This marks each such box with the sides it hides
   more on ("nnlib-more-right", "nnlib-more-left"), and book.css (section 4) fades that
   edge.  The marks follow the reader's scrolling and any change of size (a turned
   phone, MathJax typesetting a table's header).  Equations exist only once MathJax has
   typeset them, so their boxes are found again then; an equation that scrolls is given
   a place in the tab order, as the theme gives code and tables.  The sidebar's list of
   pages is taller than a laptop's window (1366 x 900): its lower edge fades in the same
   way while more pages lie below ("nnlib-more-below"; only the sidebar beside the page
   carries the mark's fade, not the drawer a phone opens).  Added to every page
   by Jupyter Book, like every script in _static/; without it the boxes only scroll. */
(function () {
  "use strict";
  var BOXES = ".pst-scrollable-table-container, .bd-content pre, mjx-container[display], " +
              "#pst-primary-sidebar";
  var seen = new WeakSet();
  var resized = new ResizeObserver(function (entries) {
    entries.forEach(function (e) { mark(e.target.closest(BOXES)); });   // a box or its child
  });

  function mark(box) {
    var hidden = box.scrollWidth - box.clientWidth;   // 0 when it all fits
    box.classList.toggle("nnlib-more-left", hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle("nnlib-more-right", hidden > 1 && box.scrollLeft < hidden - 1);
    var below = box.scrollHeight - box.clientHeight - box.scrollTop;
    box.classList.toggle("nnlib-more-below", below > 1);
    // the theme lets the keyboard reach a code block or table that scrolls, not an
    // equation: one that scrolls gets a stop in the tab order too (arrows scroll it)
    if (box.matches("mjx-container")) {
      if (hidden > 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    }
  }

  function watch() {
    Array.prototype.forEach.call(document.querySelectorAll(BOXES), function (box) {
      mark(box);
      if (seen.has(box)) return;   // already followed
      seen.add(box);
      box.addEventListener("scroll", function () { mark(box); }, { passive: true });
      resized.observe(box);
      if (box.firstElementChild) resized.observe(box.firstElementChild);
    });
  }

  function afterMathJax() {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) mj.startup.promise.then(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
  window.addEventListener("load", function () { watch(); afterMathJax(); });
})();
