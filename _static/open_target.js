/* A link that lands on something folded away unfolds it.  The list of exercises links
   each exercise's worked solution (_ext/exercise_list.py gives the solution's cell an
   anchor, "...-solution"); that cell is a <details> drop-down, closed, and landing on
   its "Show the solution" line would leave the reader one more click from what the
   link promised.  So when the address names an element (on opening the page, or
   following a link within it) and that element is, or holds as its drop-down, or sits
   inside a closed <details>, the drop-down opens.  Added to every page by Jupyter Book,
   like every script in _static/; without it the link lands on the closed drop-down. */
(function () {
  "use strict";

  function target() {
    var id = window.location.hash.slice(1);
    if (!id) return null;
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    return document.getElementById(id);
  }

  function unfold() {
    var el = target();
    if (!el) return;
    var own = el.matches("details") ? el : el.querySelector(":scope > details");
    if (own) own.open = true;
    for (var up = el.parentElement; up; up = up.parentElement) {
      if (up.matches("details")) up.open = true;
    }
  }

  window.addEventListener("hashchange", unfold);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", unfold);
  } else {
    unfold();
  }
})();
