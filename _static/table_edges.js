/* A table wider than the column (on a phone, say) scrolls sideways inside its box, and
   nothing else says so.  This marks each such box with the sides it hides more of the
   table on ("nnlib-more-right", "nnlib-more-left"), and book.css (section 4) fades
   that edge of the box.  The marks follow the reader's scrolling and any change of
   size (a turned phone, MathJax typesetting a header).  Added to every page by
   Jupyter Book, like every script in _static/; without it the tables only scroll. */
(function () {
  "use strict";
  var BOX = ".pst-scrollable-table-container";

  function mark(box) {
    var hidden = box.scrollWidth - box.clientWidth;   // 0 when the table fits
    box.classList.toggle("nnlib-more-left", hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle("nnlib-more-right", hidden > 1 && box.scrollLeft < hidden - 1);
  }

  function watch() {
    var boxes = document.querySelectorAll(BOX);
    var resized = window.ResizeObserver
      ? new ResizeObserver(function (entries) {
          entries.forEach(function (e) { mark(e.target.closest(BOX)); });
        })
      : null;
    Array.prototype.forEach.call(boxes, function (box) {
      mark(box);
      box.addEventListener("scroll", function () { mark(box); }, { passive: true });
      if (resized) {
        resized.observe(box);
        if (box.firstElementChild) resized.observe(box.firstElementChild);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
