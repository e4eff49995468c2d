/* The header's buttons for a reader on the keyboard or with a screen reader.

   sphinx-book-theme takes the focus off the colour-mode, search and sidebar buttons
   the moment they are pressed (so that their tooltips go away).  A reader on the
   keyboard was then left nowhere: focus fell back to the start of the page, and a
   drawer or the search box closed with Esc did not hand it back to the button that
   opened it, as a dialog should.  Here:
   - a button pressed from the keyboard keeps the focus (a mouse click still drops it,
     and its tooltip with it);
   - when a drawer or the search dialog closes and focus has gone nowhere, it returns
     to the button that opened it (or the first such button still shown);
   - the colour-mode button's name says which mode is on: "Color mode (now dark)",
     where it said only "Color mode" whatever the mode;
   - Esc closes a tooltip, as it must any text shown on hover or focus, and a button
     given the focus back does not pop its tooltip up over the page;
   - the drawers and the search dialog have names ("Book contents", "On this page",
     "Search"), which a screen reader says when one opens.
   Added to every page by Jupyter Book, like every script in _static/;
   tests/test_site.py checks all three. */
(function () {
  "use strict";
  // each dialog: the buttons that open it, and its name
  var DIALOGS = {
    "pst-primary-sidebar-modal": [".primary-toggle", "Book contents"],
    "pst-secondary-sidebar-modal": [".secondary-toggle", "On this page"],
    "pst-search-dialog": [".search-button, .search-button-field", "Search"]
  };
  var BUTTONS = Object.keys(DIALOGS).map(function (id) { return DIALOGS[id][0]; })
    .concat(".theme-switch-button").join(", ");
  var MODES = { light: "light", dark: "dark", auto: "set by the system" };
  var opener = {};   // dialog id -> the button last pressed to open it

  function lost() {
    return !document.activeElement || document.activeElement === document.body;
  }

  function shown(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  function dialogOf(button) {
    for (var id in DIALOGS) if (button.matches(DIALOGS[id][0])) return id;
    return null;
  }

  function pressed(event) {
    var button = event.target.closest(BUTTONS);
    if (!button) return;
    var id = dialogOf(button);
    if (id) opener[id] = button;
    // detail is 0 for a click made with Enter or Space.  Once the theme's handlers
    // have run (its blur; perhaps a dialog opened, with the focus inside it):
    if (event.detail === 0) {
      setTimeout(function () { if (lost() && shown(button)) button.focus(); }, 0);
    }
  }

  // Tooltips are hidden by a class (book.css) rather than taken away, which would
  // leave Bootstrap believing them shown; the next key or pointer move lifts it.
  function hideTooltips() {
    document.documentElement.classList.add("nnlib-quiet-tooltips");
  }

  function allowTooltips() {
    document.documentElement.classList.remove("nnlib-quiet-tooltips");
  }

  function closed(event) {
    var dialog = event.target, id = dialog.id;
    setTimeout(function () {     // after the theme's own handlers for "close"
      // a tap on the dimmed page around a drawer leaves the focus on the closed drawer
      if (!lost() && !dialog.contains(document.activeElement)) return;
      var back = opener[id];
      if (!back || !shown(back)) {
        back = Array.prototype.filter.call(
          document.querySelectorAll(DIALOGS[id][0]), shown)[0];
      }
      if (back) {
        hideTooltips();                 // the focus given back would show one
        back.focus();
      }
    }, 0);
  }

  function nameTheMode() {
    var mode = document.documentElement.dataset.mode || "auto";
    document.querySelectorAll(".theme-switch-button").forEach(function (b) {
      b.setAttribute("aria-label", "Color mode (now " + (MODES[mode] || mode) + ")");
    });
  }

  function start() {
    // capture: the theme stops some clicks before they bubble up to the document
    document.addEventListener("click", pressed, true);
    Object.keys(DIALOGS).forEach(function (id) {
      var dialog = document.getElementById(id);
      if (!dialog) return;
      dialog.addEventListener("close", closed);
      if (!dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", DIALOGS[id][1]);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideTooltips();
      else allowTooltips();
    });
    document.addEventListener("pointermove", allowTooltips, { passive: true });
    document.addEventListener("pointerdown", allowTooltips, { passive: true });
    nameTheMode();
    new MutationObserver(nameTheMode).observe(
      document.documentElement, { attributes: true, attributeFilter: ["data-mode"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
